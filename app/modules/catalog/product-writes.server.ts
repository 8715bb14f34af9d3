import { and, eq, ne } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { categories, products, type Product } from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import { AppError, constraintOf, sqlStateOf } from '#app/utils/app-error'

// Helpers shared by the product write use cases (create, update, status). Not a use case itself.

/** The product as the audit log records it: the columns people edit. */
export type ProductSnapshot = {
  sku: string
  name: string
  description: string
  productLineId: string
  categoryId: string
  unit: string
  listPriceMinor: number
  currency: string
  imageUrl: string | null
  active: boolean
}

export function snapshotProduct(product: Product): ProductSnapshot {
  return {
    sku: product.sku,
    name: product.name,
    description: product.description,
    productLineId: product.productLineId,
    categoryId: product.categoryId,
    unit: product.unit,
    listPriceMinor: product.listPriceMinor,
    currency: product.currency,
    imageUrl: product.imageUrl,
    active: product.active,
  }
}

/**
 * Throws a field error unless the product line and category exist. A product line must also be
 * active, except the one the product already has (keeping it is not a new choice).
 */
export async function assertProductReferences(
  db: Database,
  input: { productLineId: string; categoryId: string; currentProductLineId?: string },
): Promise<void> {
  const [[line], [category]] = await Promise.all([
    db
      .select({ id: productLines.id, active: productLines.active })
      .from(productLines)
      .where(eq(productLines.id, input.productLineId))
      .limit(1),
    db
      .select({ id: categories.id })
      .from(categories)
      .where(eq(categories.id, input.categoryId))
      .limit(1),
  ])
  if (!line || (!line.active && line.id !== input.currentProductLineId)) {
    throw new AppError('invalid', {
      userMessage: 'products:validation.productLine',
      field: 'productLineId',
    })
  }
  if (!category) {
    throw new AppError('invalid', {
      userMessage: 'products:validation.category',
      field: 'categoryId',
    })
  }
}

/** Friendly duplicate check before writing; the unique index products_sku_key is the guarantee. */
export async function assertSkuFree(
  db: Database,
  input: { sku: string; exceptProductId?: string },
): Promise<void> {
  const [same] = await db
    .select({ id: products.id })
    .from(products)
    .where(
      and(
        eq(products.sku, input.sku),
        input.exceptProductId ? ne(products.id, input.exceptProductId) : undefined,
      ),
    )
    .limit(1)
  if (same) throw skuTakenError()
}

export function skuTakenError(): AppError {
  return new AppError('conflict', { userMessage: 'products:validation.skuTaken', field: 'sku' })
}

export function productNotFound(): AppError {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}

/**
 * Turns a constraint violation that a concurrent writer (or a caller that skipped the form) can
 * still cause into the field error the form shows; anything else is rethrown untouched.
 */
export function toProductFieldError(error: unknown): unknown {
  const state = sqlStateOf(error)
  const constraint = constraintOf(error)
  if (state === '23505' && constraint === 'products_sku_key') return skuTakenError()
  if (state === '23514') {
    if (constraint === 'products_list_price_nonneg')
      return new AppError('invalid', {
        userMessage: 'validation:invalidAmount',
        field: 'listPrice',
      })
    if (constraint === 'products_currency_format')
      return new AppError('invalid', {
        userMessage: 'products:validation.currency',
        field: 'currency',
      })
    if (constraint === 'products_sku_format')
      return new AppError('invalid', { userMessage: 'products:validation.skuFormat', field: 'sku' })
  }
  if (state === '23503' && constraint?.includes('product_line'))
    return new AppError('invalid', {
      userMessage: 'products:validation.productLine',
      field: 'productLineId',
    })
  if (state === '23503' && constraint?.includes('category'))
    return new AppError('invalid', {
      userMessage: 'products:validation.category',
      field: 'categoryId',
    })
  return error
}
