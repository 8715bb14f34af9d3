import { beforeAll, describe, expect, test } from 'vitest'
import { noFilters } from '#app/modules/contribution/contribution-rules'
import {
  csvTable,
  displayValue,
  rankingColumns,
} from '#app/modules/contribution/contribution-table'
import { findContributionRanking } from '#app/modules/contribution/find-contribution-ranking.server'
import { useTestDatabase } from '#tests/setup/database'
import { afterQ2, buildChannel, q2, type Channel } from './data-set'

const database = useTestDatabase()
let channel: Channel

beforeAll(async () => {
  channel = await buildChannel(database.db)
})

const rank = (overrides: Partial<Parameters<typeof findContributionRanking>[1]> = {}) =>
  findContributionRanking(database.db, {
    period: q2,
    groupBy: 'partner',
    filters: noFilters,
    now: afterQ2,
    ...overrides,
  })

describe('partner ranking for Q2 2026', () => {
  test('every figure of Alpha and Beta, written out by hand', async () => {
    const ranking = await rank()
    const alpha = ranking.rows.find((row) => row.key === channel.alpha.id)
    expect(alpha).toMatchObject({
      labelEn: 'Alpha Distribution',
      registrations: 4,
      approvalRate: 750,
      medianHoursToDecision: 27,
      conflicts: 0,
      pipelineMinor: 9_000_000,
      weightedMinor: 3_500_000,
      // Credited: R1 (its own) and R8 (Beta's, fulfilled by Alpha); lost R5 and expired R4 too.
      wonRevenueMinor: 14_500_000,
      winRate: 500,
      orderRevenueMinor: 3_700_000,
      sourcedRevenueMinor: 2_500_000,
      // 37,000 of the channel's 40,000.
      share: 925,
      // Q1: O10 20,000 → Q2 37,000 is +85.0 %.
      previousRevenueMinor: 2_000_000,
      growth: 850,
      // Credited 37,000 (O1 + O3) of 50,000; 4 of 5 registrations.
      revenueTargetMinor: 5_000_000,
      attainment: 740,
      registrationsAttainment: 800,
    })
    const beta = ranking.rows.find((row) => row.key === channel.beta.id)
    expect(beta).toMatchObject({
      registrations: 3,
      approvalRate: 1000,
      conflicts: 1,
      pipelineMinor: 0,
      wonRevenueMinor: 5_500_000,
      // Won R8; lost R5; R4 expired: 1 of 3.
      winRate: 333,
      orderRevenueMinor: 300_000,
      sourcedRevenueMinor: 1_200_000,
      share: 75,
      // Q1: O11 6,000 → 3,000 is −50.0 %.
      growth: -500,
      // Credited 15,000 (O4 placed, O3 sourced) of 20,000; 3 of 2 registrations.
      attainment: 750,
      registrationsAttainment: 1500,
    })
  })

  test('a partner with only a target and a conflict is ranked too, at zero', async () => {
    const ranking = await rank()
    const gamma = ranking.rows.find((row) => row.key === channel.gamma.id)
    expect(gamma).toMatchObject({
      registrations: 0,
      conflicts: 1,
      orderRevenueMinor: 0,
      share: 0,
      growth: null,
      attainment: 0,
    })
  })

  test('the channel total counts a two-tier deal once', async () => {
    const { total } = await rank()
    expect(total).toMatchObject({
      registrations: 7,
      approvalRate: 857,
      conflicts: 2,
      pipelineMinor: 9_000_000,
      weightedMinor: 3_500_000,
      wonRevenueMinor: 14_500_000,
      winRate: 500,
      orderRevenueMinor: 4_000_000,
      voidedMinor: 1_000_000,
      share: 1000,
      // Q1 26,000 → 40,000: +53.8 %.
      growth: 538,
      // (37,000 + 15,000 + 0) of (50,000 + 20,000 + 10,000).
      revenueTargetMinor: 8_000_000,
      attainment: 650,
    })
  })

  test('sorted by order revenue, highest first; by name ascending on request', async () => {
    const byRevenue = await rank()
    expect(byRevenue.rows.map((row) => row.labelEn)).toEqual([
      'Alpha Distribution',
      'Beta Resale',
      'Gamma Dealer',
    ])
    const byGrowth = await rank({ sort: 'growth', dir: 'asc' })
    // Gamma has no growth figure: last either way.
    expect(byGrowth.rows.map((row) => row.labelEn)).toEqual([
      'Beta Resale',
      'Alpha Distribution',
      'Gamma Dealer',
    ])
  })

  test('a month is measured quarter-to-date against the quarter target', async () => {
    const may = { kind: 'month' as const, from: '2026-05-01', to: '2026-05-31' }
    const ranking = await rank({ period: may })
    expect(ranking.target).toMatchObject({
      kind: 'quarter',
      from: '2026-04-01',
      measuredTo: '2026-05-31',
    })
    // Alpha: O1 (5 April) 25,000 of 50,000; Beta: O4 (20 May) 3,000 of 20,000.
    expect(ranking.rows.find((r) => r.key === channel.alpha.id)?.attainment).toBe(500)
    expect(ranking.rows.find((r) => r.key === channel.beta.id)?.attainment).toBe(150)
  })

  test('a year is measured against the year target: Alpha 58,000 of 200,000', async () => {
    const year = { kind: 'year' as const, from: '2026-01-01', to: '2026-12-31' }
    const ranking = await rank({ period: year })
    // O10 20,000 (Q1) + O1 25,000 + O3 12,000 (Q2) + O6 1,000 (Q3).
    expect(ranking.rows.find((r) => r.key === channel.alpha.id)).toMatchObject({
      revenueTargetMinor: 20_000_000,
      attainment: 290,
    })
    // Beta has no year target: its Q2 target stands for the year (20,000): O11 + O4 + O3.
    expect(ranking.rows.find((r) => r.key === channel.beta.id)).toMatchObject({
      revenueTargetMinor: 2_000_000,
      attainment: 1050,
    })
  })

  test('grouped by tier, region and product line the groups add up to the channel', async () => {
    const byTier = await rank({ groupBy: 'tier' })
    expect(Object.fromEntries(byTier.rows.map((r) => [r.key, r.orderRevenueMinor]))).toEqual({
      gold: 3_700_000,
      silver: 300_000,
      registered: 0,
    })
    const byRegion = await rank({ groupBy: 'region' })
    expect(byRegion.rows.map((r) => [r.key, r.orderRevenueMinor, r.registrations])).toEqual([
      ['CN-EAST', 2_500_000, 4],
      ['CN-SOUTH', 1_500_000, 3],
    ])
    const byLine = await rank({ groupBy: 'productLine' })
    expect(byLine.rows.map((r) => [r.labelEn, r.orderRevenueMinor, r.wonRevenueMinor])).toEqual([
      ['Controllers', 2_300_000, 9_000_000],
      ['Drives', 1_700_000, 5_500_000],
    ])
  })
})

