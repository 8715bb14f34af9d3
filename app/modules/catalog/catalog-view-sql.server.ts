import { sql, type SQL } from 'drizzle-orm'
import { netPriceJoin } from '#app/modules/pricing/net-price-sql.server'
import { bpsScale } from '#app/modules/pricing/price-rules'
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
 * ORDER BY of a view. Ties are broken by name and then id, so every row has one place and pages
 * neither repeat nor skip rows. Sorting by name follows `products_name_idx (name, id)` both ways.
 * When sorting by price, `netPrice` is the column holding the net price; `available` is the one
 * holding the stock total (`ps.available`, or `p.available` once selected into a window).
 */
export function catalogOrder(
  sort: CatalogSort,
  dir: SortDirection,
  settings: CatalogDisplaySettings,
  columns: { available: SQL; netPrice: SQL } = {
    available: sql`ps.available`,
    netPrice: sql`np.unit_net_minor`,
  },
): SQL {
  const direction = sql.raw(dir === 'desc' ? 'desc' : 'asc')
  if (sort === 'price') return sql`${columns.netPrice} ${direction}, p.name asc, p.id asc`
  if (sort === 'availability') {
    return sql`${availabilityKey(settings, columns.available)} ${direction}, p.name asc, p.id asc`
  }
  return sql`p.name ${direction}, p.id ${direction}`
}

/** `round(amount × (10 000 − bps) / 10 000)` half away from zero, as `applyBps` (amounts ≥ 0). */
const discounted = (amount: SQL, bps: SQL) =>
  sql`((${amount}) * (${bpsScale} - (${bps})) + ${bpsScale / 2}) / ${bpsScale}`

/**
 * The partner's net unit price of every product `p` at one quantity, as joins over the partner's
 * few rule rows (hash joins), for ORDER BY net price over a whole catalog. The per-row LATERAL of
 * netPriceJoin costs about 50 µs a product, seconds at 100 000 SKUs; this is one pass. It follows
 * netPriceJoin exactly (tests/modules/catalog/price-sort-key.test.ts proves they agree): contract,
 * else the SKU's break, else the line's break, else the tier discount, else list; rows in another
 * currency than the product's are skipped. Adds the joins and returns the price expression.
 */
