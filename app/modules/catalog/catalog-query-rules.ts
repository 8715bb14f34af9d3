import { z } from 'zod'
import { isUuid } from '#app/utils/ids'

/**
 * The partner catalog's URL: search, filters, sort and page, read leniently so that a shared or
 * hand-edited link never fails the page (a junk value falls back to its default), and written
 * back without defaults so links stay short. Shared by the browser and the server.
 */

export const catalogPageSize = 25
/**
 * Matches counted beyond the page's start: past it the page says "1,000+" instead of scanning
 * every match, and pagination goes on one page at a time.
 */
export const catalogCountCap = 1_000
/** Rows in one CSV export; narrower filters export the rest. */
export const catalogExportLimit = 20_000
/** The product page prices up to this many units (a typo of extra zeros is not a quote). */
export const maxCatalogQuantity = 1_000_000

export const catalogSorts = ['name', 'price', 'availability'] as const
export type CatalogSort = (typeof catalogSorts)[number]
export type SortDirection = 'asc' | 'desc'

/** A–Z by name, cheapest first, most available first. */
export function defaultCatalogDirection(sort: CatalogSort): SortDirection {
  return sort === 'availability' ? 'desc' : 'asc'
}

export type CatalogQuery = {
  /** SKU or name fragment; '' = no search. */
  q: string
  /** Product line id, or null for every line. */
  line: string | null
  /** Category id, or null for every category. */
  category: string | null
  inStock: boolean
  sort: CatalogSort
  dir: SortDirection
  page: number
}

// PostgreSQL refuses NUL in text and nobody types control characters: drop them. NFKC turns
// full-width input from a Chinese IME ("ＰＬＣ") into the characters SKUs are written with.
const SearchText = z
  .string()
  .transform((value) =>
    value
      .normalize('NFKC')
      .replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, 100),
  )
  .catch('')

const OptionalId = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .refine(isUuid)
  .nullable()
  .catch(null)

const CatalogQuerySchema = z.object({
  q: SearchText,
  line: OptionalId,
  category: OptionalId,
  inStock: z
    .enum(['1', 'true', 'on'])
    .transform(() => true)
    .catch(false),
  sort: z.enum(catalogSorts).catch('name'),
  dir: z.enum(['asc', 'desc']).nullable().catch(null),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

/** The list's URL query; anything malformed is ignored (its default is used), never an error. */
export function parseCatalogQuery(params: URLSearchParams): CatalogQuery {
  const raw = Object.fromEntries(
    Object.keys(CatalogQuerySchema.shape).map((key) => [key, params.get(key)]),
  )
  const parsed = CatalogQuerySchema.parse(raw)
  return {
    q: parsed.q,
    line: parsed.line,
    category: parsed.category,
    inStock: parsed.inStock,
    sort: parsed.sort,
    dir: parsed.dir ?? defaultCatalogDirection(parsed.sort),
    page: parsed.page,
  }
}

/** The query string of a catalog view (with the leading "?", or ''); defaults are left out. */
export function catalogListSearch(
  query: CatalogQuery,
  changes: Partial<CatalogQuery> = {},
): string {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  if (next.q) params.set('q', next.q)
  if (next.line) params.set('line', next.line)
  if (next.category) params.set('category', next.category)
  if (next.inStock) params.set('inStock', '1')
  if (next.sort !== 'name') params.set('sort', next.sort)
  if (next.dir !== defaultCatalogDirection(next.sort)) params.set('dir', next.dir)
  if (next.page > 1) params.set('page', String(next.page))
  const search = params.toString()
  return search ? `?${search}` : ''
}

/** Whether the view narrows the catalog (search or filters), as opposed to only sorting it. */
export function isFilteredCatalog(query: CatalogQuery): boolean {
  return Boolean(query.q || query.line || query.category || query.inStock)
}

export type QuantityInput =
  | { ok: true; quantity: number; raw: string }
  | { ok: false; quantity: 1; raw: string; error: string }

/**
 * The product page's `?qty=`: a whole number from 1 to maxCatalogQuantity. Absent means 1; a bad
 * value prices one unit and says why beside the field.
 */
export function parseCatalogQuantity(raw: string | null): QuantityInput {
  const text = (raw ?? '').normalize('NFKC').trim().slice(0, 20)
  if (text === '') return { ok: true, quantity: 1, raw: '' }
  const cleaned = text.replace(/[,\s_]/g, '')
  if (!/^\d+$/.test(cleaned)) {
    return { ok: false, quantity: 1, raw: text, error: 'catalog:product.quantityInvalid' }
  }
  const quantity = Number(cleaned)
  if (quantity < 1 || quantity > maxCatalogQuantity) {
    return { ok: false, quantity: 1, raw: text, error: 'catalog:product.quantityRange' }
  }
  return { ok: true, quantity, raw: text }
}
