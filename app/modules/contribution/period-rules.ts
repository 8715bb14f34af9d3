/**
 * Periods of the contribution figures (ADR 0014). A period is a range of calendar days in
 * Asia/Shanghai, both ends inclusive; instants (submitted, decided, placed) are compared with the
 * half-open range [start of `from`, start of the day after `to`) in China Standard Time.
 */

export const periodKinds = ['month', 'quarter', 'year', 'custom'] as const
export type PeriodKind = (typeof periodKinds)[number]

export type Period = {
  kind: PeriodKind
  /** First day, YYYY-MM-DD. */
  from: string
  /** Last day (inclusive), YYYY-MM-DD. */
  to: string
}

/** Custom periods are capped so a crafted URL cannot ask for centuries of figures. */
export const maxCustomPeriodDays = 3 * 366

const DAY_MS = 86_400_000
const SHANGHAI_OFFSET = '+08:00'

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

function parts(day: string): { year: number; month: number; date: number } {
  const [year, month, date] = day.split('-').map(Number)
  return { year: year!, month: month!, date: date! }
}

function fromUtc(ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

function utcMs(day: string): number {
  const { year, month, date } = parts(day)
  return Date.UTC(year, month - 1, date)
}

/** True for a real calendar day between 2000 and 2999 written YYYY-MM-DD. */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const { year, month, date } = parts(value)
  if (year < 2000 || year > 2999) return false
  return fromUtc(Date.UTC(year, month - 1, date)) === value
}

export function addCalendarDays(day: string, days: number): string {
  return fromUtc(utcMs(day) + days * DAY_MS)
}

/** Days from `from` to `to`, both counted (2026-01-01..2026-01-31 is 31). */
export function daysInRange(from: string, to: string): number {
  return Math.round((utcMs(to) - utcMs(from)) / DAY_MS) + 1
}

export function todayInShanghai(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now)
}

/** The first instant of a calendar day in Shanghai. */
export function startOfShanghaiDay(day: string): Date {
  return new Date(`${day}T00:00:00${SHANGHAI_OFFSET}`)
}

/** [start, end) instants of a period: end is the first instant after its last day. */
export function periodInstants(period: Period): { start: Date; end: Date } {
  return {
    start: startOfShanghaiDay(period.from),
    end: startOfShanghaiDay(addCalendarDays(period.to, 1)),
  }
}

function lastDayOfMonth(year: number, month: number): string {
  return fromUtc(Date.UTC(year, month, 0))
}

/** The month, quarter or year containing `day`. */
export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, day: string): Period {
  const { year, month } = parts(day)
  if (kind === 'month') {
    return { kind, from: `${pad(year, 4)}-${pad(month)}-01`, to: lastDayOfMonth(year, month) }
  }
  if (kind === 'quarter') {
    const first = Math.floor((month - 1) / 3) * 3 + 1
    return {
      kind,
      from: `${pad(year, 4)}-${pad(first)}-01`,
      to: lastDayOfMonth(year, first + 2),
    }
  }
  return { kind, from: `${pad(year, 4)}-01-01`, to: `${pad(year, 4)}-12-31` }
}

/**
 * The period just before: the previous month, quarter or year; for a custom range, the same
 * number of days ending the day before it starts.
 */
export function previousPeriod(period: Period): Period {
  if (period.kind === 'custom') {
    const length = daysInRange(period.from, period.to)
    const to = addCalendarDays(period.from, -1)
    return { kind: 'custom', from: addCalendarDays(to, -(length - 1)), to }
  }
  return periodContaining(period.kind, addCalendarDays(period.from, -1))
}

/** The period just after (month, quarter or year only; custom ranges shift by their length). */
export function nextPeriod(period: Period): Period {
  if (period.kind === 'custom') {
    const length = daysInRange(period.from, period.to)
    const from = addCalendarDays(period.to, 1)
    return { kind: 'custom', from, to: addCalendarDays(from, length - 1) }
  }
  return periodContaining(period.kind, addCalendarDays(period.to, 1))
}

/** "2026-04-01" → "2026-Q2". */
export function quarterKey(day: string): string {
  const { year, month } = parts(day)
  return `${pad(year, 4)}-Q${Math.floor((month - 1) / 3) + 1}`
}

/** "2026-04-17" → "2026-04". */
export function monthKey(day: string): string {
  return day.slice(0, 7)
}

/** The months (YYYY-MM) that end with the month containing `day`, oldest first. */
export function monthsEndingWith(day: string, count: number): string[] {
  const { year, month } = parts(day)
  const months: string[] = []
  for (let i = count - 1; i >= 0; i--) {
    const index = year * 12 + (month - 1) - i
    months.push(`${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`)
  }
  return months
}

/** The quarters (as periods) starting with the one containing `day`. */
export function quartersFrom(day: string, count: number): Period[] {
  const quarters: Period[] = []
  let quarter = periodContaining('quarter', day)
  for (let i = 0; i < count; i++) {
    quarters.push(quarter)
    quarter = nextPeriod(quarter)
  }
  return quarters
}

/**
 * The target a period is measured against: a quarter or a year is its own target period; a month
 * or a custom range is measured quarter-to-date against the quarter containing its last day.
 * `measuredTo` is the last day counted towards the target.
 */
export function targetPeriodFor(period: Period): {
  kind: 'quarter' | 'year'
  from: string
  to: string
  measuredTo: string
} {
  if (period.kind === 'quarter' || period.kind === 'year') {
    return { kind: period.kind, from: period.from, to: period.to, measuredTo: period.to }
  }
  const quarter = periodContaining('quarter', period.to)
  return { kind: 'quarter', from: quarter.from, to: quarter.to, measuredTo: period.to }
}
