import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { noFilters, type Grouping } from '#app/modules/contribution/contribution-rules'
import { measureOrderRevenue } from '#app/modules/contribution/measure-order-revenue.server'
import { measureOutcomes } from '#app/modules/contribution/measure-outcomes.server'
import { measureRegistrations } from '#app/modules/contribution/measure-registrations.server'
import { measureStageFunnel } from '#app/modules/contribution/measure-stage-funnel.server'
import type { Credit } from '#app/modules/contribution/metric-scope.server'
import { periodInstants, type Period } from '#app/modules/contribution/period-rules'
import { registrationEvents, registrations } from '#db/schema/deals'
import { orderLines, orders } from '#db/schema/orders'
import { createOrderRow, shanghai } from '#tests/factories/contribution'
import { useTestDatabase } from '#tests/setup/database'
import { afterQ2, buildChannel, type Channel } from './data-set'
import {
  expectedAndKeptCells,
  rawFunnel,
  rawOrderRevenue,
  rawOutcomes,
  rawRegistrationCounts,
} from './raw-figures'

// The rollups (ADR 0018) must hold exactly what the source rows say, after the data set is built
// and after every kind of change the portal makes; and the measures reading them must give the
// figures that plain SQL over the rows gives.

const database = useTestDatabase()
let channel: Channel

beforeAll(async () => {
  channel = await buildChannel(database.db)
})

const periods: Period[] = [
  { kind: 'quarter', from: '2026-01-01', to: '2026-03-31' },
  { kind: 'quarter', from: '2026-04-01', to: '2026-06-30' },
  { kind: 'month', from: '2026-06-01', to: '2026-06-30' },
  { kind: 'custom', from: '2026-05-15', to: '2026-07-03' },
  { kind: 'quarter', from: '2026-07-01', to: '2026-09-30' },
]

const rawPeriod = (period: Period) => ({ ...periodInstants(period), ...period })

const groupings: {
  credit: Credit
  groupBy: Grouping | null
  raw: Parameters<typeof rawOrderRevenue>[3]
}[] = [
  { credit: 'fulfilled', groupBy: 'partner', raw: 'partner' },
  { credit: 'fulfilled', groupBy: 'tier', raw: 'tier' },
  { credit: 'fulfilled', groupBy: 'region', raw: 'region' },
  { credit: 'fulfilled', groupBy: 'productLine', raw: 'line' },
  { credit: 'fulfilled', groupBy: null, raw: 'all' },
  { credit: 'sourced', groupBy: 'partner', raw: 'partner' },
  { credit: 'sourced', groupBy: 'productLine', raw: 'line' },
  { credit: 'credited', groupBy: 'partner', raw: 'partner' },
]

/** Every figure the measures read from rollups, beside the same figure over the rows. */
async function figuresBothWays(now: Date) {
  const db = database.db
  const measured: Record<string, unknown> = {}
  const raw: Record<string, unknown> = {}
  for (const period of periods) {
    const span = `${period.from}..${period.to}`
    const scope = { period, filters: noFilters, currency: 'CNY', now }
    for (const g of groupings) {
      const label = `${span} revenue ${g.credit} by ${g.raw}`
      const figures = await measureOrderRevenue(db, {
        ...scope,
        groupBy: g.groupBy,
        credit: g.credit,
      })
      measured[label] = [...figures]
        .map(([key, f]) => ({
          key,
          revenue: String(f.revenueMinor),
          orders: String(f.orders),
          via: String(f.viaRegistrationsMinor),
          voided: String(f.voidedMinor),
        }))
        .sort((a, b) => a.key.localeCompare(b.key))
      raw[label] = (await rawOrderRevenue(db, rawPeriod(period), g.credit, g.raw)).sort((a, b) =>
        a.key.localeCompare(b.key),
      )
    }
    const registered = await measureRegistrations(db, { ...scope, groupBy: 'partner' })
    measured[`${span} registrations`] = [...registered]
      .map(([key, f]) => ({
        key,
        submitted: f.submitted,
        decided: f.decided,
        approved: f.approved,
      }))
      .sort((a, b) => a.key.localeCompare(b.key))
    raw[`${span} registrations`] = (await rawRegistrationCounts(db, rawPeriod(period))).sort(
      (a, b) => a.key.localeCompare(b.key),
    )
    for (const credit of ['fulfilled', 'sourced', 'credited'] as const) {
      const outcomes = await measureOutcomes(db, { ...scope, groupBy: 'partner', credit })
      measured[`${span} outcomes ${credit}`] = [...outcomes]
        .map(([key, f]) => ({
          key,
          won: f.won,
          won_minor: String(f.wonRevenueMinor),
          lost: f.lost,
          expired: f.expired,
          days: f.averageDaysToClose == null ? null : f.averageDaysToClose.toFixed(1),
        }))
        .sort((a, b) => a.key.localeCompare(b.key))
      raw[`${span} outcomes ${credit}`] = (
        await rawOutcomes(db, rawPeriod(period), now, credit)
      ).sort((a, b) => a.key.localeCompare(b.key))
    }
    measured[`${span} funnel`] = (await measureStageFunnel(db, scope)).reached
    raw[`${span} funnel`] = await rawFunnel(db, rawPeriod(period))
  }
  return { measured, raw }
}

