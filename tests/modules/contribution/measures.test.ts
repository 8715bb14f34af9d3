import { beforeAll, describe, expect, test } from 'vitest'
import { defaultStageProbabilities, noFilters } from '#app/modules/contribution/contribution-rules'
import { measureConflicts } from '#app/modules/contribution/measure-conflicts.server'
import { measureForecast } from '#app/modules/contribution/measure-forecast.server'
import { measureOrderRevenue } from '#app/modules/contribution/measure-order-revenue.server'
import { measureOutcomes } from '#app/modules/contribution/measure-outcomes.server'
import { measurePipeline } from '#app/modules/contribution/measure-pipeline.server'
import { measureRegistrations } from '#app/modules/contribution/measure-registrations.server'
import { measureStageFunnel } from '#app/modules/contribution/measure-stage-funnel.server'
import type { MetricScope } from '#app/modules/contribution/metric-scope.server'
import { useTestDatabase } from '#tests/setup/database'
import { afterQ2, buildChannel, q2, type Channel } from './data-set'

const database = useTestDatabase()
let channel: Channel

beforeAll(async () => {
  channel = await buildChannel(database.db)
})

const scope = (overrides: Partial<MetricScope> = {}): MetricScope => ({
  period: q2,
  filters: noFilters,
  groupBy: 'partner',
  currency: 'CNY',
  now: afterQ2,
  ...overrides,
})

describe('registrations', () => {
  test('Q2 counts submissions by Shanghai day and decisions made in Q2, by registering partner', async () => {
    const figures = await measureRegistrations(database.db, scope())
    // Alpha: R1, R2, R3, R9 submitted; all four decided (R3 rejected) after 24, 48, 6, 30 hours.
    expect(figures.get(channel.alpha.id)).toEqual({
      submitted: 4,
      decided: 4,
      approved: 3,
      medianHoursToDecision: 27,
    })
    // Beta: R5, R6 (23:30 on 30 June), R8 submitted; R7 at 00:30 on 1 July is Q3. Decided in Q2:
    // R4 (submitted in Q1, approved 1 April after 48 h), R5 and R8 (24 h each).
    expect(figures.get(channel.beta.id)).toEqual({
      submitted: 3,
      decided: 3,
      approved: 3,
      medianHoursToDecision: 24,
    })
    expect(figures.has(channel.gamma.id)).toBe(false)
  })

  test('the channel total: 7 submitted, 6 of 7 decisions approvals, median 24 h', async () => {
    const figures = await measureRegistrations(database.db, scope({ groupBy: null }))
    expect(figures.get('all')).toEqual({
      submitted: 7,
      decided: 7,
      approved: 6,
      medianHoursToDecision: 24,
    })
  })

  test('by region and by product line', async () => {
    const byRegion = await measureRegistrations(database.db, scope({ groupBy: 'region' }))
    expect(byRegion.get('CN-EAST')?.submitted).toBe(4)
    expect(byRegion.get('CN-SOUTH')?.submitted).toBe(3)
    const byLine = await measureRegistrations(database.db, scope({ groupBy: 'productLine' }))
    // L1: R1, R3, R9, R6; L2: R2, R5, R8.
    expect(byLine.get(channel.l1.id)?.submitted).toBe(4)
    expect(byLine.get(channel.l2.id)?.submitted).toBe(3)
  })

  test('Q3 starts at midnight in Shanghai: R7 (16:30 UTC on 30 June) is there', async () => {
    const q3 = { kind: 'quarter' as const, from: '2026-07-01', to: '2026-09-30' }
    const figures = await measureRegistrations(database.db, scope({ period: q3, groupBy: null }))
    expect(figures.get('all')?.submitted).toBe(1)
  })
})

describe('conflicts', () => {
  test('refused submissions in Q2 count for the submitter; the one on 31 March does not', async () => {
    const figures = await measureConflicts(database.db, scope())
    expect(figures.get(channel.beta.id)).toBe(1)
    expect(figures.get(channel.gamma.id)).toBe(1)
    expect(figures.has(channel.alpha.id)).toBe(false)
    const byRegion = await measureConflicts(database.db, scope({ groupBy: 'region' }))
    expect(Object.fromEntries(byRegion)).toEqual({ 'CN-SOUTH': 1, 'CN-EAST': 1 })
  })
})

