import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'

export type ReleasedAllocation = { productId: string; warehouseId: string; quantity: number }

type ReservedRow = { product_id: string; warehouse_id: string; quantity: number }

/**
 * Gives back exactly the stock an order reserved: for each of its allocations still reserved,
 * stock_levels.reserved −= quantity in that warehouse, and the allocation becomes released. The
 * one place that does this, for every cancel and every expiry. Call it in the transaction that
 * changes the order's status, with the order row locked.
 *
 * Rows are locked in the order every stock writer uses (product id, then the warehouse's sort
 * order, code and id), so a release and a reservation never deadlock. Idempotent: a second call
 * finds nothing reserved and changes nothing. A stock row that is missing, or would go below
 * zero (the CHECK), means the books were already wrong: it throws and the transaction rolls back.
 */
export async function releaseReservation(
  tx: Database,
  orderId: string,
  options: { now?: Date } = {},
): Promise<ReleasedAllocation[]> {
  const now = options.now ?? new Date()
  const rows = await queryRows<ReservedRow>(
    tx,
    sql`select a.product_id::text as product_id, a.warehouse_id::text as warehouse_id,
          a.quantity::int as quantity
        from order_allocations a join warehouses w on w.id = a.warehouse_id
        where a.order_id = ${orderId}::uuid and a.status = 'reserved'
        order by a.product_id, w.sort_order, w.code, w.id
        for update of a`,
  )
  for (const row of rows) {
    const updated = await queryRows<{ reserved: number }>(
      tx,
      sql`update stock_levels set reserved = reserved - ${row.quantity}::int, updated_at = now()
          where product_id = ${row.product_id}::uuid and warehouse_id = ${row.warehouse_id}::uuid
          returning reserved`,
    )
    if (updated.length !== 1) {
      throw new Error(
        `releaseReservation: no stock row for product ${row.product_id} in warehouse ${row.warehouse_id}`,
      )
    }
  }
  if (rows.length > 0) {
    await tx.execute(
      sql`update order_allocations set status = 'released', released_at = ${now.toISOString()}::timestamptz
          where order_id = ${orderId}::uuid and status = 'reserved'`,
    )
  }
  return rows.map((row) => ({
    productId: row.product_id,
    warehouseId: row.warehouse_id,
    quantity: Number(row.quantity),
  }))
}
