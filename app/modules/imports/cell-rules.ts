import { z } from 'zod'
import { normalizeSku, skuPattern } from '#app/modules/catalog/catalog-rules'
import { parseMoneyToMinor } from '#app/utils/money'

/**
 * zod schemas for single CSV cells, shared by the kinds. A cell arrives as the raw string of the
 * file, or undefined when its (optional) column is not in the file at all. Messages are i18n keys
 * under `imports:reasons`.
 */

const reason = (key: string) => `imports:reasons.${key}`

// Tabs, line breaks and other control characters have no place in a one-line value.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001F\u007F]/

/** A one-line text cell that must not be empty; trimmed, at most `max` characters. */
export const requiredLine = (max: number) =>
  z
    .string()
    .transform((value) => value.trim())
    .refine((value) => value !== '', reason('required'))
    .refine((value) => !controlCharacters.test(value), reason('controlCharacters'))
    .refine((value) => value.length <= max, { message: reason('tooLong'), params: { max } })

/** A one-line optional cell: undefined when the column is absent, '' when the cell is empty. */
export const optionalLine = (max: number) =>
  z
    .string()
    .transform((value) => value.trim())
    .refine((value) => !controlCharacters.test(value), reason('controlCharacters'))
    .refine((value) => value.length <= max, { message: reason('tooLong'), params: { max } })
    .optional()

/** A SKU in its stored form (trimmed, upper case) matching the catalog's SKU pattern. */
export const skuCell = requiredLine(64)
  .transform(normalizeSku)
  .refine((value) => skuPattern.test(value), reason('sku'))

/** A code that names another record (partner, warehouse, product line): trimmed. */
export const codeCell = requiredLine(64)

/** An ISO 4217 currency code that Intl knows, upper-cased. */
export const currencyCell = requiredLine(3)
  .transform((value) => value.toUpperCase())
  .refine((value) => knownCurrencies.has(value), reason('currency'))

const knownCurrencies = new Set(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['CNY'],
)

/**
 * Digits with an optional decimal point, commas only as thousands separators ("1,200.00"). A
 * decimal comma ("1200,00", as European Excel writes it) is refused rather than read as 120000.
 */
const amountShape = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/

/** The text of an amount in major units ("1,200.00"); parsed with its currency by `amountIn`. */
export const amountCell = requiredLine(30).refine(
  (value) => amountShape.test(value) && parseMoneyToMinor(value, 'BHD') !== null,
  reason('amount'),
)

/** Minor units of an amount cell in a currency, or null when it has too many decimals for it. */
export function amountIn(text: string, currency: string): number | null {
  return parseMoneyToMinor(text, currency)
}

const truthy = new Set(['true', '1', 'yes', 'y', '是', '启用', 'active'])
const falsy = new Set(['false', '0', 'no', 'n', '否', '停用', 'inactive'])

/** true/false, 1/0, yes/no (and 是/否); empty or absent = undefined (keep or default). */
export const booleanCell = z
  .string()
  .transform((value) => value.normalize('NFKC').trim().toLowerCase())
  .refine((value) => value === '' || truthy.has(value) || falsy.has(value), reason('boolean'))
  .transform((value) => (value === '' ? undefined : truthy.has(value)))
  .optional()

/** A whole number 0 … 2 147 483 647 (the database's integer); "1,200" is accepted. */
export const countCell = requiredLine(16)
  .refine((value) => /^(?:\d{1,3}(?:,\d{3})+|\d+)$/.test(value), reason('count'))
  .transform((value) => Number(value.replace(/,/g, '')))
  .refine((value) => value <= 2_147_483_647, reason('countTooLarge'))

/**
 * A calendar date as 'YYYY-MM-DD'. Also reads 2026/3/1 and 2026-3-1, which is how Excel with a
 * Chinese locale saves dates. Returns null for anything else or a day that does not exist.
 */
export function parseCsvDate(text: string): string | null {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text.trim())
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (
    year < 2000 ||
    year > 2999 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return null
  }
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

export const requiredDateCell = requiredLine(20)
  .refine((value) => parseCsvDate(value) !== null, reason('date'))
  .transform((value) => parseCsvDate(value)!)

/** An optional date: undefined when the column is absent, null when the cell is empty. */
export const optionalDateCell = optionalLine(20)
  .refine(
    (value) => value === undefined || value === '' || parseCsvDate(value) !== null,
    reason('date'),
  )
  .transform((value) =>
    value === undefined ? undefined : value === '' ? null : parseCsvDate(value)!,
  )

/** An image: an https:// URL or a path under the site (`/…`), as the catalog stores it. */
export function isImageReference(value: string): boolean {
  if (value.startsWith('/')) return !value.startsWith('//') && !/\s/.test(value)
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && url.hostname !== ''
  } catch {
    return false
  }
}

/**
 * Finds a record by its code as written in a cell: exactly, else ignoring case (codes are typed by
 * hand) when only one record matches that way. 'ambiguous' when several do.
 */
export function codeLookup<T extends { code: string }>(records: readonly T[]) {
  const exact = new Map(records.map((record) => [record.code, record]))
  const folded = new Map<string, T | 'ambiguous'>()
  for (const record of records) {
    const key = record.code.toUpperCase()
    folded.set(key, folded.has(key) ? 'ambiguous' : record)
  }
  return (code: string): T | 'ambiguous' | null =>
    exact.get(code) ?? folded.get(code.toUpperCase()) ?? null
}
