import { sql, type SQL } from 'drizzle-orm'
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

/** A stock row of an active warehouse, locked, with what is free on it now. */
export type LockedStock = { product_id: string; warehouse_id: string; free: number }

/** A Postgres array literal of uuids or integers (values that need no quoting), for `$n::uuid[]`. */
export const pgArray = (values: readonly (string | number)[]) => `{${values.join(',')}}`

/**
 * Locks every stock row of these products in active warehouses, in the fixed order, and reads what
 * is free on each: one statement. A row another transaction is changing is waited for and read as
 * that transaction left it, so what comes back is exact until this transaction ends. `products`
 * is a list of ids or a subquery yielding them (the ordering cart's lines).
 */
export function lockStock(tx: Database, products: readonly string[] | SQL) {
  const ids = Array.isArray(products)
    ? sql`any(${pgArray(products)}::uuid[])`
    : sql`any(array(${products}))`
  return queryRows<LockedStock>(
    tx,
    sql`select s.product_id::text as product_id, s.warehouse_id::text as warehouse_id,
          (s.on_hand - s.reserved)::int as free
        from stock_levels s join warehouses w on w.id = s.warehouse_id
        where s.product_id = ${ids} and w.active
        order by s.product_id, w.sort_order, w.code, w.id
        for no key update of s`,
  )
}

/**
 * Which warehouse gives how many units of each request, drawing on a product's warehouses in their
 * sort order, from stock rows read by lockStock; or every product short of its request with what
 * is available. Requests for one product are added up.
 */
export function planReservation(
  requests: readonly StockRequest[],
  stock: readonly LockedStock[],
): ReserveStockResult {
  const merged = new Map<string, number>()
  for (const request of requests) {
    if (!Number.isSafeInteger(request.quantity) || request.quantity < 1) {
      throw new Error(`reserveStock: quantity must be a positive integer: ${request.quantity}`)
    }
    merged.set(request.productId, (merged.get(request.productId) ?? 0) + request.quantity)
  }
  const allocations: StockAllocation[] = []
  const shortages: StockShortage[] = []
  for (const [productId, quantity] of [...merged].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    let remaining = quantity
    let available = 0
    for (const row of stock) {
      if (row.product_id !== productId || row.free <= 0) continue
      available += row.free
      const n = Math.min(remaining, row.free)
      if (n === 0) continue
      allocations.push({ productId, warehouseId: row.warehouse_id, quantity: n })
      remaining -= n
    }
    if (remaining > 0) shortages.push({ productId, requested: quantity, available })
  }
  return shortages.length > 0 ? { ok: false, shortages } : { ok: true, allocations }
}

/**
 * Takes the planned units, in one statement: reserved += n on each row, only while at least n are
 * free there; the stock_levels CHECK (reserved ≤ on hand) is the last word. The rows are locked by
 * lockStock in this transaction, so every take succeeds; one that does not is an error that rolls
 * the transaction back rather than a partial reservation.
 */
export async function takeStock(tx: Database, allocations: readonly StockAllocation[]) {
  if (allocations.length === 0) return
  const taken = await queryRows<{ product_id: string }>(
    tx,
    sql`update stock_levels s set reserved = s.reserved + v.n
        from unnest(${pgArray(allocations.map((a) => a.productId))}::uuid[],
                    ${pgArray(allocations.map((a) => a.warehouseId))}::uuid[],
                    ${pgArray(allocations.map((a) => a.quantity))}::int[]) as v(product_id, warehouse_id, n)
        where s.product_id = v.product_id and s.warehouse_id = v.warehouse_id
          and s.on_hand - s.reserved >= v.n
        returning s.product_id::text as product_id`,
  )
  if (taken.length !== allocations.length) {
    throw new Error(`takeStock: ${allocations.length - taken.length} locked stock rows changed`)
  }
}

/**
 * Reserves every request in the caller's transaction, or reports every product short of it: the
 * rows are locked in the fixed order (lockStock), the units planned over the warehouses in their
 * sort order, then taken by conditional updates (takeStock). No interleaving can oversell or
 * deadlock.
 *
 * On `{ ok: false }` nothing is taken, but the stock rows stay locked until the caller's
 * transaction ends (placeOrder rolls it back).
 */
export async function reserveStock(
  tx: Database,
  requests: readonly StockRequest[],
): Promise<ReserveStockResult> {
  const stock = await lockStock(
    tx,
    requests.map((request) => request.productId),
  )
  const plan = planReservation(requests, stock)
  if (plan.ok) await takeStock(tx, plan.allocations)
  return plan
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
