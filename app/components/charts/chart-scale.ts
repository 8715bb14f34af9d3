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

/**
 * "¥1.2M" / "¥120万": money in minor units, short, for axis labels. Built by hand rather than with
 * Intl's compact notation, whose output differs between the server's and the browser's ICU (the
 * page would not hydrate).
 */
export function compactMoney(amountMinor: number, currency: string, locale: string): string {
  const major = amountMinor / 100
  const symbol = currency === 'CNY' ? '¥' : `${currency} `
  const short = (value: number, unit: string) =>
    `${symbol}${(Math.round(value * 10) / 10).toString()}${unit}`
  if (locale === 'zh-CN') {
    if (Math.abs(major) >= 1e8) return short(major / 1e8, '亿')
    if (Math.abs(major) >= 1e4) return short(major / 1e4, '万')
    return short(major, '')
  }
  if (Math.abs(major) >= 1e9) return short(major / 1e9, 'B')
  if (Math.abs(major) >= 1e6) return short(major / 1e6, 'M')
  if (Math.abs(major) >= 1e3) return short(major / 1e3, 'k')
  return short(major, '')
}

export const tierColors: Record<string, string> = {
  platinum: '#7c3aed',
  gold: '#f59e0b',
  silver: '#94a3b8',
  registered: '#2f6fed',
}
