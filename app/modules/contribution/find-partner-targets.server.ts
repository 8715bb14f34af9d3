import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import type { ContributionFilters } from './contribution-rules'
import { toNumber } from './metric-scope.server'

export type FindPartnerTargetsOptions = {
  kind: 'quarter' | 'year'
  /** The period's first day: 1 January, 1 April, 1 July or 1 October. */
  periodStart: string
  currency: string
  /** Only the tier and partner filters apply: a target is for a whole partner. */
  filters: Pick<ContributionFilters, 'tier' | 'partnerId'>
}

export type PartnerTargetFigures = {
  revenueTargetMinor: number
  registrationsTarget: number
  /** 'quarters' when a year has no year target and its quarter targets were added up. */
  source: 'target' | 'quarters'
}

/**
 * Each partner's target for one quarter or year. A year without a year target is the sum of the
 * partner's quarter targets in that year, when it has any.
 */
export async function findPartnerTargets(
  db: Database,
  options: FindPartnerTargetsOptions,
): Promise<Map<string, PartnerTargetFigures>> {
  const conditions = [sql`t.currency = ${options.currency}`]
  if (options.filters.tier) conditions.push(sql`p.tier::text = ${options.filters.tier}`)
  if (options.filters.partnerId) {
    conditions.push(sql`t.partner_id = ${options.filters.partnerId}::uuid`)
  }
  const where = sql.join(conditions, sql` and `)
  const start = sql`${options.periodStart}::date`
  const rows = await queryRows<{
    partner_id: string
    revenue: string
    registrations: string
    source: 'target' | 'quarters'
  }>(
    db,
    options.kind === 'quarter'
      ? sql`select t.partner_id, t.revenue_target_minor as revenue,
            t.registrations_target as registrations, 'target' as source
          from partner_targets t join partners p on p.id = t.partner_id
          where t.period_kind = 'quarter' and t.period_start = ${start} and ${where}`
      : sql`select distinct on (t.partner_id) t.partner_id,
            case when bool_or(t.period_kind = 'year') over w
              then max(t.revenue_target_minor) filter (where t.period_kind = 'year') over w
              else sum(t.revenue_target_minor) over w end as revenue,
            case when bool_or(t.period_kind = 'year') over w
              then max(t.registrations_target) filter (where t.period_kind = 'year') over w
              else sum(t.registrations_target) over w end as registrations,
            case when bool_or(t.period_kind = 'year') over w then 'target' else 'quarters' end
              as source
          from partner_targets t join partners p on p.id = t.partner_id
          where t.period_start >= ${start} and t.period_start < ${start} + interval '1 year'
            and ${where}
          window w as (partition by t.partner_id)`,
  )
  return new Map(
    rows.map((row) => [
      row.partner_id,
      {
        revenueTargetMinor: toNumber(row.revenue),
        registrationsTarget: toNumber(row.registrations),
        source: row.source,
      },
    ]),
  )
}
