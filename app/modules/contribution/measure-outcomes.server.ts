import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  filterCondition,
  groupKey,
  inPeriod,
  onPeriodDays,
  outcomeSource,
  rowsByKey,
  toNumber,
  type Credit,
  type MetricScope,
} from './metric-scope.server'
import { periodInstants } from './period-rules'

export type MeasureOutcomesOptions = MetricScope & { credit: Credit }

export type OutcomeFigures = {
  /** Registrations won with a won date in the period. */
  won: number
  /** Σ won amount of those (reporting currency only). */
  wonRevenueMinor: number
  /** Registrations lost (closed as lost) in the period. */
  lost: number
  /** Approved registrations whose protection ended unwon in the period. */
  expired: number
  /** Average calendar days from submission to the won date, one decimal; null if none won. */
  averageDaysToClose: number | null
}

/** The predicates over registrations r of each outcome in the period (shared with drill-down). */
export function outcomeConditions(scope: Pick<MetricScope, 'period' | 'now'>) {
  const { end } = periodInstants(scope.period)
  const until = end < scope.now ? end : scope.now
  return {
    won: sql`(r.status = 'won' and ${onPeriodDays(sql`r.won_on`, scope.period)})`,
    lost: sql`(r.status = 'lost' and ${inPeriod(sql`r.closed_at`, scope.period)})`,
    expired: sql`(r.status in ('approved', 'expired')
      and ${inPeriod(sql`r.protection_ends_at`, scope.period, until)})`,
  }
}

/**
 * How registrations ended in the period: won (by won date), lost (by closing instant) and expired
 * (by protection end; an approval past its end counts even before the sweeper marks it), credited
 * to the registering partner (sourced), the fulfilling one (fulfilled) or both (credited).
 */
export async function measureOutcomes(
  db: Database,
  scope: MeasureOutcomesOptions,
): Promise<Map<string, OutcomeFigures>> {
  const source = outcomeSource(scope.credit)
  const dims = source.dimensions
  const { won, lost, expired } = outcomeConditions(scope)
  const rows = await rowsByKey<{
    key: string
    won: string
    won_minor: string
    lost: string
    expired: string
    average_days: string | null
  }>(
    db,
    sql`select ${groupKey(dims, scope.groupBy)} as key,
        count(*) filter (where ${won}) as won,
        coalesce(sum(r.won_amount_minor) filter (where ${won} and r.currency = ${scope.currency}), 0)
          as won_minor,
        count(*) filter (where ${lost}) as lost,
        count(*) filter (where ${expired}) as expired,
        round(avg(r.won_on - (r.submitted_at at time zone 'Asia/Shanghai')::date)
          filter (where ${won}), 1) as average_days
      from ${source.from}
      where (${won} or ${lost} or ${expired}) and ${filterCondition(dims, scope.filters)}
      group by 1`,
  )
  return new Map(
    [...rows].map(([key, row]) => [
      key,
      {
        won: toNumber(row.won),
        wonRevenueMinor: toNumber(row.won_minor),
        lost: toNumber(row.lost),
        expired: toNumber(row.expired),
        averageDaysToClose: row.average_days == null ? null : Number(row.average_days),
      },
    ]),
  )
}