describe('CSV export equals the screen', () => {
  const number = (text: string) => text.replace(/[^\d.-]/g, '').replace(/^-?$/, '')

  for (const locale of ['en', 'zh-CN']) {
    test(`every cell of every grouping, ${locale}`, async () => {
      for (const groupBy of ['partner', 'tier', 'region', 'productLine'] as const) {
        const ranking = await rank({ groupBy })
        const columns = rankingColumns(groupBy, { locale, tierLabel: (tier) => tier })
        const csv = csvTable(columns, [...ranking.rows, ranking.total], ranking.currency, (k) => k)
        expect(csv.rows).toHaveLength(ranking.rows.length + 1)
        ranking.rows.forEach((row, r) => {
          columns.forEach((column, c) => {
            const cell = column.cell(row, ranking.currency)
            const shown = displayValue(cell, locale)
            const exported = csv.rows[r]![c]!
            if (cell.kind === 'text') expect(exported).toBe(shown)
            else if (shown === '—') expect(exported).toBe('')
            else expect(Number(number(shown.replace('−', '-')))).toBe(Number(exported))
          })
        })
      }
    })
  }

  test('the exported figures are plain numbers a spreadsheet reads', async () => {
    const ranking = await rank()
    const columns = rankingColumns('partner', { locale: 'en', tierLabel: (t) => t })
    const csv = csvTable(columns, ranking.rows, ranking.currency, (k) => k)
    const alpha = csv.rows.find((row) => row[0] === 'Alpha Distribution')!
    const at = (id: string) => alpha[columns.findIndex((c) => c.id === id)]
    expect(at('orderRevenue')).toBe('37000.00')
    expect(at('share')).toBe('92.5')
    expect(at('approvalRate')).toBe('75.0')
    expect(at('medianHours')).toBe('27.0')
    expect(csv.headers[columns.findIndex((c) => c.id === 'orderRevenue')]).toBe(
      'contribution:columns.orderRevenue (CNY)',
    )
  })
})