describe('pipeline and forecast', () => {
  test('at the end of Q2: R2 at proposal (50 %) and R9 at qualified (25 %), as they stood then', async () => {
    const figures = await measurePipeline(database.db, {
      ...scope({ groupBy: null }),
      probabilities: defaultStageProbabilities,
    })
    // R4 expired on 30 June, R5 was lost, R1 and R8 were won: none is open at 1 July 00:00.
    expect(figures.get('all')).toEqual({
      openCount: 2,
      openValueMinor: 9_000_000,
      weightedMinor: 2_500_000 + 1_000_000,
    })
  })

  test('now, in Q3: only R9, at negotiation (75 %); R2 passed its protection end on 11 July', async () => {
    const q3 = { kind: 'quarter' as const, from: '2026-07-01', to: '2026-09-30' }
    const figures = await measurePipeline(database.db, {
      ...scope({ period: q3 }),
      probabilities: defaultStageProbabilities,
    })
    expect(figures.get(channel.alpha.id)).toEqual({
      openCount: 1,
      openValueMinor: 4_000_000,
      weightedMinor: 3_000_000,
    })
    expect(figures.size).toBe(1)
  })

  test('stage probabilities are configurable', async () => {
    const figures = await measurePipeline(database.db, {
      ...scope({ groupBy: null }),
      probabilities: { registered: 0, qualified: 1000, proposal: 3333, negotiation: 9000 },
    })
    // 50,000.00 × 33.33 % = 16,665.00; 40,000.00 × 10 % = 4,000.00.
    expect(figures.get('all')?.weightedMinor).toBe(1_666_500 + 400_000)
  })

  test('the weighted forecast by expected-close quarter', async () => {
    const quarters = await measureForecast(database.db, {
      period: q2,
      filters: noFilters,
      currency: 'CNY',
      now: afterQ2,
      probabilities: defaultStageProbabilities,
    })
    expect(quarters).toEqual([
      { quarter: '2026-Q2', openCount: 1, openValueMinor: 5_000_000, weightedMinor: 2_500_000 },
      { quarter: '2026-Q3', openCount: 1, openValueMinor: 4_000_000, weightedMinor: 1_000_000 },
    ])
  })
})

describe('outcomes: won, lost, expired, two-tier credit', () => {
  test('sourced: credited to the registering partner', async () => {
    const figures = await measureOutcomes(database.db, { ...scope(), credit: 'sourced' })
    // Alpha won R1 (90,000, 48 days); R10 was won on 31 March (Q1).
    expect(figures.get(channel.alpha.id)).toEqual({
      won: 1,
      wonRevenueMinor: 9_000_000,
      lost: 0,
      expired: 0,
      averageDaysToClose: 48,
    })
    // Beta won R8 (55,000, 49 days), lost R5, and R4 expired on 30 June.
    expect(figures.get(channel.beta.id)).toEqual({
      won: 1,
      wonRevenueMinor: 5_500_000,
      lost: 1,
      expired: 1,
      averageDaysToClose: 49,
    })
  })

  test('fulfilled: Alpha fulfils Beta’s R4, R5 and R8', async () => {
    const figures = await measureOutcomes(database.db, { ...scope(), credit: 'fulfilled' })
    expect(figures.get(channel.alpha.id)).toEqual({
      won: 2,
      wonRevenueMinor: 14_500_000,
      lost: 1,
      expired: 1,
      averageDaysToClose: 48.5,
    })
    expect(figures.has(channel.beta.id)).toBe(false)
  })

  test('credited: each partner of a two-tier deal gets it once; the channel total counts it once', async () => {
    const credited = await measureOutcomes(database.db, { ...scope(), credit: 'credited' })
    expect(credited.get(channel.alpha.id)?.wonRevenueMinor).toBe(14_500_000)
    expect(credited.get(channel.beta.id)?.wonRevenueMinor).toBe(5_500_000)
    const total = await measureOutcomes(database.db, {
      ...scope({ groupBy: null }),
      credit: 'sourced',
    })
    expect(total.get('all')).toEqual({
      won: 2,
      wonRevenueMinor: 14_500_000,
      lost: 1,
      expired: 1,
      averageDaysToClose: 48.5,
    })
  })

  test('an approval past its end counts as expired in Q3 even before the sweeper marks it', async () => {
    const q3 = { kind: 'quarter' as const, from: '2026-07-01', to: '2026-09-30' }
    const figures = await measureOutcomes(database.db, {
      ...scope({ period: q3 }),
      credit: 'sourced',
    })
    expect(figures.get(channel.alpha.id)?.expired).toBe(1)
  })
})

