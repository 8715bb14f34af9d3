import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'

export type StockRequest = { productId: string; quantity: number }

/** Units of one product reserved in one warehouse. */
export type StockAllocation = { productId: string; warehouseId: string; quantity: number }

/** A product that cannot be had in the quantity asked: what is available right now. */
export type StockShortage = { productId: string; requested: number; available: number }

export type ReserveStockResult =
  { ok: true; allocations: StockAllocation[] } | { ok: false; shortages: StockShortage[] }

/**
 * The fixed order in which stock rows are locked, by every writer of reservations (this file,
 * release-reservation.server.ts): products by id, then a product's warehouses by sort order, code
 * and id. Two transactions that lock in the same order can wait for each other but never deadlock.
 */
export const byProductId = <T extends { productId: string }>(a: T, b: T) =>
  a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0

type WarehouseStock = { warehouse_id: string; free: number }

/** A product's stock per active warehouse, in reservation order (plain read, no lock). */
function readStock(tx: Database, productId: string) {
  return queryRows<WarehouseStock>(
    tx,
    sql`select s.warehouse_id::text as warehouse_id, (s.on_hand - s.reserved)::int as free
        from stock_levels s join warehouses w on w.id = s.warehouse_id
        where s.product_id = ${productId} and w.active
        order by w.sort_order, w.code, w.id`,
  )
}

/** reserved += n, only while at least n are free: the one statement that takes stock. */
async function takeExactly(tx: Database, productId: string, warehouseId: string, n: number) {
  const rows = await queryRows<{ taken: number }>(
    tx,
    sql`update stock_levels set reserved = reserved + ${n}
        where product_id = ${productId} and warehouse_id = ${warehouseId}
          and on_hand - reserved >= ${n}
        returning ${n}::int as taken`,
  )
  return rows.length > 0
}

/** Locks the row and reads what is free now (after any transaction holding it has finished). */
async function lockFree(tx: Database, productId: string, warehouseId: string) {
  const [row] = await queryRows<{ free: number }>(
    tx,
    sql`select (on_hand - reserved)::int as free from stock_levels
        where product_id = ${productId} and warehouse_id = ${warehouseId}
        for no key update`,
  )
  return Math.max(0, row?.free ?? 0)
}

/**
 * Reserves every request in the caller's transaction, or reports every product short of it.
 * Warehouses are drawn on in their sort order; each take is a conditional UPDATE (reserved + n
 * only where on hand − reserved ≥ n), and the stock_levels CHECK (reserved ≤ on hand) is the last
 * word, so no interleaving can oversell. When a take misses because someone else just took stock,
 * the row is locked and what is left there is taken instead.
 *
 * On `{ ok: false }` some stock may already be reserved: the caller must roll the transaction
 * back (placeOrder throws), so that nothing is reserved. The available count of a short product is
 * what could be reserved at that instant; products after the first shortage are only read.
 */
export async function reserveStock(
  tx: Database,
  requests: readonly StockRequest[],
): Promise<ReserveStockResult> {
  const merged = new Map<string, number>()
  for (const request of requests) {
    if (!Number.isSafeInteger(request.quantity) || request.quantity < 1) {
      throw new Error(`reserveStock: quantity must be a positive integer: ${request.quantity}`)
    }
    merged.set(request.productId, (merged.get(request.productId) ?? 0) + request.quantity)
  }
  const ordered = [...merged]
    .map(([productId, quantity]) => ({ productId, quantity }))
    .sort(byProductId)

  const allocations: StockAllocation[] = []
  const shortages: StockShortage[] = []
  for (const { productId, quantity } of ordered) {
    const stock = await readStock(tx, productId)
    if (shortages.length > 0) {
      // The order fails anyway: say what is available without taking locks.
      const available = stock.reduce((sum, row) => sum + Math.max(0, row.free), 0)
      if (available < quantity) shortages.push({ productId, requested: quantity, available })
      continue
    }
    let remaining = quantity
    let taken = 0
    for (const row of stock) {
      if (remaining === 0) break
      if (row.free <= 0) continue
      let n = Math.min(remaining, row.free)
      if (!(await takeExactly(tx, productId, row.warehouse_id, n))) {
        n = Math.min(remaining, await lockFree(tx, productId, row.warehouse_id))
        if (n === 0 || !(await takeExactly(tx, productId, row.warehouse_id, n))) continue
      }
      allocations.push({ productId, warehouseId: row.warehouse_id, quantity: n })
      remaining -= n
      taken += n
    }
    if (remaining > 0) shortages.push({ productId, requested: quantity, available: taken })
  }
  return shortages.length > 0 ? { ok: false, shortages } : { ok: true, allocations }
}

/** Units available now per product, over active warehouses (plain read, no lock). */
export async function findAvailable(
  db: Database,
  productIds: readonly string[],
): Promise<Map<string, number>> {
  const available = new Map<string, number>(productIds.map((id) => [id, 0]))
  if (productIds.length === 0) return available
  const rows = await queryRows<{ product_id: string; free: number }>(
    db,
    sql`select s.product_id::text as product_id,
          coalesce(sum(greatest(s.on_hand - s.reserved, 0)), 0)::int as free
        from stock_levels s join warehouses w on w.id = s.warehouse_id
        where w.active and s.product_id in (${sql.join(
          productIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        group by s.product_id`,
  )
  for (const row of rows) available.set(row.product_id, row.free)
  return available
}
