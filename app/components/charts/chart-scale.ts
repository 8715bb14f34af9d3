/** Axis helpers for the small SVG charts: round tick steps and compact labels. */

/** Up to `count` + 1 round ticks from 0 covering `max` (1, 2, 2.5 or 5 × 10ⁿ steps). */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1]
  const rough = max / count
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power
  const ticks: number[] = []
  for (let value = 0; value < max + step; value += step) {
    ticks.push(Math.round(value * 1e6) / 1e6)
    if (value >= max) break
  }
  return ticks
}

const compactFormats = new Map<string, Intl.NumberFormat>()

/** "¥1.2M" / "¥120万": money in minor units, compact, for axis labels. */
export function compactMoney(amountMinor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`
  let format = compactFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    })
    compactFormats.set(key, format)
  }
  return format.format(amountMinor / 100)
}

export const tierColors: Record<string, string> = {
  platinum: '#7c3aed',
  gold: '#f59e0b',
  silver: '#94a3b8',
  registered: '#2f6fed',
}
