import { and, eq, inArray } from 'drizzle-orm'
import { describe, expect, test, vi } from 'vitest'
import { type Database, openDatabase } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { stockLevels } from '#db/schema/catalog'
import { orderAllocations, orderEvents, orders, payments } from '#db/schema/orders'
import { emailOutbox } from '#db/schema/outbox'
import { checkOrderConsistency } from '#app/modules/orders/check-order-consistency.server'
import { sweepOrderExpiry } from '#app/modules/orders/sweep-order-expiry.server'
import { createProduct, createWarehouse } from '#tests/factories/index'
import { createOrder, stockOf } from '#tests/factories/orders'
import { createTestDatabase } from '#tests/setup/database'
import { startOrderSweeper } from '../../../server/order-sweeper'

const origin = 'https://portal.example.test'
const MIN = 60_000
const nothing = { expiredUnpaid: 0, expiredCreditHolds: 0 }

/**
 * The sweeper acts on every due order in the database, so each scenario gets a database of its
 * own: the counts it asserts are exactly its own orders.
 */
async function withDatabase(run: (db: Database, url: string | undefined) => Promise<void>) {
  const database = await createTestDatabase()
  try {
    await run(database.db, database.url)
  } finally {
    await database.close()
  }
}

async function orderRow(db: Database, id: string) {
  const [row] = await db.select().from(orders).where(eq(orders.id, id))
  return row!
}

describe('sweepOrderExpiry', () => {
  test('an unpaid card order expires exactly at its payment expiry: stock released, event, audit, e-mail', async () => {
    await withDatabase(async (db) => {
      const placedAt = new Date('2026-05-04T02:00:00Z')
      const expiresAt = new Date(placedAt.getTime() + 60 * MIN)
      const { order, buyer, products, warehouseId } = await createOrder(db, {
        status: 'pending_payment',
        placedAt,
        paymentExpiresAt: expiresAt,
        lines: [{ quantity: 3, onHand: 3 }],
        payment: { status: 'open', expiresAt },
      })
      expect(
        await sweepOrderExpiry(db, { origin, now: new Date(expiresAt.getTime() - 1) }),
      ).toEqual(nothing)
      expect((await orderRow(db, order.id)).status).toBe('pending_payment')

      expect(await sweepOrderExpiry(db, { origin, now: expiresAt })).toEqual({
        ...nothing,
        expiredUnpaid: 1,
      })
      const row = await orderRow(db, order.id)
      expect(row.status).toBe('expired')
      expect(row.expiredAt?.toISOString()).toBe(expiresAt.toISOString())
      expect(await stockOf(db, products[0]!.id, warehouseId)).toEqual({ onHand: 3, reserved: 0 })
      const [payment] = await db.select().from(payments).where(eq(payments.orderId, order.id))
      expect(payment!.status).toBe('expired')
      const [event] = await db
        .select()
        .from(orderEvents)
        .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.type, 'expired')))
      expect(event).toMatchObject({
        actorUserId: null,
        fromStatus: 'pending_payment',
        toStatus: 'expired',
      })
      expect(
        await db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.entityId, order.id), eq(auditLog.action, 'order.expired'))),
      ).toHaveLength(1)
      const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.toEmail, buyer.email))
      expect(mails.map((m) => m.template)).toEqual(['order-expired'])

      // A second run finds nothing: nothing is released twice.
      expect(
        await sweepOrderExpiry(db, { origin, now: new Date(expiresAt.getTime() + 60 * MIN) }),
      ).toEqual(nothing)
      expect(await stockOf(db, products[0]!.id, warehouseId)).toEqual({ onHand: 3, reserved: 0 })
      expect(await checkOrderConsistency(db)).toEqual([])
    })
  })

  test('a credit hold nobody decided is cancelled by expiry and its stock released; decided ones stay', async () => {
    await withDatabase(async (db) => {
      const placedAt = new Date('2026-05-01T02:00:00Z')
      const holdEnds = new Date(placedAt.getTime() + 72 * 60 * MIN)
      const held = await createOrder(db, {
        status: 'credit_hold',
        placedAt,
        creditHoldExpiresAt: holdEnds,
        lines: [{ quantity: 8, onHand: 10 }],
      })
      // Released before its end (now submitted, its old hold end still on the row): untouched.
      const released = await createOrder(db, {
        status: 'submitted',
        placedAt,
        creditHoldExpiresAt: holdEnds,
      })
      // Paid card order past its window: it is not "unpaid", so it does not expire.
      const paidLate = await createOrder(db, {
        status: 'pending_payment',
        paymentStatus: 'paid',
        placedAt,
        paymentExpiresAt: new Date(placedAt.getTime() + 60 * MIN),
      })

      expect(await sweepOrderExpiry(db, { origin, now: holdEnds })).toEqual({
        ...nothing,
        expiredCreditHolds: 1,
      })
      const row = await orderRow(db, held.order.id)
      expect(row).toMatchObject({ status: 'cancelled', cancelledById: null })
      expect(await stockOf(db, held.products[0]!.id, held.warehouseId)).toEqual({
        onHand: 10,
        reserved: 0,
      })
      const [event] = await db
        .select()
        .from(orderEvents)
        .where(
          and(eq(orderEvents.orderId, held.order.id), eq(orderEvents.type, 'credit_hold_expired')),
        )
      expect(event).toMatchObject({ fromStatus: 'credit_hold', toStatus: 'cancelled' })
      expect((await orderRow(db, released.order.id)).status).toBe('submitted')
      expect((await orderRow(db, paidLate.order.id)).status).toBe('pending_payment')
      const [mail] = await db
        .select()
        .from(emailOutbox)
        .where(eq(emailOutbox.toEmail, held.buyer.email))
      expect(mail!.bodyText).toContain('credit limit')
    })
  })

  test('the server loop runs the sweep after start-up, every interval, and stops cleanly', async () => {
    await withDatabase(async (db) => {
      const due = () =>
        createOrder(db, {
          status: 'pending_payment',
          placedAt: new Date(Date.now() - 2 * 60 * MIN),
          paymentExpiresAt: new Date(Date.now() - 60 * MIN),
        })
      const first = await due()
      const sweeper = startOrderSweeper(
        db,
        { APP_ORIGIN: origin, PORT: 3000 },
        { firstRunMs: 10, intervalMs: 200 },
      )
      try {
        await vi.waitFor(async () =>
          expect((await orderRow(db, first.order.id)).status).toBe('expired'),
        )
        const second = await due()
        await vi.waitFor(async () =>
          expect((await orderRow(db, second.order.id)).status).toBe('expired'),
        )
      } finally {
        await sweeper.stop()
      }
    })
  })
})

