import { z } from 'zod'
import { isUuid } from '#app/utils/ids'
import { bpsScale, isCalendarDate } from './price-rules'

/**
 * Calendar-date rules shared by every dated price row (tier discounts, volume breaks, contract
 * prices): dates are Asia/Shanghai calendar days 'YYYY-MM-DD', both ends inclusive, a null end is
 * open-ended (ADR 0008). Pure: the browser shows the same hints the server enforces.
 */

export type Validity = { validFrom: string; validTo: string | null }
export type ValidityState = 'current' | 'future' | 'past'
export const validityStates = ['current', 'future', 'past'] as const

/** The calendar day `days` after (or before, when negative) `day`. */
export function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

export const dayBefore = (day: string) => shiftDay(day, -1)

/** Where a row stands on `today`: in force, not started yet, or ended. */
export function validityOn(row: Validity, today: string): ValidityState {
  if (row.validFrom > today) return 'future'
  if (row.validTo !== null && row.validTo < today) return 'past'
  return 'current'
}

export function isValidOn(row: Validity, day: string): boolean {
  return row.validFrom <= day && (row.validTo === null || row.validTo >= day)
}

/** Whether two inclusive ranges share at least one day (what the exclusion constraints forbid). */
export function overlaps(a: Validity, b: Validity): boolean {
  return (
    (a.validTo === null || a.validTo >= b.validFrom) &&
    (b.validTo === null || b.validTo >= a.validFrom)
  )
}

/**
 * Why a row cannot be ended on `validTo` (an i18n key), or null when it can. A row that has ended
 * stays as it was (history); the new end is not before its start, not earlier than yesterday (the
 * row was in force until now and that stays true) and earlier than its current end.
 */
export function endDateProblem(row: Validity, validTo: string, today: string): string | null {
  if (row.validTo !== null && row.validTo < today) return 'pricing:validity.alreadyEnded'
  if (validTo < row.validFrom) return 'pricing:validity.endBeforeStart'
  if (validTo < dayBefore(today)) return 'pricing:validity.endInPast'
  if (row.validTo !== null && validTo >= row.validTo) return 'pricing:validity.endNotEarlier'
  return null
}

/** Only a row that has not started may be deleted: a price that was in force stays on record. */
export const canDeleteRow = (row: Validity, today: string) => row.validFrom > today

// ---------------------------------------------------------------------------------------------
// Form pieces

export const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .pipe(z.string().max(max, 'validation:tooLong'))

/** A required 'YYYY-MM-DD' calendar date (what <input type="date"> submits). */
export const DayField = z
  .string({ error: 'validation:required' })
  .trim()
  .min(1, 'validation:required')
  .refine(isCalendarDate, 'pricing:validity.invalidDate')
  .refine((v) => v >= '2000-01-01' && v <= '2999-12-31', 'pricing:validity.invalidDate')

/** An optional date: empty means open-ended (null). */
export const OptionalDayField = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim())
  .refine((v) => v === '' || (isCalendarDate(v) && v >= '2000-01-01' && v <= '2999-12-31'), {
    message: 'pricing:validity.invalidDate',
  })
  .transform((v) => (v === '' ? null : v))

/**
 * A typed percentage ("32", "12.5", "7,25 %") as basis points (3200, 1250, 725), exactly: at most
 * two decimals, 0–100. Null when the text is not such a number.
 */
export function parsePercentToBps(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/\s*[%％]$/, '')
    .replace(',', '.')
    .trim()
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(cleaned)
  if (!match) return null
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0') || '0')
  return bps <= bpsScale ? bps : null
}

/** Basis points as the text of a percentage input (3200 → "32", 1250 → "12.5"). */
export function bpsToPercentInput(bps: number): string {
  const whole = Math.floor(bps / 100)
  const fraction = bps % 100
  if (fraction === 0) return String(whole)
  return `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`
}

export const PercentField = z
  .string({ error: 'validation:required' })
  .trim()
  .min(1, 'validation:required')
  .refine((v) => parsePercentToBps(v) !== null, 'pricing:validation.percent')
  .transform((v) => parsePercentToBps(v)!)

/** A valid-from/valid-to pair: the end, when given, is not before the start. */
export function checkRange(
  value: { validFrom: string; validTo: string | null },
  ctx: z.RefinementCtx,
): void {
  if (value.validTo !== null && value.validTo < value.validFrom) {
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'pricing:validity.endBeforeStart' })
  }
}

/** A row id from a form: anything but a UUID is not a row. */
export const IdField = z
  .string({ error: 'validation:required' })
  .trim()
  .refine(isUuid, 'validation:invalidChoice')

/** The form that ends a row early: which row, and its new last day. */
export const EndRowForm = z.object({
  id: IdField,
  validTo: DayField,
})
export type EndRowInput = z.output<typeof EndRowForm>

export const DeleteRowForm = z.object({
  id: IdField,
})

/** Reads a `when` tab from the URL: current (the default), future or past. */
export function parseValidityTab(value: string | null): ValidityState {
  return (validityStates as readonly string[]).includes(value ?? '')
    ? (value as ValidityState)
    : 'current'
}

/** A page number from the URL: anything that is not a small positive integer is page 1. */
export function parsePageParam(value: string | null): number {
  if (!value || !/^\d{1,6}$/.test(value)) return 1
  return Math.max(1, Number(value))
}
