import type { TFunction } from 'i18next'
import { formatDate } from '#app/utils/format'
import type { Period } from '#app/modules/contribution/period-rules'

const monthFormats = new Map<string, Intl.DateTimeFormat>()

/** "April 2026", "Q2 2026", "2026" or "1 Apr 2026 – 30 Jun 2026" in the reader's language. */
export function periodText(period: Period, t: TFunction, locale: string): string {
  const year = period.from.slice(0, 4)
  if (period.kind === 'year') return t('contribution:period.yearLabel', { year })
  if (period.kind === 'quarter') {
    const quarter = Math.floor((Number(period.from.slice(5, 7)) - 1) / 3) + 1
    return t('contribution:period.quarterLabel', { quarter, year })
  }
  if (period.kind === 'month') {
    let format = monthFormats.get(locale)
    if (!format) {
      format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' })
      monthFormats.set(locale, format)
    }
    return format.format(new Date(`${period.from}T00:00:00Z`))
  }
  return `${formatDate(period.from, locale, 'UTC')} – ${formatDate(period.to, locale, 'UTC')}`
}

/** "2026-Q3" → "Q3 2026". */
export function quarterText(key: string, t: TFunction): string {
  const [year, q] = key.split('-Q')
  return t('contribution:period.quarterLabel', { quarter: q, year })
}

const shortMonthFormats = new Map<string, Intl.DateTimeFormat>()

/** "2026-04" → "Apr 26" / "26年4月". */
export function monthText(month: string, locale: string): string {
  let format = shortMonthFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { year: '2-digit', month: 'short', timeZone: 'UTC' })
    shortMonthFormats.set(locale, format)
  }
  return format.format(new Date(`${month}-01T00:00:00Z`))
}
