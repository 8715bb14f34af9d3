import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { orders, stripeEvents } from '#db/schema/orders'
import { createCardCheckout } from '#app/modules/payments/create-card-checkout.server'
import { action } from '#app/routes/webhooks.stripe'
import { createOrder } from '#tests/factories/orders'
import { loadContextOf, useTestDatabase } from '#tests/setup/database'
import { startFakeStripe, type FakeStripe } from '../../fakes/stripe'

// POST /webhooks/stripe end to end through the route: the raw body, the Stripe-Signature header,
// the configured secret (from the environment, as in production) and the answers Stripe sees.

const database = useTestDatabase()
let stripe: FakeStripe

beforeAll(async () => {
  stripe = await startFakeStripe()
  // Read once by getEnv(): set before the first request of this file.
  vi.stubEnv('STRIPE_SECRET_KEY', stripe.secretKey)
  vi.stubEnv('STRIPE_WEBHOOK_SECRET', stripe.webhookSecret)
  vi.stubEnv('STRIPE_API_BASE', stripe.apiBase)
})
afterAll(async () => {
  vi.unstubAllEnvs()
  await stripe.close()
})

const context = () => loadContextOf(database)

function webhook(body: string, headers: Record<string, string>) {
  return new Request('http://localhost/webhooks/stripe', {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
  })
}

async function paidOrderEvent() {
  const created = await createOrder(database.db, {
    status: 'pending_payment',
    paymentExpiresAt: new Date(Date.now() + 50 * 60_000),
  })
  // The configured gateway (environment) creates the session, as the pay button would.
  const checkout = await createCardCheckout(database.db, {
    orderId: created.order.id,
    actor: { id: created.buyer.id, email: created.buyer.email, partnerId: created.partner.id },
    origin: 'http://localhost',
  })
  const signed = stripe.signedEvent(
    'checkout.session.completed',
    stripe.completeSession(checkout.checkoutSessionId),
  )
  return { ...created, signed }
}

async function orderStatus(id: string) {
  const [row] = await database.db.select().from(orders).where(eq(orders.id, id))
  return { status: row!.status, paymentStatus: row!.paymentStatus }
}

describe('POST /webhooks/stripe', () => {
  test('a signed event: 200, processed; the same delivery again: 200, a no-op', async () => {
    const { order, signed } = await paidOrderEvent()
    const headers = { 'stripe-signature': signed.signature }
    const first = await action({
      request: webhook(signed.payload, headers),
      params: {},
      context: context(),
    })
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ received: true, outcome: 'processed' })
    expect(await orderStatus(order.id)).toEqual({ status: 'submitted', paymentStatus: 'paid' })
    for (let i = 0; i < 4; i++) {
      const again = await action({
        request: webhook(signed.payload, headers),
        params: {},
        context: context(),
      })
      expect(await again.json()).toEqual({ received: true, outcome: 'duplicate' })
    }
  })

  test('unsigned, badly signed or re-serialised bodies: 400 and nothing changes', async () => {
    const { order, signed } = await paidOrderEvent()
    const reserialised = JSON.stringify(JSON.parse(signed.payload))
    for (const request of [
      webhook(signed.payload, {}),
      webhook(signed.payload, { 'stripe-signature': 't=1,v1=deadbeef' }),
      webhook(reserialised, { 'stripe-signature': signed.signature }),
      webhook('not json at all', { 'stripe-signature': signed.signature }),
    ]) {
      const response = await action({ request, params: {}, context: context() })
      expect(response.status).toBe(400)
    }
    expect(await orderStatus(order.id)).toEqual({
      status: 'pending_payment',
      paymentStatus: 'unpaid',
    })
    expect(
      await database.db.select().from(stripeEvents).where(eq(stripeEvents.eventId, signed.eventId)),
    ).toEqual([])
  })

  test('an oversized body is refused before it is read', async () => {
    const response = await action({
      request: webhook('x'.repeat(600 * 1024), { 'stripe-signature': 't=1,v1=x' }),
      params: {},
      context: context(),
    })
    expect(response.status).toBe(413)
  })
})
