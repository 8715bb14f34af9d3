import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import {
  bookedOrderStatuses,
  voidedOrderStatuses,
  type ContributionFilters,
  type Grouping,
} from './contribution-rules'
import { periodInstants, type Period } from './period-rules'

/**
 * What every measure is asked: a period, filters, how to group, the reporting currency and "now"
 * (a period that has not ended is measured up to now). The measures in this folder each answer
 * one question with one SQL query; the drill-down lists reuse their predicates (see
 * find-contribution-orders/registrations), so every figure can be traced to its rows.
 */
export type MetricScope = {
  period: Period
  filters: ContributionFilters
  /** null: one row for everything in scope, under the key 'all'. */
  groupBy: Grouping | null
  currency: string
  now: Date
}

/**
 * Which partner a row is credited to (two-tier deals, ADR 0014): `fulfilled` is the partner that
 * placed the order (or fulfils the registration), `sourced` the partner that registered the deal,
 * `credited` either of them (a row counts once for each partner it credits).
 */
export type Credit = 'fulfilled' | 'sourced' | 'credited'

/**
 * SQL expressions for the four dimensions of one source of rows. `partnerRows` is, for sources
 * whose partner is computed per row (two-tier credit), a condition on the source's own columns
 * that every row credited to the partner meets: added to the partner filter, it changes no figure
 * but lets PostgreSQL find the partner's rows by index instead of reading the whole period.
 */
export type Dimensions = {
  partner: SQL
  tier: SQL
  region: SQL
  productLine: SQL
  partnerRows?: (partnerId: SQL) => SQL
}

export const ALL = 'all'

export const timestampParam = (value: Date) => sql`${value.toISOString()}::timestamptz`
export const dateParam = (day: string) => sql`${day}::date`

/** `column` within the period's instants [start, end). */
export function inPeriod(column: SQL, period: Period, until?: Date): SQL {
  const { start, end } = periodInstants(period)
  const upper = until && until < end ? until : end
  return sql`(${column} >= ${timestampParam(start)} and ${column} < ${timestampParam(upper)})`
}

/** A date column within the period's calendar days. */
export function onPeriodDays(column: SQL, period: Period): SQL {
  return sql`(${column} between ${dateParam(period.from)} and ${dateParam(period.to)})`
}

/**
 * The group's key in its own type (uuid, tier, text): grouping by it is cheaper than by its text,
 * which would be worked out for every row first. The drivers return each as a string.
 */
export function groupKey(dimensions: Dimensions, groupBy: Grouping | null): SQL {
  if (groupBy === null) return sql`${ALL}::text`
  return sql`(${dimensions[groupBy]})`
}

/** The filters as one SQL condition over the source's dimensions. */
export function filterCondition(dimensions: Dimensions, filters: ContributionFilters): SQL {
  const conditions: SQL[] = [sql`true`]
  if (filters.partnerId) {
    const partnerId = sql`${filters.partnerId}::uuid`
    conditions.push(sql`${dimensions.partner} = ${partnerId}`)
    if (dimensions.partnerRows) conditions.push(dimensions.partnerRows(partnerId))
  }
  if (filters.tier) conditions.push(sql`${dimensions.tier}::text = ${filters.tier}`)
  if (filters.regionCode) conditions.push(sql`${dimensions.region} = ${filters.regionCode}`)
  if (filters.productLineId) {
    conditions.push(sql`${dimensions.productLine} = ${filters.productLineId}::uuid`)
  }
  return sql.join(conditions, sql` and `)
}

export const bookedStatusList = sql.raw(bookedOrderStatuses.map((s) => `'${s}'`).join(', '))
export const voidedStatusList = sql.raw(voidedOrderStatuses.map((s) => `'${s}'`).join(', '))

/** Registrations (alias r) with the registering partner (alias p). */
export const registrationDimensions: Dimensions = {
  partner: sql`r.partner_id`,
  tier: sql`p.tier`,
  region: sql`r.region_code`,
  productLine: sql`r.product_line_id`,
}

/**
 * Order lines (alias ol of orders o) and the credited partner (alias p): the FROM clause and the
 * dimensions for one kind of credit.
 */
export function orderLineSource(credit: Credit): { from: SQL; dimensions: Dimensions } {
  const common = {
    region: sql`o.shipping_address->>'regionCode'`,
    productLine: sql`ol.product_line_id`,
  }
  if (credit === 'fulfilled') {
    return {
      from: sql`order_lines ol join orders o on o.id = ol.order_id
        left join partners p on p.id = o.partner_id`,
      dimensions: { partner: sql`o.partner_id`, tier: sql`p.tier`, ...common },
    }
  }
  if (credit === 'sourced') {
    return {
      from: sql`order_lines ol join orders o on o.id = ol.order_id
        join registrations r on r.id = o.registration_id
        left join partners p on p.id = r.partner_id`,
      dimensions: { partner: sql`r.partner_id`, tier: sql`p.tier`, ...common },
    }
  }
  return {
    from: sql`order_lines ol join orders o on o.id = ol.order_id
      left join registrations r on r.id = o.registration_id
      cross join lateral (
        select distinct credited from unnest(array[o.partner_id, r.partner_id]) as u(credited)
        where credited is not null
      ) cp
      left join partners p on p.id = cp.credited`,
    dimensions: {
      partner: sql`cp.credited`,
      tier: sql`p.tier`,
      ...common,
      // Credited to the partner: placed by it, or linked to one of its registrations.
      partnerRows: (partnerId) => sql`(o.partner_id = ${partnerId} or o.registration_id = any(
        array(select own.id from registrations own where own.partner_id = ${partnerId})))`,
    },
  }
}

