import { eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { orders } from '#db/schema/orders'
import { createSessionCookie, invalidateUserSessions } from '#app/modules/auth/session.server'
import {
  action as addressesAction,
  loader as addressesLoader,
} from '#app/routes/portal.addresses._index'
import { action as cartAction, loader as cartLoader } from '#app/routes/portal.cart'
import { action as checkoutAction, loader as checkoutLoader } from '#app/routes/portal.checkout'
import { loader as orderLoader } from '#app/routes/portal.orders.$orderId'
import {
  createBuyer,
  createProduct,
  createProductLine,
  createTierDiscount,
  fillCart,
  registrationInput,
} from '#tests/factories/index'
import { createApprovedRegistration } from '#tests/modules/deals/partner-side-helpers'
import { loadContextOf, useTestDatabase } from '#tests/setup/database'

// The routes' own guarantees: the checkout action reads no price, a replayed post makes one
// order, another partner's ids are refused or not found, and the cart lives with the user.

const database = useTestDatabase()
const context = () => loadContextOf(database)

async function signedIn(userId: string): Promise<string> {
  return (await createSessionCookie(database.db, userId)).split(';')[0]!
}

const get = (path: string, cookie: string) =>
  new Request(`http://localhost${path}`, { headers: { cookie } })

const post = (path: string, cookie: string, fields: Record<string, string>) =>
  new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })

async function outcome(work: Promise<unknown>) {
  const result = await work.catch((thrown: unknown) => thrown)
  if (result instanceof Response) {
    return {
      status: result.status,
      location: result.headers.get('location'),
      body: null as unknown,
    }
  }
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } | null }
  if (wrapped?.type === 'DataWithResponseInit') {
    return { status: wrapped.init?.status ?? 200, location: null, body: wrapped.data }
  }
  return { status: 200, location: null, body: result }
}

/** What the checkout page renders into its form: the key and the cart version. */
async function checkoutForm(cookie: string) {
  const view = await checkoutLoader({
    request: get('/portal/checkout', cookie),
    params: {},
    context: context(),
  } as never)
  return { idempotencyKey: view.idempotencyKey, cartVersion: view.cart.version, view }
}

const checkout = (cookie: string, fields: Record<string, string>) =>
  outcome(
    checkoutAction({
      request: post('/portal/checkout', cookie, fields),
      params: {},
      context: context(),
    } as never),
  )

describe('checkout route', () => {
  test('a posted price, total or line is never read, and five replays of the post make one order', async () => {
    const line = await createProductLine(database.db)
    const buyer = await createBuyer(database.db, { tier: 'gold' })
    await createTierDiscount(database.db, {
      tier: 'gold',
      productLineId: line.id,
      discountBps: 3000,
    })
    const product = await createProduct(database.db, {
      productLineId: line.id,
      listPriceMinor: 1_000_00,
      stock: { onHand: 10 },
    })
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 2 }])
    const cookie = await signedIn(buyer.user.id)
    const form = await checkoutForm(cookie)
    const fields = {
      idempotencyKey: form.idempotencyKey,
      cartVersion: form.cartVersion,
      shippingAddressId: buyer.address.id,
      paymentMethod: 'on_account',
      poNumber: 'PO-TAMPER',
      // What a curious buyer adds in devtools:
      unitNetMinor: '1',
      netUnitMinor: '1',
      totalMinor: '1',
      subtotalMinor: '1',
      price: '0.01',
      'lines[0][price]': '0.01',
      dealDiscountBps: '9000',
    }
    const answers = []
    for (let i = 0; i < 5; i++) answers.push(await checkout(cookie, fields))
    expect(answers.map((a) => a.status)).toEqual([302, 302, 302, 302, 302])
    expect(new Set(answers.map((a) => a.location)).size).toBe(1)
    const placed = await database.db
      .select()
      .from(orders)
      .where(eq(orders.partnerId, buyer.partner.id))
    expect(placed).toHaveLength(1)
    expect(answers[0]!.location).toBe(`/portal/orders/${placed[0]!.id}`)
    expect(placed[0]).toMatchObject({
      subtotalMinor: 700_00 * 2,
      totalMinor: 700_00 * 2,
      dealDiscountBps: null,
      poNumber: 'PO-TAMPER',
    })
  })

  test("another partner's address or registration is refused next to its field; nothing is ordered", async () => {
    const line = await createProductLine(database.db)
    const buyer = await createBuyer(database.db)
    const other = await createBuyer(database.db)
    const product = await createProduct(database.db, {
      productLineId: line.id,
      stock: { onHand: 10 },
    })
    const registration = await createApprovedRegistration(database.db, {
      actor: other.actor,
      input: registrationInput({ productLineId: line.id }),
    })
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])
    const cookie = await signedIn(buyer.user.id)
    const form = await checkoutForm(cookie)
    const base = {
      idempotencyKey: form.idempotencyKey,
      cartVersion: form.cartVersion,
      shippingAddressId: buyer.address.id,
      paymentMethod: 'on_account',
    }
    const address = await checkout(cookie, { ...base, shippingAddressId: other.address.id })
    expect(address.status).toBe(422)
    expect(address.body).toMatchObject({
      ok: false,
      fieldErrors: { shippingAddressId: 'orders:checkout.addressInvalid' },
    })
    const linked = await checkout(cookie, { ...base, registrationId: registration.registrationId })
    expect(linked.body).toMatchObject({
      fieldErrors: { registrationId: 'orders:checkout.registrationInvalid' },
    })
    const junk = await checkout(cookie, { ...base, shippingAddressId: "x'<>" })
    expect(junk.status).toBe(400)
    expect(form.view.registrations).toEqual([])
    expect(
      await database.db.select().from(orders).where(eq(orders.partnerId, buyer.partner.id)),
    ).toEqual([])
  })

  test("a shortage answers 409 with the lines and what is available; the buyer's own registration is offered", async () => {
    const line = await createProductLine(database.db)
    const buyer = await createBuyer(database.db)
    const product = await createProduct(database.db, {
      productLineId: line.id,
      stock: { onHand: 2 },
    })
    const registration = await createApprovedRegistration(database.db, {
      actor: buyer.actor,
      input: registrationInput({ productLineId: line.id }),
    })
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 2 }])
    const cookie = await signedIn(buyer.user.id)
    const form = await checkoutForm(cookie)
    expect(form.view.registrations.map((r) => [r.id, r.subtotalWithDealMinor])).toEqual([
      [registration.registrationId, 95_000 * 2],
    ])
    // Someone else takes the stock between the page and the click.
    await database.db.execute(
      sql`update stock_levels set reserved = 1 where product_id = ${product.id}`,
    )
    const answer = await checkout(cookie, {
      idempotencyKey: form.idempotencyKey,
      cartVersion: form.cartVersion,
      shippingAddressId: buyer.address.id,
      paymentMethod: 'on_account',
    })
    expect(answer.status).toBe(409)
    expect(answer.body).toMatchObject({
      shortages: [{ sku: product.sku, requested: 2, available: 1, reason: 'insufficient' }],
    })
  })
})

