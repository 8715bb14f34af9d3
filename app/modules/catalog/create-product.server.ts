import type { Database } from '#db/client.server'
import { products } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import type { ProductFormData } from './product-rules'
import {
  assertProductReferences,
  assertSkuFree,
  snapshotProduct,
  toProductFieldError,
} from './product-writes.server'

export type CreateProductOptions = {
  actor: { id: string; email: string }
  input: ProductFormData
  ip?: string | null
}

/**
 * Creates a product (active or not, as the form says) with no stock yet: its product_stock row
 * (0 available) comes from the database trigger. A SKU already in use, an unknown or inactive
 * product line and an unknown category are field errors; nothing is written then.
 */
export async function createProduct(
  db: Database,
  options: CreateProductOptions,
): Promise<{ productId: string; sku: string }> {
  const { input } = options
  await assertProductReferences(db, input)
  await assertSkuFree(db, { sku: input.sku })

  try {
    return await db.transaction(async (tx) => {
      const [product] = await tx
        .insert(products)
        .values({
          sku: input.sku,
          name: input.name,
          description: input.description,
          productLineId: input.productLineId,
          categoryId: input.categoryId,
          unit: input.unit,
          listPriceMinor: input.listPriceMinor,
          currency: input.currency,
          imageUrl: input.imageUrl,
          active: input.active,
        })
        .returning()
      await recordAudit(tx, {
        actor: options.actor,
        action: 'product.created',
        entityType: 'product',
        entityId: product!.id,
        before: null,
        after: snapshotProduct(product!),
        ip: options.ip,
      })
      return { productId: product!.id, sku: product!.sku }
    })
  } catch (error) {
    throw toProductFieldError(error)
  }
}
