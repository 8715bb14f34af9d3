import { z } from 'zod'
import { isUuid } from '#app/utils/ids'
import { parseMoneyToMinor } from '#app/utils/money'

/** A target period as people write it: "2026-Q2" for a quarter, "2026" for a year. */
export function parseTargetPeriod(
  text: string,
): { kind: 'quarter' | 'year'; periodStart: string } | null {
  const value = text.trim().toUpperCase()
  const quarter = /^(20\d\d|2[1-9]\d\d)-?Q([1-4])$/.exec(value)
  if (quarter) {
    const month = (Number(quarter[2]) - 1) * 3 + 1
    return { kind: 'quarter', periodStart: `${quarter[1]}-${String(month).padStart(2, '0')}-01` }
  }
  const year = /^(20\d\d|2[1-9]\d\d)$/.exec(value)
  if (year) return { kind: 'year', periodStart: `${year[1]}-01-01` }
  return null
}

/** "2026-04-01" (quarter) → "2026-Q2"; "2026-01-01" (year) → "2026". */
export function targetPeriodText(kind: 'quarter' | 'year', periodStart: string): string {
  const year = periodStart.slice(0, 4)
  if (kind === 'year') return year
  return `${year}-Q${Math.floor((Number(periodStart.slice(5, 7)) - 1) / 3) + 1}`
}

const maxRegistrations = 1_000_000

const amount = (currency: string) =>
  z
    .string()
    .trim()
    .min(1, 'contribution:targets.errors.revenueRequired')
    .transform((value, ctx) => {
      const minor = parseMoneyToMinor(value, currency)
      if (minor === null) {
        ctx.addIssue({ code: 'custom', message: 'contribution:targets.errors.revenueInvalid' })
        return z.NEVER
      }
      return minor
    })

const registrationsCount = z
  .string()
  .trim()
  .regex(/^\d{1,7}$/, 'contribution:targets.errors.registrationsInvalid')
  .transform(Number)
  .refine((n) => n <= maxRegistrations, 'contribution:targets.errors.registrationsInvalid')

/** One target set in the admin area. The same schema validates in the browser. */
export const TargetForm = z
  .object({
    partnerId: z.string().refine(isUuid, 'contribution:targets.errors.partner'),
    period: z.string().trim().min(1, 'contribution:targets.errors.period'),
    revenueTarget: z.string(),
    registrationsTarget: registrationsCount,
  })
  .transform((value, ctx) => {
    const period = parseTargetPeriod(value.period)
    if (!period) {
      ctx.addIssue({
        code: 'custom',
        path: ['period'],
        message: 'contribution:targets.errors.period',
      })
      return z.NEVER
    }
    const revenue = amount('CNY').safeParse(value.revenueTarget)
    if (!revenue.success) {
      ctx.addIssue({
        code: 'custom',
        path: ['revenueTarget'],
        message: revenue.error.issues[0]?.message ?? 'contribution:targets.errors.revenueInvalid',
      })
      return z.NEVER
    }
    return {
      partnerId: value.partnerId.toLowerCase(),
      kind: period.kind,
      periodStart: period.periodStart,
      revenueTargetMinor: revenue.data,
      registrationsTarget: value.registrationsTarget,
    }
  })
export type TargetInput = z.output<typeof TargetForm>

export const targetCsvColumns = [
  'partner_code',
  'period',
  'revenue_target',
  'registrations_target',
] as const
export const maxImportRows = 20_000

export type TargetCsvRow = {
  line: number
  partnerCode: string
  kind: 'quarter' | 'year'
  periodStart: string
  revenueTargetMinor: number
  registrationsTarget: number
}
export type TargetCsvError = { line: number; column: string; message: string; value: string }

/**
 * Validates every row of an import (header row: partner_code, period, revenue_target,
 * registrations_target). Returns all rows or every problem; the caller writes nothing unless
 * there are none. Partner codes are checked against the database by the caller.
 */
export function validateTargetRows(records: string[][]): {
  rows: TargetCsvRow[]
  errors: TargetCsvError[]
} {
  const errors: TargetCsvError[] = []
  const rows: TargetCsvRow[] = []
  const [header, ...body] = records
  const names = (header ?? []).map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/^\uFEFF/, ''),
  )
  const index = Object.fromEntries(targetCsvColumns.map((c) => [c, names.indexOf(c)]))
  const missing = targetCsvColumns.filter((c) => index[c] === -1)
  if (missing.length > 0) {
    return {
      rows,
      errors: [
        {
          line: 1,
          column: missing.join(', '),
          message: 'contribution:targets.errors.header',
          value: names.join(','),
        },
      ],
    }
  }
  if (body.length === 0) {
    return {
      rows,
      errors: [{ line: 2, column: '', message: 'contribution:targets.errors.empty', value: '' }],
    }
  }
  if (body.length > maxImportRows) {
    return {
      rows,
      errors: [
        {
          line: maxImportRows + 2,
          column: '',
          message: 'contribution:targets.errors.tooMany',
          value: '',
        },
      ],
    }
  }
  const seen = new Map<string, number>()
  body.forEach((record, i) => {
    const line = i + 2
    const cell = (column: (typeof targetCsvColumns)[number]) =>
      (record[index[column]!] ?? '').trim()
    const problem = (column: string, message: string) =>
      errors.push({ line, column, message, value: cell(column as never).slice(0, 100) })
    if (record.every((value) => value.trim() === '')) return
    const partnerCode = cell('partner_code').toUpperCase()
    if (!partnerCode) problem('partner_code', 'contribution:targets.errors.partnerCode')
    const period = parseTargetPeriod(cell('period'))
    if (!period) problem('period', 'contribution:targets.errors.period')
    const revenue = parseMoneyToMinor(cell('revenue_target'), 'CNY')
    if (revenue === null) problem('revenue_target', 'contribution:targets.errors.revenueInvalid')
    const registrations = registrationsCount.safeParse(cell('registrations_target'))
    if (!registrations.success) {
      problem('registrations_target', 'contribution:targets.errors.registrationsInvalid')
    }
    if (!partnerCode || !period || revenue === null || !registrations.success) return
    const key = `${partnerCode}|${period.kind}|${period.periodStart}`
    const earlier = seen.get(key)
    if (earlier) {
      errors.push({
        line,
        column: 'period',
        message: 'contribution:targets.errors.duplicate',
        value: String(earlier),
      })
      return
    }
    seen.set(key, line)
    rows.push({
      line,
      partnerCode,
      kind: period.kind,
      periodStart: period.periodStart,
      revenueTargetMinor: revenue,
      registrationsTarget: registrations.data,
    })
  })
  return { rows, errors }
}
