import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { orderEvents, orders, payments } from '#db/schema/orders'
import { emailOutbox } from '#db/schema/outbox'
import { cancelOrderAsVendor } from '#app/modules/orders/cancel-order-as-vendor.server'
import { createCardCheckout } from '#app/modules/payments/create-card-checkout.server'
import { handleStripeWebhook } from '#app/modules/payments/handle-stripe-webhook.server'
import { refundOrderPayment } from '#app/modules/payments/refund-order-payment.server'
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

async function staff(role: 'admin' | 'channel_manager' = 'channel_manager') {
  const user = await createVendorStaff(database.db, { role })
  return { id: user.id, email: user.email }
}

function deliver(signed: { payload: string; signature: string }) {
  return handleStripeWebhook(database.db, {
    payload: signed.payload,
    signature: signed.signature,
    origin,
    gateway: stripe.gateway,
  })
}

/** A card order paid through the (fake) Stripe Checkout and confirmed by its webhook. */
async function paidCardOrder() {
  const created = await createOrder(database.db, {
    status: 'pending_payment',
    paymentExpiresAt: new Date(Date.now() + 50 * MIN),
    lines: [{ quantity: 2, onHand: 5 }],
  })
  const checkout = await createCardCheckout(database.db, {
    orderId: created.order.id,
    actor: { id: created.buyer.id, email: created.buyer.email, partnerId: created.partner.id },
    origin,
    gateway: stripe.gateway,
  })
  const session = stripe.completeSession(checkout.checkoutSessionId)
  await deliver(stripe.signedEvent('checkout.session.completed', session))
  const [payment] = await database.db
    .select()
    .from(payments)
    .where(eq(payments.orderId, created.order.id))
  return { ...created, session, payment: payment! }
}

function refundRequests(paymentIntentId: string) {
  return stripe.requests.filter(
    (r) => r.path === '/v1/refunds' && r.body.payment_intent === paymentIntentId,
  )
}

async function orderRow(id: string) {
  const [row] = await database.db.select().from(orders).where(eq(orders.id, id))
  return row!
}

async function eventsOf(orderId: string, type: string) {
  return database.db
    .select()
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.type, type)))
}

describe('cancelling a paid card order', () => {
  test('refunds it through Stripe with an idempotency key; charge.refunded then confirms it', async () => {
    const actor = await staff()
    const { order, buyer, payment, session, products, warehouseId } = await paidCardOrder()
    expect(await orderRow(order.id)).toMatchObject({ status: 'submitted', paymentStatus: 'paid' })

    const result = await cancelOrderAsVendor(database.db, {
      actor,
      orderId: order.id,
      origin,
      reason: 'Out of production',
      gateway: stripe.gateway,
    })
    expect(result.refunds).toEqual([
      { outcome: 'requested', refundId: expect.stringMatching(/^re_/) },
    ])
    const [request] = refundRequests(session.payment_intent!)
    expect(request!.idempotencyKey).toBe(`payment-${payment.id}-refund-1`)
    expect(request!.body).toMatchObject({
      payment_intent: session.payment_intent,
      metadata: { orderId: order.id, paymentId: payment.id },
    })
    // Recorded, but not refunded until Stripe's signed word.
    const [requested] = await eventsOf(order.id, 'refund_requested')
    expect(requested!.details).toMatchObject({ paymentId: payment.id, refundStatus: 'succeeded' })
    expect(await orderRow(order.id)).toMatchObject({ status: 'cancelled', paymentStatus: 'paid' })
    expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual({
      onHand: 5,
      reserved: 0,
    })
    const [mail] = await database.db
      .select()
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.toEmail, buyer.email),
          eq(emailOutbox.template, 'order-cancelled-by-vendor'),
        ),
      )
    expect(mail!.bodyText).toContain('refunded in full')

    // Pressing "Refund" again later does not ask Stripe a second time.
    await expect(
      refundOrderPayment(database.db, {
        actor,
        orderId: order.id,
        paymentId: payment.id,
        origin,
        gateway: stripe.gateway,
      }),
    ).resolves.toMatchObject({ outcome: 'already_requested' })
    expect(refundRequests(session.payment_intent!)).toHaveLength(1)

    await deliver(
      stripe.signedEvent('charge.refunded', {
        id: 'ch_test_refund_1',
        object: 'charge',
        payment_intent: session.payment_intent,
        amount: order.totalMinor,
        amount_refunded: order.totalMinor,
        currency: 'cny',
        refunded: true,
      }),
    )
    expect(await orderRow(order.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'refunded',
    })
    const [row] = await database.db.select().from(payments).where(eq(payments.id, payment.id))
    expect(row!.status).toBe('refunded')
  })

  test('Stripe refuses: the cancellation stands, the failure is recorded and the order desk told; a retry refunds', async () => {
    const actor = await staff()
    const admin = await staff('admin')
    const { order, payment, session } = await paidCardOrder()
    stripe.failNext('/v1/refunds', 500, 'Stripe is having a bad day')
    const result = await cancelOrderAsVendor(database.db, {
      actor,
      orderId: order.id,
      origin,
      reason: 'Customer cancelled',
      gateway: stripe.gateway,
    })
    expect(result.refunds[0]!.outcome).toBe('failed')
    expect((await orderRow(order.id)).status).toBe('cancelled')
    expect(await eventsOf(order.id, 'refund_failed')).toHaveLength(1)
    const desk = await database.db
      .select()
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.toEmail, admin.email),
          eq(emailOutbox.template, 'order-needs-attention'),
        ),
      )
    expect(desk.some((m) => m.bodyText.includes(order.number))).toBe(true)

    const retry = await refundOrderPayment(database.db, {
      actor,
      orderId: order.id,
      paymentId: payment.id,
      origin,
      gateway: stripe.gateway,
    })
    expect(retry.outcome).toBe('requested')
    expect(refundRequests(session.payment_intent!).map((r) => r.idempotencyKey)).toEqual([
      `payment-${payment.id}-refund-1`,
      `payment-${payment.id}-refund-2`,
    ])
  })

  test('a cancelled order still in checkout: its open session is closed at Stripe', async () => {
    const actor = await staff()
    const created = await createOrder(database.db, {
      status: 'pending_payment',
      paymentExpiresAt: new Date(Date.now() + 50 * MIN),
    })
    const checkout = await createCardCheckout(database.db, {
      orderId: created.order.id,
      actor: { id: created.buyer.id, email: created.buyer.email, partnerId: created.partner.id },
      origin,
      gateway: stripe.gateway,
    })
    const result = await cancelOrderAsVendor(database.db, {
      actor,
      orderId: created.order.id,
      origin,
      reason: 'Duplicate of another order',
      gateway: stripe.gateway,
    })
    expect(result.refunds).toEqual([])
    expect(stripe.sessions.get(checkout.checkoutSessionId)!.status).toBe('expired')
  })
})

