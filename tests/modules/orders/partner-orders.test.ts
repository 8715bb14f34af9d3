import { eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { stockLevels } from '#db/schema/catalog'
import { orderAllocations, orders } from '#db/schema/orders'
import { cancelOrder } from '#app/modules/orders/cancel-order.server'
import { findOrders } from '#app/modules/orders/find-orders.server'
import { getCart } from '#app/modules/orders/get-cart.server'
import { getOrder } from '#app/modules/orders/get-order.server'
import { placeOrder } from '#app/modules/orders/place-order.server'
import { reorderOrder } from '#app/modules/orders/reorder-order.server'
import {
  checkoutInput,
  createBuyer,
  createColleague,
  createProduct,
  fillCart,
  type TestBuyer,
} from '#tests/factories/index'
import { refusal } from '#tests/modules/deals/partner-side-helpers'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

async function order(
  buyer: { actor: TestBuyer['actor']; address: { id: string } },
  items: { sku: string; quantity: number }[],
  overrides: Parameters<typeof checkoutInput>[2] = {},
) {
  await fillCart(database.db, buyer.actor, items)
  const result = await placeOrder(database.db, {
    actor: buyer.actor,
    input: await checkoutInput(database.db, buyer, overrides),
    cardPaymentsEnabled: false,
    origin: 'http://portal.test',
  })
  if (!result.ok) throw new Error('expected an order')
  return result
}

const asAdmin = (buyer: TestBuyer) => ({ ...buyer.actor, role: 'partner_admin' as const })

describe('partner order pages', () => {
  test('a partner user sees the orders it placed, a partner admin the whole organisation’s, nobody another partner’s', async () => {
    const product = await createProduct(database.db, { stock: { onHand: 100 } })
    const buyer = await createBuyer(database.db)
    const colleague = await createColleague(database.db, buyer)
    const admin = await createColleague(database.db, buyer, 'partner_admin')
    const other = await createBuyer(database.db)
    const mine = await order(buyer, [{ sku: product.sku, quantity: 1 }], { poNumber: 'PO-MINE-1' })
    const theirs = await order({ actor: colleague, address: buyer.address }, [
      { sku: product.sku, quantity: 2 },
    ])
    const foreign = await order(other, [{ sku: product.sku, quantity: 3 }])

    const own = await findOrders(database.db, { actor: buyer.actor })
    expect(own.orders.map((o) => o.id)).toEqual([mine.orderId])
    const all = await findOrders(database.db, { actor: admin })
    expect(all.orders.map((o) => o.id).sort()).toEqual([mine.orderId, theirs.orderId].sort())
    expect(all.orders.find((o) => o.id === mine.orderId)).toMatchObject({
      number: mine.number,
      lineCount: 1,
      status: 'submitted',
      poNumber: 'PO-MINE-1',
    })

    for (const actor of [buyer.actor, admin]) {
      expect((await refusal(getOrder(database.db, { actor, orderId: foreign.orderId }))).code).toBe(
        'not_found',
      )
    }
    expect(
      (await refusal(getOrder(database.db, { actor: buyer.actor, orderId: theirs.orderId }))).code,
    ).toBe('not_found')
    expect(
      (await getOrder(database.db, { actor: admin, orderId: theirs.orderId })).order.number,
    ).toBe(theirs.number)
    for (const junk of ['not-a-uuid', 'x\'"<>', '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f']) {
      expect((await refusal(getOrder(database.db, { actor: admin, orderId: junk }))).code).toBe(
        'not_found',
      )
    }
  })

  test('search by order or PO number and filter by status; LIKE wildcards are plain characters', async () => {
    const product = await createProduct(database.db, { stock: { onHand: 100 } })
    const buyer = await createBuyer(database.db, { role: 'partner_admin' })
    const first = await order(buyer, [{ sku: product.sku, quantity: 1 }], { poNumber: 'PO-100%' })
    const second = await order(buyer, [{ sku: product.sku, quantity: 1 }], { poNumber: 'PO-1000' })
    const actor = buyer.actor
    expect(
      (await findOrders(database.db, { actor, q: 'po-100%' })).orders.map((o) => o.id),
    ).toEqual([first.orderId])
    expect(
      (await findOrders(database.db, { actor, q: second.number })).orders.map((o) => o.id),
    ).toEqual([second.orderId])
    expect((await findOrders(database.db, { actor, status: 'cancelled' })).total).toBe(0)
    expect((await findOrders(database.db, { actor, status: 'submitted' })).total).toBe(2)
    expect((await findOrders(database.db, { actor, page: 99 })).orders).toEqual([])
  })

  test('the detail shows the lines with their price source, the history and the address as ordered', async () => {
    const product = await createProduct(database.db, {
      listPriceMinor: 500_00,
      stock: { onHand: 9 },
    })
    const buyer = await createBuyer(database.db)
    const placed = await order(buyer, [{ sku: product.sku, quantity: 2 }])
    await database.db.execute(
      sql`update partner_addresses set city = 'Moved' where id = ${buyer.address.id}`,
    )
    const detail = await getOrder(database.db, { actor: buyer.actor, orderId: placed.orderId })
    expect(detail.lines).toEqual([
      expect.objectContaining({
        sku: product.sku,
        quantity: 2,
        netUnitMinor: 500_00,
        lineTotalMinor: 1_000_00,
        priceSource: 'list',
      }),
    ])
    expect(detail.shippingAddress.city).toBe('Guangzhou')
    expect(detail.history).toEqual([
      expect.objectContaining({
        type: 'placed',
        toStatus: 'submitted',
        actor: { kind: 'partner', name: buyer.user.name },
      }),
    ])
    expect(detail.allowed).toEqual({ cancel: true, reorder: true })
  })

  test('cancelling before confirmation releases exactly the reserved stock; a confirmed order cannot be', async () => {
    const product = await createProduct(database.db, { stock: { onHand: 10 } })
    const buyer = await createBuyer(database.db)
    const placed = await order(buyer, [{ sku: product.sku, quantity: 4 }])
    const stock = async () =>
      (
        await database.db.select().from(stockLevels).where(eq(stockLevels.productId, product.id))
      )[0]!
    expect((await stock()).reserved).toBe(4)

    await cancelOrder(database.db, {
      actor: buyer.actor,
      orderId: placed.orderId,
      reason: 'Ordered twice',
    })
    expect((await stock()).reserved).toBe(0)
    const [row] = await database.db.select().from(orders).where(eq(orders.id, placed.orderId))
    expect(row).toMatchObject({ status: 'cancelled', cancelReason: 'Ordered twice' })
    const allocations = await database.db
      .select()
      .from(orderAllocations)
      .where(eq(orderAllocations.orderId, placed.orderId))
    expect(allocations.map((a) => a.status)).toEqual(['released'])
    const audit = await database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, placed.orderId))
    expect(audit.map((a) => a.action).sort()).toEqual(['order.cancelled', 'order.placed'])
    const again = await refusal(
      cancelOrder(database.db, { actor: buyer.actor, orderId: placed.orderId, reason: null }),
    )
    expect(again.userMessage).toBe('orders:detail.cannotCancel')

    const confirmed = await order(buyer, [{ sku: product.sku, quantity: 1 }])
    await database.db
      .update(orders)
      .set({ status: 'confirmed', confirmedAt: new Date() })
      .where(eq(orders.id, confirmed.orderId))
    expect(
      (
        await refusal(
          cancelOrder(database.db, {
            actor: buyer.actor,
            orderId: confirmed.orderId,
            reason: null,
          }),
        )
      ).code,
    ).toBe('conflict')
    expect((await stock()).reserved).toBe(1)

    const other = await createBuyer(database.db)
    expect(
      (
        await refusal(
          cancelOrder(database.db, {
            actor: asAdmin(other),
            orderId: confirmed.orderId,
            reason: null,
          }),
        )
      ).code,
    ).toBe('not_found')
  })

  test('reorder puts the lines back in the cart at today’s prices and reports what is no longer sold', async () => {
    const kept = await createProduct(database.db, { listPriceMinor: 100_00, stock: { onHand: 50 } })
    const retired = await createProduct(database.db, { stock: { onHand: 50 } })
    const buyer = await createBuyer(database.db)
    const placed = await order(buyer, [
      { sku: kept.sku, quantity: 3 },
      { sku: retired.sku, quantity: 2 },
    ])
    await database.db.execute(sql`update products set active = false where id = ${retired.id}`)
    await database.db.execute(
      sql`update products set list_price_minor = 12000 where id = ${kept.id}`,
    )
    const result = await reorderOrder(database.db, { actor: buyer.actor, orderId: placed.orderId })
    expect(result.added.map((l) => [l.sku, l.quantity])).toEqual([[kept.sku, 3]])
    expect(result.problems).toEqual([{ sku: retired.sku, line: 2, reason: 'product_inactive' }])
    const cart = await getCart(database.db, { actor: buyer.actor })
    expect(cart.lines.map((l) => [l.sku, l.quantity, l.unitNetMinor])).toEqual([
      [kept.sku, 3, 120_00],
    ])

    const other = await createBuyer(database.db)
    expect(
      (await refusal(reorderOrder(database.db, { actor: other.actor, orderId: placed.orderId })))
        .code,
    ).toBe('not_found')
  })
})
