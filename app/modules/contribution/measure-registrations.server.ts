import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  filterCondition,
  groupKey,
  inPeriod,
  onRollupDays,
  registrationDimensions,
  registrationRollupDimensions,
  rowsByKey,
  toNumber,
  type MetricScope,
} from './metric-scope.server'
import type { Period } from './period-rules'

export type MeasureRegistrationsOptions = MetricScope

export type RegistrationFigures = {
  /** Registrations submitted in the period. */
  submitted: number
  /** Registrations decided (approved or rejected) in the period. */
  decided: number
  /** Of those decided in the period, the ones approved (protection granted). */
  approved: number
  /** Median hours from submission to decision of those decided in the period; null if none. */
  medianHoursToDecision: number | null
}

/** The predicates over registrations r: submitted in, and decided in, the period. */
export function registrationConditions(period: Period) {
  return {
    submitted: inPeriod(sql`r.submitted_at`, period),
    decided: inPeriod(sql`r.decided_at`, period),
  }
}

/**
 * Registration counts by group, credited to the registering partner: submitted in the period, and
 * decided in the period with how many of those were approved and how long decisions took. The
 * counts come from the daily rollups (ADR 0018); the median, which does not add up across days,
 * from the period's decisions themselves (an index holds what it needs).
 */
export async function measureRegistrations(
  db: Database,
  scope: MeasureRegistrationsOptions,
): Promise<Map<string, RegistrationFigures>> {
  const cells = registrationRollupDimensions
  const { decided } = registrationConditions(scope.period)
  const inScope = sql`${onRollupDays(scope.period)} and ${filterCondition(cells, scope.filters)}`
  const [counts, medians] = await Promise.all([
    rowsByKey<{ key: string; submitted: string; decided: string; approved: string }>(
      db,
      sql`select key, sum(submitted) as submitted, sum(decided) as decided,
          sum(approved) as approved
        from (
          select ${groupKey(cells, scope.groupBy)} as key, c.registrations as submitted,
            0 as decided, 0 as approved
          from contribution_submission_days c join partners p on p.id = c.partner_id
          where ${inScope}
          union all
          select ${groupKey(cells, scope.groupBy)}, 0, c.decided, c.approved
          from contribution_decision_days c join partners p on p.id = c.partner_id
          where ${inScope}
        ) cells
        group by key
        having sum(submitted) > 0 or sum(decided) > 0`,
    ),
    rowsByKey<{ key: string; median_seconds: string | null }>(
      db,
      sql`select ${groupKey(registrationDimensions, scope.groupBy)} as key,
          percentile_cont(0.5) within group (order by extract(epoch from r.decided_at - r.submitted_at))
            as median_seconds
        from registrations r join partners p on p.id = r.partner_id
        where ${decided} and ${filterCondition(registrationDimensions, scope.filters)}
        group by 1`,
    ),
  ])
  return new Map(
    [...counts].map(([key, row]) => {
      const median = medians.get(key)?.median_seconds
      return [
        key,
        {
          submitted: toNumber(row.submitted),
          decided: toNumber(row.decided),
          approved: toNumber(row.approved),
          medianHoursToDecision: median == null ? null : Math.round(Number(median) / 360) / 10,
        },
      ]
    }),
  )
}
