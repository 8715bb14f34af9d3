import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DatabaseConnection, openDatabase } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { registrationEvents, registrations } from '#db/schema/deals'
import { orderLines, orders } from '#db/schema/orders'
import { createOrderRow, createRegistrationRow, shanghai } from '#tests/factories/contribution'
import { createProductLine } from '#tests/factories/deals'
import { createPartner } from '#tests/factories/partners'
import { createUser } from '#tests/factories/users'
import { useTestDatabase } from '#tests/setup/database'
import { expectedAndKeptCells } from './raw-figures'

// The rollups' cells are shared by every order of a partner on a day: concurrent writers must add
// their differences, never overwrite each other's. PGlite runs one query at a time, so this runs
// on the PostgreSQL server only (`npm run test:pg`), with 20 real connections.

const onPostgres = Boolean(process.env.TEST_DATABASE_URL)
const database = useTestDatabase()
const writers = 20

describe.skipIf(!onPostgres)('rollups under real concurrency (PostgreSQL only)', () => {
  let pool: DatabaseConnection
  beforeAll(async () => {
    pool = await openDatabase({ url: database.url!, poolMax: writers })
  })
  afterAll(async () => {
    await pool?.close()
  })

  test('20 connections placing, cancelling and editing one partner’s orders of one day: rollups = rows', async () => {
    const db = database.db
    const partner = await createPartner(db, { kind: 'distributor', regions: ['CN-EAST'] })
    const user = await createUser(db, { role: 'partner_user', partnerId: partner.id })
    const [l1, l2] = [await createProductLine(db), await createProductLine(db)]
    const day = shanghai('2026-05-20 10:00')
    // One order already there, so every writer also meets existing cells.
    await createOrderRow(db, {
      partnerId: partner.id,
      placedById: user.id,
      status: 'submitted',
      placedAt: day,
      lines: [{ productLineId: l1.id, quantity: 1, netUnitMinor: 1_000 }],
    })
    const registration = await createRegistrationRow(db, {
      partnerId: partner.id,
      createdById: user.id,
      productLineId: l1.id,
      estimatedValueMinor: 100_000,
      submittedAt: day,
    })

    const results = await Promise.allSettled(
      Array.from({ length: writers }, async (_, i) => {
        const order = await createOrderRow(pool.db, {
          partnerId: partner.id,
          placedById: user.id,
          status: i % 3 === 0 ? 'credit_hold' : 'submitted',
          placedAt: new Date(day.getTime() + i * 60_000),
          registrationId: i % 4 === 0 ? registration.id : null,
          lines: [
            { productLineId: l1.id, quantity: 1 + i, netUnitMinor: 1_000 },
            { productLineId: i % 2 === 0 ? l2.id : l1.id, quantity: 2, netUnitMinor: 500 },
          ],
        })
        await pool.db.transaction(async (tx) => {
          if (i % 3 === 0) {
            await tx
              .update(orders)
              .set({ status: 'submitted', submittedAt: new Date() })
              .where(eq(orders.id, order.id))
          }
          await tx
            .update(orderLines)
            .set({ quantity: 3, lineTotalMinor: 3_000 })
            .where(sql`${orderLines.orderId} = ${order.id} and ${orderLines.lineNo} = 1`)
        })
        if (i % 5 === 0) {
          await pool.db
            .update(orders)
            .set({ status: 'cancelled', cancelledAt: new Date() })
            .where(eq(orders.id, order.id))
        } else if (i % 5 === 1) {
          await pool.db.delete(orderLines).where(eq(orderLines.orderId, order.id))
        }
        // Stage history of the one registration, from every connection at once.
        await pool.db.insert(registrationEvents).values({
          registrationId: registration.id,
          actorUserId: user.id,
          type: 'note',
          toStage: i % 2 === 0 ? 'qualified' : null,
          createdAt: new Date(day.getTime() + (i + 1) * 3_600_000),
        })
      }),
    )
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])

    await db
      .update(registrations)
      .set({
        status: 'approved',
        decidedAt: day,
        protectionStartsAt: day,
        protectionEndsAt: shanghai('2026-08-20 10:00'),
      })
      .where(eq(registrations.id, registration.id))
    const cells = await expectedAndKeptCells(db)
    expect(cells.kept).toEqual(cells.rows)
    // The day's cell of booked orders: 20 placed + 1, less 4 cancelled, less 4 left with no line.
    const [cell] = await queryRows<{ booked_orders: number }>(
      db,
      sql`select sum(booked_orders)::int as booked_orders from contribution_order_days
        where partner_id = ${partner.id}`,
    )
    expect(cell?.booked_orders).toBe(13)
  })
})
