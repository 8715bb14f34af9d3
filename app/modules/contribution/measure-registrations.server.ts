import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  filterCondition,
  groupKey,
  inPeriod,
  registrationDimensions,
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
 * decided in the period with how many of those were approved and how long decisions took.
 */
export async function measureRegistrations(
  db: Database,
  scope: MeasureRegistrationsOptions,
): Promise<Map<string, RegistrationFigures>> {
  const dims = registrationDimensions
  const { submitted, decided } = registrationConditions(scope.period)
  const rows = await rowsByKey<{
    key: string
    submitted: string
    decided: string
    approved: string
    median_seconds: string | null
  }>(
    db,
    sql`select ${groupKey(dims, scope.groupBy)} as key,
        count(*) filter (where ${submitted}) as submitted,
        count(*) filter (where ${decided}) as decided,
        count(*) filter (where ${decided} and r.protection_starts_at is not null) as approved,
        percentile_cont(0.5) within group (order by extract(epoch from r.decided_at - r.submitted_at))
          filter (where ${decided}) as median_seconds
      from registrations r join partners p on p.id = r.partner_id
      where (${submitted} or ${decided}) and ${filterCondition(dims, scope.filters)}
      group by 1`,
  )
  return new Map(
    [...rows].map(([key, row]) => [
      key,
      {
        submitted: toNumber(row.submitted),
        decided: toNumber(row.decided),
        approved: toNumber(row.approved),
        medianHoursToDecision:
          row.median_seconds == null ? null : Math.round(Number(row.median_seconds) / 360) / 10,
      },
    ]),
  )
}
