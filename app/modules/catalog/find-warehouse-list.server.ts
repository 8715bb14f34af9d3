import { asc, eq, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { stockLevels, warehouses, type Warehouse } from '#db/schema/catalog'

export type WarehouseListRow = Warehouse & {
  /** Products with a stock row here, and their units on hand and reserved. */
  productCount: number
  onHand: number
  reserved: number
}

/** Every warehouse in reservation order (sort order, then code), with its stock totals. */
export async function findWarehouseList(db: Database): Promise<WarehouseListRow[]> {
  const rows = await db
    .select({
      warehouse: warehouses,
      productCount: sql<number>`count(${stockLevels.productId})::int`,
      onHand: sql<number>`coalesce(sum(${stockLevels.onHand}), 0)::bigint`,
      reserved: sql<number>`coalesce(sum(${stockLevels.reserved}), 0)::bigint`,
    })
    .from(warehouses)
    .leftJoin(stockLevels, eq(stockLevels.warehouseId, warehouses.id))
    .groupBy(warehouses.id)
    .orderBy(asc(warehouses.sortOrder), asc(warehouses.code))
  return rows.map((row) => ({
    ...row.warehouse,
    productCount: Number(row.productCount),
    onHand: Number(row.onHand),
    reserved: Number(row.reserved),
  }))
}
