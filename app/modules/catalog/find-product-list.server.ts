import { and, asc, count, desc, eq, gt, ilike, lte, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { catalogSettings, categories, products, productStock } from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import { productsPageSize, type ProductListQuery } from './product-rules'

export type FindProductListOptions = { query: ProductListQuery }

export type ProductListRow = {
  id: string
  sku: string
  name: string
  productLineCode: string
  productLineNameEn: string
  productLineNameZh: string
  categoryNameEn: string
  categoryNameZh: string
  unit: string
  listPriceMinor: number
  currency: string
  active: boolean
  onHand: number
  reserved: number
  available: number
  restockDate: string | null
}

export type FindProductListResult = {
  products: ProductListRow[]
  total: number
  page: number
  pageSize: number
  pageCount: number
  /** The low-stock threshold the "low" filter and badges use (catalog settings). */
  lowStockThreshold: number
}

/** LIKE treats % and _ as wildcards; a search for "50%" means the characters. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

const thresholdSql = sql<number>`coalesce((select ${catalogSettings.lowStockThreshold}
  from ${catalogSettings} where ${catalogSettings.id} = 1), 10)`

async function lowStockThresholdOf(db: Database): Promise<number> {
  const [row] = await db
    .select({ threshold: catalogSettings.lowStockThreshold })
    .from(catalogSettings)
    .where(eq(catalogSettings.id, 1))
  const threshold = Number(row?.threshold ?? 10)
  return Number.isSafeInteger(threshold) && threshold >= 0 ? threshold : 10
}

/**
 * One page (25) of every product, active or not, for vendor staff: search by SKU or name
 * (ILIKE, served by the trigram indexes), filters by product line, category, status and stock
 * (out / low, from the trigger-kept product_stock totals), sorted by SKU, name, list price or
 * available. No pricing: one query for the page and one for the count, run together (the "low"
 * filter first reads its threshold, one row by primary key).
 */
export async function findProductList(
  db: Database,
  options: FindProductListOptions,
): Promise<FindProductListResult> {
  const { query } = options
  const conditions: (SQL | undefined)[] = []
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`
    conditions.push(or(ilike(products.sku, pattern), ilike(products.name, pattern)))
  }
  if (query.productLineId) conditions.push(eq(products.productLineId, query.productLineId))
  if (query.categoryId) conditions.push(eq(products.categoryId, query.categoryId))
  if (query.status) conditions.push(eq(products.active, query.status === 'active'))
  if (query.stock === 'out') conditions.push(lte(productStock.available, 0))
  if (query.stock === 'low') {
    // The threshold goes into the query as a literal: with it the planner sees how few SKUs are
    // low and starts from the available index, instead of walking every product in SKU order
    // looking for them (a sub-select or a parameter hides the number from it).
    const threshold = await lowStockThresholdOf(db)
    conditions.push(
      gt(productStock.available, 0),
      lte(productStock.available, sql.raw(String(threshold))),
    )
  }
  const where = and(...conditions)

  const direction = query.dir === 'desc' ? desc : asc
  // SKUs are unique; the other sorts end on the id so pages never overlap.
  const order =
    query.sort === 'sku'
      ? [direction(products.sku)]
      : query.sort === 'name'
        ? [direction(products.name), direction(products.id)]
        : query.sort === 'price'
          ? [direction(products.listPriceMinor), direction(products.sku)]
          : [direction(productStock.available), direction(products.sku)]
  const offset = (query.page - 1) * productsPageSize

  // Every product has its totals row (trigger on insert), so the joins to it are inner. The
  // page's ids are chosen first on narrow rows (sorting 100 000 of them stays in memory, and a
  // deep page skips only ids), then the 25 are joined to their names and stock: still one query.
  const needsStock = query.stock !== null || query.sort === 'available'
  let idQuery = db.select({ id: products.id }).from(products).$dynamic()
  let countQuery = db.select({ total: count() }).from(products).$dynamic()
  const stockJoin = eq(productStock.productId, products.id)
  if (needsStock) idQuery = idQuery.innerJoin(productStock, stockJoin)
  if (query.stock) countQuery = countQuery.innerJoin(productStock, stockJoin)
  const page = db.$with('page').as(
    idQuery
      .where(where)
      .orderBy(...order)
      .limit(productsPageSize)
      .offset(offset),
  )

  const [rows, [counted]] = await Promise.all([
    db
      .with(page)
      .select({
        id: products.id,
        sku: products.sku,
        name: products.name,
        productLineCode: productLines.code,
        productLineNameEn: productLines.nameEn,
        productLineNameZh: productLines.nameZh,
        categoryNameEn: categories.nameEn,
        categoryNameZh: categories.nameZh,
        unit: products.unit,
        listPriceMinor: products.listPriceMinor,
        currency: products.currency,
        active: products.active,
        onHand: productStock.onHand,
        reserved: productStock.reserved,
        available: productStock.available,
        restockDate: productStock.restockDate,
        lowStockThreshold: thresholdSql,
      })
      .from(page)
      .innerJoin(products, eq(products.id, page.id))
      .innerJoin(productStock, eq(productStock.productId, products.id))
      .innerJoin(productLines, eq(productLines.id, products.productLineId))
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .orderBy(...order),
    countQuery.where(where),
  ])
  const total = Number(counted?.total ?? 0)
  return {
    products: rows.map(({ lowStockThreshold: _threshold, ...row }) => row),
    total,
    page: query.page,
    pageSize: productsPageSize,
    pageCount: Math.max(1, Math.ceil(total / productsPageSize)),
    lowStockThreshold: Number(rows[0]?.lowStockThreshold ?? 10),
  }
}