/**
 * Rows with a registering partner and a fulfilling one (registrations, or their outcome rollup
 * cells) under `alias`, and the partner credited with their outcome (alias p).
 */
function outcomeCredit(
  relation: SQL,
  alias: 'r' | 'c',
  credit: Credit,
): { from: SQL; dimensions: Dimensions } {
  const a = sql.raw(alias)
  const common = { region: sql`${a}.region_code`, productLine: sql`${a}.product_line_id` }
  const partner = {
    sourced: sql`${a}.partner_id`,
    fulfilled: sql`coalesce(${a}.fulfilment_partner_id, ${a}.partner_id)`,
  }
  if (credit !== 'credited') {
    return {
      from: sql`${relation} left join partners p on p.id = ${partner[credit]}`,
      dimensions: { partner: partner[credit], tier: sql`p.tier`, ...common },
    }
  }
  // Each row once for its registrant and once more for a different fulfilling partner: two scans
  // of the same rows appended, cheaper than pairing every row with the set of its partners.
  return {
    from: sql`(select ${a}.*, ${a}.partner_id as credited from ${relation}
        union all
        select ${a}.*, ${a}.fulfilment_partner_id from ${relation}
        where ${a}.fulfilment_partner_id <> ${a}.partner_id
      ) ${a}
      left join partners p on p.id = ${a}.credited`,
    dimensions: {
      partner: sql`${a}.credited`,
      tier: sql`p.tier`,
      ...common,
      partnerRows: (partnerId) =>
        sql`(${a}.partner_id = ${partnerId} or ${a}.fulfilment_partner_id = ${partnerId})`,
    },
  }
}

/** Registrations (alias r) and the partner credited with their outcome (alias p). */
export const outcomeSource = (credit: Credit) => outcomeCredit(sql`registrations r`, 'r', credit)

/**
 * The rollups (migration 0018, ADR 0018) hold the same facts per Shanghai calendar day, so a
 * period is a range of `day` (alias c) and a figure is a sum over the period's cells.
 */
export const onRollupDays = (period: Period) => onPeriodDays(sql`c.day`, period)

/** Whether a scope needs the order rollup by product line (its filter or its grouping). */
export const byProductLine = (scope: Pick<MetricScope, 'filters' | 'groupBy'>) =>
  scope.groupBy === 'productLine' || scope.filters.productLineId != null

/**
 * Order rollup cells (alias c: placing partner, sourcing partner, region, currency, and product
 * line when `withProductLine`) and the credited partner (alias p), as orderLineSource is for the
 * lines. A cell's amounts count once for each partner it credits.
 */
export function orderRollupSource(
  credit: Credit,
  withProductLine: boolean,
): { from: SQL; dimensions: Dimensions } {
  const table = sql.raw(
    withProductLine ? 'contribution_order_line_days' : 'contribution_order_days',
  )
  const common = {
    region: sql`c.region_code`,
    productLine: withProductLine ? sql`c.product_line_id` : sql`null::uuid`,
  }
  if (credit === 'fulfilled') {
    return {
      from: sql`${table} c left join partners p on p.id = c.partner_id`,
      dimensions: { partner: sql`c.partner_id`, tier: sql`p.tier`, ...common },
    }
  }
  if (credit === 'sourced') {
    return {
      from: sql`(select * from ${table} where source_partner_id is not null) c
        left join partners p on p.id = c.source_partner_id`,
      dimensions: { partner: sql`c.source_partner_id`, tier: sql`p.tier`, ...common },
    }
  }
  // A cell once for its placing partner and once more for a different sourcing partner.
  return {
    from: sql`(select c.*, c.partner_id as credited from ${table} c
        union all
        select c.*, c.source_partner_id from ${table} c
        where c.source_partner_id <> c.partner_id
      ) c
      left join partners p on p.id = c.credited`,
    dimensions: {
      partner: sql`c.credited`,
      tier: sql`p.tier`,
      ...common,
      partnerRows: (partnerId) =>
        sql`(c.partner_id = ${partnerId} or c.source_partner_id = ${partnerId})`,
    },
  }
}

/** Registration rollup cells (alias c) by registrant (alias p). */
export const registrationRollupDimensions: Dimensions = {
  partner: sql`c.partner_id`,
  tier: sql`p.tier`,
  region: sql`c.region_code`,
  productLine: sql`c.product_line_id`,
}

/** Outcome rollup cells (alias c) and the partner credited with the outcome (alias p). */
export const outcomeRollupSource = (credit: Credit) =>
  outcomeCredit(sql`contribution_outcome_days c`, 'c', credit)

/** Runs a grouped query and returns its rows by key. */
export async function rowsByKey<T extends { key: string }>(
  db: Database,
  query: SQL,
): Promise<Map<string, T>> {
  const rows = await queryRows<T>(db, query)
  return new Map(rows.map((row) => [row.key, row]))
}

/** int8 and numeric arrive as strings from the drivers. */
export const toNumber = (value: unknown): number => (value == null ? 0 : Number(value))
