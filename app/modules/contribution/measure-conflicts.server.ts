import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  filterCondition,
  groupKey,
  inPeriod,
  rowsByKey,
  toNumber,
  type Dimensions,
  type MetricScope,
} from './metric-scope.server'

export type MeasureConflictsOptions = MetricScope

/** A conflict is a refused submission: it counts for the partner that submitted it (alias p). */
export const conflictDimensions: Dimensions = {
  partner: sql`c.submitted_by_partner_id`,
  tier: sql`p.tier`,
  region: sql`c.submission->>'regionCode'`,
  productLine: sql`c.product_line_id`,
}

/** Conflicts recorded in the period, by group of the refused submitter. */
export async function measureConflicts(
  db: Database,
  scope: MeasureConflictsOptions,
): Promise<Map<string, number>> {
  const dims = conflictDimensions
  const rows = await rowsByKey<{ key: string; conflicts: string }>(
    db,
    sql`select ${groupKey(dims, scope.groupBy)} as key, count(*) as conflicts
      from registration_conflicts c left join partners p on p.id = c.submitted_by_partner_id
      where ${inPeriod(sql`c.created_at`, scope.period)} and ${filterCondition(dims, scope.filters)}
      group by 1`,
  )
  return new Map([...rows].map(([key, row]) => [key, toNumber(row.conflicts)]))
}
