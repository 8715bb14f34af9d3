import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'

export type OrderConsistencyViolation =
  | { kind: 'order_without_lines'; orderId: string; number: string }
  | { kind: 'reserved_allocation_on_closed_order'; orderId: string; number: string; status: string }
  | {
      kind: 'line_not_fully_reserved'
      orderId: string
      number: string
      lineNo: number
      quantity: number
      reserved: number
    }
  | {
      kind: 'stock_reserved_mismatch'
      productId: string
      warehouseId: string
      stockReserved: number
      allocationsReserved: number
    }
  | {
      kind: 'paid_payment_on_unpaid_order'
      orderId: string
      number: string
      paymentId: string
      paymentStatus: string
    }
  | {
      kind: 'order_total_mismatch'
      orderId: string
      number: string
      subtotalMinor: number
      linesTotalMinor: number
      listTotalMinor: number
      linesListTotalMinor: number
    }

export type CheckOrderConsistencyOptions = {
  /** At most this many violations of each kind are returned (the check itself is complete). */
  limitPerKind?: number
}

/**
 * The books of ordering, checked from scratch (for the crash test, and for anyone who doubts):
 * - every order has lines;
 * - a reserved allocation belongs to an order that still holds stock (pending payment, credit
 *   hold, submitted, confirmed), and such an order reserves each line in full;
 * - per product and warehouse, Σ reserved allocations = stock_levels.reserved;
 * - a succeeded (or later refunded) card payment belongs to an order marked paid or refunded;
 * - an order's subtotal and list total are the sums of its lines.
 * Returns every violation found; an empty list means the books agree.
 */
export async function checkOrderConsistency(
  db: Database,
  options: CheckOrderConsistencyOptions = {},
): Promise<OrderConsistencyViolation[]> {
  const limit = options.limitPerKind ?? 100
  const [noLines, closedReserved, shortLines, stock, paidUnpaid, totals] = await Promise.all([
    queryRows<{ id: string; number: string }>(
      db,
      sql`select o.id::text as id, o.number from orders o
          where not exists (select 1 from order_lines l where l.order_id = o.id)
          order by o.placed_at limit ${limit}`,
    ),
    queryRows<{ id: string; number: string; status: string }>(
      db,
      sql`select distinct o.id::text as id, o.number, o.status::text as status
          from order_allocations a join orders o on o.id = a.order_id
          where a.status = 'reserved'
            and o.status not in ('pending_payment', 'credit_hold', 'submitted', 'confirmed')
          order by o.number limit ${limit}`,
    ),
    queryRows<{ id: string; number: string; line_no: number; quantity: number; reserved: number }>(
      db,
      sql`select o.id::text as id, o.number, l.line_no::int as line_no, l.quantity::int as quantity,
            coalesce(r.reserved, 0)::int as reserved
          from orders o
          join order_lines l on l.order_id = o.id
          left join (select order_line_id, sum(quantity) as reserved from order_allocations
                     where status = 'reserved' group by order_line_id) r on r.order_line_id = l.id
          where o.status in ('pending_payment', 'credit_hold', 'submitted', 'confirmed')
            and coalesce(r.reserved, 0) <> l.quantity
          order by o.number, l.line_no limit ${limit}`,
    ),
    queryRows<{
      product_id: string
      warehouse_id: string
      stock_reserved: number
      allocations_reserved: number
    }>(
      db,
      sql`select coalesce(s.product_id, a.product_id)::text as product_id,
            coalesce(s.warehouse_id, a.warehouse_id)::text as warehouse_id,
            coalesce(s.reserved, 0)::int as stock_reserved,
            coalesce(a.reserved, 0)::int as allocations_reserved
          from stock_levels s
          full outer join (select product_id, warehouse_id, sum(quantity) as reserved
                           from order_allocations where status = 'reserved'
                           group by product_id, warehouse_id) a
            on a.product_id = s.product_id and a.warehouse_id = s.warehouse_id
          where coalesce(s.reserved, 0) <> coalesce(a.reserved, 0)
          order by 1, 2 limit ${limit}`,
    ),
    queryRows<{ id: string; number: string; payment_id: string; payment_status: string }>(
      db,
      sql`select o.id::text as id, o.number, p.id::text as payment_id,
            p.status::text as payment_status
          from payments p join orders o on o.id = p.order_id
          where (p.status = 'succeeded' and o.payment_status <> 'paid')
             or (p.status = 'refunded' and o.payment_status = 'unpaid')
          order by o.number limit ${limit}`,
    ),
    queryRows<{
      id: string
      number: string
      subtotal_minor: string
      lines_total_minor: string
      list_total_minor: string
      lines_list_total_minor: string
    }>(
      db,
      sql`select o.id::text as id, o.number, o.subtotal_minor::text as subtotal_minor,
            l.total::text as lines_total_minor, o.list_total_minor::text as list_total_minor,
            l.list_total::text as lines_list_total_minor
          from orders o
          join (select order_id, sum(line_total_minor) as total,
                  sum(list_unit_minor * quantity) as list_total
                from order_lines group by order_id) l on l.order_id = o.id
          where o.subtotal_minor <> l.total or o.list_total_minor <> l.list_total
          order by o.number limit ${limit}`,
    ),
  ])

  return [
    ...noLines.map((r) => ({
      kind: 'order_without_lines' as const,
      orderId: r.id,
      number: r.number,
    })),
    ...closedReserved.map((r) => ({
      kind: 'reserved_allocation_on_closed_order' as const,
      orderId: r.id,
      number: r.number,
      status: r.status,
    })),
    ...shortLines.map((r) => ({
      kind: 'line_not_fully_reserved' as const,
      orderId: r.id,
      number: r.number,
      lineNo: Number(r.line_no),
      quantity: Number(r.quantity),
      reserved: Number(r.reserved),
    })),
    ...stock.map((r) => ({
      kind: 'stock_reserved_mismatch' as const,
      productId: r.product_id,
      warehouseId: r.warehouse_id,
      stockReserved: Number(r.stock_reserved),
      allocationsReserved: Number(r.allocations_reserved),
    })),
    ...paidUnpaid.map((r) => ({
      kind: 'paid_payment_on_unpaid_order' as const,
      orderId: r.id,
      number: r.number,
      paymentId: r.payment_id,
      paymentStatus: r.payment_status,
    })),
    ...totals.map((r) => ({
      kind: 'order_total_mismatch' as const,
      orderId: r.id,
      number: r.number,
      subtotalMinor: Number(r.subtotal_minor),
      linesTotalMinor: Number(r.lines_total_minor),
      listTotalMinor: Number(r.list_total_minor),
      linesListTotalMinor: Number(r.lines_list_total_minor),
    })),
  ]
}
