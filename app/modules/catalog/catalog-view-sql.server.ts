import { sql, type SQL } from 'drizzle-orm'
import { netPriceJoin } from '#app/modules/pricing/net-price-sql.server'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { isUuid } from '#app/utils/ids'
import type { CatalogSort, SortDirection } from './catalog-query-rules'
import type { CatalogDisplaySettings } from './get-catalog-settings.server'

/**
 * The SQL of one partner's catalog view, shared by the page (findCatalog) and the CSV export so
 * that both show the same products in the same order at the same prices. Products are aliased
 * `p`, their stock totals (product_stock, kept by trigger) `ps`.
 */

export type CatalogFilter = {
  /** SKU or name fragment. */
  q?: string | null
  productLineId?: string | null
  categoryId?: string | null
  /** Only products with something available. */
  inStock?: boolean
}

export type CatalogPricing = {
  partnerId: string
  tier: PartnerTier
  /** The pricing date: a calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
  date: string
}

/** LIKE treats % and _ as wildcards; a search for "50%" means the characters. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Active products matching the filter: only `p` and `ps` are referenced. */
export function catalogConditions(filter: CatalogFilter): SQL {
  const conditions: SQL[] = [sql`p.active`]
  const q = filter.q?.trim()
  if (q) {
    // Served by the trigram GIN indexes on sku and name (products_*_trgm_idx).
    const pattern = `%${escapeLike(q)}%`
    conditions.push(sql`(p.sku ilike ${pattern} or p.name ilike ${pattern})`)
  }
  // An id that is not a UUID matches nothing (rather than failing the cast).
  const byId = (column: SQL, id: string) => (isUuid(id) ? sql`${column} = ${id}::uuid` : sql`false`)
  if (filter.productLineId) conditions.push(byId(sql`p.product_line_id`, filter.productLineId))
  if (filter.categoryId) conditions.push(byId(sql`p.category_id`, filter.categoryId))
  if (filter.inStock) conditions.push(sql`ps.available > 0`)
  return sql.join(conditions, sql` and `)
}

/** Columns a view's window carries from `products` (named and priced afterwards). */
const windowColumns = sql`p.id, p.sku, p.name, p.unit, p.currency, p.image_url,
  p.list_price_minor, p.product_line_id, p.category_id`

/**
 * Where a view's rows come from. A search of three characters or more is matched first, through
 * the trigram indexes alone (a MATERIALIZED CTE, planned without the page's LIMIT), and the
 * window is ordered from those matches: walking `products_name_idx` or the price keys and
 * testing ILIKE on every row on the way costs seconds when the matches sit late in that order.
 * Shorter fragments have no trigram to look up; they match most of the catalog, so the walk
 * finds a page quickly. `where` is what remains to test on the source's rows (`p`, `ps`).
 */
function catalogSource(filter: CatalogFilter): { ctes: SQL[]; from: SQL; where: SQL } {
  if ((filter.q?.trim().length ?? 0) < 3) {
    return { ctes: [], from: sql`products p`, where: catalogConditions(filter) }
  }
  const match = sql`sk_matches as materialized (
    select ${windowColumns} from products p
    where ${catalogConditions({ ...filter, inStock: false })})`
  return {
    ctes: [match],
    from: sql`sk_matches p`,
    where: filter.inStock ? sql`ps.available > 0` : sql`true`,
  }
}

const withClause = (ctes: SQL[]) => (ctes.length > 0 ? sql`with ${sql.join(ctes, sql`, `)}` : sql``)

/**
 * Availability as the sort sees it. Banded display sorts by band (in stock, low, out) and never by
 * the count, so the order of a page does not give away what the bands hide.
 */
function availabilityKey(settings: CatalogDisplaySettings, available: SQL): SQL {
  return settings.availabilityDisplay === 'exact'
    ? available
    : sql`(case when ${available} <= 0 then 0
        when ${available} <= ${settings.lowStockThreshold}::int then 1 else 2 end)`
}

/**
 * ORDER BY of a view's priced rows. Ties are broken by name and then id, so every row has one
 * place and pages neither repeat nor skip rows. Sorting by name follows `products_name_idx (name,
 * id)` both ways; by price, the net price shown (`np.unit_net_minor`), which the window was chosen
 * by (priceOrderedQuery).
 */
export function catalogOrder(
  sort: CatalogSort,
  dir: SortDirection,
  settings: CatalogDisplaySettings,
): SQL {
  const direction = sql.raw(dir === 'desc' ? 'desc' : 'asc')
  if (sort === 'price') return sql`np.unit_net_minor ${direction}, p.name asc, p.id asc`
  if (sort === 'availability') {
    return sql`${availabilityKey(settings, sql`ps.available`)} ${direction}, p.name asc, p.id asc`
  }
  return sql`p.name ${direction}, p.id ${direction}`
}

const validOn = (alias: string, date: SQL) => {
  const a = sql.raw(alias)
  return sql`${a}.valid_from <= ${date} and (${a}.valid_to is null or ${a}.valid_to >= ${date})`
}

/**
 * The partner's contract prices in force on the date, one per product and only in the product's
 * own currency (the one netPriceJoin would use: the latest start, then the lower price): the
 * few rows that override the tier's price in the sort. Columns `product_id`, `price_minor`.
 */
function contractSortKeys(pricing: CatalogPricing): SQL {
  const date = sql`${pricing.date}::date`
  return sql`
    select distinct on (cp.product_id) cp.product_id, cp.price_minor
    from contract_prices cp
    join products cpp on cpp.id = cp.product_id and cpp.currency = cp.currency
    where cp.partner_id = ${pricing.partnerId}::uuid and ${validOn('cp', date)}
    order by cp.product_id, cp.valid_from desc, cp.price_minor asc`
}

/**
 * Products matching a view in net-price order at one unit, as `select <columns>, sort_minor`
 * ordered by `sort_minor, name, id`, without pricing a row. The price is the tier's key kept in
 * catalog_tier_prices (migration 0015: break at one unit, tier discount or list, per date
 * segment) unless the partner has a contract price for the product, which replaces it. The
 * products without a contract come from a walk of `catalog_tier_prices_sort_idx` (the first
 * `offset + limit` are enough), the few with one are added and the two merged. The order equals
 * sorting by netPriceJoin's price (tests/modules/catalog/price-sort-key.test.ts).
 */
export function priceOrderedQuery(options: {
  columns: SQL
  filter: CatalogFilter
  pricing: CatalogPricing
  dir: SortDirection
  limit: number
  offset: number
}): SQL {
  const { columns, filter, pricing, dir, limit, offset } = options
  const date = sql`${pricing.date}::date`
  const direction = sql.raw(dir === 'desc' ? 'desc' : 'asc')
  const source = catalogSource(filter)
  const stock = filter.inStock ? sql`join product_stock ps on ps.product_id = p.id` : sql``
  const tierKey = sql`k.tier = ${pricing.tier}::partner_tier and ${validOn('k', date)}`
  // Every product has exactly one segment on a date. A search's matches each look theirs up by
  // primary key (LIMIT 1 keeps the planner from turning the lookup into a walk of the sort index
  // joined to every match); otherwise the walk finds the cheapest products first.
  const keyed =
    source.ctes.length > 0
      ? sql`${source.from} join lateral (
          select k.unit_net_minor from catalog_tier_prices k
          where k.product_id = p.id and ${tierKey} limit 1) k on true`
      : sql`catalog_tier_prices k join ${source.from} on p.id = k.product_id and ${tierKey}`
  return sql`
    ${withClause([sql`sk_contracts as (${contractSortKeys(pricing)})`, ...source.ctes])}
    select * from (
      (select ${columns}, k.unit_net_minor as sort_minor
        from ${keyed}
        ${stock}
        where ${source.where} and p.id <> all (array(select product_id from sk_contracts))
        order by k.unit_net_minor ${direction}, p.name asc, p.id asc
        limit ${offset + limit})
      union all
      (select ${columns}, c.price_minor as sort_minor
        from sk_contracts c
        join ${source.from} on p.id = c.product_id
        ${stock}
        where ${source.where})
    ) p
    order by p.sort_minor ${direction}, p.name asc, p.id asc
    limit ${limit} offset ${offset}`
}

/** The net-price join for a partner, at one unit (the catalog's price). */
export function catalogPriceJoin(pricing: CatalogPricing): SQL {
  return netPriceJoin({
    partnerId: pricing.partnerId,
    tier: pricing.tier,
    date: pricing.date,
    quantity: 1,
    productAlias: 'p',
  })
}

/** Columns every view row carries (product, stock totals, line, category, net price). */
export const catalogColumns = sql`
  p.id, p.sku, p.name, p.unit, p.currency, p.image_url,
  p.list_price_minor::text as list_price_minor,
  ps.available::int as available, ps.restock_date::text as restock_date,
  pl.id as line_id, pl.code as line_code, pl.name_en as line_name_en, pl.name_zh as line_name_zh,
  c.id as category_id, c.code as category_code,
  c.name_en as category_name_en, c.name_zh as category_name_zh,
  np.unit_net_minor::text as net_minor, np.price_source`

export type CatalogRowRecord = {
  id: string
  sku: string
  name: string
  unit: string
  currency: string
  image_url: string | null
  list_price_minor: string
  available: number
  restock_date: string | null
  line_id: string
  line_code: string
  line_name_en: string
  line_name_zh: string
  category_id: string
  category_code: string
  category_name_en: string
  category_name_zh: string
  net_minor: string
  price_source: string
}

/**
 * One ordered window of a view with its rows priced. The window is chosen first, nothing priced
 * (by name or availability: an index walk, or a search's trigram matches sorted; by price: the
 * per-tier price keys merged with the partner's contracts, priceOrderedQuery) and only its rows
 * are priced by the net-price join, which gives the prices shown.
 */
export function catalogWindowQuery(options: {
  filter: CatalogFilter
  pricing: CatalogPricing
  sort: CatalogSort
  dir: SortDirection
  settings: CatalogDisplaySettings
  limit: number
  offset: number
}): SQL {
  const { filter, pricing, sort, dir, settings, limit, offset } = options
  let window: SQL
  if (sort === 'price') {
    window = priceOrderedQuery({ columns: windowColumns, filter, pricing, dir, limit, offset })
  } else {
    const source = catalogSource(filter)
    // The stock totals join the window only when it filters or sorts by them; otherwise the
    // window's rows pick them up afterwards (25 lookups instead of a hash over every match).
    const stockInWindow = filter.inStock || sort === 'availability'
    window = sql`
      ${withClause(source.ctes)}
      select ${windowColumns}
      from ${source.from}
      ${stockInWindow ? sql`join product_stock ps on ps.product_id = p.id` : sql``}
      where ${source.where}
      order by ${catalogOrder(sort, dir, settings)}
      limit ${limit} offset ${offset}`
  }
  // The window's rows, priced by the net-price join (the prices shown) and named.
  return sql`
    select ${catalogColumns}
    from (${window}) p
    join product_stock ps on ps.product_id = p.id
    join product_lines pl on pl.id = p.product_line_id
    join categories c on c.id = p.category_id
    ${catalogPriceJoin(pricing)}
    order by ${catalogOrder(sort, dir, settings)}`
}

/**
 * How many products match (nothing priced), counting no further than `limit` when given: the
 * page shows "1,000+" rather than paying for a scan of every match (catalogCountCap).
 */
export function catalogCountQuery(filter: CatalogFilter, limit?: number): SQL {
  const source = catalogSource(filter)
  const join = filter.inStock ? sql`join product_stock ps on ps.product_id = p.id` : sql``
  return sql`
    ${withClause(source.ctes)}
    select count(*)::int as total from (
      select 1 from ${source.from} ${join} where ${source.where}
      ${limit === undefined ? sql`` : sql`limit ${limit}`}
    ) m`
}

/** The ids of a view in order, up to `limit` (nothing priced; by price through the tier keys). */
export function catalogIdsQuery(options: {
  filter: CatalogFilter
  pricing: CatalogPricing
  sort: CatalogSort
  dir: SortDirection
  settings: CatalogDisplaySettings
  limit: number
}): SQL {
  const { filter, pricing, sort, dir, settings, limit } = options
  if (sort === 'price') {
    return sql`select p.id from (${priceOrderedQuery({
      columns: sql`p.id, p.name`,
      filter,
      pricing,
      dir,
      limit,
      offset: 0,
    })}) p`
  }
  const source = catalogSource(filter)
  const stockInWindow = filter.inStock || sort === 'availability'
  return sql`
    ${withClause(source.ctes)}
    select p.id
    from ${source.from}
    ${stockInWindow ? sql`join product_stock ps on ps.product_id = p.id` : sql``}
    where ${source.where}
    order by ${catalogOrder(sort, dir, settings)}
    limit ${limit}`
}

/** The rows of these products (active ones only), priced; in no particular order. */
export function catalogRowsQuery(ids: readonly string[], pricing: CatalogPricing): SQL {
  const list = ids.filter(isUuid).join(',')
  return sql`
    select ${catalogColumns}
    from products p
    join product_stock ps on ps.product_id = p.id
    join product_lines pl on pl.id = p.product_line_id
    join categories c on c.id = p.category_id
    ${catalogPriceJoin(pricing)}
    where p.active and p.id = any(string_to_array(${list}, ',')::uuid[])`
}
