import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { productStock, stockLevels } from '#db/schema/catalog'
import {
  cartItems,
  carts,
  orderAllocations,
  orderEvents,
  orderLines,
  orders,
  orderSettings,
} from '#db/schema/orders'
import { emailOutbox } from '#db/schema/outbox'
import { partners } from '#db/schema/partners'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { getCart } from '#app/modules/orders/get-cart.server'
import { placeOrder, type PlaceOrderResult } from '#app/modules/orders/place-order.server'
import { releaseReservation, shipReservation } from '#app/modules/orders/release-reservation.server'
import {
  checkoutInput,
  createAddress,
  createBuyer,
  createColleague,
  createProduct,
  createProductLine,
  createTierDiscount,
  createVendorStaff,
  createWarehouse,
  fillCart,
  registrationInput,
  type TestBuyer,
} from '#tests/factories/index'
import { createApprovedRegistration, refusal } from '#tests/modules/deals/partner-side-helpers'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()
const origin = 'http://portal.test'

function placed(result: PlaceOrderResult) {
  if (!result.ok) throw new Error(`expected an order, got ${JSON.stringify(result.shortages)}`)
  return result
}

async function place(buyer: TestBuyer, overrides: Parameters<typeof checkoutInput>[2] = {}) {
  return placeOrder(database.db, {
    actor: buyer.actor,
    input: await checkoutInput(database.db, buyer, overrides),
    cardPaymentsEnabled: false,
    origin,
  })
}

async function stockOf(productId: string) {
  const rows = await database.db
    .select({ onHand: stockLevels.onHand, reserved: stockLevels.reserved })
    .from(stockLevels)
    .where(eq(stockLevels.productId, productId))
  return {
    onHand: rows.reduce((sum, r) => sum + r.onHand, 0),
    reserved: rows.reduce((sum, r) => sum + r.reserved, 0),
  }
}

async function ordersOf(partnerId: string) {
  return database.db.select().from(orders).where(eq(orders.partnerId, partnerId))
}

