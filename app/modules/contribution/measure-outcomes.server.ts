import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  filterCondition,
  groupKey,
  inPeriod,
  onPeriodDays,
  outcomeRollupSource,
  outcomeSource,
  rowsByKey,
  timestampParam,
  toNumber,
  type Credit,
  type MetricScope,
} from './metric-scope.server'
import {
  addCalendarDays,
  periodInstants,
  startOfShanghaiDay,
  todayInShanghai,
  type Period,
} from './period-rules'

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
 * Expiries count up to the measuring instant: the whole period once it has ended, else up to now.
 * The days before the one that is running come from the rollup; that day's expiries so far from
 * the registrations themselves.
 */
function expirySplit(scope: Pick<MetricScope, 'period' | 'now'>): {
  rollupDays: Period | null
  runningDay: { from: Date; until: Date } | null
} {
  const { start, end } = periodInstants(scope.period)
  if (end <= scope.now) return { rollupDays: scope.period, runningDay: null }
  if (scope.now <= start) return { rollupDays: null, runningDay: null }
  const today = todayInShanghai(scope.now)
  const yesterday = addCalendarDays(today, -1)
  return {
    rollupDays:
      yesterday < scope.period.from ? null : { ...scope.period, kind: 'custom', to: yesterday },
    runningDay: { from: startOfShanghaiDay(today), until: scope.now },
  }
}

/**
 * How registrations ended in the period: won (by won date), lost (by closing instant) and expired
 * (by protection end; an approval past its end counts even before the sweeper marks it), credited
 * to the registering partner (sourced), the fulfilling one (fulfilled) or both (credited). Read
 * from the daily outcome rollup (ADR 0018), with the running day's expiries from the rows.
 */
export async function measureOutcomes(
  db: Database,
  scope: MeasureOutcomesOptions,
): Promise<Map<string, OutcomeFigures>> {
  const source = outcomeRollupSource(scope.credit)
  const dims = source.dimensions
  const days = onPeriodDays(sql`c.day`, scope.period)
  const split = expirySplit(scope)
  const expiredCells = split.rollupDays
    ? sql`(c.outcome = 'expired' and ${onPeriodDays(sql`c.day`, split.rollupDays)})`
    : sql`false`
  const raw = outcomeSource(scope.credit)
  const runningDay = split.runningDay
    ? sql`union all
        select ${groupKey(raw.dimensions, scope.groupBy)}, 0, 0, 0, 1, 0
        from ${raw.from}
        where r.status in ('approved', 'expired')
          and r.protection_ends_at >= ${timestampParam(split.runningDay.from)}
          and r.protection_ends_at < ${timestampParam(split.runningDay.until)}
          and ${filterCondition(raw.dimensions, scope.filters)}`
    : sql``
  const rows = await rowsByKey<{
    key: string
    won: string
    won_minor: string
    lost: string
    expired: string
    average_days: string | null
  }>(
    db,
    sql`select key, sum(won) as won, sum(won_minor) as won_minor, sum(lost) as lost,
        sum(expired) as expired,
        round(sum(days_to_close)::numeric / nullif(sum(won), 0), 1) as average_days
      from (
        select ${groupKey(dims, scope.groupBy)} as key,
          case when c.outcome = 'won' then c.registrations else 0 end as won,
          case when c.outcome = 'won' and c.currency = ${scope.currency} then c.won_minor else 0 end
            as won_minor,
          case when c.outcome = 'lost' then c.registrations else 0 end as lost,
          case when ${expiredCells} then c.registrations else 0 end as expired,
          case when c.outcome = 'won' then c.days_to_close else 0 end as days_to_close
        from ${source.from}
        where ${days} and (c.outcome <> 'expired' or ${expiredCells})
          and ${filterCondition(dims, scope.filters)}
        ${runningDay}
      ) cells
      group by key
      having sum(won) > 0 or sum(lost) > 0 or sum(expired) > 0`,
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
