import { z } from 'zod'
import { minorUnitDigits } from '#app/utils/format'
import { isUuid } from '#app/utils/ids'
import { parseMoneyToMinor } from '#app/utils/money'
import { normalizeSku, skuPattern } from './catalog-rules'

/**
 * The vendor's product forms and list (DESIGN.md §2), with no I/O: shared by the browser
 * (react-hook-form) and the server (actions and modules).
 */

export const productsPageSize = 25
export const defaultProductCurrency = 'CNY'
export const defaultProductUnit = 'pcs'

export const productLimits = {
  name: 200,
  description: 5000,
  unit: 20,
  imageUrl: 2000,
} as const

/**
 * An image is an https:// URL or a path on this site ("/images/plc.png"). Protocol-relative
 * ("//host/x") and every other scheme (http:, javascript:, data:) are refused: the catalog must
 * not load images from anywhere an attacker chooses, or over plain HTTP.
 */
export function isAllowedImageUrl(text: string): boolean {
  if (/\s/.test(text)) return false
  if (text.startsWith('/')) return !text.startsWith('//') && !text.startsWith('/\\')
  if (!text.toLowerCase().startsWith('https://')) return false
  try {
    const url = new URL(text)
    return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password
  } catch {
    return false
  }
}

/** An ISO 4217 code the runtime knows ("CNY", "USD"), not just three letters ("ABC"). */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false
  knownCurrencies ??= new Set(
    (Intl as { supportedValuesOf?: (key: 'currency') => string[] }).supportedValuesOf?.(
      'currency',
    ) ?? [],
  )
  // A runtime without the list accepts any three letters rather than refusing every code.
  return knownCurrencies.size === 0 || knownCurrencies.has(code)
}
let knownCurrencies: Set<string> | undefined

// PostgreSQL refuses NUL in text and no product field holds control characters (tabs and line
// breaks are allowed in the description only).
const stripControls = (text: string, keepLines = false) =>
  keepLines ? text.replace(/[^\P{Cc}\t\n\r]/gu, '') : text.replace(/\p{Cc}/gu, ' ')

const requiredText = (max: number) =>
  z
    .string({ error: 'validation:required' })
    .transform((v) => stripControls(v).trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, 'validation:required').max(max, 'validation:tooLong'))

const optionalString = z
  .string()
  .optional()
  .transform((v) => v ?? '')

const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true')

const ProductFormFields = z.object({
  sku: z
    .string({ error: 'validation:required' })
    .transform(normalizeSku)
    .pipe(
      z
        .string()
        .min(1, 'validation:required')
        .max(64, 'products:validation.skuFormat')
        .regex(skuPattern, 'products:validation.skuFormat'),
    ),
  name: requiredText(productLimits.name),
  description: optionalString
    .transform((v) => stripControls(v, true).trim())
    .pipe(z.string().max(productLimits.description, 'validation:tooLong')),
  productLineId: z
    .string({ error: 'products:validation.productLine' })
    .trim()
    .refine(isUuid, 'products:validation.productLine'),
  categoryId: z
    .string({ error: 'products:validation.category' })
    .trim()
    .refine(isUuid, 'products:validation.category'),
  unit: optionalString
    .transform((v) => stripControls(v).trim().replace(/\s+/g, ' ') || defaultProductUnit)
    .pipe(z.string().max(productLimits.unit, 'validation:tooLong')),
  // Checked for shape here; the currency decides how many decimals are allowed (below).
  listPrice: z
    .string({ error: 'validation:required' })
    .trim()
    .min(1, 'validation:required')
    .refine((v) => parseMoneyToMinor(v, 'BHD') !== null, 'validation:invalidAmount'),
  currency: optionalString
    .transform((v) => v.trim().toUpperCase() || defaultProductCurrency)
    .refine(isCurrencyCode, 'products:validation.currency'),
  imageUrl: optionalString
    .transform((v) => v.trim())
    .pipe(z.string().max(productLimits.imageUrl, 'validation:tooLong'))
    .refine((v) => v === '' || isAllowedImageUrl(v), 'products:validation.imageUrl'),
  active: checkbox,
})

