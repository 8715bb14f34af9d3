import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  bookedStatusList,
  filterCondition,
  groupKey,
  inPeriod,
  orderLineSource,
  rowsByKey,
  toNumber,
  voidedStatusList,
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
 * it was placed in. Lines carry their product line; the region is the shipping address's.
 */
export async function measureOrderRevenue(
  db: Database,
  scope: MeasureOrderRevenueOptions,
): Promise<Map<string, OrderRevenueFigures>> {
  const source = orderLineSource(scope.credit)
  const dims = source.dimensions
  const booked = sql`o.status in (${bookedStatusList})`
  const rows = await rowsByKey<{
    key: string
    revenue: string
    orders: string
    via_registrations: string
    voided: string
  }>(
    db,
    sql`select ${groupKey(dims, scope.groupBy)} as key,
        coalesce(sum(ol.line_total_minor) filter (where ${booked}), 0) as revenue,
        count(distinct o.id) filter (where ${booked}) as orders,
        coalesce(sum(ol.line_total_minor)
          filter (where ${booked} and o.registration_id is not null), 0) as via_registrations,
        coalesce(sum(ol.line_total_minor) filter (where o.status in (${voidedStatusList})), 0)
          as voided
      from ${source.from}
      where ${inPeriod(sql`o.placed_at`, scope.period)} and o.currency = ${scope.currency}
        and ${filterCondition(dims, scope.filters)}
      group by 1`,
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