describe('order page', () => {
  test("another partner's order, a junk id and an unknown id are not found", async () => {
    const product = await createProduct(database.db, { stock: { onHand: 10 } })
    const owner = await createBuyer(database.db)
    const stranger = await createBuyer(database.db, { role: 'partner_admin' })
    await fillCart(database.db, owner.actor, [{ sku: product.sku, quantity: 1 }])
    const ownerCookie = await signedIn(owner.user.id)
    const form = await checkoutForm(ownerCookie)
    const placed = await checkout(ownerCookie, {
      idempotencyKey: form.idempotencyKey,
      cartVersion: form.cartVersion,
      shippingAddressId: owner.address.id,
      paymentMethod: 'on_account',
    })
    const orderId = placed.location!.split('/').pop()!
    const cookie = await signedIn(stranger.user.id)
    for (const id of [orderId, 'not-a-uuid', '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f']) {
      const answer = await outcome(
        orderLoader({
          request: get(`/portal/orders/${id}`, cookie),
          params: { orderId: id },
          context: context(),
        } as never),
      )
      expect(answer.status).toBe(404)
    }
    const own = await outcome(
      orderLoader({
        request: get(`/portal/orders/${orderId}`, ownerCookie),
        params: { orderId },
        context: context(),
      } as never),
    )
    expect(own.status).toBe(200)
  })
})

describe('cart route', () => {
  test('add to cart from a catalog page goes back there; the cart survives sign-out and shows on a second device', async () => {
    const buyer = await createBuyer(database.db)
    const product = await createProduct(database.db, { stock: { onHand: 10 } })
    const laptop = await signedIn(buyer.user.id)
    const added = await outcome(
      cartAction({
        request: post('/portal/cart', laptop, {
          intent: 'add',
          sku: product.sku,
          quantity: '3',
          redirectTo: '/portal/catalog?q=plc',
        }),
        params: {},
        context: context(),
      } as never),
    )
    expect(added).toMatchObject({ status: 302, location: '/portal/catalog?q=plc' })
    const offsite = await outcome(
      cartAction({
        request: post('/portal/cart', laptop, {
          intent: 'add',
          sku: 'NO-SUCH-SKU',
          quantity: '1',
          redirectTo: 'https://evil.example/',
        }),
        params: {},
        context: context(),
      } as never),
    )
    expect(offsite).toMatchObject({ status: 302, location: '/portal/cart' })

    await invalidateUserSessions(database.db, buyer.user.id)
    const phone = await signedIn(buyer.user.id)
    const view = await cartLoader({
      request: get('/portal/cart', phone),
      params: {},
      context: context(),
    } as never)
    expect(view.cart.lines.map((l) => [l.sku, l.quantity])).toEqual([[product.sku, 3]])
  })

  test('a bad quantity is a message beside the line and changes nothing', async () => {
    const buyer = await createBuyer(database.db)
    const product = await createProduct(database.db, { stock: { onHand: 10 } })
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 2 }])
    const cookie = await signedIn(buyer.user.id)
    const view = await cartLoader({
      request: get('/portal/cart', cookie),
      params: {},
      context: context(),
    } as never)
    const itemId = view.cart.lines[0]!.itemId
    for (const quantity of ['0', '-1', '1.5', 'lots', '99999999999']) {
      const answer = await outcome(
        cartAction({
          request: post('/portal/cart', cookie, { intent: 'update', itemId, quantity }),
          params: {},
          context: context(),
        } as never),
      )
      expect(answer.status, quantity).toBe(400)
      expect(answer.body).toMatchObject({ itemId, fieldErrors: { quantity: expect.any(String) } })
    }
    const after = await cartLoader({
      request: get('/portal/cart', cookie),
      params: {},
      context: context(),
    } as never)
    expect(after.cart.lines[0]!.quantity).toBe(2)
  })
})

describe('address book route', () => {
  test('only partner admins keep it; a partner user is forbidden', async () => {
    const user = await createBuyer(database.db)
    const answer = await outcome(
      addressesLoader({
        request: get('/portal/addresses', await signedIn(user.user.id)),
        params: {},
        context: context(),
      } as never),
    )
    expect(answer.status).toBe(403)
    const write = await outcome(
      addressesAction({
        request: post('/portal/addresses', await signedIn(user.user.id), {
          intent: 'delete',
          addressId: user.address.id,
        }),
        params: {},
        context: context(),
      } as never),
    )
    expect(write.status).toBe(403)
  })
})
