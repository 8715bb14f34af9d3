import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import type { ContributionFilters } from './contribution-rules'
import {
  filterCondition,
  onRollupDays,
  orderRollupSource,
  registrationRollupDimensions,
  toNumber,
  type Credit,
} from './metric-scope.server'
import type { Period } from './period-rules'

export type MeasureMonthlyTrendOptions = {
  /** Whole months: from the first day of the first to the last day of the last. */
  period: Period
  filters: ContributionFilters
  currency: string
  credit: Credit
  /** Whether to count registrations too (default true). */
  withRegistrations?: boolean
}

export type MonthlyTrend = {
  /** Order revenue by month (YYYY-MM) and the credited partner's tier. */
  revenue: { month: string; tier: string; revenueMinor: number }[]
  /** Registrations submitted by month. */
  registrations: { month: string; submitted: number }[]
}

/**
 * Month by month: order revenue split by tier, and registrations submitted (Shanghai months),
 * from the daily rollups (ADR 0018).
 */
export async function measureMonthlyTrend(
  db: Database,
  options: MeasureMonthlyTrendOptions,
): Promise<MonthlyTrend> {
  const source = orderRollupSource(options.credit, options.filters.productLineId != null)
  // Summed by day first: the month's name is then worked out once a day, not once a cell.
  const [revenue, registrations] = await Promise.all([
    queryRows<{ month: string; tier: string; revenue: string }>(
      db,
      sql`select to_char(day, 'YYYY-MM') as month, tier, sum(revenue) as revenue
        from (
          select c.day, p.tier::text as tier, sum(c.booked_minor) as revenue,
            sum(c.booked_lines) as booked_lines
          from ${source.from}
          where ${onRollupDays(options.period)} and c.currency = ${options.currency}
            and ${filterCondition(source.dimensions, options.filters)}
          group by 1, 2
        ) days
        group by 1, 2 having sum(booked_lines) > 0 order by 1, 2`,
    ),
    options.withRegistrations === false
      ? []
      : queryRows<{ month: string; n: string }>(
          db,
          sql`select to_char(day, 'YYYY-MM') as month, sum(n) as n
            from (
              select c.day, sum(c.registrations) as n
              from contribution_submission_days c left join partners p on p.id = c.partner_id
              where ${onRollupDays(options.period)}
                and ${filterCondition(registrationRollupDimensions, options.filters)}
              group by 1
            ) days
            group by 1 having sum(n) > 0 order by 1`,
        ),
  ])
  return {
    revenue: revenue.map((r) => ({
      month: r.month,
      tier: r.tier,
      revenueMinor: toNumber(r.revenue),
    })),
    registrations: registrations.map((r) => ({ month: r.month, submitted: toNumber(r.n) })),
  }
}
