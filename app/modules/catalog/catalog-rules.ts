/**
 * Catalog rules with no I/O (DESIGN.md §2): SKU form, availability as partners see it.
 * Shared by the browser (hints) and the server (enforcement).
 */

/** Upper-case letters, digits and . _ - ; starts with a letter or digit; at most 64 characters. */
export const skuPattern = /^[A-Z0-9][A-Z0-9._-]{0,63}$/

/** The stored form of a typed SKU: trimmed and upper-cased ("ab-100 " → "AB-100"). */
export function normalizeSku(text: string): string {
  return text.normalize('NFKC').trim().toUpperCase()
}

export function isValidSku(text: string): boolean {
  return skuPattern.test(normalizeSku(text))
}

export type AvailabilityDisplay = 'exact' | 'banded'
export type AvailabilityBand = 'in_stock' | 'low' | 'out'

/** What a partner is shown for a SKU: the exact count or a band, and the restock date when out. */
export type Availability =
  | { display: 'exact'; available: number; band: AvailabilityBand; restockDate: string | null }
  | { display: 'banded'; available: null; band: AvailabilityBand; restockDate: string | null }

/** out at ≤ 0, low at ≤ threshold (when the threshold is above 0), else in stock. */
export function availabilityBand(available: number, lowStockThreshold: number): AvailabilityBand {
  if (available <= 0) return 'out'
  if (available <= lowStockThreshold) return 'low'
  return 'in_stock'
}

/**
 * The availability a partner sees. Banded display never reveals the count; the restock date is
 * shown only when nothing is available.
 */
export function availabilityFor(options: {
  available: number
  display: AvailabilityDisplay
  lowStockThreshold: number
  restockDate: string | null
}): Availability {
  const available = Math.max(0, options.available)
  const band = availabilityBand(available, options.lowStockThreshold)
  const restockDate = band === 'out' ? options.restockDate : null
  return options.display === 'exact'
    ? { display: 'exact', available, band, restockDate }
    : { display: 'banded', available: null, band, restockDate }
}
