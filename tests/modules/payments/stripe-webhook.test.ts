import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { orderEvents, orders, payments, stripeEvents } from '#db/schema/orders'
import { emailOutbox } from '#db/schema/outbox'
import { checkOrderConsistency } from '#app/modules/orders/check-order-consistency.server'
import { sweepOrderExpiry } from '#app/modules/orders/sweep-order-expiry.server'
import { createCardCheckout } from '#app/modules/payments/create-card-checkout.server'
import { handleStripeWebhook } from '#app/modules/payments/handle-stripe-webhook.server'
import { createVendorStaff } from '#tests/factories/index'
import { createOrder, stockOf } from '#tests/factories/orders'
import { useTestDatabase } from '#tests/setup/database'
import { startFakeStripe, type FakeStripe } from '../../fakes/stripe'

const database = useTestDatabase()
const origin = 'https://portal.example.test'
const MIN = 60_000
let stripe: FakeStripe

beforeAll(async () => {
  stripe = await startFakeStripe()
})
afterAll(async () => {
  await stripe.close()
})

function deliver(signed: { payload: string; signature: string }, now?: Date) {
  return handleStripeWebhook(database.db, {
    payload: Buffer.from(signed.payload),
    signature: signed.signature,
    origin,
    now,
    gateway: stripe.gateway,
  })
}

async function orderRow(id: string) {
  const [row] = await database.db.select().from(orders).where(eq(orders.id, id))
  return row!
}

async function paymentsOf(orderId: string) {
  return database.db.select().from(payments).where(eq(payments.orderId, orderId))
}

async function eventTypes(orderId: string) {
  const rows = await database.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId))
  return rows.map((r) => r.type)
}

/** A pending card order whose buyer started paying: the session exists at (fake) Stripe. */
async function orderInCheckout(options: Parameters<typeof createOrder>[1] = {}) {
  const created = await createOrder(database.db, {
    status: 'pending_payment',
    paymentExpiresAt: new Date(Date.now() + 50 * MIN),
    lines: [{ quantity: 2, onHand: 2 }],
    ...options,
  })
  const checkout = await createCardCheckout(database.db, {
    orderId: created.order.id,
    actor: { id: created.buyer.id, email: created.buyer.email, partnerId: created.partner.id },
    origin,
    gateway: stripe.gateway,
  })
  return { ...created, sessionId: checkout.checkoutSessionId }
}

