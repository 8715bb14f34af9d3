import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import type { StageProbabilities } from './contribution-rules'
import {
  ALL,
  filterCondition,
  groupKey,
  registrationDimensions,
  rowsByKey,
  timestampParam,
  toNumber,
  type MetricScope,
} from './metric-scope.server'
import { periodInstants } from './period-rules'

export type MeasurePipelineOptions = MetricScope & { probabilities: StageProbabilities }

export type PipelineFigures = {
  /** Registrations open (approved, protected, not closed) at the measuring instant. */
  openCount: number
  /** Σ estimated value of those registrations. */
  openValueMinor: number
  /** Σ estimated value × the probability of the stage each was at then, rounded once. */
  weightedMinor: number
}

/**
 * The instant a period's pipeline is measured at: the end of the period, or now while it runs.
 */
export function pipelineInstant(scope: Pick<MetricScope, 'period' | 'now'>): Date {
  const { end } = periodInstants(scope.period)
  return end < scope.now ? end : scope.now
}

/**
 * The SQL of "open at T" over registrations r, and the stage each was at then: the current stage
 * while measuring now; for an instant in the past, the last stage its history records up to then
 * (every registration starts at 'registered').
 */
export function openAt(at: Date, now: Date): { condition: SQL; stage: SQL } {
  const t = timestampParam(at)
  const condition = sql`(r.protection_starts_at <= ${t}
    and r.protection_ends_at > ${t} and (r.closed_at is null or r.closed_at > ${t}))`
  if (at >= now) return { condition, stage: sql`r.stage::text` }
  const stage = sql`coalesce((select e.to_stage::text from registration_events e
      where e.registration_id = r.id and e.to_stage is not null and e.created_at <= ${t}
      order by e.created_at desc, e.id desc limit 1), 'registered')`
  return { condition, stage }
}

export function probabilityOf(stage: SQL, probabilities: StageProbabilities): SQL {
  return sql`(case ${stage}
    when 'registered' then ${probabilities.registered}::int
    when 'qualified' then ${probabilities.qualified}::int
    when 'proposal' then ${probabilities.proposal}::int
    when 'negotiation' then ${probabilities.negotiation}::int
    else 0 end)`
}

/** A group's pipeline with Σ value × probability before rounding, so groups can be added up. */
export type PipelineGroup = PipelineFigures & { weightedBasis: bigint }

/**
 * The sourced pipeline (approved, open registrations, credited to the registering partner) at the
 * end of the period, or now while the period runs, with its weighted forecast.
 */
export async function measurePipeline(
  db: Database,
  scope: MeasurePipelineOptions,
): Promise<Map<string, PipelineFigures>> {
  const groups = await measurePipelineGroups(db, scope)
  return new Map(
    [...groups].map(([key, { openCount, openValueMinor, weightedMinor }]) => [
      key,
      { openCount, openValueMinor, weightedMinor },
    ]),
  )
}

/** measurePipeline's groups with their unrounded weighted sums. */
export async function measurePipelineGroups(
  db: Database,
  scope: MeasurePipelineOptions,
): Promise<Map<string, PipelineGroup>> {
  const dims = registrationDimensions
  const open = openAt(pipelineInstant(scope), scope.now)
  const rows = await rowsByKey<{ key: string; n: string; value: string; basis: string }>(
    db,
    sql`select key, count(*) as n, coalesce(sum(value), 0) as value,
        coalesce(sum(value::numeric * probability), 0) as basis
      from (
        select ${groupKey(dims, scope.groupBy)} as key, r.estimated_value_minor as value,
          ${probabilityOf(open.stage, scope.probabilities)} as probability
        from registrations r left join partners p on p.id = r.partner_id
        where ${open.condition} and r.currency = ${scope.currency}
          and ${filterCondition(dims, scope.filters)}
      ) open_registrations
      group by key`,
  )
  return new Map(
    [...rows].map(([key, row]) => {
      const weightedBasis = BigInt(row.basis)
      return [
        key,
        {
          openCount: toNumber(row.n),
          openValueMinor: toNumber(row.value),
          weightedMinor: roundBasis(weightedBasis),
          weightedBasis,
        },
      ]
    }),
  )
}

/**
 * The pipeline of every group together, as measurePipeline with no grouping would find it: every
 * open registration is in exactly one group, and the weighted sum is rounded once, at the end.
 */
export function pipelineTotal(groups: Map<string, PipelineGroup>): Map<string, PipelineFigures> {
  if (groups.size === 0) return new Map()
  let openCount = 0
  let openValueMinor = 0
  let basis = 0n
  for (const group of groups.values()) {
    openCount += group.openCount
    openValueMinor += group.openValueMinor
    basis += group.weightedBasis
  }
  return new Map([[ALL, { openCount, openValueMinor, weightedMinor: roundBasis(basis) }]])
}

/** Σ value × probability (basis points) in minor units, half away from zero as SQL's round. */
const roundBasis = (basis: bigint) => Number((basis + 5000n) / 10000n)