describe('placeOrder', () => {
  test('places the cart as one order: numbered, re-priced, reserved, with history, audit, e-mail, and the cart emptied', async () => {
    const line = await createProductLine(database.db)
    const buyer = await createBuyer(database.db, { tier: 'gold' })
    await createTierDiscount(database.db, {
      tier: 'gold',
      productLineId: line.id,
      discountBps: 3000,
    })
    const plc = await createProduct(database.db, {
      productLineId: line.id,
      listPriceMinor: 2_680_00,
      stock: { onHand: 20 },
    })
    const cable = await createProduct(database.db, {
      productLineId: line.id,
      listPriceMinor: 48_00,
      stock: { onHand: 500 },
    })
    await fillCart(database.db, buyer.actor, [
      { sku: plc.sku, quantity: 3 },
      { sku: cable.sku, quantity: 40 },
    ])

    const requestedDate = todayInShanghai(new Date(Date.now() + 30 * 86_400_000))
    const result = placed(await place(buyer, { poNumber: 'PO-7781', requestedDate }))
    expect(result.status).toBe('submitted')
    expect(result.replayed).toBe(false)
    expect(result.number).toMatch(/^SO-\d{6,}$/)

    const [order] = await database.db.select().from(orders).where(eq(orders.id, result.orderId))
    expect(order).toMatchObject({
      number: result.number,
      partnerId: buyer.partner.id,
      placedById: buyer.user.id,
      paymentMethod: 'on_account',
      paymentStatus: 'unpaid',
      poNumber: 'PO-7781',
      requestedDate,
      currency: 'CNY',
      // gold −30 %: 1,876.00 × 3 + 33.60 × 40
      subtotalMinor: 1_876_00 * 3 + 33_60 * 40,
      totalMinor: 1_876_00 * 3 + 33_60 * 40,
      listTotalMinor: 2_680_00 * 3 + 48_00 * 40,
      shippingAddressId: buyer.address.id,
      registrationId: null,
    })
    expect(order!.shippingAddress).toMatchObject({
      recipient: buyer.address.recipient,
      city: 'Guangzhou',
    })

    const lines = await database.db
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, result.orderId))
      .orderBy(orderLines.lineNo)
    expect(lines.map((l) => [l.lineNo, l.sku, l.quantity, l.netUnitMinor, l.priceSource])).toEqual([
      [1, plc.sku, 3, 1_876_00, 'tier_discount'],
      [2, cable.sku, 40, 33_60, 'tier_discount'],
    ])
    expect(lines[0]!.priceSteps).toEqual([
      { kind: 'list', amountMinor: 2_680_00, detail: {} },
      {
        kind: 'tier_discount',
        amountMinor: 1_876_00,
        detail: { tier: 'gold', productLineId: line.id, discountBps: 3000 },
      },
    ])

    expect(await stockOf(plc.id)).toEqual({ onHand: 20, reserved: 3 })
    expect(await stockOf(cable.id)).toEqual({ onHand: 500, reserved: 40 })
    const allocations = await database.db
      .select()
      .from(orderAllocations)
      .where(eq(orderAllocations.orderId, result.orderId))
    expect(allocations.map((a) => a.quantity).sort((a, b) => a - b)).toEqual([3, 40])

    const events = await database.db
      .select()
      .from(orderEvents)
      .where(eq(orderEvents.orderId, result.orderId))
    expect(events.map((e) => [e.type, e.toStatus, e.actorUserId])).toEqual([
      ['placed', 'submitted', buyer.user.id],
    ])
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, result.orderId))
    expect(audits.map((a) => a.action)).toEqual(['order.placed'])
    const mail = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, buyer.user.email))
    expect(mail).toHaveLength(1)
    expect(mail[0]!.subject).toContain(result.number)
    expect(mail[0]!.bodyText).toContain(`${origin}/portal/orders/${result.orderId}`)

    expect((await getCart(database.db, { actor: buyer.actor })).lines).toEqual([])
  })

  test('a replayed checkout makes one order: five sequential and five concurrent submissions of one key', async () => {
    const product = await createProduct(database.db, { stock: { onHand: 100 } })
    const buyer = await createBuyer(database.db)
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 2 }])
    const input = await checkoutInput(database.db, buyer)

    const results = []
    for (let i = 0; i < 5; i++) {
      results.push(
        placed(
          await placeOrder(database.db, {
            actor: buyer.actor,
            input,
            cardPaymentsEnabled: false,
            origin,
          }),
        ),
      )
    }
    expect(new Set(results.map((r) => r.orderId)).size).toBe(1)
    expect(results.map((r) => r.replayed)).toEqual([false, true, true, true, true])

    // The same again at once (a double click): the cart is refilled so only the key can stop it.
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 2 }])
    const twin = await checkoutInput(database.db, buyer)
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () =>
        placeOrder(database.db, {
          actor: buyer.actor,
          input: twin,
          cardPaymentsEnabled: false,
          origin,
        }),
      ),
    )
    const ids = concurrent.map((r) => placed(r).orderId)
    expect(new Set(ids).size).toBe(1)
    expect(concurrent.filter((r) => r.ok && !r.replayed)).toHaveLength(1)

    expect(await ordersOf(buyer.partner.id)).toHaveLength(2)
    expect(await stockOf(product.id)).toEqual({ onHand: 100, reserved: 4 })
  })

  test('shortages: every short line is reported with what is available, and nothing is reserved', async () => {
    const buyer = await createBuyer(database.db)
    const plenty = await createProduct(database.db, { stock: { onHand: 50 } })
    const few = await createProduct(database.db, { stock: { onHand: 4, reserved: 1 } })
    const none = await createProduct(database.db, { stock: { onHand: 0 } })
    await fillCart(database.db, buyer.actor, [
      { sku: plenty.sku, quantity: 10 },
      { sku: few.sku, quantity: 5 },
      { sku: none.sku, quantity: 1 },
    ])

    const result = await place(buyer)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(
      result.shortages
        .map((s) => ({ sku: s.sku, requested: s.requested, available: s.available }))
        .sort((a, b) => a.sku.localeCompare(b.sku)),
    ).toEqual(
      [
        { sku: few.sku, requested: 5, available: 3 },
        { sku: none.sku, requested: 1, available: 0 },
      ].sort((a, b) => a.sku.localeCompare(b.sku)),
    )
    expect(await stockOf(plenty.id)).toEqual({ onHand: 50, reserved: 0 })
    expect(await stockOf(few.id)).toEqual({ onHand: 4, reserved: 1 })
    expect(await ordersOf(buyer.partner.id)).toEqual([])
    expect((await getCart(database.db, { actor: buyer.actor })).lines).toHaveLength(3)
  })

  test('a discontinued product in the cart stops the order with its own reason', async () => {
    const buyer = await createBuyer(database.db)
    const product = await createProduct(database.db, { stock: { onHand: 10 } })
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])
    await database.db.execute(sql`update products set active = false where id = ${product.id}`)
    const result = await place(buyer)
    expect(result).toMatchObject({
      ok: false,
      shortages: [{ sku: product.sku, reason: 'inactive', available: 0 }],
    })
    expect(await stockOf(product.id)).toEqual({ onHand: 10, reserved: 0 })
  })

  test('stock is taken from warehouses in their sort order, and each allocation says where from', async () => {
    const first = await createWarehouse(database.db, { sortOrder: -20 })
    const second = await createWarehouse(database.db, { sortOrder: -10 })
    const product = await createProduct(database.db, {
      stock: { onHand: 3, warehouseId: second.id },
    })
    await database.db
      .insert(stockLevels)
      .values({ productId: product.id, warehouseId: first.id, onHand: 4 })
    const buyer = await createBuyer(database.db)
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 6 }])

    const result = placed(await place(buyer))
    const allocations = await database.db
      .select({ warehouseId: orderAllocations.warehouseId, quantity: orderAllocations.quantity })
      .from(orderAllocations)
      .where(eq(orderAllocations.orderId, result.orderId))
    expect(allocations.sort((a, b) => b.quantity - a.quantity)).toEqual([
      { warehouseId: first.id, quantity: 4 },
      { warehouseId: second.id, quantity: 2 },
    ])
    const [totals] = await database.db
      .select()
      .from(productStock)
      .where(eq(productStock.productId, product.id))
    expect(totals).toMatchObject({ onHand: 7, reserved: 6, available: 1 })

    // Cancelling gives back exactly what was taken, warehouse by warehouse, once.
    await database.db.transaction(async (tx) => {
      const released = await releaseReservation(tx, result.orderId)
      expect(released.map((r) => r.quantity).sort()).toEqual([2, 4])
      expect(await releaseReservation(tx, result.orderId)).toEqual([])
    })
    expect(await stockOf(product.id)).toEqual({ onHand: 7, reserved: 0 })
    const statuses = await database.db
      .select({ status: orderAllocations.status })
      .from(orderAllocations)
      .where(eq(orderAllocations.orderId, result.orderId))
    expect(statuses.every((s) => s.status === 'released')).toBe(true)
  })

  test('shipping takes the reserved units out of stock in the warehouses they were reserved in', async () => {
    const product = await createProduct(database.db, { stock: { onHand: 9 } })
    const buyer = await createBuyer(database.db)
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 5 }])
    const result = placed(await place(buyer))
    await database.db.transaction(async (tx) => {
      await shipReservation(tx, result.orderId)
    })
    expect(await stockOf(product.id)).toEqual({ onHand: 4, reserved: 0 })
  })

  test('over the credit limit the order waits on credit hold, its stock reserved until a configurable expiry', async () => {
    const manager = await createVendorStaff(database.db)
    const buyer = await createBuyer(database.db, {
      creditLimitMinor: 5_000_00,
      channelManagerId: manager.id,
    })
    const product = await createProduct(database.db, {
      listPriceMinor: 2_000_00,
      stock: { onHand: 10 },
    })
    await database.db.update(orderSettings).set({ creditHoldHours: 48 })
    const now = new Date()

    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 2 }])
    const first = placed(await place(buyer))
    expect(first.status).toBe('submitted') // 4,000.00 of 5,000.00

    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])
    const second = placed(
      await placeOrder(database.db, {
        actor: buyer.actor,
        input: await checkoutInput(database.db, buyer),
        cardPaymentsEnabled: false,
        origin,
        now,
      }),
    )
    expect(second.status).toBe('credit_hold') // 4,000 open + 2,000 > 5,000
    const [held] = await database.db.select().from(orders).where(eq(orders.id, second.orderId))
    expect(held!.creditHoldExpiresAt!.getTime()).toBe(now.getTime() + 48 * 3_600_000)
    expect(await stockOf(product.id)).toEqual({ onHand: 10, reserved: 3 })
    const [event] = await database.db
      .select()
      .from(orderEvents)
      .where(eq(orderEvents.orderId, second.orderId))
    expect(event!.details).toEqual({
      exposureMinor: 4_000_00,
      creditLimitMinor: 5_000_00,
      currency: 'CNY',
    })
    const managerMail = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, manager.email))
    expect(managerMail.map((m) => m.subject)).toEqual([expect.stringContaining(second.number)])

    // A held order counts against the limit too: the next small order also waits.
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])
    const cheapProduct = await createProduct(database.db, {
      listPriceMinor: 1_00,
      stock: { onHand: 1 },
    })
    await fillCart(database.db, buyer.actor, [{ sku: cheapProduct.sku, quantity: 1 }])
    expect(placed(await place(buyer)).status).toBe('credit_hold')
    await database.db.update(orderSettings).set({ creditHoldHours: 72 })
  })

  test('card orders wait for payment; without Stripe card is refused, and on account needs credit terms', async () => {
    const product = await createProduct(database.db, { stock: { onHand: 10 } })
    const buyer = await createBuyer(database.db)
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])

    const noStripe = await refusal(place(buyer, { paymentMethod: 'card' }))
    expect(noStripe).toMatchObject({
      field: 'paymentMethod',
      userMessage: 'orders:checkout.cardUnavailable',
    })

    const now = new Date()
    const card = placed(
      await placeOrder(database.db, {
        actor: buyer.actor,
        input: await checkoutInput(database.db, buyer, { paymentMethod: 'card' }),
        cardPaymentsEnabled: true,
        origin,
        now,
      }),
    )
    expect(card.status).toBe('pending_payment')
    const [order] = await database.db.select().from(orders).where(eq(orders.id, card.orderId))
    expect(order!.paymentExpiresAt!.getTime()).toBe(now.getTime() + 60 * 60_000)

    const prepaid = await createBuyer(database.db, { paymentTermsDays: 0 })
    await fillCart(database.db, prepaid.actor, [{ sku: product.sku, quantity: 1 }])
    expect(await refusal(place(prepaid))).toMatchObject({
      field: 'paymentMethod',
      userMessage: 'orders:checkout.onAccountUnavailable',
    })
  })

  test("another partner's address or registration is refused, and nothing is reserved", async () => {
    const line = await createProductLine(database.db)
    const product = await createProduct(database.db, {
      productLineId: line.id,
      stock: { onHand: 10 },
    })
    const buyer = await createBuyer(database.db)
    const other = await createBuyer(database.db)
    const otherRegistration = await createApprovedRegistration(database.db, {
      actor: other.actor,
      input: registrationInput({ productLineId: line.id }),
    })
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 2 }])

    expect(await refusal(place(buyer, { shippingAddressId: other.address.id }))).toMatchObject({
      field: 'shippingAddressId',
      userMessage: 'orders:checkout.addressInvalid',
    })
    expect(
      await refusal(place(buyer, { registrationId: otherRegistration.registrationId })),
    ).toMatchObject({ field: 'registrationId', userMessage: 'orders:checkout.registrationInvalid' })
    expect(await ordersOf(buyer.partner.id)).toEqual([])
    expect(await stockOf(product.id)).toEqual({ onHand: 10, reserved: 0 })
    expect((await getCart(database.db, { actor: buyer.actor })).lines).toHaveLength(1)
  })

  test("a partner user may link only registrations it holds; a colleague's is refused", async () => {
    const line = await createProductLine(database.db)
    const product = await createProduct(database.db, {
      productLineId: line.id,
      stock: { onHand: 10 },
    })
    const buyer = await createBuyer(database.db)
    const colleague = await createColleague(database.db, buyer)
    const theirs = await createApprovedRegistration(database.db, {
      actor: colleague,
      input: registrationInput({ productLineId: line.id }),
    })
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])
    expect(await refusal(place(buyer, { registrationId: theirs.registrationId }))).toMatchObject({
      field: 'registrationId',
    })
  })

  test('a linked registration gives the deal discount on its product line only, recorded per line', async () => {
    const registered = await createProductLine(database.db)
    const otherLine = await createProductLine(database.db)
    const buyer = await createBuyer(database.db)
    const onDeal = await createProduct(database.db, {
      productLineId: registered.id,
      listPriceMinor: 1_000_00,
      stock: { onHand: 10 },
    })
    const offDeal = await createProduct(database.db, {
      productLineId: otherLine.id,
      listPriceMinor: 500_00,
      stock: { onHand: 10 },
    })
    const registration = await createApprovedRegistration(database.db, {
      actor: buyer.actor,
      input: registrationInput({ productLineId: registered.id }),
    })
    await fillCart(database.db, buyer.actor, [
      { sku: onDeal.sku, quantity: 2 },
      { sku: offDeal.sku, quantity: 1 },
    ])
    const result = placed(await place(buyer, { registrationId: registration.registrationId }))
    const [order] = await database.db.select().from(orders).where(eq(orders.id, result.orderId))
    expect(order).toMatchObject({
      registrationId: registration.registrationId,
      dealDiscountBps: 500,
      subtotalMinor: 950_00 * 2 + 500_00,
    })
    const lines = await database.db
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, result.orderId))
      .orderBy(orderLines.lineNo)
    expect(lines.map((l) => [l.sku, l.netUnitMinor, l.priceSource, l.dealDiscountApplied])).toEqual(
      [
        [onDeal.sku, 950_00, 'list', true],
        [offDeal.sku, 500_00, 'list', false],
      ],
    )

    // A registration whose product line is not in the cart cannot be linked.
    await fillCart(database.db, buyer.actor, [{ sku: offDeal.sku, quantity: 1 }])
    expect(
      await refusal(place(buyer, { registrationId: registration.registrationId })),
    ).toMatchObject({ field: 'registrationId', userMessage: 'orders:checkout.registrationNoLine' })
  })

  test('the cart must be what checkout showed; an empty cart, a past date and a suspended partner are refused', async () => {
    const product = await createProduct(database.db, { stock: { onHand: 10 } })
    const buyer = await createBuyer(database.db)
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])
    const stale = await checkoutInput(database.db, buyer)
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])
    const changed = await refusal(
      placeOrder(database.db, {
        actor: buyer.actor,
        input: stale,
        cardPaymentsEnabled: false,
        origin,
      }),
    )
    expect(changed.userMessage).toBe('orders:checkout.cartChanged')

    expect(await refusal(place(buyer, { requestedDate: '2001-01-01' }))).toMatchObject({
      field: 'requestedDate',
    })

    const empty = await createBuyer(database.db)
    expect((await refusal(place(empty))).userMessage).toBe('orders:checkout.cartEmpty')

    await database.db
      .update(partners)
      .set({ status: 'suspended' })
      .where(eq(partners.id, buyer.partner.id))
    expect((await refusal(place(buyer))).code).toBe('forbidden')
    expect(await ordersOf(buyer.partner.id)).toEqual([])
  })

  test('only the ordered lines leave the cart, and the cart belongs to the user (it survives sign-out)', async () => {
    const product = await createProduct(database.db, { stock: { onHand: 10 } })
    const buyer = await createBuyer(database.db)
    const colleague = await createColleague(database.db, buyer)
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])
    await fillCart(database.db, colleague, [{ sku: product.sku, quantity: 7 }])
    placed(await place(buyer))
    const [colleagueCart] = await database.db
      .select({ quantity: cartItems.quantity })
      .from(cartItems)
      .innerJoin(carts, eq(carts.id, cartItems.cartId))
      .where(and(eq(carts.userId, colleague.id), eq(cartItems.productId, product.id)))
    expect(colleagueCart!.quantity).toBe(7)
  })

  test('a second address of another partner, even with the same label, is never found', async () => {
    const buyer = await createBuyer(database.db)
    const other = await createBuyer(database.db)
    const lookalike = await createAddress(database.db, {
      partnerId: other.partner.id,
      label: buyer.address.label,
    })
    const product = await createProduct(database.db, { stock: { onHand: 10 } })
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])
    expect((await refusal(place(buyer, { shippingAddressId: lookalike.id }))).field).toBe(
      'shippingAddressId',
    )
  })
})
