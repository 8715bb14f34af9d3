import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { orders } from '#db/schema/orders'
import { findOrderQueue } from '#app/modules/orders/find-order-queue.server'
import { parseOrderQueueQuery, type OrderQueueQuery } from '#app/modules/orders/fulfilment-rules'
import { getOrderForVendor } from '#app/modules/orders/get-order-for-vendor.server'
import {
  createPartner,
  createProduct,
  createUser,
  createVendorStaff,
  createWarehouse,
} from '#tests/factories/index'
import { createOrder } from '#tests/factories/orders'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()
const HOUR = 3_600_000

const query = (search: string): OrderQueueQuery =>
  parseOrderQueueQuery(new URLSearchParams(search)).query

/** One partner's orders in every interesting status, placed an hour apart (oldest first). */
async function partnerWithOrders(name: string) {
  const partner = await createPartner(database.db, { name, creditLimitMinor: 50_000_000 })
  const buyer = await createUser(database.db, { role: 'partner_user', partnerId: partner.id })
  const start = new Date('2026-04-30T16:30:00Z') // 00:30 on 1 May in Shanghai
  const statuses = [
    'submitted',
    'submitted',
    'credit_hold',
    'confirmed',
    'shipped',
    'cancelled',
  ] as const
  const created = []
  for (const [i, status] of statuses.entries()) {
    created.push(
      await createOrder(database.db, {
        partner,
        buyer,
        status,
        paymentMethod: i === 1 ? 'card' : 'on_account',
        paymentStatus: i === 1 ? 'paid' : 'unpaid',
        placedAt: new Date(start.getTime() + i * 24 * HOUR),
        poNumber: `PO-${name.slice(0, 4).toUpperCase()}-${i}`,
      }),
    )
  }
  return { partner, buyer, orders: created }
}

describe('findOrderQueue', () => {
  test('counts per status as tabs, under the other filters', async () => {
    const { partner } = await partnerWithOrders('Counting Tabs Trading')
    const result = await findOrderQueue(database.db, { query: query(`partner=${partner.id}`) })
    expect(result.counts).toMatchObject({
      all: 6,
      submitted: 2,
      credit_hold: 1,
      confirmed: 1,
      shipped: 1,
      cancelled: 1,
      delivered: 0,
      pending_payment: 0,
      attention: 0,
    })
    expect(result.total).toBe(6)
    expect(result.partner).toMatchObject({ id: partner.id, name: 'Counting Tabs Trading' })
    // Newest first on "all"; a work tab reads oldest first.
    expect(result.rows.map((r) => r.poNumber)).toEqual([
      'PO-COUN-5',
      'PO-COUN-4',
      'PO-COUN-3',
      'PO-COUN-2',
      'PO-COUN-1',
      'PO-COUN-0',
    ])
    const submitted = await findOrderQueue(database.db, {
      query: query(`partner=${partner.id}&status=submitted`),
    })
    expect(submitted.rows.map((r) => r.poNumber)).toEqual(['PO-COUN-0', 'PO-COUN-1'])
    expect(submitted.counts.all).toBe(6)
    const card = await findOrderQueue(database.db, {
      query: query(`partner=${partner.id}&payment=card`),
    })
    expect(card.counts.all).toBe(1)
    expect(card.rows[0]).toMatchObject({ paymentMethod: 'card', paymentStatus: 'paid' })
  })

  test('search by order number, PO number or partner name; dates are Shanghai calendar days', async () => {
    const { partner, orders: placed } = await partnerWithOrders('Searchable Lantern Automation')
    const byNumber = await findOrderQueue(database.db, {
      query: query(`q=${placed[3]!.order.number.toLowerCase()}`),
    })
    expect(byNumber.rows.map((r) => r.id)).toEqual([placed[3]!.order.id])
    const byPo = await findOrderQueue(database.db, { query: query('q=po-sear-2') })
    expect(byPo.rows.map((r) => r.id)).toEqual([placed[2]!.order.id])
    const byName = await findOrderQueue(database.db, { query: query('q=lantern automation') })
    expect(byName.total).toBe(6)
    expect(byName.rows.every((r) => r.partnerId === partner.id)).toBe(true)
    // The first order was placed at 00:30 on 1 May in Shanghai (30 April in UTC).
    const firstDay = await findOrderQueue(database.db, {
      query: query(`partner=${partner.id}&from=2026-05-01&to=2026-05-01`),
    })
    expect(firstDay.rows.map((r) => r.id)).toEqual([placed[0]!.order.id])
    const lastDays = await findOrderQueue(database.db, {
      query: query(`partner=${partner.id}&from=2026-05-05`),
    })
    expect(lastDays.total).toBe(2)
    const escaped = await findOrderQueue(database.db, { query: query('q=%25%25_%5C') })
    expect(escaped.total).toBe(0)
  })

  test('needs attention: paid orders that ended; and pages of 25', async () => {
    const partner = await createPartner(database.db, { name: 'Paging Partner' })
    const buyer = await createUser(database.db, { role: 'partner_user', partnerId: partner.id })
    const warehouse = await createWarehouse(database.db)
    const product = await createProduct(database.db, {
      stock: { onHand: 1000, warehouseId: warehouse.id },
    })
    for (let i = 0; i < 26; i++) {
      await createOrder(database.db, {
        partner,
        buyer,
        warehouseId: warehouse.id,
        status: 'delivered',
        lines: [{ product, quantity: 1 }],
        placedAt: new Date(Date.UTC(2026, 3, 1, 0, i)),
      })
    }
    const late = await createOrder(database.db, {
      partner,
      buyer,
      status: 'expired',
      paymentMethod: 'card',
      paymentStatus: 'paid',
      payment: { status: 'succeeded' },
    })
    const first = await findOrderQueue(database.db, { query: query(`partner=${partner.id}`) })
    expect(first).toMatchObject({ total: 27, pageCount: 2, page: 1 })
    expect(first.rows).toHaveLength(25)
    expect(first.counts.attention).toBe(1)
    const second = await findOrderQueue(database.db, {
      query: query(`partner=${partner.id}&page=2`),
    })
    expect(second.rows).toHaveLength(2)
    const attention = await findOrderQueue(database.db, {
      query: query(`partner=${partner.id}&status=attention`),
    })
    expect(attention.rows.map((r) => [r.id, r.needsAttention])).toEqual([[late.order.id, true]])
    const beyond = await findOrderQueue(database.db, {
      query: query(`partner=${partner.id}&page=99`),
    })
    expect(beyond.rows).toEqual([])
  })
})

