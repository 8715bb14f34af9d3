import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import {
  bookedStatusList,
  filterCondition,
  inPeriod,
  orderLineSource,
  toNumber,
  voidedStatusList,
  type Credit,
  type MetricScope,
} from './metric-scope.server'
import { getContributionSettings } from './get-contribution-settings.server'

export const drillPageSize = 50

export type FindContributionOrdersOptions = Omit<MetricScope, 'groupBy' | 'currency'> & {
  /** Defaults to the reporting currency of the contribution settings. */
  currency?: string
  credit: Credit
  /** booked: the orders behind order revenue; voided: the cancelled and expired ones. */
  which: 'booked' | 'voided'
  /** Orders on registrations only (the "through registered deals" part). */
  viaRegistrationsOnly?: boolean
  page?: number
  /** Every row (for the CSV export) instead of one page. */
  all?: boolean
}

export type ContributionOrderRow = {
  id: string
  number: string
  placedAt: Date
  status: string
  partnerId: string
  partnerName: string
  partnerCode: string
  regionCode: string | null
  registrationId: string | null
  registrationNumber: string | null
  /** Σ the order's lines in scope (a product line filter keeps only that line's lines). */
  amountMinor: number
  lineCount: number
}

export type ContributionOrders = {
  currency: string
  orders: ContributionOrderRow[]
  /** Every order in scope, not only this page. */
  count: number
  /** Σ amountMinor over every order in scope: equals the figure drilled from. */
  sumMinor: number
  page: number
  pageCount: number
}

/**
 * The orders behind an order-revenue figure, with the same rows as measureOrderRevenue: same
 * source, credit, period, currency and filters, newest first.
 */
export async function findContributionOrders(
  db: Database,
  options: FindContributionOrdersOptions,
): Promise<ContributionOrders> {
  const currency = options.currency ?? (await getContributionSettings(db)).reportingCurrency
  const source = orderLineSource(options.credit)
  const status = options.which === 'booked' ? bookedStatusList : voidedStatusList
  const where = sql`${inPeriod(sql`o.placed_at`, options.period)} and o.currency = ${currency}
    and o.status in (${status}) and ${filterCondition(source.dimensions, options.filters)}
    ${options.viaRegistrationsOnly ? sql`and o.registration_id is not null` : sql``}`
  const page = options.page && options.page >= 1 ? Math.floor(options.page) : 1
  const [summary] = await queryRows<{ n: string; total: string }>(
    db,
    sql`select count(distinct o.id) as n, coalesce(sum(ol.line_total_minor), 0) as total
      from ${source.from} where ${where}`,
  )
  const count = toNumber(summary?.n)
  const pageCount = Math.max(1, Math.ceil(count / drillPageSize))
  const rows = await queryRows<{
    id: string
    number: string
    placed_at: string | Date
    status: string
    partner_id: string
    partner_name: string
    partner_code: string
    region_code: string | null
    registration_id: string | null
    registration_number: string | null
    amount: string
    lines: string
  }>(
    db,
    sql`select o.id, o.number, o.placed_at, o.status, o.partner_id, bp.name as partner_name,
        bp.code as partner_code, o.shipping_address->>'regionCode' as region_code,
        o.registration_id, reg.number as registration_number,
        sum(ol.line_total_minor) as amount, count(*) as lines
      from ${source.from}
      join partners bp on bp.id = o.partner_id
      left join registrations reg on reg.id = o.registration_id
      where ${where}
      group by o.id, bp.name, bp.code, reg.number
      order by o.placed_at desc, o.number desc
      ${options.all ? sql`` : sql`limit ${drillPageSize} offset ${(page - 1) * drillPageSize}`}`,
  )
  return {
    currency,
    orders: rows.map((row) => ({
      id: row.id,
      number: row.number,
      placedAt: new Date(row.placed_at),
      status: row.status,
      partnerId: row.partner_id,
      partnerName: row.partner_name,
      partnerCode: row.partner_code,
      regionCode: row.region_code,
      registrationId: row.registration_id,
      registrationNumber: row.registration_number,
      amountMinor: toNumber(row.amount),
      lineCount: toNumber(row.lines),
    })),
    count,
    sumMinor: toNumber(summary?.total),
    page,
    pageCount,
  }
}