export function netPriceSortKey(pricing: CatalogPricing, quantity = 1): { joins: SQL; key: SQL } {
  const date = sql`${pricing.date}::date`
  const tier = sql`${pricing.tier}::partner_tier`
  const qty = sql`${quantity}::int`
  const validOn = (alias: string) => {
    const a = sql.raw(alias)
    return sql`${a}.valid_from <= ${date} and (${a}.valid_to is null or ${a}.valid_to >= ${date})`
  }
  // A break's candidates split by kind: discounts apply in any currency, fixed prices only in
  // the product's, so the best of each is found by hash key and the higher threshold wins (two
  // breaks of one SKU or line never share a threshold on a date: migration 0007).
  const breaks = (target: 'product_id' | 'product_line_id', alias: string, key: SQL) => {
    const column = sql.raw(`vb.${target}`)
    const d = sql.raw(`${alias}_d`)
    const f = sql.raw(`${alias}_f`)
    return {
      joins: sql`
        left join (
          select distinct on (${column}) ${column} as target, vb.min_quantity, vb.discount_bps
          from volume_breaks vb
          where ${column} is not null and vb.tier = ${tier} and vb.min_quantity <= ${qty}
            and vb.discount_bps is not null and ${validOn('vb')}
          order by ${column}, vb.min_quantity desc
        ) ${d} on ${d}.target = ${key}
        left join (
          select distinct on (${column}, vb.currency) ${column} as target, vb.currency,
            vb.min_quantity, vb.price_minor
          from volume_breaks vb
          where ${column} is not null and vb.tier = ${tier} and vb.min_quantity <= ${qty}
            and vb.price_minor is not null and ${validOn('vb')}
          order by ${column}, vb.currency, vb.min_quantity desc
        ) ${f} on ${f}.target = ${key} and ${f}.currency = p.currency`,
      value: sql`case
          when ${f}.min_quantity is not null
            and (${d}.min_quantity is null or ${f}.min_quantity > ${d}.min_quantity)
            then ${f}.price_minor
          when ${d}.min_quantity is not null
            then ${discounted(sql`p.list_price_minor`, sql`${d}.discount_bps`)}
        end`,
    }
  }
  const skuBreak = breaks('product_id', 'sk_sb', sql`p.id`)
  const lineBreak = breaks('product_line_id', 'sk_lb', sql`p.product_line_id`)
  const joins = sql`
    left join (
      select distinct on (cp.product_id, cp.currency) cp.product_id, cp.currency, cp.price_minor
      from contract_prices cp
      where cp.partner_id = ${pricing.partnerId}::uuid and ${validOn('cp')}
      order by cp.product_id, cp.currency, cp.valid_from desc, cp.price_minor asc
    ) sk_c on sk_c.product_id = p.id and sk_c.currency = p.currency
    ${skuBreak.joins}
    ${lineBreak.joins}
    left join (
      select distinct on (td.product_line_id) td.product_line_id, td.discount_bps
      from tier_discounts td
      where td.tier = ${tier} and ${validOn('td')}
      order by td.product_line_id
    ) sk_td on sk_td.product_line_id = p.product_line_id`
  const key = sql`coalesce(sk_c.price_minor, ${skuBreak.value}, ${lineBreak.value},
    ${discounted(sql`p.list_price_minor`, sql`sk_td.discount_bps`)}, p.list_price_minor)`
  return { joins, key }
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
 * One ordered window of a view with its rows priced. The window is chosen first (by name or
 * availability: an index walk, nothing priced; by price: netPriceSortKey in one pass over the
 * matches) and only its rows are priced by the net-price join, which gives the prices shown.
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
  const where = catalogConditions(filter)
  const price = catalogPriceJoin(pricing)
  const sortKey = sort === 'price' ? netPriceSortKey(pricing) : null
  const order = catalogOrder(sort, dir, settings, {
    available: sql`ps.available`,
    netPrice: sortKey?.key ?? sql`null`,
  })
  // The stock totals join the window only when it filters or sorts by them; otherwise the
  // window's rows pick them up afterwards (25 lookups instead of a hash over every match).
  const stockInWindow = filter.inStock || sort === 'availability'
  const window = sql`
    select p.id, p.sku, p.name, p.unit, p.currency, p.image_url, p.list_price_minor,
      p.product_line_id, p.category_id
    from products p
    ${stockInWindow ? sql`join product_stock ps on ps.product_id = p.id` : sql``}
    ${sortKey?.joins ?? sql``}
    where ${where}
    order by ${order}
    limit ${limit} offset ${offset}`
  // The window's rows, priced (again, when the window was priced to sort: 25 rows) and named.
  return sql`
    select ${catalogColumns}
    from (${window}) p
    join product_stock ps on ps.product_id = p.id
    join product_lines pl on pl.id = p.product_line_id
    join categories c on c.id = p.category_id
    ${price}
    order by ${catalogOrder(sort, dir, settings)}`
}

/** How many products match (nothing priced). */
export function catalogCountQuery(filter: CatalogFilter): SQL {
  const join = filter.inStock ? sql`join product_stock ps on ps.product_id = p.id` : sql``
  return sql`select count(*)::int as total from products p ${join} where ${catalogConditions(filter)}`
}

/** The ids of a view in order, up to `limit` (priced only to sort by price, in one pass). */
export function catalogIdsQuery(options: {
  filter: CatalogFilter
  pricing: CatalogPricing
  sort: CatalogSort
  dir: SortDirection
  settings: CatalogDisplaySettings
  limit: number
}): SQL {
  const { filter, pricing, sort, dir, settings, limit } = options
  const sortKey = sort === 'price' ? netPriceSortKey(pricing) : null
  const stockInWindow = filter.inStock || sort === 'availability'
  return sql`
    select p.id
    from products p
    ${stockInWindow ? sql`join product_stock ps on ps.product_id = p.id` : sql``}
    ${sortKey?.joins ?? sql``}
    where ${catalogConditions(filter)}
    order by ${catalogOrder(sort, dir, settings, {
      available: sql`ps.available`,
      netPrice: sortKey?.key ?? sql`null`,
    })}
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