describe('order revenue', () => {
  test('fulfilled: booked orders placed in Q2, net of cancelled and expired ones', async () => {
    const figures = await measureOrderRevenue(database.db, { ...scope(), credit: 'fulfilled' })
    // Alpha: O1 25,000 + O3 12,000 (23:50 on 30 June); O2 cancelled (8,000); O6 is Q3; O8 on
    // credit hold; O9 in USD.
    expect(figures.get(channel.alpha.id)).toEqual({
      revenueMinor: 3_700_000,
      orders: 2,
      viaRegistrationsMinor: 3_700_000,
      voidedMinor: 800_000,
    })
    // Beta: O4 3,000; O5 expired unpaid (2,000); O7 still awaits payment.
    expect(figures.get(channel.beta.id)).toEqual({
      revenueMinor: 300_000,
      orders: 1,
      viaRegistrationsMinor: 0,
      voidedMinor: 200_000,
    })
  })

  test('sourced: orders on a partner’s registrations, whoever placed them', async () => {
    const figures = await measureOrderRevenue(database.db, { ...scope(), credit: 'sourced' })
    expect(figures.get(channel.alpha.id)?.revenueMinor).toBe(2_500_000)
    expect(figures.get(channel.beta.id)?.revenueMinor).toBe(1_200_000)
  })

  test('credited: placed or sourced, once per order', async () => {
    const figures = await measureOrderRevenue(database.db, { ...scope(), credit: 'credited' })
    expect(figures.get(channel.alpha.id)?.revenueMinor).toBe(3_700_000)
    expect(figures.get(channel.beta.id)?.revenueMinor).toBe(1_500_000)
  })

  test('by product line, region (shipping address) and tier', async () => {
    const byLine = await measureOrderRevenue(database.db, {
      ...scope({ groupBy: 'productLine' }),
      credit: 'fulfilled',
    })
    expect(byLine.get(channel.l1.id)?.revenueMinor).toBe(2_300_000)
    expect(byLine.get(channel.l2.id)?.revenueMinor).toBe(1_700_000)
    const byRegion = await measureOrderRevenue(database.db, {
      ...scope({ groupBy: 'region' }),
      credit: 'fulfilled',
    })
    expect(byRegion.get('CN-EAST')?.revenueMinor).toBe(2_500_000)
    expect(byRegion.get('CN-SOUTH')?.revenueMinor).toBe(1_500_000)
    const byTier = await measureOrderRevenue(database.db, {
      ...scope({ groupBy: 'tier' }),
      credit: 'fulfilled',
    })
    expect(byTier.get('gold')?.revenueMinor).toBe(3_700_000)
    expect(byTier.get('silver')?.revenueMinor).toBe(300_000)
  })

  test('filters narrow every line: region CN-SOUTH and product line L2 leave O3 alone', async () => {
    const figures = await measureOrderRevenue(database.db, {
      ...scope({
        groupBy: null,
        filters: { ...noFilters, regionCode: 'CN-SOUTH', productLineId: channel.l2.id },
      }),
      credit: 'fulfilled',
    })
    expect(figures.get('all')).toEqual({
      revenueMinor: 1_200_000,
      orders: 1,
      viaRegistrationsMinor: 1_200_000,
      voidedMinor: 200_000,
    })
  })

  test('Q1 has O10 (23:00 on 31 March) and O11', async () => {
    const q1 = { kind: 'quarter' as const, from: '2026-01-01', to: '2026-03-31' }
    const figures = await measureOrderRevenue(database.db, {
      ...scope({ period: q1, groupBy: null }),
      credit: 'fulfilled',
    })
    expect(figures.get('all')?.revenueMinor).toBe(2_600_000)
  })
})

