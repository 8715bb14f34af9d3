import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import type { StageProbabilities } from './contribution-rules'
import { drillPageSize } from './find-contribution-orders.server'
import { getContributionSettings } from './get-contribution-settings.server'
import { outcomeConditions } from './measure-outcomes.server'
import { openAt, pipelineInstant, probabilityOf } from './measure-pipeline.server'
import { registrationConditions } from './measure-registrations.server'
import {
  filterCondition,
  outcomeSource,
  registrationDimensions,
  toNumber,
  type Credit,
  type MetricScope,
} from './metric-scope.server'

export const registrationMetrics = [
  'submitted',
  'decided',
  'approved',
  'open',
  'won',
  'lost',
  'expired',
] as const
export type RegistrationMetric = (typeof registrationMetrics)[number]

export type FindContributionRegistrationsOptions = Omit<MetricScope, 'groupBy' | 'currency'> & {
  /** Default to the contribution settings. */
  currency?: string
  probabilities?: StageProbabilities
  metric: RegistrationMetric
  /** Outcomes (won, lost, expired) only: who is credited. The other metrics are by registrant. */
  credit?: Credit
  page?: number
  all?: boolean
}

export type ContributionRegistrationRow = {
  id: string
  number: string
  prospectName: string
  partnerId: string
  partnerName: string
  fulfilmentPartnerName: string | null
  regionCode: string
  status: string
  /** For `open`: the stage at the measuring instant; otherwise the current stage. */
  stage: string
  estimatedValueMinor: number
  currency: string
  /** For `open`: value × stage probability (the row's share of the weighted forecast). */
  weightedMinor: number | null
  wonAmountMinor: number | null
  submittedAt: Date
  decidedAt: Date | null
  expectedCloseDate: string
}

export type ContributionRegistrations = {
  currency: string
  registrations: ContributionRegistrationRow[]
  count: number
  /** Σ estimated value (open), won amount (won), or 0 for counts. */
  sumMinor: number
  /** Σ weighted value, for `open`. */
  weightedSumMinor: number
  page: number
  pageCount: number
}

/**
 * The registrations behind a registration figure: the same predicates as the measure that counts
 * them (measureRegistrations, measurePipeline, measureOutcomes), newest submission first.
 */
export async function findContributionRegistrations(
  db: Database,
  options: FindContributionRegistrationsOptions,
): Promise<ContributionRegistrations> {
  const settings =
    options.currency && options.probabilities ? null : await getContributionSettings(db)
  const currency = options.currency ?? settings!.reportingCurrency
  const probabilities = options.probabilities ?? settings!.probabilities
  const isOutcome =
    options.metric === 'won' || options.metric === 'lost' || options.metric === 'expired'
  const source = isOutcome
    ? outcomeSource(options.credit ?? 'sourced')
    : {
        from: sql`registrations r left join partners p on p.id = r.partner_id`,
        dimensions: registrationDimensions,
      }
  let condition: SQL
  let stage: SQL = sql`r.stage::text`
  let amount: SQL = sql`0::bigint`
  if (options.metric === 'open') {
    const open = openAt(pipelineInstant(options), options.now)
    condition = sql`${open.condition} and r.currency = ${currency}`
    stage = open.stage
    amount = sql`r.estimated_value_minor`
  } else if (isOutcome) {
    condition = outcomeConditions(options)[options.metric as 'won' | 'lost' | 'expired']
    if (options.metric === 'won') {
      amount = sql`case when r.currency = ${currency} then r.won_amount_minor else 0 end`
    }
  } else {
    const { submitted, decided } = registrationConditions(options.period)
    condition =
      options.metric === 'submitted'
        ? submitted
        : options.metric === 'decided'
          ? decided
          : sql`${decided} and r.protection_starts_at is not null`
  }
  const where = sql`${condition} and ${filterCondition(source.dimensions, options.filters)}`
  const page = options.page && options.page >= 1 ? Math.floor(options.page) : 1
  const probability = probabilityOf(stage, probabilities)
  const inner = sql`select r.*, ${stage} as stage_then, ${amount} as amount,
      ${probability} as probability
    from ${source.from} where ${where}`
  const [summary] = await queryRows<{ n: string; total: string; weighted: string }>(
    db,
    sql`select count(*) as n, coalesce(sum(amount), 0) as total,
        coalesce(round(sum(estimated_value_minor::numeric * probability) / 10000), 0) as weighted
      from (${inner}) matching`,
  )
  const count = toNumber(summary?.n)
  const rows = await queryRows<{
    id: string
    number: string
    prospect_name: string
    partner_id: string
    partner_name: string
    fulfilment_name: string | null
    region_code: string
    status: string
    stage_then: string
    estimated_value_minor: string
    currency: string
    probability: number
    won_amount_minor: string | null
    submitted_at: string | Date
    decided_at: string | Date | null
    expected_close_date: string
  }>(
    db,
    sql`select m.id, m.number, m.prospect_name, m.partner_id, rp.name as partner_name,
        fp.name as fulfilment_name, m.region_code, m.status, m.stage_then,
        m.estimated_value_minor, m.currency, m.probability, m.won_amount_minor, m.submitted_at,
        m.decided_at, m.expected_close_date::text as expected_close_date
      from (${inner}) m
      join partners rp on rp.id = m.partner_id
      left join partners fp on fp.id = m.fulfilment_partner_id
      order by m.submitted_at desc, m.number desc
      ${options.all ? sql`` : sql`limit ${drillPageSize} offset ${(page - 1) * drillPageSize}`}`,
  )
  return {
    currency,
    registrations: rows.map((row) => ({
      id: row.id,
      number: row.number,
      prospectName: row.prospect_name,
      partnerId: row.partner_id,
      partnerName: row.partner_name,
      fulfilmentPartnerName: row.fulfilment_name,
      regionCode: row.region_code,
      status: row.status,
      stage: row.stage_then,
      estimatedValueMinor: toNumber(row.estimated_value_minor),
      currency: row.currency,
      weightedMinor:
        options.metric === 'open'
          ? Math.round((toNumber(row.estimated_value_minor) * Number(row.probability)) / 10_000)
          : null,
      wonAmountMinor: row.won_amount_minor == null ? null : toNumber(row.won_amount_minor),
      submittedAt: new Date(row.submitted_at),
      decidedAt: row.decided_at ? new Date(row.decided_at) : null,
      expectedCloseDate: row.expected_close_date,
    })),
    count,
    sumMinor: toNumber(summary?.total),
    weightedSumMinor: toNumber(summary?.weighted),
    page,
    pageCount: Math.max(1, Math.ceil(count / drillPageSize)),
  }
}