async function expectRollupsEqualRows(now: Date) {
  const cells = await expectedAndKeptCells(database.db)
  expect(cells.kept).toEqual(cells.rows)
  for (const rows of Object.values(cells.rows)) expect(rows.length).toBeGreaterThan(0)
  const figures = await figuresBothWays(now)
  expect(figures.measured).toEqual(figures.raw)
}

describe('rollups equal the rows', () => {
  test('for the hand-built channel, measured after Q2 and in the middle of 30 June', async () => {
    await expectRollupsEqualRows(afterQ2)
    // Inside a running day: R4's protection ended at 10:00 on 30 June, so it is expired by 10:30
    // but not yet at 09:30.
    await expectRollupsEqualRows(shanghai('2026-06-30 09:30'))
    await expectRollupsEqualRows(shanghai('2026-06-30 10:30'))
  })

  test('after orders are placed, cancelled, released, edited, moved and deleted', async () => {
    const db = database.db
    const { alpha, beta, alphaUser, betaUser, l1, l2 } = channel
    const { o1, o2, o3, o4, o5 } = channel.orders

    // Placed: Beta, on Alpha's registration R2, lines of both product lines.
    const placed = await createOrderRow(db, {
      partnerId: beta.id,
      placedById: betaUser.id,
      status: 'submitted',
      placedAt: shanghai('2026-06-15 09:00'),
      regionCode: 'CN-SOUTH',
      registrationId: channel.registrations.r2.id,
      lines: [
        { productLineId: l1.id, quantity: 2, netUnitMinor: 150_000 },
        { productLineId: l2.id, quantity: 1, netUnitMinor: 70_000 },
        { productLineId: l2.id, quantity: 4, netUnitMinor: 10_000 },
      ],
    })
    await expectRollupsEqualRows(afterQ2)

    // Cancelled after delivery; a pending payment paid (submitted); confirmed and shipped.
    await db
      .update(orders)
      .set({ status: 'cancelled', cancelledAt: shanghai('2026-07-02 10:00') })
      .where(eq(orders.id, o1.id))
    await db
      .update(orders)
      .set({ status: 'submitted', submittedAt: shanghai('2026-04-20 10:05') })
      .where(eq(orders.status, 'pending_payment'))
    await db
      .update(orders)
      .set({ status: 'confirmed', confirmedAt: shanghai('2026-06-15 12:00') })
      .where(eq(orders.id, placed.id))
    await db
      .update(orders)
      .set({ status: 'shipped', shippedAt: shanghai('2026-06-16 12:00') })
      .where(eq(orders.id, placed.id))
    await expectRollupsEqualRows(afterQ2)

    // Lines edited: a quantity changed, a line of another product line added, the only line of
    // an order removed, and a line moved to another product line.
    const [o4Line] = await db.select().from(orderLines).where(eq(orderLines.orderId, o4.id))
    await db
      .update(orderLines)
      .set({ quantity: 5, lineTotalMinor: 1_500_000 })
      .where(eq(orderLines.id, o4Line!.id))
    await db.insert(orderLines).values({
      orderId: o4.id,
      lineNo: 2,
      productId: o4Line!.productId,
      productLineId: l2.id,
      sku: 'SKU-2',
      name: 'Line 2',
      unit: 'pcs',
      quantity: 1,
      listUnitMinor: 40_000,
      netUnitMinor: 40_000,
      lineTotalMinor: 40_000,
      priceSource: 'list',
      priceSteps: [],
    })
    await db.delete(orderLines).where(eq(orderLines.orderId, o3.id))
    await db
      .update(orderLines)
      .set({ productLineId: l2.id })
      .where(sql`${orderLines.orderId} = ${placed.id} and ${orderLines.lineNo} = 1`)
    await expectRollupsEqualRows(afterQ2)

    // Moved: placed a day earlier across the quarter boundary, into another currency and back,
    // to another partner and off its registration; then one order deleted.
    await db
      .update(orders)
      .set({ placedAt: shanghai('2026-03-31 22:00') })
      .where(eq(orders.id, o2.id))
    await db.update(orders).set({ currency: 'CNY' }).where(eq(orders.currency, 'USD'))
    await db
      .update(orders)
      .set({
        partnerId: alpha.id,
        placedById: alphaUser.id,
        registrationId: null,
        dealDiscountBps: null,
      })
      .where(eq(orders.id, placed.id))
    await db
      .update(orders)
      .set({
        shippingAddress: sql`jsonb_set(${orders.shippingAddress}, '{regionCode}', '"CN-EAST"')`,
      })
      .where(eq(orders.id, o4.id))
    await db.delete(orders).where(eq(orders.id, o5.id))
    await expectRollupsEqualRows(afterQ2)
  })

  test('after registrations are submitted, approved, moved on, won, lost and expire', async () => {
    const db = database.db
    const { r2, r4, r6, r7, r9 } = channel.registrations

    // R6 approved on 1 July; R7 rejected.
    await db
      .update(registrations)
      .set({
        status: 'approved',
        decidedAt: shanghai('2026-07-01 10:00'),
        protectionStartsAt: shanghai('2026-07-01 10:00'),
        protectionEndsAt: shanghai('2026-09-29 10:00'),
      })
      .where(eq(registrations.id, r6.id))
    await db
      .update(registrations)
      .set({ status: 'rejected', decidedAt: shanghai('2026-07-02 10:00') })
      .where(eq(registrations.id, r7.id))
    // R2 moves from proposal to negotiation on 10 June (40 days in proposal), then is lost.
    await db.update(registrations).set({ stage: 'negotiation' }).where(eq(registrations.id, r2.id))
    await db.insert(registrationEvents).values({
      registrationId: r2.id,
      type: 'stage_changed',
      fromStage: 'proposal',
      toStage: 'negotiation',
      createdAt: shanghai('2026-06-10 11:00'),
    })
    await expectRollupsEqualRows(afterQ2)
    const funnel = await measureStageFunnel(db, {
      period: { kind: 'quarter', from: '2026-04-01', to: '2026-06-30' },
      filters: noFilters,
      now: afterQ2,
    })
    // R1 and R8 (won), R9 and now R2.
    expect(funnel.reached.negotiation).toBe(4)
    // R2's 40 days (05-01 11:00 to 06-10 11:00) are the quarter's only completed proposal stay.
    expect(funnel.medianDaysInStage.proposal).toBe(40)

    await db
      .update(registrations)
      .set({
        status: 'lost',
        stage: 'lost',
        lostReasonCode: 'price',
        closedAt: shanghai('2026-06-25 12:00'),
      })
      .where(eq(registrations.id, r2.id))
    await db.insert(registrationEvents).values({
      registrationId: r2.id,
      type: 'lost',
      fromStage: 'negotiation',
      toStage: 'lost',
      createdAt: shanghai('2026-06-25 12:00'),
    })
    // R9 won on 1 August; R6 expires unswept (protection moved into the past).
    await db
      .update(registrations)
      .set({
        status: 'won',
        stage: 'won',
        wonAmountMinor: 3_800_000,
        wonOn: '2026-08-01',
        closedAt: shanghai('2026-08-01 09:00'),
      })
      .where(eq(registrations.id, r9.id))
    await db.insert(registrationEvents).values({
      registrationId: r9.id,
      type: 'won',
      fromStage: 'negotiation',
      toStage: 'won',
      createdAt: shanghai('2026-08-01 09:00'),
    })
    await db
      .update(registrations)
      .set({ protectionEndsAt: shanghai('2026-07-03 08:00') })
      .where(eq(registrations.id, r6.id))
    // R4, expired, reopened by a manager under another fulfilling partner and region.
    await db
      .update(registrations)
      .set({ status: 'approved', fulfilmentPartnerId: null, regionCode: 'CN-EAST' })
      .where(eq(registrations.id, r4.id))
    await expectRollupsEqualRows(afterQ2)
    await expectRollupsEqualRows(shanghai('2026-07-03 09:00'))
    await expectRollupsEqualRows(new Date('2026-09-01T00:00:00Z'))

    // A registration deleted, its history with it.
    await db.delete(registrations).where(eq(registrations.id, r9.id))
    await expectRollupsEqualRows(afterQ2)
  })
})