describe('checkout.session.completed', () => {
  test('paid: the order is paid and submitted, once — a webhook replayed 5 times is processed once', async () => {
    const { order, buyer, sessionId, products, warehouseId } = await orderInCheckout()
    const session = stripe.completeSession(sessionId)
    const signed = stripe.signedEvent('checkout.session.completed', session)

    const outcomes = []
    for (let i = 0; i < 5; i++) outcomes.push((await deliver(signed)).outcome)
    expect(outcomes).toEqual(['processed', 'duplicate', 'duplicate', 'duplicate', 'duplicate'])

    const row = await orderRow(order.id)
    expect(row).toMatchObject({ status: 'submitted', paymentStatus: 'paid' })
    expect(row.paidAt).not.toBeNull()
    expect(row.submittedAt).not.toBeNull()
    const [payment] = await paymentsOf(order.id)
    expect(payment).toMatchObject({
      status: 'succeeded',
      paymentIntentId: session.payment_intent,
      amountMinor: order.totalMinor,
    })
    expect((await eventTypes(order.id)).filter((t) => t === 'paid')).toHaveLength(1)
    expect(
      await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, order.id), eq(auditLog.action, 'order.paid'))),
    ).toHaveLength(1)
    const mails = await database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toEmail, buyer.email), eq(emailOutbox.template, 'order-paid')))
    expect(mails).toHaveLength(1)
    const stored = await database.db
      .select()
      .from(stripeEvents)
      .where(eq(stripeEvents.eventId, signed.eventId))
    expect(stored).toHaveLength(1)
    expect(stored[0]!.processedAt).not.toBeNull()
    // Still reserved: a paid order keeps its stock for shipping.
    expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual({
      onHand: 2,
      reserved: 2,
    })
  })

  test('five deliveries at the same moment: processed once', async () => {
    const { order, sessionId } = await orderInCheckout()
    const signed = stripe.signedEvent(
      'checkout.session.completed',
      stripe.completeSession(sessionId),
    )
    const results = await Promise.all([0, 1, 2, 3, 4].map(() => deliver(signed)))
    expect(results.filter((r) => r.outcome === 'processed')).toHaveLength(1)
    expect((await eventTypes(order.id)).filter((t) => t === 'paid')).toHaveLength(1)
  })

  test('a session our records lost (crash after Stripe answered) is recorded from the event', async () => {
    const { order, sessionId } = await orderInCheckout()
    await database.db.delete(payments).where(eq(payments.orderId, order.id))
    await deliver(
      stripe.signedEvent('checkout.session.completed', stripe.completeSession(sessionId)),
    )
    expect((await orderRow(order.id)).paymentStatus).toBe('paid')
    const [payment] = await paymentsOf(order.id)
    expect(payment).toMatchObject({ checkoutSessionId: sessionId, status: 'succeeded' })
  })

  test('paid too late (the order had expired): the money is recorded, the order flagged for the order desk', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const { order, sessionId, products, warehouseId } = await orderInCheckout({
      paymentExpiresAt: new Date(Date.now() + 35 * MIN),
    })
    // The sweeper ran first.
    await sweepOrderExpiry(database.db, { origin, now: new Date(Date.now() + 40 * MIN) })
    expect((await orderRow(order.id)).status).toBe('expired')
    expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual({
      onHand: 2,
      reserved: 0,
    })

    await deliver(
      stripe.signedEvent('checkout.session.completed', stripe.completeSession(sessionId)),
    )
    const row = await orderRow(order.id)
    expect(row).toMatchObject({ status: 'expired', paymentStatus: 'paid' })
    const [payment] = await paymentsOf(order.id)
    expect(payment!.status).toBe('succeeded')
    const [attention] = await database.db
      .select()
      .from(orderEvents)
      .where(
        and(eq(orderEvents.orderId, order.id), eq(orderEvents.type, 'payment_needs_attention')),
      )
    expect(attention!.details).toMatchObject({ reason: 'paid_after_close', orderStatus: 'expired' })
    const deskMail = await database.db
      .select()
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.toEmail, admin.email),
          eq(emailOutbox.template, 'order-needs-attention'),
        ),
      )
    expect(deskMail).toHaveLength(1)
    expect(deskMail[0]!.bodyText).toContain(`${origin}/admin/orders/${order.id}`)
    // Stock is not taken back silently: the books still agree.
    expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual({
      onHand: 2,
      reserved: 0,
    })
    expect(
      (await checkOrderConsistency(database.db)).filter(
        (v) => 'orderId' in v && v.orderId === order.id,
      ),
    ).toEqual([])
  })

  test('an amount that does not match the order: recorded, not submitted, flagged', async () => {
    const { order, sessionId } = await orderInCheckout()
    const session = { ...stripe.completeSession(sessionId), amount_total: 1 }
    await deliver(stripe.signedEvent('checkout.session.completed', session))
    const row = await orderRow(order.id)
    expect(row).toMatchObject({ status: 'pending_payment', paymentStatus: 'paid' })
    expect(await eventTypes(order.id)).toContain('payment_needs_attention')
  })
})

describe('failed and expired attempts', () => {
  test('payment_intent.payment_failed: the attempt failed, the buyer is told, the order keeps waiting', async () => {
    const { order, buyer, sessionId } = await orderInCheckout()
    await deliver(
      stripe.signedEvent('payment_intent.payment_failed', {
        id: 'pi_test_failed_1',
        object: 'payment_intent',
        metadata: { orderId: order.id },
        last_payment_error: { message: 'Your card was declined.', code: 'card_declined' },
      }),
    )
    const [payment] = await paymentsOf(order.id)
    expect(payment).toMatchObject({
      checkoutSessionId: sessionId,
      status: 'failed',
      failureReason: 'Your card was declined.',
      paymentIntentId: 'pi_test_failed_1',
    })
    expect((await orderRow(order.id)).status).toBe('pending_payment')
    const [mail] = await database.db
      .select()
      .from(emailOutbox)
      .where(
        and(eq(emailOutbox.toEmail, buyer.email), eq(emailOutbox.template, 'order-payment-failed')),
      )
    expect(mail!.bodyText).toContain('Your card was declined.')

    // The buyer tries another card in the same session and succeeds.
    await deliver(
      stripe.signedEvent('checkout.session.completed', stripe.completeSession(sessionId)),
    )
    expect(await orderRow(order.id)).toMatchObject({ status: 'submitted', paymentStatus: 'paid' })
  })

  test('checkout.session.expired before the order’s deadline: the attempt expires, the order waits', async () => {
    const { order, sessionId, products, warehouseId } = await orderInCheckout()
    const session = { ...stripe.sessions.get(sessionId)!, status: 'expired' }
    await deliver(stripe.signedEvent('checkout.session.expired', session))
    expect((await paymentsOf(order.id))[0]!.status).toBe('expired')
    expect((await orderRow(order.id)).status).toBe('pending_payment')
    expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual({
      onHand: 2,
      reserved: 2,
    })
  })

  test('checkout.session.expired at the order’s deadline: the order expires now, stock released', async () => {
    const { order, sessionId, products, warehouseId } = await orderInCheckout()
    const session = { ...stripe.sessions.get(sessionId)!, status: 'expired' }
    const later = new Date(Date.now() + 51 * MIN)
    const signed = stripe.signedEvent('checkout.session.expired', session, {
      timestamp: Math.floor(later.getTime() / 1000),
    })
    await deliver(signed, later)
    expect((await orderRow(order.id)).status).toBe('expired')
    expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual({
      onHand: 2,
      reserved: 0,
    })
  })
})