describe('refunding from the order page', () => {
  test('the only payment of a live order cannot be refunded from here', async () => {
    const actor = await staff()
    const { order, payment } = await paidCardOrder()
    await expect(
      refundOrderPayment(database.db, {
        actor,
        orderId: order.id,
        paymentId: payment.id,
        origin,
        gateway: stripe.gateway,
      }),
    ).rejects.toMatchObject({ userMessage: 'fulfilment:errors.notRefundable' })
    await expect(
      refundOrderPayment(database.db, {
        actor,
        orderId: order.id,
        paymentId: 'junk',
        origin,
        gateway: stripe.gateway,
      }),
    ).rejects.toMatchObject({ userMessage: 'fulfilment:errors.notRefundable' })
  })

  test('a payment that arrived after the order expired can be refunded', async () => {
    const actor = await staff()
    const created = await createOrder(database.db, {
      status: 'pending_payment',
      paymentExpiresAt: new Date(Date.now() + 40 * MIN),
    })
    const checkout = await createCardCheckout(database.db, {
      orderId: created.order.id,
      actor: { id: created.buyer.id, email: created.buyer.email, partnerId: created.partner.id },
      origin,
      gateway: stripe.gateway,
    })
    await database.db
      .update(orders)
      .set({ status: 'expired', expiredAt: new Date() })
      .where(eq(orders.id, created.order.id))
    const session = stripe.completeSession(checkout.checkoutSessionId)
    await deliver(stripe.signedEvent('checkout.session.completed', session))
    const [payment] = await database.db
      .select()
      .from(payments)
      .where(eq(payments.orderId, created.order.id))
    const result = await refundOrderPayment(database.db, {
      actor,
      orderId: created.order.id,
      paymentId: payment!.id,
      origin,
      gateway: stripe.gateway,
    })
    expect(result.outcome).toBe('requested')
  })

  test('without Stripe configured: recorded as a failure for the order desk', async () => {
    const actor = await staff()
    const { order, payment } = await paidCardOrder()
    await database.db
      .update(orders)
      .set({ status: 'cancelled', cancelledAt: new Date() })
      .where(eq(orders.id, order.id))
    const result = await refundOrderPayment(database.db, {
      actor,
      orderId: order.id,
      paymentId: payment.id,
      origin,
      gateway: null,
    })
    expect(result).toEqual({ outcome: 'unavailable' })
    expect(await eventsOf(order.id, 'refund_failed')).toHaveLength(1)
  })
})
