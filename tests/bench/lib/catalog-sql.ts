/**
 * The partner catalog page's SQL, built from `netPriceJoin` (app/modules/pricing/
 * net-price-sql.server.ts) the way a page loader would, next to the same page without prices,
 * so the benchmark can time what pricing itself costs at 100 000 SKUs. A page is 25 active
 * products with their product line, category and stock totals; the search is `ILIKE '%…%'` on
 * name or SKU (the trigram indexes serve it); sorting is by name or by the partner's net price.
 *
 * Several shapes of the same page are kept on purpose: the slow ones show what a loader must not
 * do, and the runner checks that every shape of a page returns the same rows.
 */
import { sql, type SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { netPriceJoin } from '#app/modules/pricing/net-price-sql.server'
import type { PartnerTier } from '#app/modules/partners/partner-rules'

/**
 * `as-is`: the net-price join as the app builds it. `fenced` (a proposal, measured here): the same
 * SQL with `OFFSET 0` in each rule's subquery. Without the fence PostgreSQL pulls the four rule
 * subqueries up into both the `coalesce(…)` and the `case …` of the join, so every rule lookup
 * runs twice per priced row (the plans show SubPlans 1–4 and again 5–8).
 */
export type PricingVariant = 'as-is' | 'fenced'

export type CatalogPageOptions = {
  partnerId: string
  tier: PartnerTier
  /** Pricing date, 'YYYY-MM-DD' (Asia/Shanghai). */
  date: string
  /** Search text: matched anywhere in the name or the SKU. */
  q?: string | null
  /** 1-based. */
  page?: number
  pageSize?: number
}

/** The three pages the benchmark drives: default (by name), a search, and sort by price. */
export type CatalogPageKind = 'name' | 'search' | 'price' | 'search-price'

export type CatalogQueryShape = {
  id: string
  page: CatalogPageKind
  priced: boolean
  /** The shape a loader should use for this page (the others are for comparison). */
  recommended?: boolean
  /** Needs an index the schema does not have yet (measured inside a rolled-back transaction). */
  needsIndex?: boolean
  /** Prices every matching product before sorting (slow by design; no index helps). */
  pricesEverything?: boolean
  title: string
  build: (options: CatalogPageOptions) => SQL
}

const columns = sql`p.id, p.sku, p.name, p.unit, p.list_price_minor, p.currency, p.image_url,
  pl.code as line_code, pl.name_en as line_name_en, pl.name_zh as line_name_zh,
  c.code as category_code, c.name_en as category_name_en, c.name_zh as category_name_zh,
  ps.available, ps.restock_date`
const priceColumns = sql`np.unit_net_minor, np.price_source`
const joins = sql`join product_lines pl on pl.id = p.product_line_id
  join categories c on c.id = p.category_id
  join product_stock ps on ps.product_id = p.id`

/** `%text%` with LIKE's wildcards in the text taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

function search(options: CatalogPageOptions): SQL {
  if (!options.q) return sql``
  const pattern = containsPattern(options.q)
  return sql`and (p.name ilike ${pattern} or p.sku ilike ${pattern})`
}

function window(options: CatalogPageOptions) {
  const pageSize = options.pageSize ?? 25
  return { pageSize, offset: ((options.page ?? 1) - 1) * pageSize }
}

function pricing(options: CatalogPageOptions, variant: PricingVariant): SQL {
  const join = netPriceJoin({
    partnerId: options.partnerId,
    tier: options.tier,
    date: options.date,
  })
  if (variant === 'as-is') return join
  const fenced = inlineQuery(join).replace(/\) as v\) (c|sb|lb|td)\b/g, ') as v offset 0) $1')
  if (fenced.split('offset 0').length !== 5) {
    throw new Error('netPriceJoin changed shape: the fenced variant no longer applies')
  }
  return sql.raw(fenced)
}

// ---------------------------------------------------------------------------------------------
// Sort by name (with or without a search)

/** Without prices, one query level: what a vendor's product list does (the ceiling's query). */
function unpricedByName(options: CatalogPageOptions): SQL {
  const { pageSize, offset } = window(options)
  return sql`select ${columns}
    from products p ${joins}
    where p.active ${search(options)}
    order by p.name, p.id
    limit ${pageSize} offset ${offset}`
}

/** Prices joined at the same level as the filter, the sort and the limit. */
const pricedInlineByName = (variant: PricingVariant) => (options: CatalogPageOptions) => {
  const { pageSize, offset } = window(options)
  return sql`select ${columns}, ${priceColumns}
    from products p ${joins}
    ${pricing(options, variant)}
    where p.active ${search(options)}
    order by p.name, p.id
    limit ${pageSize} offset ${offset}`
}

/** The page's 25 products chosen first (filter, sort, limit on products alone), then priced. */
const pricedPageFirstByName = (variant: PricingVariant) => (options: CatalogPageOptions) => {
  const { pageSize, offset } = window(options)
  return sql`select ${columns}, ${priceColumns}
    from (
      select * from products p
      where p.active ${search(options)}
      order by p.name, p.id
      limit ${pageSize} offset ${offset}
    ) p ${joins}
    ${pricing(options, variant)}
    order by p.name, p.id`
}

/**
 * A search's matches collected first through the trigram indexes (a MATERIALIZED CTE, so the
 * planner cannot walk products_name_idx instead, filtering row by row until 25 match), then
 * sorted, paged and priced; the pager's total comes from the same CTE.
 */
const matchesFirstByName =
  (variant: PricingVariant | null) =>
  (options: CatalogPageOptions): SQL => {
    const { pageSize, offset } = window(options)
    return sql`with matches as materialized (
      select p.id, p.name from products p where p.active ${search(options)}
    ),
    page as (
      select id, name from matches order by name, id limit ${pageSize} offset ${offset}
    )
    select ${columns}${variant ? sql`, ${priceColumns}` : sql``},
      (select count(*) from matches)::int as total
    from page k
    join products p on p.id = k.id ${joins}
    ${variant ? pricing(options, variant) : sql``}
    order by p.name, p.id`
  }

// ---------------------------------------------------------------------------------------------
// Sort by price

/** The unpriced equivalent of "sort by price": by list price, page chosen first. */
function unpricedByListPrice(options: CatalogPageOptions): SQL {
  const { pageSize, offset } = window(options)
  return sql`select ${columns}
    from (
      select * from products p
      where p.active ${search(options)}
      order by p.list_price_minor, p.id
      limit ${pageSize} offset ${offset}
    ) p ${joins}
    order by p.list_price_minor, p.id`
}

/** Every matching product priced, then sorted by net price. */
const pricedEverythingByPrice = (variant: PricingVariant) => (options: CatalogPageOptions) => {
  const { pageSize, offset } = window(options)
  return sql`select ${columns}, ${priceColumns}
    from products p ${joins}
    ${pricing(options, variant)}
    where p.active ${search(options)}
    order by np.unit_net_minor, p.list_price_minor, p.id
    limit ${pageSize} offset ${offset}`
}

/** Products whose price for this partner does not follow their line's rule: all candidates. */
function specialProducts(options: CatalogPageOptions): SQL {
  const date = sql`${options.date}::date`
  return sql`select cp.product_id as id from contract_prices cp
      where cp.partner_id = ${options.partnerId}::uuid
        and cp.valid_from <= ${date} and (cp.valid_to is null or cp.valid_to >= ${date})
      union
      select vb.product_id from volume_breaks vb
      where vb.product_id is not null and vb.tier = ${options.tier}::partner_tier
        and vb.min_quantity <= 1
        and vb.valid_from <= ${date} and (vb.valid_to is null or vb.valid_to >= ${date})`
}

/**
 * Sort by net price, pricing only the products that can be on the page. At quantity 1 a product
 * with no contract price for the partner and no SKU volume break from one unit for its tier
 * (a "plain" product) has a net price that depends only on its product line and never falls
 * as its list price rises (the line's break or tier discount off list, or list itself). So for
 * page n the candidates are: the "special" products (those contracts and breaks, a few dozen)
 * and, per product line, the first n × 25 plain products by (list price, id). Sorting the
 * candidates by (net price, list price, id) then gives exactly the page that pricing every
 * product gives (the runner compares the two). Each line's cheapest plain products come from an
 * index on products (product_line_id, list_price_minor, id) WHERE active. One currency per line
 * is assumed (otherwise split the per-line lists by currency too).
 */
const pricedCandidatesByPrice = (variant: PricingVariant) => (options: CatalogPageOptions) => {
  const { pageSize, offset } = window(options)
  return sql`with special as materialized (${specialProducts(options)}),
    candidates as (
      select id from special
      union all
      select cheapest.id from product_lines l
      cross join lateral (
        select p.id from products p
        where p.product_line_id = l.id and p.active ${search(options)}
          and p.id not in (select id from special)
        order by p.list_price_minor, p.id
        limit ${offset + pageSize}
      ) cheapest
    )
    select ${columns}, ${priceColumns}
    from candidates k
    join products p on p.id = k.id ${joins}
    ${pricing(options, variant)}
    where p.active ${search(options)}
    order by np.unit_net_minor, p.list_price_minor, p.id
    limit ${pageSize} offset ${offset}`
}

/**
 * Search sorted by net price: the matches collected first (trigram indexes), then the same
 * candidates rule within them (per line, the first n × 25 plain matches by list price), priced.
 */
const matchesCandidatesByPrice = (variant: PricingVariant) => (options: CatalogPageOptions) => {
  const { pageSize, offset } = window(options)
  return sql`with matches as materialized (
      select p.id, p.product_line_id, p.list_price_minor from products p
      where p.active ${search(options)}
    ),
    special as materialized (${specialProducts(options)}),
    candidates as (
      select m.id from matches m where m.id in (select id from special)
      union all
      select ranked.id from (
        select m.id, row_number() over (
          partition by m.product_line_id order by m.list_price_minor, m.id
        ) as rank
        from matches m where m.id not in (select id from special)
      ) ranked
      where ranked.rank <= ${offset + pageSize}
    )
    select ${columns}, ${priceColumns}, (select count(*) from matches)::int as total
    from candidates k
    join products p on p.id = k.id ${joins}
    ${pricing(options, variant)}
    order by np.unit_net_minor, p.list_price_minor, p.id
    limit ${pageSize} offset ${offset}`
}

/** The pager's total without a search (the same with or without prices). */
export function countQuery(options: CatalogPageOptions): SQL {
  return sql`select count(*)::int as total from products p where p.active ${search(options)}`
}

/**
 * Indexes the schema does not have, tried by the runner inside a rolled-back transaction:
 * the candidates shapes read each line's cheapest products from the first; the volume-break
 * lookups of the net-price join use the other two (with min_quantity, so the highest applicable
 * break is the first entry read backwards) instead of the exclusion constraints' GiST indexes,
 * which the planner otherwise picks and which read 5–7 buffers per lookup.
 */
export const proposedIndexes = [
  'create index products_active_line_price_idx on products (product_line_id, list_price_minor, id) where active',
  'create index volume_breaks_product_ladder_idx on volume_breaks (product_id, tier, min_quantity) where product_id is not null',
  'create index volume_breaks_line_ladder_idx on volume_breaks (product_line_id, tier, min_quantity) where product_line_id is not null',
] as const

export const catalogQueryShapes: readonly CatalogQueryShape[] = [
  {
    id: 'name/unpriced',
    page: 'name',
    priced: false,
    title: 'by name, no prices (the ceiling page’s query)',
    build: unpricedByName,
  },
  {
    id: 'name/priced',
    page: 'name',
    priced: true,
    title: 'by name, priced in the same query level',
    build: pricedInlineByName('as-is'),
  },
  {
    id: 'name/priced-page-first',
    page: 'name',
    priced: true,
    title: 'by name, page chosen first, then priced',
    build: pricedPageFirstByName('as-is'),
  },
  {
    id: 'name/priced-page-first-fenced',
    page: 'name',
    priced: true,
    recommended: true,
    title: 'by name, page chosen first, then priced (fenced join)',
    build: pricedPageFirstByName('fenced'),
  },
  {
    id: 'search/unpriced',
    page: 'search',
    priced: false,
    title: 'search by name, no prices, one query level',
    build: unpricedByName,
  },
  {
    id: 'search/unpriced-matches-first',
    page: 'search',
    priced: false,
    title: 'search by name, no prices, matches first',
    build: matchesFirstByName(null),
  },
  {
    id: 'search/priced',
    page: 'search',
    priced: true,
    title: 'search by name, priced in the same query level',
    build: pricedInlineByName('as-is'),
  },
  {
    id: 'search/priced-page-first',
    page: 'search',
    priced: true,
    title: 'search by name, page chosen first, then priced',
    build: pricedPageFirstByName('as-is'),
  },
  {
    id: 'search/priced-matches-first',
    page: 'search',
    priced: true,
    title: 'search by name, matches first, then paged and priced',
    build: matchesFirstByName('as-is'),
  },
  {
    id: 'search/priced-matches-first-fenced',
    page: 'search',
    priced: true,
    recommended: true,
    title: 'search by name, matches first, then paged and priced (fenced join)',
    build: matchesFirstByName('fenced'),
  },
  {
    id: 'price/unpriced',
    page: 'price',
    priced: false,
    title: 'by list price, no prices, page chosen first',
    build: unpricedByListPrice,
  },
  {
    id: 'price/priced',
    pricesEverything: true,
    page: 'price',
    priced: true,
    title: 'by net price, every product priced then sorted',
    build: pricedEverythingByPrice('as-is'),
  },
  {
    id: 'price/priced-fenced',
    pricesEverything: true,
    page: 'price',
    priced: true,
    title: 'by net price, every product priced then sorted (fenced join)',
    build: pricedEverythingByPrice('fenced'),
  },
  {
    id: 'price/priced-candidates',
    page: 'price',
    priced: true,
    needsIndex: true,
    title: 'by net price, only the candidates priced',
    build: pricedCandidatesByPrice('as-is'),
  },
  {
    id: 'price/priced-candidates-fenced',
    page: 'price',
    priced: true,
    needsIndex: true,
    recommended: true,
    title: 'by net price, only the candidates priced (fenced join)',
    build: pricedCandidatesByPrice('fenced'),
  },
  {
    id: 'search-price/unpriced',
    page: 'search-price',
    priced: false,
    title: 'search by list price, no prices, page chosen first',
    build: unpricedByListPrice,
  },
  {
    id: 'search-price/priced-fenced',
    pricesEverything: true,
    page: 'search-price',
    priced: true,
    title: 'search by net price, every match priced then sorted (fenced join)',
    build: pricedEverythingByPrice('fenced'),
  },
  {
    id: 'search-price/priced-matches-candidates-fenced',
    page: 'search-price',
    priced: true,
    recommended: true,
    title: 'search by net price, matches first, only candidates priced (fenced join)',
    build: matchesCandidatesByPrice('fenced'),
  },
]

const dialect = new PgDialect()

/** The text and parameters postgres.js receives for this query (what drizzle would send). */
export function toQuery(query: SQL): { sql: string; params: unknown[] } {
  const { sql: text, params } = dialect.sqlToQuery(query)
  return { sql: text, params }
}

/** The query with its parameters written in as literals, for people to paste into psql. */
export function inlineQuery(query: SQL): string {
  const { sql: text, params } = toQuery(query)
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1]
    if (typeof value === 'number') return String(value)
    return `'${String(value).replaceAll("'", "''")}'`
  })
}
