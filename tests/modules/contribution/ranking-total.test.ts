import { beforeAll, describe, expect, test } from 'vitest'
import {
  defaultStageProbabilities,
  noFilters,
  type ContributionFilters,
  type Grouping,
} from '#app/modules/contribution/contribution-rules'
import { findContributionRanking } from '#app/modules/contribution/find-contribution-ranking.server'
import { measureOrderRevenue } from '#app/modules/contribution/measure-order-revenue.server'
import { measurePipeline } from '#app/modules/contribution/measure-pipeline.server'
import { measureRegistrations } from '#app/modules/contribution/measure-registrations.server'
import { ALL } from '#app/modules/contribution/metric-scope.server'
import { previousPeriod, type Period } from '#app/modules/contribution/period-rules'
import { useTestDatabase } from '#tests/setup/database'
import { afterQ2, buildChannel, q2, type Channel } from './data-set'

const database = useTestDatabase()
let channel: Channel

beforeAll(async () => {
  channel = await buildChannel(database.db)
})

const groupings: Grouping[] = ['partner', 'tier', 'region', 'productLine']
const q3: Period = { kind: 'quarter', from: '2026-07-01', to: '2026-09-30' }
const june: Period = { kind: 'month', from: '2026-06-01', to: '2026-06-30' }

/**
 * The ranking's channel total adds up its groups where they add up; each such figure must equal
 * the measure asked with no grouping, for every grouping, period and filter.
 */
describe('the channel total added up from the groups', () => {
  const cases = () => {
    const filters: ContributionFilters[] = [
      noFilters,
      { ...noFilters, regionCode: 'CN-EAST' },
      { ...noFilters, productLineId: channel.l1.id },
      { ...noFilters, partnerId: channel.alpha.id },
      { ...noFilters, tier: 'gold' },
    ]
    return [q2, q3, june].flatMap((period) =>
      groupings.flatMap((groupBy) => filters.map((f) => ({ period, groupBy, filters: f }))),
    )
  }

  test('equals the ungrouped measures', async () => {
    for (const { period, groupBy, filters } of cases()) {
      const now = period === q3 ? new Date('2026-08-20T12:00:00+08:00') : afterQ2
      const ranking = await findContributionRanking(database.db, {
        period,
        groupBy,
        filters,
        now,
      })
      const scope = { period, filters, groupBy: null, currency: 'CNY', now }
      const [registrations, pipeline, fulfilled, sourced, previous] = await Promise.all([
        measureRegistrations(database.db, scope),
        measurePipeline(database.db, { ...scope, probabilities: defaultStageProbabilities }),
        measureOrderRevenue(database.db, { ...scope, credit: 'fulfilled' }),
        measureOrderRevenue(database.db, { ...scope, credit: 'sourced' }),
        measureOrderRevenue(database.db, {
          ...scope,
          period: previousPeriod(period),
          credit: 'fulfilled',
        }),
      ])
      const label = `${period.from} by ${groupBy} with ${JSON.stringify(filters)}`
      const r = registrations.get(ALL)
      const p = pipeline.get(ALL)
      const o = fulfilled.get(ALL)
      expect(ranking.total, label).toMatchObject({
        registrations: r?.submitted ?? 0,
        decided: r?.decided ?? 0,
        approved: r?.approved ?? 0,
        medianHoursToDecision: r?.medianHoursToDecision ?? null,
        pipelineMinor: p?.openValueMinor ?? 0,
        weightedMinor: p?.weightedMinor ?? 0,
        orderRevenueMinor: o?.revenueMinor ?? 0,
        orders: o?.orders ?? 0,
        viaRegistrationsMinor: o?.viaRegistrationsMinor ?? 0,
        voidedMinor: o?.voidedMinor ?? 0,
        sourcedRevenueMinor: sourced.get(ALL)?.revenueMinor ?? 0,
        previousRevenueMinor: previous.get(ALL)?.revenueMinor ?? 0,
      })
    }
  })
})
