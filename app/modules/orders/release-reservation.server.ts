import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'

export type ReleasedAllocation = { productId: string; warehouseId: string; quantity: number }

type AllocationRow = {
  order_line_id: string
  product_id: string
  warehouse_id: string
  quantity: number
}

/** The order's allocations still reserved, in the lock order of reserve-stock.server.ts. */
function reservedAllocations(tx: Database, orderId: string) {
  return queryRows<AllocationRow>(
    tx,
    sql`select a.order_line_id::text as order_line_id, a.product_id::text as product_id,
          a.warehouse_id::text as warehouse_id, a.quantity
        from order_allocations a join warehouses w on w.id = a.warehouse_id
        where a.order_id = ${orderId} and a.status = 'reserved'
        order by a.product_id, w.sort_order, w.code, w.id
        for update of a`,
  )
}

async function markAllocations(
  tx: Database,
  orderId: string,
  status: 'released' | 'shipped',
  now: Date,
) {
  const column = status === 'released' ? sql.raw('released_at') : sql.raw('shipped_at')
  await tx.execute(
    sql`update order_allocations set status = ${status}, ${column} = ${now.toISOString()}::timestamptz
        where order_id = ${orderId} and status = 'reserved'`,
  )
}

/**
 * Gives back exactly the stock the order reserved (reserved −= each allocation, per warehouse) and
 * marks its allocations released. For cancel, credit-hold expiry and card-payment expiry; call it
 * inside the transaction that changes the order's status, with the order row locked. Idempotent:
 * a second call finds nothing reserved and changes nothing.
 */
export async function releaseReservation(
  tx: Database,
  orderId: string,
  options: { now?: Date } = {},
): Promise<ReleasedAllocation[]> {
  const rows = await reservedAllocations(tx, orderId)
  for (const row of rows) {
    const updated = await queryRows<{ reserved: number }>(
      tx,
      sql`update stock_levels set reserved = reserved - ${row.quantity}::int, updated_at = now()
          where product_id = ${row.product_id}::uuid and warehouse_id = ${row.warehouse_id}::uuid
          returning reserved`,
    )
    // A missing stock row means the books were already wrong: roll the whole change back.
    if (updated.length !== 1) {
      throw new Error(
        `releaseReservation: no stock row for product ${row.product_id} in warehouse ${row.warehouse_id}`,
      )
    }
  }
  if (rows.length > 0) await markAllocations(tx, orderId, 'released', options.now ?? new Date())
  return rows.map((row) => ({
    productId: row.product_id,
    warehouseId: row.warehouse_id,
    quantity: row.quantity,
  }))
}

/**
 * Takes the order's reserved units out of stock (on hand and reserved −= each allocation, per
 * warehouse) and marks its allocations shipped. For the vendor's "ship"; same rules as
 * releaseReservation.
 */
export async function shipReservation(
  tx: Database,
  orderId: string,
  options: { now?: Date } = {},
): Promise<ReleasedAllocation[]> {
  const rows = await reservedAllocations(tx, orderId)
  for (const row of rows) {
    await tx.execute(
      sql`update stock_levels
          set on_hand = on_hand - ${row.quantity}, reserved = reserved - ${row.quantity}
          where product_id = ${row.product_id} and warehouse_id = ${row.warehouse_id}`,
    )
  }
  if (rows.length > 0) await markAllocations(tx, orderId, 'shipped', options.now ?? new Date())
  return rows.map((row) => ({
    productId: row.product_id,
    warehouseId: row.warehouse_id,
    quantity: row.quantity,
  }))
}
