import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  ALL,
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
  const [counts, medians] = await Promise.all([
    measureRegistrationCounts(db, scope),
    measureDecisionMedians(db, scope),
  ])
  return withMedians(counts, medians)
}

/** The counts of measureRegistrations (submitted, decided, approved), median null, by group. */
export async function measureRegistrationCounts(
  db: Database,
  scope: MeasureRegistrationsOptions,
): Promise<Map<string, RegistrationFigures>> {
  const cells = registrationRollupDimensions
  const inScope = sql`${onRollupDays(scope.period)} and ${filterCondition(cells, scope.filters)}`
  const counts = await rowsByKey<{
    key: string
    submitted: string
    decided: string
    approved: string
  }>(
    db,
    sql`select key, sum(submitted) as submitted, sum(decided) as decided,
        sum(approved) as approved
      from (
        select ${groupKey(cells, scope.groupBy)} as key, c.registrations as submitted,
          0 as decided, 0 as approved
        from contribution_submission_days c left join partners p on p.id = c.partner_id
        where ${inScope}
        union all
        select ${groupKey(cells, scope.groupBy)}, 0, c.decided, c.approved
        from contribution_decision_days c left join partners p on p.id = c.partner_id
        where ${inScope}
      ) cells
      group by key
      having sum(submitted) > 0 or sum(decided) > 0`,
  )
  return new Map(
    [...counts].map(([key, row]) => [
      key,
      {
        submitted: toNumber(row.submitted),
        decided: toNumber(row.decided),
        approved: toNumber(row.approved),
        medianHoursToDecision: null,
      },
    ]),
  )
}

/** Median seconds from submission to decision of the period's decisions, by group. */
export async function measureDecisionMedians(
  db: Database,
  scope: MeasureRegistrationsOptions,
): Promise<Map<string, { key: string; median_seconds: string | null }>> {
  const { decided } = registrationConditions(scope.period)
  return rowsByKey<{ key: string; median_seconds: string | null }>(
    db,
    sql`select ${groupKey(registrationDimensions, scope.groupBy)} as key,
        percentile_cont(0.5) within group (order by extract(epoch from r.decided_at - r.submitted_at))
          as median_seconds
      from registrations r left join partners p on p.id = r.partner_id
      where ${decided} and ${filterCondition(registrationDimensions, scope.filters)}
      group by 1`,
  )
}

/** The counts with each group's median (hours, one decimal). */
export function withMedians(
  counts: Map<string, RegistrationFigures>,
  medians: Map<string, { median_seconds: string | null }>,
): Map<string, RegistrationFigures> {
  return new Map(
    [...counts].map(([key, row]) => {
      const median = medians.get(key)?.median_seconds
      return [
        key,
        {
          ...row,
          medianHoursToDecision: median == null ? null : Math.round(Number(median) / 360) / 10,
        },
      ]
    }),
  )
}

/** The counts of every group together (each registration is in exactly one group). */
export function registrationCountsTotal(
  groups: Map<string, RegistrationFigures>,
): Map<string, RegistrationFigures> {
  if (groups.size === 0) return new Map()
  const total: RegistrationFigures = {
    submitted: 0,
    decided: 0,
    approved: 0,
    medianHoursToDecision: null,
  }
  for (const group of groups.values()) {
    total.submitted += group.submitted
    total.decided += group.decided
    total.approved += group.approved
  }
  return new Map([[ALL, total]])
}
