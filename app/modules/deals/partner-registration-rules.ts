import { z } from 'zod'
import { parseMoneyToMinor } from '#app/utils/money'
import { openStages, registrationStages, type Stage } from './deal-rules'

/**
 * Pure rules of the partner's registration pages (list query, holder forms, countdown), shared
 * by the browser and the server. The database enums are repeated here so that this file does not
 * pull the drizzle schema into the client bundle.
 */

export const registrationStatuses = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'won',
  'lost',
  'withdrawn',
] as const
export type Status = (typeof registrationStatuses)[number]

export const registrationsPageSize = 25
/** The list's "expiring soon" filter. */
export const expiringSoonDays = 14
/** A progress note shorter than this says nothing a channel manager can judge. */
export const progressNoteMinLength = 20

export const registrationSorts = ['submitted', 'expectedClose', 'value', 'protectionEnd'] as const
export type RegistrationSort = (typeof registrationSorts)[number]
export type SortDirection = 'asc' | 'desc'

/** Newest submissions and biggest values first; dates that come up soonest first. */
export function defaultDirection(sort: RegistrationSort): SortDirection {
  return sort === 'submitted' || sort === 'value' ? 'desc' : 'asc'
}

export type RegistrationListQuery = {
  q: string
  status: Status | null
  stage: Stage | null
  expiring: boolean
  sort: RegistrationSort
  dir: SortDirection
  page: number
}

const pick = <T extends string>(allowed: readonly T[], value: string | null): T | null =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null

/** The list's URL query; anything malformed is ignored rather than an error. */
export function parseRegistrationListQuery(params: URLSearchParams): RegistrationListQuery {
  const page = Number.parseInt(params.get('page') ?? '', 10)
  const sort = pick(registrationSorts, params.get('sort')) ?? 'submitted'
  return {
    q: (params.get('q') ?? '')
      .replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, 100),
    status: pick(registrationStatuses, params.get('status')),
    stage: pick(registrationStages, params.get('stage')),
    expiring: params.get('expiring') === '1',
    sort,
    dir: pick(['asc', 'desc'] as const, params.get('dir')) ?? defaultDirection(sort),
    page: Number.isFinite(page) && page >= 1 && page <= 100_000 ? page : 1,
  }
}

/** The query string of a list view; defaults are left out so links stay short. */
export function registrationListSearch(
  query: RegistrationListQuery,
  changes: Partial<RegistrationListQuery> = {},
): string {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  if (next.q) params.set('q', next.q)
  if (next.status) params.set('status', next.status)
  if (next.stage) params.set('stage', next.stage)
  if (next.expiring) params.set('expiring', '1')
  if (next.sort !== 'submitted') params.set('sort', next.sort)
  if (next.dir !== defaultDirection(next.sort)) params.set('dir', next.dir)
  if (next.page > 1) params.set('page', String(next.page))
  const search = params.toString()
  return search ? `?${search}` : ''
}

const HOUR_MS = 3_600_000

export type Countdown = { expired: true } | { expired: false; days: number; hours: number }

/** Time left until the protection ends, in whole days and hours (rounded down). */
export function protectionCountdown(endsAt: Date | string, now: Date | string): Countdown {
  const left = new Date(endsAt).getTime() - new Date(now).getTime()
  if (left <= 0) return { expired: true }
  const hours = Math.floor(left / HOUR_MS)
  return { expired: false, days: Math.floor(hours / 24), hours: hours % 24 }
}

/** Where an open deal may go next: another open stage, won or lost. */
export function nextStages(from: Stage): Stage[] {
  if (from === 'won' || from === 'lost') return []
  return [...openStages.filter((s) => s !== from), 'won', 'lost']
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/
const isCalendarDay = (value: string) => {
  if (!isoDate.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'validation:tooLong')
    .optional()
    .transform((v) => (v ? v : null))

/**
 * Moving a deal to another stage. Won needs the actual amount and date; lost needs a reason.
 * The amount is checked for shape here (up to three decimals); the registration's currency
 * decides the exact number of decimals on the server.
 */
export const UpdateStageForm = z
  .object({
    stage: z.enum(registrationStages, { error: 'validation:invalidChoice' }),
    wonAmount: optionalText(30),
    wonOn: optionalText(10),
    lostReasonCode: optionalText(40),
    note: optionalText(1000),
  })
  .superRefine((value, ctx) => {
    if (value.stage === 'won') {
      if (!value.wonAmount) {
        ctx.addIssue({
          code: 'custom',
          message: 'deals:validation.wonAmountRequired',
          path: ['wonAmount'],
        })
      } else if (parseMoneyToMinor(value.wonAmount, 'BHD') === null) {
        ctx.addIssue({ code: 'custom', message: 'validation:invalidAmount', path: ['wonAmount'] })
      }
      if (!value.wonOn) {
        ctx.addIssue({ code: 'custom', message: 'deals:validation.wonOnRequired', path: ['wonOn'] })
      } else if (!isCalendarDay(value.wonOn)) {
        ctx.addIssue({ code: 'custom', message: 'deals:validation.dateInvalid', path: ['wonOn'] })
      }
    }
    if (value.stage === 'lost' && !value.lostReasonCode) {
      ctx.addIssue({
        code: 'custom',
        message: 'deals:validation.lossReasonRequired',
        path: ['lostReasonCode'],
      })
    }
  })
export type UpdateStageInput = z.output<typeof UpdateStageForm>

export const RequestExtensionForm = z.object({
  progressNote: z
    .string({ error: 'validation:required' })
    .trim()
    .min(1, 'validation:required')
    .min(progressNoteMinLength, 'deals:validation.progressNoteShort')
    .max(2000, 'validation:tooLong'),
})
export type RequestExtensionInput = z.output<typeof RequestExtensionForm>

export const WithdrawForm = z.object({ reason: optionalText(1000) })
export type WithdrawInput = z.output<typeof WithdrawForm>

/** The blind availability check: any of tax ID, domain or name, optionally one product line. */
export const AvailabilityQueryForm = z.object({
  taxId: optionalText(40),
  domain: optionalText(253),
  name: optionalText(200),
  productLineId: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || z.uuid().safeParse(v).success, 'validation:invalidChoice'),
})
export type AvailabilityQuery = z.output<typeof AvailabilityQueryForm>

/**
 * Who did it, as a partner may see it. Vendor staff appear by role only ("Channel manager"):
 * partners deal with the vendor, not with the person who clicked, and naming reviewers invites
 * lobbying them. Rules applied by the system (auto-approval, expiry, escalation) have no person.
 */
export type HistoryActor =
  | { kind: 'partner'; name: string }
  | { kind: 'vendor'; role: 'channel_manager' | 'admin' }
  | { kind: 'system' }

export type HistoryEntry = {
  id: number
  at: Date
  type: string
  actor: HistoryActor
  fromStatus: Status | null
  toStatus: Status | null
  fromStage: Stage | null
  toStage: Stage | null
  rule: string | null
  reason: string | null
  details: Record<string, string | number | boolean> | null
}

export type ExtensionEntry = {
  id: string
  status: 'pending' | 'approved' | 'rejected'
  days: number
  progressNote: string
  requestedByName: string
  createdAt: Date
  decidedAt: Date | null
  decisionReason: string | null
}

/** The forms of the detail page, told apart by a hidden `intent` field. */
export const registrationIntents = {
  stage: 'update-stage',
  extension: 'request-extension',
  withdraw: 'withdraw',
} as const
