import { and, eq, isNotNull } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { contractPrices, products, volumeBreaks } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import type { ProductFormData } from './product-rules'
import {
  assertProductReferences,
  assertSkuFree,
  productNotFound,
  snapshotProduct,
  toProductFieldError,
} from './product-writes.server'

export type UpdateProductOptions = {
  actor: { id: string; email: string }
  productId: string
  /** `active` is ignored: status changes through setProductActive. */
  input: ProductFormData
  ip?: string | null
}

/**
 * Saves the edit form: SKU, name, description, product line, category, unit, list price,
 * currency and image. Writes nothing, and no audit row, when nothing changed.
 *
 * The currency cannot change while the product has contract prices or volume-break prices in
 * its current currency: net-price resolution skips price rows in another currency than the
 * product's, so those prices would silently stop applying.
 */
export async function updateProduct(
  db: Database,
  options: UpdateProductOptions,
): Promise<{ changed: boolean; sku: string }> {
  const { input, productId } = options
  if (!isUuid(productId)) throw productNotFound()
  const [existing] = await db
    .select({ id: products.id, productLineId: products.productLineId })
    .from(products)
    .where(eq(products.id, productId))
  if (!existing) throw productNotFound()
  const references = { ...input, currentProductLineId: existing.productLineId }
  await assertProductReferences(db, references)
  await assertSkuFree(db, { sku: input.sku, exceptProductId: productId })

  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(products)
        .where(eq(products.id, productId))
        .for('update')
      if (!current) throw productNotFound()
      const before = snapshotProduct(current)
      const after = {
        ...before,
        sku: input.sku,
        name: input.name,
        description: input.description,
        productLineId: input.productLineId,
        categoryId: input.categoryId,
        unit: input.unit,
        listPriceMinor: input.listPriceMinor,
        currency: input.currency,
        imageUrl: input.imageUrl,
      }
      if (JSON.stringify(after) === JSON.stringify(before)) {
        return { changed: false, sku: current.sku }
      }
      if (after.currency !== before.currency) {
        await assertNoPricesInCurrency(tx, productId, before.currency)
      }

      const { active: _active, ...columns } = after
      await tx.update(products).set(columns).where(eq(products.id, productId))
      await recordAudit(tx, {
        actor: options.actor,
        action: 'product.updated',
        entityType: 'product',
        entityId: productId,
        before,
        after,
        ip: options.ip,
      })
      return { changed: true, sku: after.sku }
    })
  } catch (error) {
    throw toProductFieldError(error)
  }
}

async function assertNoPricesInCurrency(db: Database, productId: string, currency: string) {
  const [[contract], [volumeBreak]] = await Promise.all([
    db
      .select({ id: contractPrices.id })
      .from(contractPrices)
      .where(and(eq(contractPrices.productId, productId), eq(contractPrices.currency, currency)))
      .limit(1),
    db
      .select({ id: volumeBreaks.id })
      .from(volumeBreaks)
      .where(
        and(
          eq(volumeBreaks.productId, productId),
          eq(volumeBreaks.currency, currency),
          isNotNull(volumeBreaks.priceMinor),
        ),
      )
      .limit(1),
  ])
  if (contract || volumeBreak) {
    throw new AppError('conflict', {
      userMessage: 'products:validation.currencyHasPrices',
      params: { currency },
      field: 'currency',
    })
  }
}
