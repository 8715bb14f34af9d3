import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import type { FunnelStep } from './contribution-rules'
import {
  filterCondition,
  inPeriod,
  registrationDimensions,
  toNumber,
  type MetricScope,
} from './metric-scope.server'

export type MeasureStageFunnelOptions = Omit<MetricScope, 'groupBy' | 'currency'>

export { funnelSteps, type FunnelStep } from './contribution-rules'

export type StageFunnel = {
  /** Registrations submitted in the period that reached at least each step. */
  reached: Record<FunnelStep, number>
  /** Of the same registrations, how many were lost, by loss reason code (most first). */
  lossReasons: { code: string; count: number }[]
}

/**
 * The stage funnel of the registrations submitted in the period: how many were approved and how
 * far each got (the furthest stage its history records; won counts as every stage), and why the
 * lost ones were lost.
 */
export async function measureStageFunnel(
  db: Database,
  scope: MeasureStageFunnelOptions,
): Promise<StageFunnel> {
  const cohort = sql`${inPeriod(sql`r.submitted_at`, scope.period)}
    and ${filterCondition(registrationDimensions, scope.filters)}`
  const ordinal = (stage: string) => sql`(case ${sql.raw(stage)}
    when 'registered' then 1 when 'qualified' then 2 when 'proposal' then 3
    when 'negotiation' then 4 when 'won' then 5 else 0 end)`
  const [counts, reasons] = await Promise.all([
    queryRows<Record<FunnelStep, string>>(
      db,
      sql`select count(*) as submitted,
          count(*) filter (where approved) as approved,
          count(*) filter (where approved and furthest >= 2) as qualified,
          count(*) filter (where approved and furthest >= 3) as proposal,
          count(*) filter (where approved and furthest >= 4) as negotiation,
          count(*) filter (where status = 'won') as won
        from (
          select r.status, r.protection_starts_at is not null as approved,
            greatest(${ordinal('r.stage::text')}, coalesce((
              select max(${ordinal('e.to_stage::text')}) from registration_events e
              where e.registration_id = r.id and e.to_stage is not null), 0)) as furthest
          from registrations r join partners p on p.id = r.partner_id
          where ${cohort}
        ) cohort`,
    ),
    queryRows<{ code: string; n: string }>(
      db,
      sql`select r.lost_reason_code as code, count(*) as n
        from registrations r join partners p on p.id = r.partner_id
        where ${cohort} and r.status = 'lost'
        group by 1 order by 2 desc, 1`,
    ),
  ])
  const row = counts[0]
  return {
    reached: {
      submitted: toNumber(row?.submitted),
      approved: toNumber(row?.approved),
      qualified: toNumber(row?.qualified),
      proposal: toNumber(row?.proposal),
      negotiation: toNumber(row?.negotiation),
      won: toNumber(row?.won),
    },
    lossReasons: reasons.map((r) => ({ code: r.code, count: toNumber(r.n) })),
  }
}