describe('getOrderForVendor', () => {
  test('the order with lines, where their stock is reserved, history, payments and the actions its status allows', async () => {
    const staff = await createVendorStaff(database.db)
    const east = await createWarehouse(database.db, { name: 'Shanghai', nameZh: '上海' })
    const south = await createWarehouse(database.db, { name: 'Guangzhou', nameZh: '广州' })
    const product = await createProduct(database.db, { stock: { onHand: 3, warehouseId: east.id } })
    const { stockLevels } = await import('#db/schema/catalog')
    await database.db
      .insert(stockLevels)
      .values({ productId: product.id, warehouseId: south.id, onHand: 4 })
    const { order } = await createOrder(database.db, {
      status: 'confirmed',
      lines: [
        {
          product,
          quantity: 5,
          allocations: [
            { warehouseId: east.id, quantity: 3 },
            { warehouseId: south.id, quantity: 2 },
          ],
        },
      ],
    })
    const detail = await getOrderForVendor(database.db, { actor: staff, orderId: order.id })
    expect(detail.order.number).toBe(order.number)
    expect(
      detail.lines[0]!.allocations.map((a) => [a.warehouseName, a.quantity, a.status]).sort(),
    ).toEqual([
      ['Guangzhou', 2, 'reserved'],
      ['Shanghai', 3, 'reserved'],
    ])
    expect(detail.actions).toEqual({
      confirm: false,
      ship: true,
      deliver: false,
      releaseCreditHold: false,
      cancel: true,
    })
    expect(detail.events.map((e) => e.type)).toEqual(['placed'])
    expect(detail.needsAttention).toBe(false)
  })

  test('the delivery region is named, not only coded', async () => {
    const staff = await createVendorStaff(database.db)
    const { regions } = await import('#db/schema/partners')
    await database.db
      .insert(regions)
      .values({ code: 'CN-EAST', nameEn: 'East China', nameZh: '华东' })
      .onConflictDoUpdate({ target: regions.code, set: { nameEn: 'East China', nameZh: '华东' } })
    const { order } = await createOrder(database.db)
    const detail = await getOrderForVendor(database.db, { actor: staff, orderId: order.id })
    expect(detail.order.shippingAddress.regionCode).toBe('CN-EAST')
    expect(detail.shippingRegion).toEqual({ nameEn: 'East China', nameZh: '华东' })
  })

  test('partner users, bad ids and unknown orders: not found', async () => {
    const { order, buyer } = await createOrder(database.db)
    await expect(
      getOrderForVendor(database.db, { actor: buyer, orderId: order.id }),
    ).rejects.toMatchObject({
      code: 'not_found',
    })
    const staff = await createVendorStaff(database.db)
    for (const orderId of ['x', '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f']) {
      await expect(getOrderForVendor(database.db, { actor: staff, orderId })).rejects.toMatchObject(
        {
          code: 'not_found',
        },
      )
    }
    expect((await database.db.select().from(orders).where(eq(orders.id, order.id))).length).toBe(1)
  })
})
