import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { orderAllocations, orderEvents, orders, type OrderStatus } from '#db/schema/orders'
import { emailOutbox } from '#db/schema/outbox'
import { cancelOrderAsVendor } from '#app/modules/orders/cancel-order-as-vendor.server'
import { confirmOrder } from '#app/modules/orders/confirm-order.server'
import { deliverOrder } from '#app/modules/orders/deliver-order.server'
import { fulfilmentOrderStatuses } from '#app/modules/orders/fulfilment-rules'
import { releaseCreditHold } from '#app/modules/orders/release-credit-hold.server'
import { releaseReservation } from '#app/modules/orders/release-reservation.server'
import { shipOrder } from '#app/modules/orders/ship-order.server'
import { AppError } from '#app/utils/app-error'
import { createProduct, createVendorStaff, createWarehouse } from '#tests/factories/index'
import { createOrder, stockOf } from '#tests/factories/orders'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()
const origin = 'https://portal.example.test'

async function staff() {
  const user = await createVendorStaff(database.db)
  return { id: user.id, email: user.email }
}

async function orderRow(id: string) {
  const [row] = await database.db.select().from(orders).where(eq(orders.id, id))
  return row!
}

async function eventsOf(orderId: string) {
  return database.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId))
}

async function auditOf(orderId: string, action: string) {
  return database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityId, orderId), eq(auditLog.action, action)))
}

async function mailsTo(email: string, template: string) {
  return database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toEmail, email), eq(emailOutbox.template, template)))
}

/** What each action does to an order in each status: allowed from exactly one status (cancel: several). */
const actions = {
  confirm: (orderId: string, actor: { id: string; email: string }) =>
    confirmOrder(database.db, { actor, orderId, origin }),
  ship: (orderId: string, actor: { id: string; email: string }) =>
    shipOrder(database.db, {
      actor,
      orderId,
      origin,
      carrier: 'SF Express',
      trackingNumber: 'SF100200300',
    }),
  deliver: (orderId: string, actor: { id: string; email: string }) =>
    deliverOrder(database.db, { actor, orderId, origin }),
  releaseCreditHold: (orderId: string, actor: { id: string; email: string }) =>
    releaseCreditHold(database.db, { actor, orderId, origin }),
  cancel: (orderId: string, actor: { id: string; email: string }) =>
    cancelOrderAsVendor(database.db, {
      actor,
      orderId,
      origin,
      reason: 'Customer withdrew',
      gateway: null,
    }),
}
const allowedFrom: Record<keyof typeof actions, OrderStatus[]> = {
  confirm: ['submitted'],
  ship: ['confirmed'],
  deliver: ['shipped'],
  releaseCreditHold: ['credit_hold'],
  cancel: ['pending_payment', 'credit_hold', 'submitted', 'confirmed'],
}

describe('every vendor action from every status', () => {
  for (const [name, run] of Object.entries(actions) as [
    keyof typeof actions,
    (typeof actions)[keyof typeof actions],
  ][]) {
    const refused = fulfilmentOrderStatuses.filter((s) => !allowedFrom[name].includes(s))
    test.each(refused)(
      `${name} is refused from %s: a clear message, nothing changes`,
      async (status) => {
        const actor = await staff()
        const { order, products, warehouseId } = await createOrder(database.db, { status })
        const stockBefore = await stockOf(database.db, products[0]!.id, warehouseId)
        const error = await run(order.id, actor).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(AppError)
        expect(error).toMatchObject({
          code: 'conflict',
          userMessage: 'fulfilment:errors.stale',
          params: { number: order.number, status },
        })
        expect((await orderRow(order.id)).status).toBe(status)
        expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual(stockBefore)
        expect((await eventsOf(order.id)).map((e) => e.type)).toEqual(['placed'])
      },
    )
  }
})

