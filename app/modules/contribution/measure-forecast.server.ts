import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import type { StageProbabilities } from './contribution-rules'
import {
  filterCondition,
  registrationDimensions,
  toNumber,
  type MetricScope,
} from './metric-scope.server'
import { openAt, pipelineInstant, probabilityOf } from './measure-pipeline.server'

export type MeasureForecastOptions = Omit<MetricScope, 'groupBy'> & {
  probabilities: StageProbabilities
}

export type ForecastQuarter = {
  /** "2026-Q3": the quarter of the registrations' expected close date. */
  quarter: string
  openCount: number
  openValueMinor: number
  weightedMinor: number
}

/**
 * The weighted forecast by expected-close quarter: the same open registrations as the pipeline
 * (at the end of the period, or now), each weighted by its stage's probability, oldest quarter
 * first. A quarter already past holds registrations whose expected close date has slipped.
 */
export async function measureForecast(
  db: Database,
  scope: MeasureForecastOptions,
): Promise<ForecastQuarter[]> {
  const open = openAt(pipelineInstant(scope), scope.now)
  const rows = await queryRows<{ quarter: string; n: string; value: string; weighted: string }>(
    db,
    sql`select quarter, count(*) as n, coalesce(sum(value), 0) as value,
        coalesce(round(sum(value::numeric * probability) / 10000), 0) as weighted
      from (
        select to_char(r.expected_close_date, 'YYYY-"Q"Q') as quarter,
          r.estimated_value_minor as value,
          ${probabilityOf(open.stage, scope.probabilities)} as probability
        from registrations r left join partners p on p.id = r.partner_id
        where ${open.condition} and r.currency = ${scope.currency}
          and ${filterCondition(registrationDimensions, scope.filters)}
      ) open_registrations
      group by quarter order by quarter`,
  )
  return rows.map((row) => ({
    quarter: row.quarter,
    openCount: toNumber(row.n),
    openValueMinor: toNumber(row.value),
    weightedMinor: toNumber(row.weighted),
  }))
}
