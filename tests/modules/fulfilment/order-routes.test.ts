import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { orders } from '#db/schema/orders'
import { createSessionCookie } from '#app/modules/auth/session.server'
import { action as orderAction, loader as orderLoader } from '#app/routes/admin.orders.$orderId'
import { loader as queueLoader } from '#app/routes/admin.orders._index'
import { action as payAction } from '#app/routes/portal.orders.$orderId.pay'
import { createUser, createVendorStaff } from '#tests/factories/index'
import { createOrder } from '#tests/factories/orders'
import { loadContextOf, useTestDatabase } from '#tests/setup/database'

// The routes' own guarantees: the permission guards (partners get 403 on every /admin/orders
// page and post), field errors as 400 (never a 500), and a stale button as an error toast.

const database = useTestDatabase()

async function signedIn(userId: string): Promise<string> {
  return (await createSessionCookie(database.db, userId)).split(';')[0]!
}

function get(path: string, cookie: string) {
  return new Request(`http://localhost${path}`, { headers: { cookie } })
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}

const context = () => loadContextOf(database)

/** What a route threw or returned, as status, body and headers. */
async function outcome(work: Promise<unknown>) {
  const result = await work.catch((thrown: unknown) => thrown)
  if (result instanceof Response)
    return { status: result.status, body: null as unknown, headers: result.headers }
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } | null }
  if (wrapped?.type === 'DataWithResponseInit') {
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, headers: new Headers() }
  }
  return { status: 200, body: result, headers: new Headers() }
}

async function statusOf(orderId: string) {
  const [row] = await database.db
    .select({ status: orders.status })
    .from(orders)
    .where(eq(orders.id, orderId))
  return row!.status
}

describe('partners on /admin/orders', () => {
  test.each(['partner_user', 'partner_admin'] as const)(
    'a %s gets 403 on the queue, the order page and every action; nothing changes',
    async (role) => {
      const { order, partner } = await createOrder(database.db, { status: 'submitted' })
      // Even their own partner's order.
      const user = await createUser(database.db, { role, partnerId: partner.id })
      const cookie = await signedIn(user.id)
      const here = `/admin/orders/${order.id}`
      expect(
        (
          await outcome(
            queueLoader({ request: get('/admin/orders', cookie), params: {}, context: context() }),
          )
        ).status,
      ).toBe(403)
      expect(
        (
          await outcome(
            orderLoader({
              request: get(here, cookie),
              params: { orderId: order.id },
              context: context(),
            }),
          )
        ).status,
      ).toBe(403)
      for (const fields of <Record<string, string>[]>[
        { intent: 'confirm' },
        { intent: 'cancel', reason: 'Not wanted' },
        { intent: 'ship', carrier: 'SF', trackingNumber: 'SF123456' },
      ]) {
        const result = await outcome(
          orderAction({
            request: post(here, cookie, fields),
            params: { orderId: order.id },
            context: context(),
          }),
        )
        expect(result.status).toBe(403)
      }
      expect(await statusOf(order.id)).toBe('submitted')
    },
  )
})

