import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { orderEvents, orders, payments } from '#db/schema/orders'
import { createCardCheckout } from '#app/modules/payments/create-card-checkout.server'
import { createUser } from '#tests/factories/index'
import { createOrder } from '#tests/factories/orders'
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

const actorOf = (buyer: { id: string; email: string; partnerId: string | null }) => ({
  id: buyer.id,
  email: buyer.email,
  partnerId: buyer.partnerId!,
})

function sessionRequests(orderId: string) {
  return stripe.requests.filter(
    (r) =>
      r.method === 'POST' &&
      r.path === '/v1/checkout/sessions' &&
      (r.body.metadata as Record<string, string> | undefined)?.orderId === orderId,
  )
}

describe('createCardCheckout', () => {
  test('a Checkout Session in the order’s currency and minor units, with the order in metadata, expiring with the order', async () => {
    const now = new Date()
    const paymentExpiresAt = new Date(now.getTime() + 50 * MIN)
    const { order, buyer, lines } = await createOrder(database.db, {
      status: 'pending_payment',
      paymentExpiresAt,
      shippingMinor: 2_500,
      lines: [
        { quantity: 3, netUnitMinor: 12_345 },
        { quantity: 1, netUnitMinor: 99_900 },
      ],
    })
    const result = await createCardCheckout(database.db, {
      orderId: order.id,
      actor: actorOf(buyer),
      origin,
      now,
      gateway: stripe.gateway,
    })
    expect(result.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/)

    const [request] = sessionRequests(order.id)
    expect(request!.authorization).toBe(`Bearer ${stripe.secretKey}`)
    expect(request!.idempotencyKey).toBe(`order-${order.id}-checkout-1`)
    expect(request!.body).toMatchObject({
      mode: 'payment',
      client_reference_id: order.id,
      metadata: { orderId: order.id, orderNumber: order.number, attempt: '1' },
      payment_intent_data: { metadata: { orderId: order.id } },
      customer_email: buyer.email,
      expires_at: String(Math.floor(paymentExpiresAt.getTime() / 1000)),
      success_url: `${origin}/portal/orders/${order.id}?payment=success`,
      cancel_url: `${origin}/portal/orders/${order.id}?payment=cancelled`,
    })
    const items = request!.body.line_items as {
      quantity: string
      price_data: { currency: string; unit_amount: string; product_data: { name: string } }
    }[]
    expect(items.map((i) => [i.quantity, i.price_data.currency, i.price_data.unit_amount])).toEqual(
      [
        ['3', 'cny', '12345'],
        ['1', 'cny', '99900'],
        ['1', 'cny', '2500'],
      ],
    )
    expect(items[0]!.price_data.product_data.name).toContain(lines[0]!.sku)
    const total = items.reduce(
      (sum, i) => sum + Number(i.quantity) * Number(i.price_data.unit_amount),
      0,
    )
    expect(total).toBe(order.totalMinor)

    const [payment] = await database.db
      .select()
      .from(payments)
      .where(eq(payments.orderId, order.id))
    expect(payment).toMatchObject({
      checkoutSessionId: result.checkoutSessionId,
      amountMinor: order.totalMinor,
      currency: 'CNY',
      status: 'open',
    })
    expect(payment!.expiresAt?.getTime()).toBe(Math.floor(paymentExpiresAt.getTime() / 1000) * 1000)
    const events = await database.db
      .select()
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.type, 'checkout_started')))
    expect(events).toHaveLength(1)
  })

  test('a double click gets the same session: one Stripe session, one payment row', async () => {
    const { order, buyer } = await createOrder(database.db, {
      status: 'pending_payment',
      paymentExpiresAt: new Date(Date.now() + 55 * MIN),
    })
    const options = { orderId: order.id, actor: actorOf(buyer), origin, gateway: stripe.gateway }
    const [a, b] = await Promise.all([
      createCardCheckout(database.db, options),
      createCardCheckout(database.db, options),
    ])
    const c = await createCardCheckout(database.db, options)
    expect(new Set([a.checkoutSessionId, b.checkoutSessionId, c.checkoutSessionId]).size).toBe(1)
    expect(
      await database.db.select().from(payments).where(eq(payments.orderId, order.id)),
    ).toHaveLength(1)
    // Concurrent clicks may both reach Stripe, with the same key: Stripe answers the first session.
    expect(new Set(sessionRequests(order.id).map((r) => r.idempotencyKey))).toEqual(
      new Set([`order-${order.id}-checkout-1`]),
    )
  })

  test('after a session expired, the next attempt gets a new key and a new session', async () => {
    const { order, buyer } = await createOrder(database.db, {
      status: 'pending_payment',
      paymentExpiresAt: new Date(Date.now() + 55 * MIN),
    })
    const options = { orderId: order.id, actor: actorOf(buyer), origin, gateway: stripe.gateway }
    const first = await createCardCheckout(database.db, options)
    stripe.sessions.get(first.checkoutSessionId)!.status = 'expired'
    const second = await createCardCheckout(database.db, options)
    expect(second.checkoutSessionId).not.toBe(first.checkoutSessionId)
    expect(sessionRequests(order.id).map((r) => r.idempotencyKey)).toEqual([
      `order-${order.id}-checkout-1`,
      `order-${order.id}-checkout-2`,
    ])
    const rows = await database.db.select().from(payments).where(eq(payments.orderId, order.id))
    expect(rows.map((r) => r.status).sort()).toEqual(['expired', 'open'])
  })

  test('less than Stripe’s half hour left: the order waits as long as the session (31 minutes)', async () => {
    const now = new Date()
    const { order, buyer } = await createOrder(database.db, {
      status: 'pending_payment',
      paymentExpiresAt: new Date(now.getTime() + 12 * MIN),
    })
    const result = await createCardCheckout(database.db, {
      orderId: order.id,
      actor: actorOf(buyer),
      origin,
      now,
      gateway: stripe.gateway,
    })
    const expected = Math.floor((now.getTime() + 31 * MIN) / 1000)
    expect(sessionRequests(order.id)[0]!.body.expires_at).toBe(String(expected))
    const [row] = await database.db.select().from(orders).where(eq(orders.id, order.id))
    expect(row!.paymentExpiresAt!.getTime()).toBe(expected * 1000)
    expect(result.expiresAt.getTime()).toBe(expected * 1000)
  })

  test('refused: another partner’s order (not found), an order not awaiting card payment, a closed window, no Stripe', async () => {
    const { order, buyer } = await createOrder(database.db, { status: 'pending_payment' })
    const stranger = await createUser(database.db, { role: 'partner_user' })
    await expect(
      createCardCheckout(database.db, {
        orderId: order.id,
        actor: actorOf(stranger),
        origin,
        gateway: stripe.gateway,
      }),
    ).rejects.toMatchObject({ code: 'not_found' })

    const onAccount = await createOrder(database.db, { status: 'submitted' })
    await expect(
      createCardCheckout(database.db, {
        orderId: onAccount.order.id,
        actor: actorOf(onAccount.buyer),
        origin,
        gateway: stripe.gateway,
      }),
    ).rejects.toMatchObject({ userMessage: 'fulfilment:errors.notAwaitingPayment' })

    const due = await createOrder(database.db, {
      status: 'pending_payment',
      paymentExpiresAt: new Date(Date.now() - MIN),
    })
    await expect(
      createCardCheckout(database.db, {
        orderId: due.order.id,
        actor: actorOf(due.buyer),
        origin,
        gateway: stripe.gateway,
      }),
    ).rejects.toMatchObject({ userMessage: 'fulfilment:errors.paymentWindowClosed' })

    await expect(
      createCardCheckout(database.db, {
        orderId: order.id,
        actor: actorOf(buyer),
        origin,
        gateway: null,
      }),
    ).rejects.toMatchObject({ userMessage: 'fulfilment:errors.cardUnavailable' })
    expect(sessionRequests(order.id)).toEqual([])
    expect(await database.db.select().from(payments).where(eq(payments.orderId, order.id))).toEqual(
      [],
    )
  })

  test('Stripe down: a message to try again, no payment recorded; the next click works', async () => {
    const { order, buyer } = await createOrder(database.db, { status: 'pending_payment' })
    stripe.failNext('/v1/checkout/sessions', 500, 'An unknown error occurred')
    const warn = console.warn
    console.warn = () => {}
    try {
      await expect(
        createCardCheckout(database.db, {
          orderId: order.id,
          actor: actorOf(buyer),
          origin,
          gateway: stripe.gateway,
        }),
      ).rejects.toMatchObject({ userMessage: 'fulfilment:errors.stripeUnavailable' })
    } finally {
      console.warn = warn
    }
    expect(await database.db.select().from(payments).where(eq(payments.orderId, order.id))).toEqual(
      [],
    )
    // Stripe keeps the failed answer for that key: the next click is a new attempt, and works.
    const retry = await createCardCheckout(database.db, {
      orderId: order.id,
      actor: actorOf(buyer),
      origin,
      gateway: stripe.gateway,
    })
    expect(retry.url).toContain(retry.checkoutSessionId)
    expect(sessionRequests(order.id).map((r) => r.idempotencyKey)).toEqual([
      `order-${order.id}-checkout-1`,
      `order-${order.id}-checkout-2`,
    ])
  })
})
