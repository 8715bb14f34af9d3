import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import type { ContributionFilters } from './contribution-rules'
import {
  bookedStatusList,
  filterCondition,
  inPeriod,
  orderLineSource,
  registrationDimensions,
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

/** Month by month: order revenue split by tier, and registrations submitted (Shanghai months). */
export async function measureMonthlyTrend(
  db: Database,
  options: MeasureMonthlyTrendOptions,
): Promise<MonthlyTrend> {
  const source = orderLineSource(options.credit)
  const month = (column: string) =>
    sql.raw(`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM')`)
  const [revenue, registrations] = await Promise.all([
    queryRows<{ month: string; tier: string; revenue: string }>(
      db,
      sql`select ${month('o.placed_at')} as month, p.tier::text as tier,
          sum(ol.line_total_minor) as revenue
        from ${source.from}
        where ${inPeriod(sql`o.placed_at`, options.period)} and o.currency = ${options.currency}
          and o.status in (${bookedStatusList})
          and ${filterCondition(source.dimensions, options.filters)}
        group by 1, 2 order by 1, 2`,
    ),
    queryRows<{ month: string; n: string }>(
      db,
      sql`select ${month('r.submitted_at')} as month, count(*) as n
        from registrations r join partners p on p.id = r.partner_id
        where ${inPeriod(sql`r.submitted_at`, options.period)}
          and ${filterCondition(registrationDimensions, options.filters)}
        group by 1 order by 1`,
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
