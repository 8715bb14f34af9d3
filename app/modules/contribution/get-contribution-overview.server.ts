import { asc } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { productLines } from '#db/schema/deals'
import { regions } from '#db/schema/partners'
import type { ContributionQuery } from './contribution-rules'
import {
  findContributionRanking,
  sortRanking,
  type ContributionRanking,
  type RankingRow,
} from './find-contribution-ranking.server'
import { findPartnerTargets } from './find-partner-targets.server'
import { getContributionSettings } from './get-contribution-settings.server'
import { measureForecast } from './measure-forecast.server'
import { measureMonthlyTrend } from './measure-monthly-trend.server'
import { measureOrderRevenue } from './measure-order-revenue.server'
import { measureStageFunnel, type StageFunnel } from './measure-stage-funnel.server'
import { ALL } from './metric-scope.server'
import {
  monthsEndingWith,
  quarterKey,
  quartersFrom,
  todayInShanghai,
  type Period,
} from './period-rules'

export const rankingPageSize = 50

export type GetContributionOverviewOptions = {
  query: ContributionQuery
  now: Date
  /** The ranking page (50 rows); the CSV export has every row. */
  page?: number
}

export type ForecastAgainstTarget = {
  /** "2026-Q3". */
  quarter: string
  from: string
  to: string
  /** Order revenue booked in the quarter so far. */
  bookedMinor: number
  /** Weighted value of open registrations expected to close in the quarter. */
  weightedMinor: number
  /** Σ partners' quarter targets (tier and partner filters apply). */
  targetMinor: number
}

export type ContributionOverview = {
  /** The ranking with this page's rows only. */
  ranking: ContributionRanking
  page: number
  pageCount: number
  rowCount: number
  funnel: StageFunnel
  /** The twelve months ending with the period's last month, and their revenue by tier. */
  revenueByMonth: { month: string; byTier: Record<string, number> }[]
  forecastAgainstTarget: ForecastAgainstTarget[]
  /** Partners by order revenue in the period (filters apply). */
  topPartners: RankingRow[]
  bottomPartners: RankingRow[]
  options: {
    regions: { code: string; nameEn: string; nameZh: string }[]
    productLines: { id: string; code: string; nameEn: string; nameZh: string }[]
  }
}

/**
 * The vendor's contribution dashboard: the ranking (with the channel total) for the chosen period,
 * grouping and filters, the stage funnel, revenue by month stacked by tier, forecast against
 * target for the four quarters from the current one, and the top and bottom partners.
 */
export async function getContributionOverview(
  db: Database,
  options: GetContributionOverviewOptions,
): Promise<ContributionOverview> {
  const { query, now } = options
  const settings = await getContributionSettings(db)
  const currency = settings.reportingCurrency
  const months = monthsEndingWith(query.period.to, 12)
  const trendPeriod: Period = {
    kind: 'custom',
    from: `${months[0]}-01`,
    to: query.period.to,
  }
  const quarters = quartersFrom(todayInShanghai(now), 4)
  const partnerFilters = { tier: query.filters.tier, partnerId: query.filters.partnerId }

  const [ranking, partnerRanking, funnel, trend, forecast, regionRows, lineRows] =
    await Promise.all([
      findContributionRanking(db, { ...query, now }),
      query.groupBy === 'partner'
        ? null
        : findContributionRanking(db, { ...query, groupBy: 'partner', now }),
      measureStageFunnel(db, { period: query.period, filters: query.filters, now }),
      measureMonthlyTrend(db, {
        period: trendPeriod,
        filters: query.filters,
        currency,
        credit: 'fulfilled',
        withRegistrations: false,
      }),
      measureForecast(db, {
        period: quarters[0]!,
        filters: query.filters,
        currency,
        now,
        probabilities: settings.probabilities,
      }),
      db.select().from(regions).orderBy(asc(regions.code)),
      db
        .select({
          id: productLines.id,
          code: productLines.code,
          nameEn: productLines.nameEn,
          nameZh: productLines.nameZh,
        })
        .from(productLines)
        .orderBy(asc(productLines.code)),
    ])

  const forecastAgainstTarget = await Promise.all(
    quarters.map(async (quarter): Promise<ForecastAgainstTarget> => {
      const [booked, targets] = await Promise.all([
        measureOrderRevenue(db, {
          period: quarter,
          filters: query.filters,
          groupBy: null,
          currency,
          now,
          credit: 'fulfilled',
        }),
        findPartnerTargets(db, {
          kind: 'quarter',
          periodStart: quarter.from,
          currency,
          filters: partnerFilters,
        }),
      ])
      const key = quarterKey(quarter.from)
      return {
        quarter: key,
        from: quarter.from,
        to: quarter.to,
        bookedMinor: booked.get(ALL)?.revenueMinor ?? 0,
        weightedMinor: forecast.find((f) => f.quarter === key)?.weightedMinor ?? 0,
        targetMinor: [...targets.values()].reduce((sum, t) => sum + t.revenueTargetMinor, 0),
      }
    }),
  )

  const revenueByMonth = months.map((month) => ({
    month,
    byTier: Object.fromEntries(
      trend.revenue.filter((r) => r.month === month).map((r) => [r.tier, r.revenueMinor]),
    ),
  }))
  const partnerRows = (partnerRanking ?? ranking).rows
  const byRevenue = sortRanking(partnerRows, 'orderRevenue', 'desc')
  const topPartners = byRevenue.slice(0, 5)
  const bottomPartners = byRevenue.slice(5).reverse().slice(0, 5)

  const pageCount = Math.max(1, Math.ceil(ranking.rows.length / rankingPageSize))
  const page = Math.min(pageCount, Math.max(1, Math.floor(options.page ?? 1)))
  return {
    ranking: {
      ...ranking,
      rows: ranking.rows.slice((page - 1) * rankingPageSize, page * rankingPageSize),
    },
    page,
    pageCount,
    rowCount: ranking.rows.length,
    funnel,
    revenueByMonth,
    forecastAgainstTarget,
    topPartners,
    bottomPartners,
    options: { regions: regionRows, productLines: lineRows },
  }
}