describe('vendor staff on /admin/orders', () => {
  test('the queue answers junk parameters with the page, not an error', async () => {
    const manager = await createVendorStaff(database.db)
    const cookie = await signedIn(manager.id)
    const result = await outcome(
      queueLoader({
        request: get(
          `/admin/orders?status=bogus&page=-4&partner=zz&payment=cash&from=2026-13-45&q=${encodeURIComponent("'%;--")}`,
          cookie,
        ),
        params: {},
        context: context(),
      }),
    )
    expect(result.status).toBe(200)
    expect(result.body).toMatchObject({
      query: { tab: 'all', page: 1, partnerId: null },
      fieldErrors: { from: 'fulfilment:queue.filters.invalidDate' },
    })
  })

  test('confirm redirects back with a toast; the same button again is a clear refusal, not a 500', async () => {
    const manager = await createVendorStaff(database.db)
    const cookie = await signedIn(manager.id)
    const { order } = await createOrder(database.db, { status: 'submitted' })
    const here = `/admin/orders/${order.id}`
    const first = await outcome(
      orderAction({
        request: post(here, cookie, { intent: 'confirm' }),
        params: { orderId: order.id },
        context: context(),
      }),
    )
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe(here)
    expect(await statusOf(order.id)).toBe('confirmed')
    const again = await outcome(
      orderAction({
        request: post(here, cookie, { intent: 'confirm' }),
        params: { orderId: order.id },
        context: context(),
      }),
    )
    expect(again.status).toBe(302)
    expect(again.headers.get('set-cookie')).toContain('cp_toast=')
    expect(await statusOf(order.id)).toBe('confirmed')
  })

  test('bad input beside the field (400); junk ids 404; unknown intents 400', async () => {
    const manager = await createVendorStaff(database.db)
    const cookie = await signedIn(manager.id)
    const { order } = await createOrder(database.db, { status: 'confirmed' })
    const here = `/admin/orders/${order.id}`
    const bad = await outcome(
      orderAction({
        request: post(here, cookie, { intent: 'ship', carrier: '', trackingNumber: '<>' }),
        params: { orderId: order.id },
        context: context(),
      }),
    )
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({
      form: 'ship',
      fieldErrors: {
        carrier: 'fulfilment:validation.carrierRequired',
        trackingNumber: 'fulfilment:validation.trackingInvalid',
      },
    })
    const noReason = await outcome(
      orderAction({
        request: post(here, cookie, { intent: 'cancel', reason: '   ' }),
        params: { orderId: order.id },
        context: context(),
      }),
    )
    expect(noReason.status).toBe(400)
    expect(await statusOf(order.id)).toBe('confirmed')

    for (const orderId of ['not-a-uuid', '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f']) {
      expect(
        (
          await outcome(
            orderLoader({
              request: get(`/admin/orders/${orderId}`, cookie),
              params: { orderId },
              context: context(),
            }),
          )
        ).status,
      ).toBe(404)
      expect(
        (
          await outcome(
            orderAction({
              request: post(`/admin/orders/${orderId}`, cookie, { intent: 'confirm' }),
              params: { orderId },
              context: context(),
            }),
          )
        ).status,
      ).toBe(404)
    }
    expect(
      (
        await outcome(
          orderAction({
            request: post(here, cookie, { intent: 'teleport' }),
            params: { orderId: order.id },
            context: context(),
          }),
        )
      ).status,
    ).toBe(400)
  })

  test('an admin ships with a tracking number through the page', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const cookie = await signedIn(admin.id)
    const { order } = await createOrder(database.db, { status: 'confirmed' })
    const result = await outcome(
      orderAction({
        request: post(`/admin/orders/${order.id}`, cookie, {
          intent: 'ship',
          carrier: ' SF Express ',
          trackingNumber: 'SF1234567890',
        }),
        params: { orderId: order.id },
        context: context(),
      }),
    )
    expect(result.status).toBe(302)
    const [row] = await database.db.select().from(orders).where(eq(orders.id, order.id))
    expect(row).toMatchObject({
      status: 'shipped',
      carrier: 'SF Express',
      trackingNumber: 'SF1234567890',
    })
  })
})

describe('the card payment button (POST /portal/orders/:id/pay)', () => {
  test('vendor staff are refused; another partner’s order is not found', async () => {
    const { order } = await createOrder(database.db, { status: 'pending_payment' })
    const manager = await createVendorStaff(database.db)
    const stranger = await createUser(database.db, { role: 'partner_user' })
    const path = `/portal/orders/${order.id}/pay`
    const asManager = await outcome(
      payAction({
        request: post(path, await signedIn(manager.id), {}),
        params: { orderId: order.id },
        context: context(),
      }),
    )
    expect(asManager.status).toBe(403)
    const asStranger = await outcome(
      payAction({
        request: post(path, await signedIn(stranger.id), {}),
        params: { orderId: order.id },
        context: context(),
      }),
    )
    expect(asStranger.status).toBe(404)
  })

  test('without Stripe configured, the buyer is told card payment is unavailable', async () => {
    const { order, buyer } = await createOrder(database.db, { status: 'pending_payment' })
    const result = await outcome(
      payAction({
        request: post(`/portal/orders/${order.id}/pay`, await signedIn(buyer.id), {}),
        params: { orderId: order.id },
        context: context(),
      }),
    )
    expect(result.status).toBe(302)
    expect(result.headers.get('location')).toBe(`/portal/orders/${order.id}`)
    expect(await statusOf(order.id)).toBe('pending_payment')
  })
})