describe('stage funnel', () => {
  test('Q2 submissions: how far each got, and why the lost ones were lost', async () => {
    const funnel = await measureStageFunnel(database.db, {
      period: q2,
      filters: noFilters,
      now: afterQ2,
    })
    // Submitted R1 R2 R3 R9 R5 R6 R8; approved R1 R2 R9 R5 R8; qualified or beyond: the same
    // five; proposal or beyond: R1 R2 R9 R8; negotiation or beyond: R1 R9 R8; won: R1 R8.
    expect(funnel.reached).toEqual({
      submitted: 7,
      approved: 5,
      qualified: 5,
      proposal: 4,
      negotiation: 3,
      won: 2,
    })
    expect(funnel.lossReasons).toEqual([{ code: 'price', count: 1 }])
  })

  test('median days per stage, over the stays Q2 submissions have completed', async () => {
    const funnel = await measureStageFunnel(database.db, {
      period: q2,
      filters: noFilters,
      now: afterQ2,
    })
    // Registered, from approval to the next stage: R5 356 h (04-16 14:00 → qualified 05-01
    // 10:00), R9 427 h (06-02 15:00 → 06-20 10:00), R2 458 h (04-12 09:00 → proposal 05-01
    // 11:00), R1 1 133 h (04-03 10:00 → won 05-20 15:00), R8 1 160 h (05-11 09:00 → won 06-28
    // 17:00): median 458 h = 19.1 days. Qualified: R9 360 h (→ negotiation 07-05 10:00) and R5
    // 966 h (→ lost 06-10 16:00): median 663 h = 27.6 days. R2 is still in proposal and R9 in
    // negotiation, so neither stage has a completed stay.
    expect(funnel.medianDaysInStage).toEqual({
      registered: 19.1,
      qualified: 27.6,
      proposal: null,
      negotiation: null,
    })
  })

  test('median days per stage follow the filters: Alpha alone, and none for Gamma', async () => {
    const alphaOnly = await measureStageFunnel(database.db, {
      period: q2,
      filters: { ...noFilters, partnerId: channel.alpha.id },
      now: afterQ2,
    })
    // Alpha's registered stays: R9 427 h, R2 458 h, R1 1 133 h → 458 h; qualified: R9 360 h = 15 d.
    expect(alphaOnly.medianDaysInStage).toEqual({
      registered: 19.1,
      qualified: 15,
      proposal: null,
      negotiation: null,
    })
    const gammaOnly = await measureStageFunnel(database.db, {
      period: q2,
      filters: { ...noFilters, partnerId: channel.gamma.id },
      now: afterQ2,
    })
    expect(gammaOnly.medianDaysInStage).toEqual({
      registered: null,
      qualified: null,
      proposal: null,
      negotiation: null,
    })
  })
})

describe('one partner’s figures', () => {
  const credits = ['fulfilled', 'sourced', 'credited'] as const

  test.each(credits)(
    '%s: filtering by a partner gives its line of the grouped figures, for every partner',
    async (credit) => {
      const [revenue, outcomes] = await Promise.all([
        measureOrderRevenue(database.db, { ...scope(), credit }),
        measureOutcomes(database.db, { ...scope(), credit }),
      ])
      for (const partner of [channel.alpha, channel.beta, channel.gamma]) {
        const filters = { ...noFilters, partnerId: partner.id }
        const [ownRevenue, ownOutcomes] = await Promise.all([
          measureOrderRevenue(database.db, { ...scope({ filters }), credit }),
          measureOutcomes(database.db, { ...scope({ filters }), credit }),
        ])
        expect([...ownRevenue]).toEqual(
          revenue.has(partner.id) ? [[partner.id, revenue.get(partner.id)]] : [],
        )
        expect([...ownOutcomes]).toEqual(
          outcomes.has(partner.id) ? [[partner.id, outcomes.get(partner.id)]] : [],
        )
      }
    },
  )
})