describe('confirm, ship, deliver', () => {
  test('the whole way: each step an event, an audit row and an e-mail to the buyer; stock leaves on shipping', async () => {
    const actor = await staff()
    const { order, buyer, products, warehouseId } = await createOrder(database.db, {
      status: 'submitted',
      lines: [{ quantity: 4, onHand: 10 }],
    })
    const product = products[0]!
    expect(await stockOf(database.db, product.id, warehouseId)).toEqual({ onHand: 10, reserved: 4 })

    await expect(actions.confirm(order.id, actor)).resolves.toEqual({ number: order.number })
    expect((await orderRow(order.id)).status).toBe('confirmed')
    expect(await stockOf(database.db, product.id, warehouseId)).toEqual({ onHand: 10, reserved: 4 })

    await actions.ship(order.id, actor)
    const shipped = await orderRow(order.id)
    expect(shipped).toMatchObject({
      status: 'shipped',
      carrier: 'SF Express',
      trackingNumber: 'SF100200300',
    })
    expect(shipped.shippedAt).not.toBeNull()
    expect(await stockOf(database.db, product.id, warehouseId)).toEqual({ onHand: 6, reserved: 0 })
    const allocations = await database.db
      .select()
      .from(orderAllocations)
      .where(eq(orderAllocations.orderId, order.id))
    expect(allocations.map((a) => a.status)).toEqual(['shipped'])

    await actions.deliver(order.id, actor)
    expect((await orderRow(order.id)).status).toBe('delivered')

    const events = await eventsOf(order.id)
    expect(events.map((e) => [e.type, e.fromStatus, e.toStatus, e.actorUserId])).toEqual([
      ['placed', null, 'submitted', buyer.id],
      ['confirmed', 'submitted', 'confirmed', actor.id],
      ['shipped', 'confirmed', 'shipped', actor.id],
      ['delivered', 'shipped', 'delivered', actor.id],
    ])
    expect(events[2]!.details).toMatchObject({
      carrier: 'SF Express',
      trackingNumber: 'SF100200300',
      units: 4,
    })
    for (const action of ['order.confirmed', 'order.shipped', 'order.delivered']) {
      expect(await auditOf(order.id, action)).toHaveLength(1)
    }
    const shippedMail = await mailsTo(buyer.email, 'order-shipped')
    expect(shippedMail).toHaveLength(1)
    expect(shippedMail[0]!.bodyText).toContain('SF100200300')
    expect(shippedMail[0]!.bodyText).toContain(`${origin}/portal/orders/${order.id}`)
    expect(await mailsTo(buyer.email, 'order-confirmed')).toHaveLength(1)
    expect(await mailsTo(buyer.email, 'order-delivered')).toHaveLength(1)
  })

  test('shipping takes each warehouse’s own share, and refuses an order whose reservation is short', async () => {
    const actor = await staff()
    const north = await createWarehouse(database.db)
    const south = await createWarehouse(database.db)
    const product = await createProduct(database.db, {
      stock: { onHand: 5, warehouseId: north.id },
    })
    const { stockLevels } = await import('#db/schema/catalog')
    await database.db
      .insert(stockLevels)
      .values({ productId: product.id, warehouseId: south.id, onHand: 8 })
    const { order } = await createOrder(database.db, {
      status: 'confirmed',
      lines: [
        {
          product,
          quantity: 7,
          allocations: [
            { warehouseId: north.id, quantity: 5 },
            { warehouseId: south.id, quantity: 2 },
          ],
        },
      ],
    })
    await actions.ship(order.id, actor)
    expect(await stockOf(database.db, product.id, north.id)).toEqual({ onHand: 0, reserved: 0 })
    expect(await stockOf(database.db, product.id, south.id)).toEqual({ onHand: 6, reserved: 0 })

    const short = await createOrder(database.db, {
      status: 'confirmed',
      lines: [{ quantity: 3, allocations: [] }],
    })
    await expect(actions.ship(short.order.id, actor)).rejects.toMatchObject({
      userMessage: 'fulfilment:errors.reservationIncomplete',
      params: { lines: '1' },
    })
    expect((await orderRow(short.order.id)).status).toBe('confirmed')
  })

  test('an order of another kind of id is not found', async () => {
    const actor = await staff()
    await expect(actions.confirm('not-a-uuid', actor)).rejects.toMatchObject({ code: 'not_found' })
    await expect(
      actions.confirm('6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f', actor),
    ).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('credit hold decisions', () => {
  test('releasing a credit hold submits the order and keeps its stock reserved', async () => {
    const actor = await staff()
    const { order, buyer, products, warehouseId } = await createOrder(database.db, {
      status: 'credit_hold',
      lines: [{ quantity: 5, onHand: 5 }],
    })
    await releaseCreditHold(database.db, {
      actor,
      orderId: order.id,
      origin,
      note: 'Paid last invoice',
    })
    const row = await orderRow(order.id)
    expect(row.status).toBe('submitted')
    expect(row.submittedAt).not.toBeNull()
    expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual({
      onHand: 5,
      reserved: 5,
    })
    const [event] = (await eventsOf(order.id)).filter((e) => e.type === 'credit_released')
    expect(event).toMatchObject({
      fromStatus: 'credit_hold',
      toStatus: 'submitted',
      note: 'Paid last invoice',
    })
    expect(await mailsTo(buyer.email, 'order-credit-released')).toHaveLength(1)
    expect(await auditOf(order.id, 'order.credit_released')).toHaveLength(1)
  })

  test('cancelling a credit hold releases its stock', async () => {
    const actor = await staff()
    const { order, products, warehouseId } = await createOrder(database.db, {
      status: 'credit_hold',
      lines: [{ quantity: 5, onHand: 9 }],
    })
    await actions.cancel(order.id, actor)
    expect((await orderRow(order.id)).status).toBe('cancelled')
    expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual({
      onHand: 9,
      reserved: 0,
    })
  })
})

describe('cancelling before shipping', () => {
  test.each(['pending_payment', 'submitted', 'confirmed'] as const)(
    'from %s: stock released per warehouse, reason kept and sent to the buyer',
    async (status) => {
      const actor = await staff()
      const { order, buyer, products, warehouseId } = await createOrder(database.db, {
        status,
        lines: [
          { quantity: 2, onHand: 2 },
          { quantity: 3, onHand: 10 },
        ],
      })
      const result = await cancelOrderAsVendor(database.db, {
        actor,
        orderId: order.id,
        origin,
        reason: 'Discontinued model, replaced by the X2 series',
        gateway: null,
      })
      expect(result).toEqual({ number: order.number, refunds: [] })
      const row = await orderRow(order.id)
      expect(row).toMatchObject({
        status: 'cancelled',
        cancelledById: actor.id,
        cancelReason: 'Discontinued model, replaced by the X2 series',
      })
      expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual({
        onHand: 2,
        reserved: 0,
      })
      expect(await stockOf(database.db, products[1]!.id, warehouseId)).toEqual({
        onHand: 10,
        reserved: 0,
      })
      const [event] = (await eventsOf(order.id)).filter((e) => e.type === 'cancelled')
      expect(event).toMatchObject({
        fromStatus: status,
        toStatus: 'cancelled',
        details: { releasedUnits: 5, refundDue: false },
      })
      const [mail] = await mailsTo(buyer.email, 'order-cancelled-by-vendor')
      expect(mail!.bodyText).toContain('Discontinued model, replaced by the X2 series')
      expect(await auditOf(order.id, 'order.cancelled')).toHaveLength(1)
    },
  )

  test('the release is one function, idempotent: a second call gives nothing back twice', async () => {
    const { order, products, warehouseId } = await createOrder(database.db, {
      status: 'submitted',
      lines: [{ quantity: 4, onHand: 4 }],
    })
    await database.db.transaction(async (tx) => {
      const first = await releaseReservation(tx as never, order.id)
      const second = await releaseReservation(tx as never, order.id)
      expect(first).toEqual([{ productId: products[0]!.id, warehouseId, quantity: 4 }])
      expect(second).toEqual([])
    })
    expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual({
      onHand: 4,
      reserved: 0,
    })
  })

  test('two managers cancelling at once: one cancels, the other is told; stock released once', async () => {
    const [a, b] = [await staff(), await staff()]
    const { order, products, warehouseId } = await createOrder(database.db, {
      status: 'submitted',
      lines: [{ quantity: 6, onHand: 6 }],
    })
    const results = await Promise.allSettled([
      actions.cancel(order.id, a),
      actions.cancel(order.id, b),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(rejected.reason).toMatchObject({ userMessage: 'fulfilment:errors.stale' })
    expect(await stockOf(database.db, products[0]!.id, warehouseId)).toEqual({
      onHand: 6,
      reserved: 0,
    })
    expect((await eventsOf(order.id)).filter((e) => e.type === 'cancelled')).toHaveLength(1)
  })
})