describe.runIf(process.env.TEST_DATABASE_URL)(
  'sweepOrderExpiry under real concurrency (PostgreSQL)',
  () => {
    test('two sweepers at once over 40 due orders sharing stock rows: each ends once, stock released once', async () => {
      await withDatabase(async (db, url) => {
        const warehouse = await createWarehouse(db)
        const shared = await Promise.all(
          [0, 1, 2].map(() =>
            createProduct(db, { stock: { onHand: 200, warehouseId: warehouse.id } }),
          ),
        )
        const due: string[] = []
        const placedAt = new Date('2026-05-04T02:00:00Z')
        const first = await createOrder(db, { status: 'delivered', warehouseId: warehouse.id })
        const sameBuyer = { partner: first.partner, buyer: first.buyer }
        for (let i = 0; i < 40; i++) {
          const { order } = await createOrder(db, {
            ...sameBuyer,
            status: i % 4 === 0 ? 'credit_hold' : 'pending_payment',
            placedAt,
            warehouseId: warehouse.id,
            paymentExpiresAt: i % 4 === 0 ? null : new Date(placedAt.getTime() + 60 * MIN),
            creditHoldExpiresAt: i % 4 === 0 ? new Date(placedAt.getTime() + 60 * MIN) : null,
            lines: [
              { product: shared[i % 3]!, quantity: 2 },
              { product: shared[(i + 1) % 3]!, quantity: 1 },
            ],
          })
          due.push(order.id)
        }
        // Still open (not due): its reservation must survive both sweepers.
        const open = await createOrder(db, {
          status: 'submitted',
          warehouseId: warehouse.id,
          lines: [{ product: shared[0]!, quantity: 5 }],
        })

        const connections = await Promise.all(
          [0, 1].map(() => openDatabase({ url: url!, poolMax: 2 })),
        )
        try {
          const now = new Date(placedAt.getTime() + 2 * 60 * MIN)
          const results = await Promise.all(
            connections.map((c) => sweepOrderExpiry(c.db, { origin, now, batchSize: 3 })),
          )
          expect(results.reduce((sum, r) => sum + r.expiredUnpaid, 0)).toBe(30)
          expect(results.reduce((sum, r) => sum + r.expiredCreditHolds, 0)).toBe(10)
        } finally {
          await Promise.all(connections.map((c) => c.close()))
        }

        const events = await db
          .select({ orderId: orderEvents.orderId })
          .from(orderEvents)
          .where(
            and(
              inArray(orderEvents.orderId, due),
              inArray(orderEvents.type, ['expired', 'credit_hold_expired']),
            ),
          )
        expect(events.map((e) => e.orderId).sort()).toEqual([...due].sort())
        const stillReserved = await db
          .select()
          .from(orderAllocations)
          .where(
            and(inArray(orderAllocations.orderId, due), eq(orderAllocations.status, 'reserved')),
          )
        expect(stillReserved).toEqual([])
        const stock = await db
          .select({
            productId: stockLevels.productId,
            onHand: stockLevels.onHand,
            reserved: stockLevels.reserved,
          })
          .from(stockLevels)
          .where(
            and(
              eq(stockLevels.warehouseId, warehouse.id),
              inArray(
                stockLevels.productId,
                shared.map((p) => p.id),
              ),
            ),
          )
        // Only the open order's 5 units remain reserved (on product 0); nothing went below zero.
        expect(
          stock
            .map((s) => ({ onHand: s.onHand, reserved: s.reserved }))
            .sort((a, b) => b.reserved - a.reserved),
        ).toEqual([
          { onHand: 200, reserved: 5 },
          { onHand: 200, reserved: 0 },
          { onHand: 200, reserved: 0 },
        ])
        expect(stock.find((s) => s.productId === shared[0]!.id)!.reserved).toBe(5)
        expect((await orderRow(db, open.order.id)).status).toBe('submitted')
        expect(await checkOrderConsistency(db)).toEqual([])
      })
    })
  },
)
