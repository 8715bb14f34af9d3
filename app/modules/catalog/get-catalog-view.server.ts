import { asc, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { categories } from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import type { CatalogQuery } from './catalog-query-rules'
import { countUnacknowledgedPolicies } from './count-unacknowledged-policies.server'
import { findCatalog, type CatalogNamed, type FindCatalogResult } from './find-catalog.server'
import type { CatalogActor } from './get-catalog-actor.server'

export type GetCatalogViewOptions = {
  actor: CatalogActor
  query: CatalogQuery
  /** Today: a calendar date in Asia/Shanghai, 'YYYY-MM-DD' (prices and policies of that day). */
  date: string
}

export type CatalogView = {
  catalog: FindCatalogResult
  /** The filter's choices. */
  productLines: CatalogNamed[]
  categories: CatalogNamed[]
  /** Upcoming price policies for the partner the user has not acknowledged yet. */
  unacknowledgedPolicies: number
}

/** Everything the partner's catalog page shows: one page of products, filters, the policy banner. */
export async function getCatalogView(
  db: Database,
  options: GetCatalogViewOptions,
): Promise<CatalogView> {
  const { actor, query, date } = options
  const [catalog, lines, categoryRows, unacknowledgedPolicies] = await Promise.all([
    findCatalog(db, {
      actor,
      date,
      q: query.q,
      productLineId: query.line,
      categoryId: query.category,
      inStock: query.inStock,
      sort: query.sort,
      dir: query.dir,
      page: query.page,
    }),
    db
      .select({
        id: productLines.id,
        code: productLines.code,
        nameEn: productLines.nameEn,
        nameZh: productLines.nameZh,
      })
      .from(productLines)
      .where(eq(productLines.active, true))
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
    countUnacknowledgedPolicies(db, { actor, date }),
  ])
  return { catalog, productLines: lines, categories: categoryRows, unacknowledgedPolicies }
}
