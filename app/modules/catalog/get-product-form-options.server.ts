import { asc, eq, or } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { categories } from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'

export type GetProductFormOptionsOptions = {
  /** The product's own line, offered even when it is no longer active. */
  currentProductLineId?: string | null
  /** Every product line, active or not (list filters: old products keep their line). */
  includeInactiveLines?: boolean
}

export type ProductLineOption = {
  id: string
  code: string
  nameEn: string
  nameZh: string
  active: boolean
}
export type CategoryOption = { id: string; code: string; nameEn: string; nameZh: string }

/** The choices of the product form and the list filters: product lines and categories. */
export async function getProductFormOptions(
  db: Database,
  options: GetProductFormOptionsOptions = {},
): Promise<{ productLines: ProductLineOption[]; categories: CategoryOption[] }> {
  const [lines, categoryRows] = await Promise.all([
    db
      .select({
        id: productLines.id,
        code: productLines.code,
        nameEn: productLines.nameEn,
        nameZh: productLines.nameZh,
        active: productLines.active,
      })
      .from(productLines)
      .where(
        options.includeInactiveLines
          ? undefined
          : options.currentProductLineId
            ? or(eq(productLines.active, true), eq(productLines.id, options.currentProductLineId))
            : eq(productLines.active, true),
      )
      .orderBy(asc(productLines.code)),
    db
      .select({
        id: categories.id,
        code: categories.code,
        nameEn: categories.nameEn,
        nameZh: categories.nameZh,
      })
      .from(categories)
      .orderBy(asc(categories.sortOrder), asc(categories.code)),
  ])
  return { productLines: lines, categories: categoryRows }
}
