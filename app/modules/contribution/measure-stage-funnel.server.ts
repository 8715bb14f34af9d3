import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import type { FunnelStep, SellingStage } from './contribution-rules'
import {
  filterCondition,
  onRollupDays,
  registrationRollupDimensions,
  toNumber,
  type MetricScope,
} from './metric-scope.server'

export type MeasureStageFunnelOptions = Omit<MetricScope, 'groupBy' | 'currency'>

export { funnelSteps, sellingStages, type FunnelStep } from './contribution-rules'

export type StageFunnel = {
  /** Registrations submitted in the period that reached at least each step. */
  reached: Record<FunnelStep, number>
  /**
   * Median days the same registrations spent in each selling stage, one decimal: over the stays
   * they have completed (left for a later stage, won or lost), each measured in whole hours from
   * entering the stage (protection start for registered); null when none has left the stage.
   */
  medianDaysInStage: Record<SellingStage, number | null>
  /** Of the same registrations, how many were lost, by loss reason code (most first). */
  lossReasons: { code: string; count: number }[]
}

/**
 * The stage funnel of the registrations submitted in the period: how many were approved and how
 * far each got (the furthest stage its history records; won counts as every stage), how long they
 * stayed in each stage, and why the lost ones were lost. From the submission-day rollups (ADR
 * 0018): the furthest stage and the stays are kept per registration as its history grows.
 */
export async function measureStageFunnel(
  db: Database,
  scope: MeasureStageFunnelOptions,
): Promise<StageFunnel> {
  const cohort = sql`${onRollupDays(scope.period)}
    and ${filterCondition(registrationRollupDimensions, scope.filters)}`
  const [counts, reasons, medians] = await Promise.all([
    queryRows<Record<FunnelStep, string>>(
      db,
      sql`select coalesce(sum(c.registrations), 0) as submitted,
          coalesce(sum(c.registrations) filter (where c.approved), 0) as approved,
          coalesce(sum(c.registrations) filter (where c.approved and c.furthest_stage >= 2), 0)
            as qualified,
          coalesce(sum(c.registrations) filter (where c.approved and c.furthest_stage >= 3), 0)
            as proposal,
          coalesce(sum(c.registrations) filter (where c.approved and c.furthest_stage >= 4), 0)
            as negotiation,
          coalesce(sum(c.registrations) filter (where c.status = 'won'), 0) as won
        from contribution_submission_days c left join partners p on p.id = c.partner_id
        where ${cohort}`,
    ),
    queryRows<{ code: string; n: string }>(
      db,
      sql`select c.lost_reason_code as code, sum(c.registrations) as n
        from contribution_submission_days c left join partners p on p.id = c.partner_id
        where ${cohort} and c.status = 'lost'
        group by 1 having sum(c.registrations) > 0 order by 2 desc, 1`,
    ),
    // The median of a histogram: the mean of its lower and upper middle values (one value when
    // the count is odd), as percentile_cont(0.5) over the stays themselves.
    queryRows<{ stage: SellingStage; median_hours: string | null }>(
      db,
      sql`with histogram as (
          select c.stage::text as stage, c.hours, sum(c.stays) as n
          from contribution_stage_stays c left join partners p on p.id = c.partner_id
          where ${cohort}
          group by 1, 2 having sum(c.stays) > 0
        ), running as (
          select stage, hours, sum(n) over (partition by stage order by hours) as upto,
            sum(n) over (partition by stage) as total
          from histogram
        )
        select stage,
          (min(hours) filter (where upto >= floor((total + 1) / 2.0))
            + min(hours) filter (where upto >= floor(total / 2.0) + 1)) / 2.0 as median_hours
        from running group by stage`,
    ),
  ])
  const row = counts[0]
  const medianDays = (stage: SellingStage) => {
    const hours = medians.find((m) => m.stage === stage)?.median_hours
    return hours == null ? null : Math.round((Number(hours) / 24) * 10) / 10
  }
  return {
    reached: {
      submitted: toNumber(row?.submitted),
      approved: toNumber(row?.approved),
      qualified: toNumber(row?.qualified),
      proposal: toNumber(row?.proposal),
      negotiation: toNumber(row?.negotiation),
      won: toNumber(row?.won),
    },
    medianDaysInStage: {
      registered: medianDays('registered'),
      qualified: medianDays('qualified'),
      proposal: medianDays('proposal'),
      negotiation: medianDays('negotiation'),
    },
    lossReasons: reasons.map((r) => ({ code: r.code, count: toNumber(r.n) })),
  }
}