/**
 * Create and edit a product. Output is what the modules write: the SKU normalised, the list
 * price in minor units of the currency, an empty image as null. `active` is read on creation
 * only: an existing product changes status through its own buttons (setProductActive).
 */
const productFormSchema = ProductFormFields.transform((v, ctx) => {
  const listPriceMinor = parseMoneyToMinor(v.listPrice, v.currency)
  if (listPriceMinor === null) {
    ctx.addIssue({
      code: 'custom',
      path: ['listPrice'],
      message:
        minorUnitDigits(v.currency) === 0
          ? 'products:validation.wholeAmount'
          : 'validation:invalidAmount',
    })
    return z.NEVER
  }
  return {
    sku: v.sku,
    name: v.name,
    description: v.description,
    productLineId: v.productLineId.toLowerCase(),
    categoryId: v.categoryId.toLowerCase(),
    unit: v.unit,
    listPriceMinor,
    currency: v.currency,
    imageUrl: v.imageUrl === '' ? null : v.imageUrl,
    active: v.active,
  }
})
export type ProductFormInput = z.input<typeof ProductFormFields>
export type ProductFormData = z.output<typeof productFormSchema>
export const ProductForm = productFormSchema as unknown as z.ZodType<
  ProductFormData,
  ProductFormInput
>

/** Deactivate hides the product from every partner catalog; reactivate shows it again. */
export const ProductStatusForm = z.object({
  active: z
    .enum(['true', 'false'], { error: 'validation:invalidChoice' })
    .transform((v) => v === 'true'),
})

// ---------------------------------------------------------------------------------------------
// The product list: every filter lives in the URL, and bad values fall back to "no filter".

export const productSorts = ['sku', 'name', 'price', 'available'] as const
export type ProductSort = (typeof productSorts)[number]
export const productStatusFilters = ['active', 'inactive'] as const
export type ProductStatusFilter = (typeof productStatusFilters)[number]
/** out: nothing available; low: available, at or below the low-stock threshold. */
export const productStockFilters = ['out', 'low'] as const
export type ProductStockFilter = (typeof productStockFilters)[number]
export type SortDirection = 'asc' | 'desc'

export type ProductListQuery = {
  q: string
  productLineId: string | null
  categoryId: string | null
  status: ProductStatusFilter | null
  stock: ProductStockFilter | null
  sort: ProductSort
  dir: SortDirection
  page: number
}

const pick = <T extends string>(options: readonly T[], value: string | null): T | null =>
  value !== null && (options as readonly string[]).includes(value) ? (value as T) : null

const uuidOrNull = (value: string | null) =>
  value !== null && isUuid(value.trim()) ? value.trim().toLowerCase() : null

/** Reads the list's query string leniently: a hand-edited URL never breaks the page. */
export function parseProductListQuery(params: URLSearchParams): ProductListQuery {
  const page = /^\d{1,6}$/.test(params.get('page') ?? '') ? Number(params.get('page')) : 1
  const sort = pick(productSorts, params.get('sort')) ?? 'sku'
  return {
    q: stripControls(params.get('q') ?? '')
      .trim()
      .slice(0, 100),
    productLineId: uuidOrNull(params.get('line')),
    categoryId: uuidOrNull(params.get('category')),
    status: pick(productStatusFilters, params.get('status')),
    stock: pick(productStockFilters, params.get('stock')),
    sort,
    dir: pick(['asc', 'desc'] as const, params.get('dir')) ?? 'asc',
    page: page >= 1 ? page : 1,
  }
}

/** The query string for a list view; defaults are left out so links stay short. */
export function productListSearch(
  query: ProductListQuery,
  changes: Partial<ProductListQuery> = {},
): string {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  if (next.q) params.set('q', next.q)
  if (next.productLineId) params.set('line', next.productLineId)
  if (next.categoryId) params.set('category', next.categoryId)
  if (next.status) params.set('status', next.status)
  if (next.stock) params.set('stock', next.stock)
  if (next.sort !== 'sku') params.set('sort', next.sort)
  if (next.dir !== 'asc') params.set('dir', next.dir)
  if (next.page > 1) params.set('page', String(next.page))
  const search = params.toString()
  return search ? `?${search}` : ''
}
