import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import type { PriceSource } from '#app/modules/pricing/price-rules'
import { availabilityFor, type Availability } from './catalog-rules'
import {
  catalogCountCap,
  catalogPageSize,
  defaultCatalogDirection,
  type CatalogSort,
  type SortDirection,
} from './catalog-query-rules'
import {
  catalogCountQuery,
  catalogWindowQuery,
  type CatalogFilter,
  type CatalogRowRecord,
} from './catalog-view-sql.server'
import { getCatalogSettings, type CatalogDisplaySettings } from './get-catalog-settings.server'

export type FindCatalogOptions = {
  /** The partner the prices are for; another partner's contract prices are never read. */
  actor: { partnerId: string; tier: PartnerTier }
  /** The pricing date: a calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
  date: string
  q?: string | null
  productLineId?: string | null
  categoryId?: string | null
  inStock?: boolean
  sort?: CatalogSort
  dir?: SortDirection
  page?: number
  /** The vendor's display settings, when the caller has them already. */
  settings?: CatalogDisplaySettings
}

export type CatalogNamed = { id: string; code: string; nameEn: string; nameZh: string }

export type CatalogListRow = {
  id: string
  sku: string
  name: string
  unit: string
  imageUrl: string | null
  productLine: CatalogNamed
  category: CatalogNamed
  currency: string
  listPriceMinor: number
  /** The partner's net unit price at one unit, on the date. */
  netPriceMinor: number
  priceSource: PriceSource
  /** Exact or banded as the vendor chose; banded rows carry no count. */
  availability: Availability
}

export type FindCatalogResult = {
  products: CatalogListRow[]
  /** Every match when `totalIsExact`; otherwise a lower bound (there are more). */
  total: number
  totalIsExact: boolean
  page: number
  pageSize: number
  pageCount: number
  availabilityDisplay: CatalogDisplaySettings['availabilityDisplay']
}

const priceSources: readonly PriceSource[] = ['contract', 'volume_break', 'tier_discount', 'list']

/** A database row of a catalog view as the partner may see it (the count only when exact). */
export function toCatalogListRow(
  row: CatalogRowRecord,
  settings: CatalogDisplaySettings,
): CatalogListRow {
  const source = row.price_source as PriceSource
  if (!priceSources.includes(source)) throw new Error(`unknown price source ${row.price_source}`)
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    imageUrl: row.image_url,
    productLine: {
      id: row.line_id,
      code: row.line_code,
      nameEn: row.line_name_en,
      nameZh: row.line_name_zh,
    },
    category: {
      id: row.category_id,
      code: row.category_code,
      nameEn: row.category_name_en,
      nameZh: row.category_name_zh,
    },
    currency: row.currency,
    listPriceMinor: Number(row.list_price_minor),
    netPriceMinor: Number(row.net_minor),
    priceSource: source,
    availability: availabilityFor({
      available: Number(row.available),
      display: settings.availabilityDisplay,
      lowStockThreshold: settings.lowStockThreshold,
      restockDate: row.restock_date,
    }),
  }
}

/**
 * One page (25) of active products at the partner's net price (priced in the same query by the
 * net-price join: one statement per page, never one per row), with availability and the count
 * of the matches (without pricing), exact up to catalogCountCap past the page's start.
 */
export async function findCatalog(
  db: Database,
  options: FindCatalogOptions,
): Promise<FindCatalogResult> {
  const page = options.page && options.page >= 1 ? Math.floor(options.page) : 1
  const sort = options.sort ?? 'name'
  const dir = options.dir ?? defaultCatalogDirection(sort)
  const filter: CatalogFilter = {
    q: options.q,
    productLineId: options.productLineId,
    categoryId: options.categoryId,
    inStock: options.inStock,
  }
  const settings = options.settings ?? (await getCatalogSettings(db))
  const offset = (page - 1) * catalogPageSize
  const countLimit = offset + catalogCountCap + 1
  const [rows, counted] = await Promise.all([
    queryRows<CatalogRowRecord>(
      db,
      catalogWindowQuery({
        filter,
        pricing: {
          partnerId: options.actor.partnerId,
          tier: options.actor.tier,
          date: options.date,
        },
        sort,
        dir,
        settings,
        limit: catalogPageSize,
        offset,
      }),
    ),
    queryRows<{ total: number }>(db, catalogCountQuery(filter, countLimit)),
  ])
  const matched = Number(counted[0]?.total ?? 0)
  const totalIsExact = matched < countLimit
  return {
    products: rows.map((row) => toCatalogListRow(row, settings)),
    total: totalIsExact ? matched : countLimit - 1,
    totalIsExact,
    page,
    pageSize: catalogPageSize,
    // Past the cap the page after the last counted one stays reachable.
    pageCount: Math.max(1, Math.ceil(matched / catalogPageSize)),
    availabilityDisplay: settings.availabilityDisplay,
  }
}
