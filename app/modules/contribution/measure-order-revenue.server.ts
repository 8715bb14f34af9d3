import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  ALL,
  byProductLine,
  filterCondition,
  groupKey,
  onRollupDays,
  orderRollupSource,
  rowsByKey,
  toNumber,
  type Credit,
  type MetricScope,
} from './metric-scope.server'

export type MeasureOrderRevenueOptions = MetricScope & { credit: Credit }

export type OrderRevenueFigures = {
  /** Σ net line totals of booked orders placed in the period (ADR 0014). */
  revenueMinor: number
  /** Booked orders placed in the period with at least one line in scope. */
  orders: number
  /** The part of revenueMinor from orders linked to a registration. */
  viaRegistrationsMinor: number
  /** Σ line totals of orders placed in the period and since cancelled or expired (not revenue). */
  voidedMinor: number
}

/**
 * Order revenue by group: net line totals of orders placed in the period that are booked now
 * (submitted, confirmed, shipped, delivered), so a cancellation takes its order out of the period
 * it was placed in. Lines carry their product line; the region is the shipping address's. Read
 * from the daily order rollups (ADR 0018), by product line only when the scope asks for one; a
 * group is there when the period has any line of it in scope, in any status, as over the lines.
 * Order counts are distinct orders per partner; a credited count over a group other than the
 * partner counts an order once per partner it credits.
 */
export async function measureOrderRevenue(
  db: Database,
  scope: MeasureOrderRevenueOptions,
): Promise<Map<string, OrderRevenueFigures>> {
  const source = orderRollupSource(scope.credit, byProductLine(scope))
  const dims = source.dimensions
  const rows = await rowsByKey<{
    key: string
    revenue: string
    orders: string
    via_registrations: string
    voided: string
  }>(
    db,
    sql`select ${groupKey(dims, scope.groupBy)} as key,
        coalesce(sum(c.booked_minor), 0) as revenue,
        coalesce(sum(c.booked_orders), 0) as orders,
        coalesce(sum(c.booked_minor) filter (where c.source_partner_id is not null), 0)
          as via_registrations,
        coalesce(sum(c.voided_minor), 0) as voided
      from ${source.from}
      where ${onRollupDays(scope.period)} and c.currency = ${scope.currency}
        and ${filterCondition(dims, scope.filters)}
      group by 1
      having sum(c.lines) > 0`,
  )
  return new Map(
    [...rows].map(([key, row]) => [
      key,
      {
        revenueMinor: toNumber(row.revenue),
        orders: toNumber(row.orders),
        viaRegistrationsMinor: toNumber(row.via_registrations),
        voidedMinor: toNumber(row.voided),
      },
    ]),
  )
}

/**
 * Every group together, as measureOrderRevenue with no grouping would find it, for groupings where
 * each rollup cell is in exactly one group and an order in one cell: by partner, tier or region
 * (not by product line, where an order with lines of two product lines counts in both).
 */
export function orderRevenueTotal(
  groups: Map<string, OrderRevenueFigures>,
): Map<string, OrderRevenueFigures> {
  if (groups.size === 0) return new Map()
  const total: OrderRevenueFigures = {
    revenueMinor: 0,
    orders: 0,
    viaRegistrationsMinor: 0,
    voidedMinor: 0,
  }
  for (const group of groups.values()) {
    total.revenueMinor += group.revenueMinor
    total.orders += group.orders
    total.viaRegistrationsMinor += group.viaRegistrationsMinor
    total.voidedMinor += group.voidedMinor
  }
  return new Map([[ALL, total]])
}
