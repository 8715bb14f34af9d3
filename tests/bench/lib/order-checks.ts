/**
 * The books of ordering after a load, checked twice: by checkOrderConsistency (the product's own
 * check) and by plain SQL written here independently of it, so a gap in one shows in the other.
 */
import type { Sql } from 'postgres'
import type { Database } from '#db/client.server'
import {
  checkOrderConsistency,
  type OrderConsistencyViolation,
} from '#app/modules/orders/check-order-consistency.server'

export type SqlCheck = { name: string; violations: number; sample: unknown[] }

export type BooksReport = {
  consistency: OrderConsistencyViolation[]
  sqlChecks: SqlCheck[]
  ok: boolean
}

const reserving = `('pending_payment', 'credit_hold', 'submitted', 'confirmed')`

/** Each query returns the offending rows (none when the books agree). */
const sqlChecks: { name: string; query: string }[] = [
  {
    name: 'order without lines',
    query: `select o.number from orders o
            where not exists (select 1 from order_lines l where l.order_id = o.id)`,
  },
  {
    name: 'reserved allocation without an open order',
    query: `select a.order_line_id, o.number, o.status from order_allocations a
            left join orders o on o.id = a.order_id
            where a.status = 'reserved' and (o.id is null or o.status not in ${reserving})`,
  },
  {
    name: 'allocation without its order line',
    query: `select a.order_line_id from order_allocations a
            left join order_lines l on l.id = a.order_line_id
            where l.id is null or l.order_id <> a.order_id or l.product_id <> a.product_id`,
  },
  {
    name: 'stock_levels.reserved <> Σ reserved allocations',
    query: `select s.product_id, s.warehouse_id, s.reserved, coalesce(a.qty, 0) as allocated
            from stock_levels s
            left join (select product_id, warehouse_id, sum(quantity) as qty
                       from order_allocations where status = 'reserved'
                       group by product_id, warehouse_id) a
              on a.product_id = s.product_id and a.warehouse_id = s.warehouse_id
            where s.reserved <> coalesce(a.qty, 0)
            union all
            select a.product_id, a.warehouse_id, null, a.quantity from order_allocations a
            where a.status = 'reserved' and not exists (
              select 1 from stock_levels s
              where s.product_id = a.product_id and s.warehouse_id = a.warehouse_id)`,
  },
  {
    name: 'stock outside 0 ≤ reserved ≤ on hand',
    query: `select product_id, warehouse_id, on_hand, reserved from stock_levels
            where reserved < 0 or on_hand < 0 or reserved > on_hand`,
  },
  {
    name: 'product_stock totals <> Σ stock_levels',
    query: `select ps.product_id from product_stock ps
            join (select s.product_id, sum(s.on_hand) as on_hand, sum(s.reserved) as reserved
                  from stock_levels s group by s.product_id) t on t.product_id = ps.product_id
            where ps.on_hand <> t.on_hand or ps.reserved <> t.reserved`,
  },
  {
    name: 'open order line not reserved in full',
    query: `select o.number, l.line_no, l.quantity, coalesce(sum(a.quantity), 0) as reserved
            from orders o join order_lines l on l.order_id = o.id
            left join order_allocations a on a.order_line_id = l.id and a.status = 'reserved'
            where o.status in ${reserving}
            group by o.number, l.line_no, l.quantity
            having coalesce(sum(a.quantity), 0) <> l.quantity`,
  },
  {
    name: 'two orders for one idempotency key',
    query: `select partner_id, idempotency_key, count(*) from orders
            group by partner_id, idempotency_key having count(*) > 1`,
  },
  {
    name: 'placed order without its history or audit row',
    query: `select o.number from orders o
            where not exists (select 1 from order_events e
                              where e.order_id = o.id and e.type = 'placed')
               or not exists (select 1 from audit_log g
                              where g.entity_type = 'order' and g.entity_id = o.id::text
                                and g.action = 'order.placed')`,
  },
]

export async function checkBooks(db: Database, sql: Sql): Promise<BooksReport> {
  const consistency = await checkOrderConsistency(db)
  const results: SqlCheck[] = []
  for (const check of sqlChecks) {
    const rows = await sql.unsafe(check.query)
    results.push({ name: check.name, violations: rows.length, sample: rows.slice(0, 5) })
  }
  return {
    consistency,
    sqlChecks: results,
    ok: consistency.length === 0 && results.every((r) => r.violations === 0),
  }
}

export type HotSkuReport = {
  units: number
  onHand: number
  reserved: number
  allocationsReserved: number
  orderLineUnits: number
  ordersWithHotLine: number
  /** Units the hot SKU's order lines hold beyond its stock (0 = no oversell). */
  oversold: number
  ok: boolean
}

/** The hot SKU's stock, allocations and order lines must agree, and exactly `units` be sold. */
export async function checkHotSku(
  sql: Sql,
  hot: { id: string; units: number },
): Promise<HotSkuReport> {
  const [stock] = await sql<{ on_hand: number; reserved: number }[]>`
    select coalesce(sum(on_hand), 0)::int as on_hand, coalesce(sum(reserved), 0)::int as reserved
    from stock_levels where product_id = ${hot.id}`
  const [allocations] = await sql<{ reserved: number }[]>`
    select coalesce(sum(quantity), 0)::int as reserved from order_allocations
    where product_id = ${hot.id} and status = 'reserved'`
  const [lines] = await sql<{ units: number; orders: number }[]>`
    select coalesce(sum(l.quantity), 0)::int as units, count(distinct l.order_id)::int as orders
    from order_lines l join orders o on o.id = l.order_id
    where l.product_id = ${hot.id} and o.status in ('pending_payment', 'credit_hold',
      'submitted', 'confirmed', 'shipped', 'delivered')`
  const report = {
    units: hot.units,
    onHand: stock!.on_hand,
    reserved: stock!.reserved,
    allocationsReserved: allocations!.reserved,
    orderLineUnits: lines!.units,
    ordersWithHotLine: lines!.orders,
    oversold: Math.max(0, lines!.units - hot.units),
  }
  return {
    ...report,
    ok:
      report.onHand === hot.units &&
      report.reserved === hot.units &&
      report.allocationsReserved === hot.units &&
      report.orderLineUnits === hot.units,
  }
}

export function printBooks(report: BooksReport): void {
  console.log(
    `checkOrderConsistency: ${report.consistency.length === 0 ? 'no violations' : JSON.stringify(report.consistency.slice(0, 10))}`,
  )
  for (const check of report.sqlChecks) {
    console.log(
      `  ${check.violations === 0 ? 'ok  ' : 'FAIL'} ${check.name}${check.violations ? `: ${check.violations} ${JSON.stringify(check.sample)}` : ''}`,
    )
  }
}
