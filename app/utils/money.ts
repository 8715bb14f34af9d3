import { minorUnitDigits } from './format'

/**
 * Parses a user-typed major-unit amount ("12,500.50") into integer minor units without floats.
 * Returns null when the text is not a valid non-negative amount for the currency.
 */
export function parseMoneyToMinor(text: string, currency: string): number | null {
  const digits = minorUnitDigits(currency)
  const cleaned = text.trim().replace(/[,\s_]/g, '')
  const match = /^(\d+)(?:\.(\d+))?$/.exec(cleaned)
  if (!match) return null
  const [, whole, fraction = ''] = match
  if (fraction.length > digits) return null
  const minor = BigInt(whole!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0')
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null
  return Number(minor)
}

/** The major-unit text for an input's value ("12500.50"), the inverse of parseMoneyToMinor. */
export function minorToInputValue(amountMinor: number, currency: string): string {
  const digits = minorUnitDigits(currency)
  if (digits === 0) return String(amountMinor)
  const sign = amountMinor < 0 ? '-' : ''
  const abs = Math.abs(amountMinor)
  const whole = Math.floor(abs / 10 ** digits)
  const fraction = String(abs % 10 ** digits).padStart(digits, '0')
  return `${sign}${whole}.${fraction}`
}
