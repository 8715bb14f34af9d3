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
  const month = sql`to_char(c.day, 'YYYY-MM')`
  const [revenue, registrations] = await Promise.all([
    queryRows<{ month: string; tier: string; revenue: string }>(
      db,
      sql`select ${month} as month, p.tier::text as tier, sum(c.booked_minor) as revenue
        from ${source.from}
        where ${onRollupDays(options.period)} and c.currency = ${options.currency}
          and ${filterCondition(source.dimensions, options.filters)}
        group by 1, 2 having sum(c.booked_lines) > 0 order by 1, 2`,
    ),
    queryRows<{ month: string; n: string }>(
      db,
      sql`select ${month} as month, sum(c.registrations) as n
        from contribution_submission_days c join partners p on p.id = c.partner_id
        where ${onRollupDays(options.period)}
          and ${filterCondition(registrationRollupDimensions, options.filters)}
        group by 1 having sum(c.registrations) > 0 order by 1`,
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
