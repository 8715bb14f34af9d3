import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { products, stockAdjustments, stockLevels, warehouses } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { AppError, constraintOf, sqlStateOf } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { productNotFound } from './product-writes.server'
import {
  stockAdjustmentRefusal,
  stockRefusalMessage,
  type StockAdjustmentFormData,
} from './stock-adjustment-rules'

export type AdjustStockOptions = {
  actor: { id: string; email: string }
  productId: string
  input: StockAdjustmentFormData
  now?: Date
  ip?: string | null
}

export type AdjustStockResult = {
  sku: string
  warehouseCode: string
  delta: number
  onHand: number
  reserved: number
  restockDate: string | null
}

/**
 * Changes on hand in one warehouse by a signed amount, with a reason, and optionally sets the
 * expected restock date. In one transaction: the stock row is created when the warehouse has
 * none, locked (`for update`), checked against what orders have reserved, updated, and the
 * change is written to stock_adjustments and the audit log. Concurrent adjustments queue on the
 * row lock, so none is lost; the CHECK constraints stock_levels_* are the last word.
 */
export async function adjustStock(
  db: Database,
  options: AdjustStockOptions,
): Promise<AdjustStockResult> {
  const { productId, input } = options
  if (!isUuid(productId)) throw productNotFound()
  const today = todayInShanghai(options.now ?? new Date())

  try {
    return await db.transaction(async (tx) => {
      const [[product], [warehouse]] = await Promise.all([
        tx
          .select({ id: products.id, sku: products.sku })
          .from(products)
          .where(eq(products.id, productId)),
        tx
          .select({ id: warehouses.id, code: warehouses.code })
          .from(warehouses)
          .where(eq(warehouses.id, input.warehouseId)),
      ])
      if (!product) throw productNotFound()
      if (!warehouse) throw fieldError('warehouseId', 'products:stock.validation.warehouse')

      // A warehouse that never held the product gets its row first; ON CONFLICT makes two
      // concurrent first adjustments meet on the same row instead of failing on the key.
      await tx
        .insert(stockLevels)
        .values({ productId, warehouseId: warehouse.id })
        .onConflictDoNothing()
      const level = and(
        eq(stockLevels.productId, productId),
        eq(stockLevels.warehouseId, warehouse.id),
      )
      const [current] = await tx.select().from(stockLevels).where(level).for('update')
      if (!current) throw productNotFound()

      const restockDateChanges = input.restockDate !== current.restockDate
      if (restockDateChanges && input.restockDate !== null && input.restockDate < today) {
        throw fieldError('restockDate', 'products:stock.validation.restockPast')
      }
      const refusal = stockAdjustmentRefusal({
        onHand: current.onHand,
        reserved: current.reserved,
        change: input.change,
        restockDateChanges,
      })
      if (refusal) {
        const message = stockRefusalMessage(refusal)
        throw fieldError('change', message.key, message.values)
      }

      const onHandAfter = current.onHand + input.change
      await tx
        .update(stockLevels)
        .set({ onHand: onHandAfter, restockDate: input.restockDate })
        .where(level)
      await tx.insert(stockAdjustments).values({
        productId,
        warehouseId: warehouse.id,
        delta: input.change,
        onHandAfter,
        reason: input.reason,
        actorUserId: options.actor.id,
      })
      await recordAudit(tx, {
        actor: options.actor,
        action: 'stock.adjusted',
        entityType: 'product',
        entityId: productId,
        before: { onHand: current.onHand, restockDate: current.restockDate },
        after: {
          warehouse: warehouse.code,
          delta: input.change,
          reason: input.reason,
          onHand: onHandAfter,
          restockDate: input.restockDate,
        },
        ip: options.ip,
      })
      return {
        sku: product.sku,
        warehouseCode: warehouse.code,
        delta: input.change,
        onHand: onHandAfter,
        reserved: current.reserved,
        restockDate: input.restockDate,
      }
    })
  } catch (error) {
    throw toStockFieldError(error)
  }
}

function fieldError(field: string, userMessage: string, params?: Record<string, number>) {
  return new AppError('invalid', { userMessage, field, params })
}

/** A CHECK or range violation the checks above did not foresee: still a field message, never a 500. */
function toStockFieldError(error: unknown): unknown {
  const state = sqlStateOf(error)
  if (state === '23514' && constraintOf(error)?.startsWith('stock_levels_')) {
    return fieldError('change', 'products:stock.validation.constraint')
  }
  if (state === '22003') return fieldError('change', 'products:stock.validation.changeTooLarge')
  if (state === '23503' && constraintOf(error)?.includes('warehouse')) {
    return fieldError('warehouseId', 'products:stock.validation.warehouse')
  }
  return error
}
