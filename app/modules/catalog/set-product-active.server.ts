import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { products } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { isUuid } from '#app/utils/ids'
import { productNotFound } from './product-writes.server'

export type SetProductActiveOptions = {
  actor: { id: string; email: string }
  productId: string
  active: boolean
  ip?: string | null
}

export type SetProductActiveResult = {
  sku: string
  /** False when the product already had that status (a repeated click): nothing was written. */
  changed: boolean
}

/**
 * Deactivates or reactivates a product. An inactive product disappears from every partner
 * catalog (and cannot be ordered); its stock, prices and history stay as they are.
 */
export async function setProductActive(
  db: Database,
  options: SetProductActiveOptions,
): Promise<SetProductActiveResult> {
  const { productId, active } = options
  if (!isUuid(productId)) throw productNotFound()
  return db.transaction(async (tx) => {
    const [product] = await tx
      .select({ id: products.id, sku: products.sku, active: products.active })
      .from(products)
      .where(eq(products.id, productId))
      .for('update')
    if (!product) throw productNotFound()
    if (product.active === active) return { sku: product.sku, changed: false }
    await tx.update(products).set({ active }).where(eq(products.id, productId))
    await recordAudit(tx, {
      actor: options.actor,
      action: active ? 'product.reactivated' : 'product.deactivated',
      entityType: 'product',
      entityId: productId,
      before: { active: product.active },
      after: { active },
      ip: options.ip,
    })
    return { sku: product.sku, changed: true }
  })
}
