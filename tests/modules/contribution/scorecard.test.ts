import { beforeAll, describe, expect, test } from 'vitest'
import { noFilters } from '#app/modules/contribution/contribution-rules'
import { getContributionOverview } from '#app/modules/contribution/get-contribution-overview.server'
import { getPartnerScorecard } from '#app/modules/contribution/get-partner-scorecard.server'
import { useTestDatabase } from '#tests/setup/database'
import { afterQ2, buildChannel, q2, type Channel } from './data-set'

const database = useTestDatabase()
let channel: Channel

beforeAll(async () => {
  channel = await buildChannel(database.db)
})

describe('partner scorecard', () => {
  test('Beta in Q2: its own figures, its share of the whole channel, attainment and next tier', async () => {
    const card = await getPartnerScorecard(database.db, {
      partnerId: channel.beta.id,
      period: q2,
      now: afterQ2,
    })
    expect(card.partner).toMatchObject({
      name: 'Beta Resale',
      tier: 'silver',
      regionCodes: ['CN-SOUTH'],
    })
    expect(card.row).toMatchObject({
      registrations: 3,
      orderRevenueMinor: 300_000,
      sourcedRevenueMinor: 1_200_000,
      // 3,000 of the channel's 40,000, not of Beta's own.
      share: 75,
      attainment: 750,
    })
    expect(card.attainment[0]?.figures).toMatchObject({
      revenueMinor: 1_500_000,
      revenueAttainment: 750,
    })
    // No year target: the Q2 target (20,000) stands for 2026; credited O11 + O4 + O3 = 21,000.
    expect(card.attainment[1]?.figures).toMatchObject({
      revenueMinor: 2_100_000,
      revenueAttainment: 1050,
    })
    expect(card.trailingRevenueMinor).toBe(2_100_000)
    expect(card.nextTier).toEqual({
      tier: 'gold',
      thresholdMinor: 200_000_000,
      remainingMinor: 197_900_000,
      progress: 11,
    })
    // Credited revenue by month: February O11, May O4, June O3 (placed by Alpha on Beta's R8).
    const trend = Object.fromEntries(card.trend.map((m) => [m.month, m.revenueMinor]))
    expect(trend).toMatchObject({ '2026-02': 600_000, '2026-05': 300_000, '2026-06': 1_200_000 })
    // June: R6 (23:30 on the 30th); R7 is July's.
    expect(card.trend.find((m) => m.month === '2026-06')?.registrations).toBe(1)
    expect(card.trend.find((m) => m.month === '2026-07')).toBeUndefined()
    expect(card.recentOrders.orders.map((o) => o.number)).toEqual([channel.orders.o4.number])
  })

  test('an unknown partner is not found', async () => {
    await expect(
      getPartnerScorecard(database.db, {
        partnerId: '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f',
        period: q2,
        now: afterQ2,
      }),
    ).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('dashboard', () => {
  test('revenue by month stacked by tier, forecast against target, top partners', async () => {
    const overview = await getContributionOverview(database.db, {
      query: {
        period: q2,
        groupBy: 'partner',
        filters: noFilters,
        sort: 'orderRevenue',
        dir: 'desc',
      },
      now: afterQ2,
    })
    const months = Object.fromEntries(overview.revenueByMonth.map((m) => [m.month, m.byTier]))
    expect(overview.revenueByMonth).toHaveLength(12)
    expect(overview.revenueByMonth[0]?.month).toBe('2025-07')
    expect(months).toMatchObject({
      '2026-02': { silver: 600_000 },
      '2026-03': { gold: 2_000_000 },
      '2026-04': { gold: 2_500_000 },
      '2026-05': { silver: 300_000 },
      '2026-06': { gold: 1_200_000 },
    })
    // From the current quarter (Q3, "now" is 15 July): O6 booked; R9 open at negotiation (75 %).
    expect(overview.forecastAgainstTarget[0]).toEqual({
      quarter: '2026-Q3',
      from: '2026-07-01',
      to: '2026-09-30',
      bookedMinor: 100_000,
      weightedMinor: 3_000_000,
      targetMinor: 0,
    })
    expect(overview.forecastAgainstTarget.map((q) => q.quarter)).toEqual([
      '2026-Q3',
      '2026-Q4',
      '2027-Q1',
      '2027-Q2',
    ])
    expect(overview.topPartners.map((p) => p.labelEn)).toEqual([
      'Alpha Distribution',
      'Beta Resale',
      'Gamma Dealer',
    ])
    expect(overview.funnel.reached.won).toBe(2)
  })
})
