import { eq, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners, partnerTerritories } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { AppError } from '#app/utils/app-error'
import { nextTierFor, noFilters, permille, type NextTier, type Tier } from './contribution-rules'
import { findContributionOrders, type ContributionOrders } from './find-contribution-orders.server'
import { findContributionRanking, type RankingRow } from './find-contribution-ranking.server'
import { getContributionSettings } from './get-contribution-settings.server'
import { measureAttainment, type AttainmentFigures } from './measure-attainment.server'
import { measureForecast, type ForecastQuarter } from './measure-forecast.server'
import { measureMonthlyTrend } from './measure-monthly-trend.server'
import { measureOrderRevenue } from './measure-order-revenue.server'
import { ALL } from './metric-scope.server'
import {
  addCalendarDays,
  monthsEndingWith,
  periodContaining,
  targetPeriodFor,
  type Period,
} from './period-rules'

export type GetPartnerScorecardOptions = {
  /** The partner whose scorecard it is: a partner user's own, always (scoped by the caller). */
  partnerId: string
  period: Period
  now: Date
}

export type ScorecardAttainment = {
  label: { kind: 'quarter' | 'year'; from: string; to: string }
  figures: AttainmentFigures | null
}

export type PartnerScorecard = {
  partner: {
    id: string
    code: string
    name: string
    kind: string
    tier: Tier
    status: string
    regionCodes: string[]
    manager: { name: string; email: string } | null
  }
  currency: string
  /** The partner's row of the ranking, with its share of the whole channel's order revenue. */
  row: RankingRow
  target: ReturnType<typeof targetPeriodFor>
  /** The quarter and the year containing the period's last day. */
  attainment: ScorecardAttainment[]
  /** Credited revenue (placed or sourced) and registrations, month by month, twelve months. */
  trend: { month: string; revenueMinor: number; registrations: number }[]
  forecast: ForecastQuarter[]
  /** Credited revenue over the twelve months ending with the period, against the next tier. */
  trailingRevenueMinor: number
  nextTier: NextTier | null
  /** The partner's latest booked orders in the period. */
  recentOrders: ContributionOrders
}

/**
 * One partner's scorecard for a period: its contribution figures (the same as its ranking row),
 * attainment of its quarter and year targets, the monthly trend, its pipeline forecast, what the
 * next tier needs, its manager and its latest orders. Another partner's id is simply not found.
 */
export async function getPartnerScorecard(
  db: Database,
  options: GetPartnerScorecardOptions,
): Promise<PartnerScorecard> {
  const [partner] = await db
    .select({
      id: partners.id,
      code: partners.code,
      name: partners.name,
      kind: partners.kind,
      tier: partners.tier,
      status: partners.status,
      managerName: users.name,
      managerEmail: users.email,
      regionCodes: sql<string[]>`coalesce((select array_agg(t.region_code order by t.region_code)
        from ${partnerTerritories} t where t.partner_id = ${partners.id}), '{}')`,
    })
    .from(partners)
    .leftJoin(users, eq(users.id, partners.channelManagerId))
    .where(eq(partners.id, options.partnerId))
    .limit(1)
  if (!partner) {
    throw new AppError('not_found', { userMessage: 'errors:notFound.title' })
  }
  const settings = await getContributionSettings(db)
  const currency = settings.reportingCurrency
  const filters = { ...noFilters, partnerId: partner.id }
  const { period, now } = options
  const months = monthsEndingWith(period.to, 12)
  const trailing: Period = {
    kind: 'custom',
    from: addCalendarDays(period.to, -364),
    to: period.to,
  }
  const quarter = periodContaining('quarter', period.to)
  const year = periodContaining('year', period.to)

  const [ranking, channel, trend, forecast, trailingRevenue, quarterGoal, yearGoal, orders] =
    await Promise.all([
      findContributionRanking(db, { period, groupBy: 'partner', filters, now }),
      measureOrderRevenue(db, {
        period,
        filters: noFilters,
        groupBy: null,
        currency,
        now,
        credit: 'fulfilled',
      }),
      measureMonthlyTrend(db, {
        period: { kind: 'custom', from: `${months[0]}-01`, to: period.to },
        filters,
        currency,
        credit: 'credited',
      }),
      measureForecast(db, {
        period,
        filters,
        currency,
        now,
        probabilities: settings.probabilities,
      }),
      measureOrderRevenue(db, {
        period: trailing,
        filters,
        groupBy: 'partner',
        currency,
        now,
        credit: 'credited',
      }),
      measureAttainment(db, { period: quarter, filters, currency, now }),
      measureAttainment(db, { period: year, filters, currency, now }),
      findContributionOrders(db, {
        period,
        filters,
        currency,
        now,
        credit: 'fulfilled',
        which: 'booked',
      }),
    ])
  const found = ranking.rows.find((row) => row.key === partner.id)
  const row: RankingRow = found ?? { ...ranking.total, key: partner.id }
  const channelRevenue = channel.get(ALL)?.revenueMinor ?? 0
  row.share = permille(row.orderRevenueMinor, channelRevenue)
  const trailingRevenueMinor = trailingRevenue.get(partner.id)?.revenueMinor ?? 0

  return {
    partner: {
      id: partner.id,
      code: partner.code,
      name: partner.name,
      kind: partner.kind,
      tier: partner.tier,
      status: partner.status,
      regionCodes: partner.regionCodes,
      manager: partner.managerName
        ? { name: partner.managerName, email: partner.managerEmail ?? '' }
        : null,
    },
    currency,
    row: { ...row, labelEn: partner.name, labelZh: partner.name, code: partner.code },
    target: ranking.target,
    attainment: [
      {
        label: { kind: 'quarter', from: quarter.from, to: quarter.to },
        figures: quarterGoal.byPartner.get(partner.id) ?? null,
      },
      {
        label: { kind: 'year', from: year.from, to: year.to },
        figures: yearGoal.byPartner.get(partner.id) ?? null,
      },
    ],
    trend: months.map((month) => ({
      month,
      revenueMinor: trend.revenue
        .filter((r) => r.month === month)
        .reduce((sum, r) => sum + r.revenueMinor, 0),
      registrations: trend.registrations.find((r) => r.month === month)?.submitted ?? 0,
    })),
    forecast,
    trailingRevenueMinor,
    nextTier: nextTierFor(partner.tier, trailingRevenueMinor, settings.tierThresholds),
    recentOrders: { ...orders, orders: orders.orders.slice(0, 10) },
  }
}
