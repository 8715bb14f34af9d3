import { z } from 'zod'
import { normalizeSku, skuPattern } from '#app/modules/catalog/catalog-rules'
import { isUuid } from '#app/utils/ids'
import { parseMoneyToMinor } from '#app/utils/money'
import {
  checkRange,
  DayField,
  OptionalDayField,
  optionalText,
  parsePageParam,
  parseValidityTab,
  type ValidityState,
} from './price-validity-rules'

/**
 * A partner's contract prices (DESIGN.md §2, first in the net-price order): one agreed unit price
 * per SKU and period, never two at once (exclusion constraint contract_prices_no_overlap).
 */

export const contractPricesPageSize = 50
export const contractNoteMax = 500

export const SkuField = z
  .string({ error: 'validation:required' })
  .transform(normalizeSku)
  .pipe(
    z
      .string()
      .min(1, 'validation:required')
      .max(64, 'validation:tooLong')
      .regex(skuPattern, 'pricing:validation.sku'),
  )

export const CurrencyField = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim().toUpperCase() || 'CNY')
  .refine((v) => /^[A-Z]{3}$/.test(v), 'pricing:validation.currency')

export type ContractPriceFormInput = {
  sku: string
  price: string
  currency: string
  validFrom: string
  validTo: string
  note: string
}

/**
 * Adding a contract price. It starts today or later: a price cannot be agreed for days that have
 * passed (orders of those days were priced by the rules then in force).
 */
export function contractPriceForm(today: string) {
  const schema = z
    .object({
      sku: SkuField,
      price: z.string({ error: 'validation:required' }).trim().min(1, 'validation:required'),
      currency: CurrencyField,
      validFrom: DayField,
      validTo: OptionalDayField,
      note: optionalText(contractNoteMax),
    })
    .superRefine((value, ctx) => {
      checkRange(value, ctx)
      if (value.validFrom < today) {
        ctx.addIssue({
          code: 'custom',
          path: ['validFrom'],
          message: 'pricing:validity.startInPast',
        })
      }
    })
    .transform((value, ctx) => {
      const priceMinor = parseMoneyToMinor(value.price, value.currency)
      if (priceMinor === null) {
        ctx.addIssue({ code: 'custom', path: ['price'], message: 'validation:invalidAmount' })
        return z.NEVER
      }
      return {
        sku: value.sku,
        priceMinor,
        currency: value.currency,
        validFrom: value.validFrom,
        validTo: value.validTo,
        note: value.note === '' ? null : value.note,
      }
    })
  return schema as unknown as z.ZodType<z.output<typeof schema>, ContractPriceFormInput>
}
export type ContractPriceInput = z.output<ReturnType<typeof contractPriceForm>>

export type ContractPriceQuery = {
  partnerId: string | null
  /** Partner search text for the picker. */
  q: string
  /** SKU or product name search within the partner's contract prices. */
  sku: string
  when: ValidityState
  page: number
}

/** The page's URL query, read leniently: a hand-edited URL never breaks the page. */
export function parseContractPriceQuery(params: URLSearchParams): ContractPriceQuery {
  const partner = params.get('partner')?.trim() ?? ''
  return {
    partnerId: isUuid(partner) ? partner.toLowerCase() : null,
    q: cleanSearch(params.get('q')),
    sku: cleanSearch(params.get('sku')),
    when: parseValidityTab(params.get('when')),
    page: parsePageParam(params.get('page')),
  }
}

/** Search text without control characters (PostgreSQL refuses NUL), at most 100 characters. */
export function cleanSearch(value: string | null): string {
  return (value ?? '')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 100)
}

export function contractPriceSearch(
  query: ContractPriceQuery,
  changes: Partial<ContractPriceQuery> = {},
): string {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  if (next.partnerId) params.set('partner', next.partnerId)
  if (next.q && !next.partnerId) params.set('q', next.q)
  if (next.sku) params.set('sku', next.sku)
  if (next.when !== 'current') params.set('when', next.when)
  if (next.page > 1) params.set('page', String(next.page))
  const search = params.toString()
  return search ? `?${search}` : ''
}
