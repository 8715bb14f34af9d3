import { and, asc, desc, eq, or, isNotNull, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  catalogSettings,
  categories,
  products,
  productStock,
  stockAdjustments,
  stockLevels,
  warehouses,
  type Product,
} from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import { users } from '#db/schema/users'
import { isUuid } from '#app/utils/ids'
import { productNotFound } from './product-writes.server'

export type GetProductDetailOptions = {
  productId: string
  /** How many of the latest stock adjustments to return (default 20). */
  adjustmentLimit?: number
}

export type WarehouseStock = {
  warehouseId: string
  code: string
  name: string
  nameZh: string
  warehouseActive: boolean
  /** False for a warehouse that has never held this product (shown as zeros). */
  hasStockRow: boolean
  onHand: number
  reserved: number
  available: number
  restockDate: string | null
  updatedAt: Date | null
}

export type StockAdjustmentEntry = {
  id: number
  warehouseCode: string
  warehouseName: string
  warehouseNameZh: string
  delta: number
  onHandAfter: number
  reason: string
  actorName: string | null
  actorEmail: string | null
  createdAt: Date
}

export type ProductDetail = Product & {
  productLine: { id: string; code: string; nameEn: string; nameZh: string; active: boolean }
  category: { id: string; code: string; nameEn: string; nameZh: string }
  totals: { onHand: number; reserved: number; available: number; restockDate: string | null }
  /** Every active warehouse, plus inactive ones that still hold a stock row for the product. */
  stock: WarehouseStock[]
  adjustments: StockAdjustmentEntry[]
  lowStockThreshold: number
}

/** One product with its stock per warehouse and its latest stock adjustments, or not-found. */
export async function getProductDetail(
  db: Database,
  options: GetProductDetailOptions,
): Promise<ProductDetail> {
  const { productId } = options
  if (!isUuid(productId)) throw productNotFound()
  const [[row], stock, adjustments] = await Promise.all([
    db
      .select({
        product: products,
        productLine: {
          id: productLines.id,
          code: productLines.code,
          nameEn: productLines.nameEn,
          nameZh: productLines.nameZh,
          active: productLines.active,
        },
        category: {
          id: categories.id,
          code: categories.code,
          nameEn: categories.nameEn,
          nameZh: categories.nameZh,
        },
        totals: {
          onHand: productStock.onHand,
          reserved: productStock.reserved,
          available: productStock.available,
          restockDate: productStock.restockDate,
        },
        lowStockThreshold: sql<number>`coalesce((select ${catalogSettings.lowStockThreshold}
          from ${catalogSettings} where ${catalogSettings.id} = 1), 10)`,
      })
      .from(products)
      .innerJoin(productLines, eq(productLines.id, products.productLineId))
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .leftJoin(productStock, eq(productStock.productId, products.id))
      .where(eq(products.id, productId))
      .limit(1),
    db
      .select({
        warehouseId: warehouses.id,
        code: warehouses.code,
        name: warehouses.name,
        nameZh: warehouses.nameZh,
        warehouseActive: warehouses.active,
        hasStockRow: sql<boolean>`${stockLevels.productId} is not null`,
        onHand: sql<number>`coalesce(${stockLevels.onHand}, 0)`,
        reserved: sql<number>`coalesce(${stockLevels.reserved}, 0)`,
        restockDate: stockLevels.restockDate,
        updatedAt: stockLevels.updatedAt,
      })
      .from(warehouses)
      .leftJoin(
        stockLevels,
        and(eq(stockLevels.warehouseId, warehouses.id), eq(stockLevels.productId, productId)),
      )
      .where(or(eq(warehouses.active, true), isNotNull(stockLevels.productId)))
      .orderBy(asc(warehouses.sortOrder), asc(warehouses.code)),
    db
      .select({
        id: stockAdjustments.id,
        warehouseCode: warehouses.code,
        warehouseName: warehouses.name,
        warehouseNameZh: warehouses.nameZh,
        delta: stockAdjustments.delta,
        onHandAfter: stockAdjustments.onHandAfter,
        reason: stockAdjustments.reason,
        actorName: users.name,
        actorEmail: users.email,
        createdAt: stockAdjustments.createdAt,
      })
      .from(stockAdjustments)
      .innerJoin(warehouses, eq(warehouses.id, stockAdjustments.warehouseId))
      .leftJoin(users, eq(users.id, stockAdjustments.actorUserId))
      .where(eq(stockAdjustments.productId, productId))
      .orderBy(desc(stockAdjustments.createdAt), desc(stockAdjustments.id))
      .limit(options.adjustmentLimit ?? 20),
  ])
  if (!row) throw productNotFound()
  return {
    ...row.product,
    productLine: row.productLine,
    category: row.category,
    totals: row.totals ?? { onHand: 0, reserved: 0, available: 0, restockDate: null },
    lowStockThreshold: Number(row.lowStockThreshold),
    stock: stock.map((s) => {
      const onHand = Number(s.onHand)
      const reserved = Number(s.reserved)
      return {
        ...s,
        hasStockRow: Boolean(s.hasStockRow),
        onHand,
        reserved,
        available: onHand - reserved,
        updatedAt: s.updatedAt ? new Date(s.updatedAt) : null,
      }
    }),
    adjustments,
  }
}
