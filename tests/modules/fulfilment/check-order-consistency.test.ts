import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { stockLevels } from '#db/schema/catalog'
import { orderAllocations, orderLines, orders, payments } from '#db/schema/orders'
import {
  checkOrderConsistency,
  type OrderConsistencyViolation,
} from '#app/modules/orders/check-order-consistency.server'
import { createOrder } from '#tests/factories/orders'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

const about = (violations: OrderConsistencyViolation[], id: string) =>
  violations.filter(
    (v) => ('orderId' in v && v.orderId === id) || ('productId' in v && v.productId === id),
  )

describe('checkOrderConsistency', () => {
  test('orders in every status, made consistently, break no rule', async () => {
    for (const status of [
      'pending_payment',
      'credit_hold',
      'submitted',
      'confirmed',
      'shipped',
      'delivered',
      'cancelled',
      'expired',
    ] as const) {
      await createOrder(database.db, { status, lines: [{ quantity: 2 }, { quantity: 1 }] })
    }
    await createOrder(database.db, {
      status: 'submitted',
      paymentMethod: 'card',
      paymentStatus: 'paid',
      payment: { status: 'succeeded', paymentIntentId: 'pi_test_consistent' },
    })
    expect(await checkOrderConsistency(database.db)).toEqual([])
  })

  test('finds an order without lines', async () => {
    const { order } = await createOrder(database.db, { status: 'delivered' })
    await database.db.delete(orderLines).where(eq(orderLines.orderId, order.id))
    expect(about(await checkOrderConsistency(database.db), order.id)).toEqual([
      { kind: 'order_without_lines', orderId: order.id, number: order.number },
    ])
    await database.db.delete(orders).where(eq(orders.id, order.id))
  })

  test('finds stock still reserved for an order that ended', async () => {
    const { order } = await createOrder(database.db, { status: 'submitted' })
    await database.db
      .update(orders)
      .set({ status: 'cancelled', cancelledAt: new Date() })
      .where(eq(orders.id, order.id))
    expect(about(await checkOrderConsistency(database.db), order.id)).toEqual([
      {
        kind: 'reserved_allocation_on_closed_order',
        orderId: order.id,
        number: order.number,
        status: 'cancelled',
      },
    ])
    await database.db.update(orders).set({ status: 'submitted' }).where(eq(orders.id, order.id))
  })

  test('finds a line of an open order that is not reserved in full', async () => {
    const { order, lines, products, warehouseId } = await createOrder(database.db, {
      status: 'confirmed',
      lines: [{ quantity: 4 }],
    })
    // Allocation shrunk by one unit, stock kept in step with it: only the line is short.
    await database.db
      .update(orderAllocations)
      .set({ quantity: 3 })
      .where(eq(orderAllocations.orderLineId, lines[0]!.id))
    await database.db
      .update(stockLevels)
      .set({ reserved: sql`${stockLevels.reserved} - 1` })
      .where(
        and(eq(stockLevels.productId, products[0]!.id), eq(stockLevels.warehouseId, warehouseId)),
      )
    expect(about(await checkOrderConsistency(database.db), order.id)).toEqual([
      {
        kind: 'line_not_fully_reserved',
        orderId: order.id,
        number: order.number,
        lineNo: 1,
        quantity: 4,
        reserved: 3,
      },
    ])
    await database.db
      .update(orderAllocations)
      .set({ quantity: 4 })
      .where(eq(orderAllocations.orderLineId, lines[0]!.id))
    await database.db
      .update(stockLevels)
      .set({ reserved: sql`${stockLevels.reserved} + 1` })
      .where(
        and(eq(stockLevels.productId, products[0]!.id), eq(stockLevels.warehouseId, warehouseId)),
      )
  })

  test('finds stock_levels.reserved that differs from the reserved allocations', async () => {
    const { products, warehouseId } = await createOrder(database.db, {
      status: 'submitted',
      lines: [{ quantity: 2 }],
    })
    await database.db
      .update(stockLevels)
      .set({ reserved: sql`${stockLevels.reserved} + 5` })
      .where(
        and(eq(stockLevels.productId, products[0]!.id), eq(stockLevels.warehouseId, warehouseId)),
      )
    expect(about(await checkOrderConsistency(database.db), products[0]!.id)).toEqual([
      {
        kind: 'stock_reserved_mismatch',
        productId: products[0]!.id,
        warehouseId,
        stockReserved: 7,
        allocationsReserved: 2,
      },
    ])
    await database.db
      .update(stockLevels)
      .set({ reserved: 2 })
      .where(
        and(eq(stockLevels.productId, products[0]!.id), eq(stockLevels.warehouseId, warehouseId)),
      )
  })

  test('finds a succeeded payment on an order not marked paid', async () => {
    const { order, payment } = await createOrder(database.db, {
      status: 'pending_payment',
      paymentStatus: 'unpaid',
      payment: { status: 'open' },
    })
    await database.db
      .update(payments)
      .set({ status: 'succeeded', succeededAt: new Date() })
      .where(eq(payments.id, payment!.id))
    expect(about(await checkOrderConsistency(database.db), order.id)).toEqual([
      {
        kind: 'paid_payment_on_unpaid_order',
        orderId: order.id,
        number: order.number,
        paymentId: payment!.id,
        paymentStatus: 'succeeded',
      },
    ])
    await database.db.update(payments).set({ status: 'open' }).where(eq(payments.id, payment!.id))
  })

  test('finds order totals that are not the sum of their lines', async () => {
    const { order } = await createOrder(database.db, {
      status: 'delivered',
      lines: [{ quantity: 2, netUnitMinor: 5_000 }],
    })
    await database.db
      .update(orders)
      .set({ subtotalMinor: 10_100, totalMinor: 10_100 })
      .where(eq(orders.id, order.id))
    const [violation] = about(await checkOrderConsistency(database.db), order.id)
    expect(violation).toMatchObject({
      kind: 'order_total_mismatch',
      subtotalMinor: 10_100,
      linesTotalMinor: 10_000,
    })
    await database.db
      .update(orders)
      .set({ subtotalMinor: 10_000, totalMinor: 10_000 })
      .where(eq(orders.id, order.id))
    expect(await checkOrderConsistency(database.db)).toEqual([])
  })
})