describe('refusals', () => {
  test('a bad signature, a stale timestamp or no signature: refused, nothing stored, nothing changes', async () => {
    const { order, sessionId } = await orderInCheckout()
    const session = stripe.completeSession(sessionId)
    const forged = stripe.signedEvent('checkout.session.completed', session, {
      secret: 'whsec_somebodyElsesSecret',
    })
    const stale = stripe.signedEvent('checkout.session.completed', session, {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    })
    const tampered = stripe.signedEvent('checkout.session.completed', session)
    tampered.payload = tampered.payload.replace(order.id, '00000000-0000-4000-8000-000000000000')

    for (const signed of [forged, stale, tampered]) {
      await expect(deliver(signed)).rejects.toMatchObject({ code: 'bad_request' })
    }
    await expect(
      handleStripeWebhook(database.db, {
        payload: forged.payload,
        signature: null,
        origin,
        gateway: stripe.gateway,
      }),
    ).rejects.toMatchObject({ code: 'bad_request' })
    for (const signed of [forged, stale, tampered]) {
      expect(
        await database.db
          .select()
          .from(stripeEvents)
          .where(eq(stripeEvents.eventId, signed.eventId)),
      ).toEqual([])
    }
    expect(await orderRow(order.id)).toMatchObject({
      status: 'pending_payment',
      paymentStatus: 'unpaid',
    })
  })

  test('events of other kinds, or for orders we do not know, are acknowledged and ignored', async () => {
    const other = await deliver(
      stripe.signedEvent('customer.created', { id: 'cus_1', object: 'customer' }),
    )
    expect(other.outcome).toBe('ignored')
    const unknown = await deliver(
      stripe.signedEvent('checkout.session.completed', {
        id: 'cs_test_unknown',
        object: 'checkout.session',
        payment_status: 'paid',
        metadata: { orderId: '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f' },
      }),
    )
    expect(unknown.outcome).toBe('ignored')
  })
})

describe('charge.refunded', () => {
  test('a full refund: the payment and the order are refunded, once', async () => {
    const { order, buyer, sessionId } = await orderInCheckout()
    const session = stripe.completeSession(sessionId)
    await deliver(stripe.signedEvent('checkout.session.completed', session))
    const refunded = stripe.signedEvent('charge.refunded', {
      id: 'ch_test_1',
      object: 'charge',
      payment_intent: session.payment_intent,
      amount: order.totalMinor,
      amount_refunded: order.totalMinor,
      currency: 'cny',
      refunded: true,
    })
    await deliver(refunded)
    await deliver(refunded)
    expect((await orderRow(order.id)).paymentStatus).toBe('refunded')
    expect((await paymentsOf(order.id))[0]!.status).toBe('refunded')
    expect((await eventTypes(order.id)).filter((t) => t === 'refunded')).toHaveLength(1)
    const mails = await database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toEmail, buyer.email), eq(emailOutbox.template, 'order-refunded')))
    expect(mails).toHaveLength(1)
  })

  test('a partial refund is noted; the payment stands', async () => {
    const { order, sessionId } = await orderInCheckout()
    const session = stripe.completeSession(sessionId)
    await deliver(stripe.signedEvent('checkout.session.completed', session))
    await deliver(
      stripe.signedEvent('charge.refunded', {
        id: 'ch_test_2',
        object: 'charge',
        payment_intent: session.payment_intent,
        amount: order.totalMinor,
        amount_refunded: 100,
        currency: 'cny',
        refunded: false,
      }),
    )
    expect((await orderRow(order.id)).paymentStatus).toBe('paid')
    expect(await eventTypes(order.id)).toContain('partially_refunded')
  })
})
