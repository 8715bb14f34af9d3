import { z } from 'zod'

/**
 * Pure rules of the vendor-side review (channel managers, admins): the queue's URL query, the
 * decision forms and the SLA arithmetic. Browser-safe: shared by the pages and the modules.
 */

// The same lists as the database enums in db/schema/deals.ts, repeated so this file does not pull
// the drizzle schema into the client bundle.
export const registrationStatuses = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'won',
  'lost',
  'withdrawn',
] as const
export type RegistrationStatus = (typeof registrationStatuses)[number]

export const reviewPageSize = 25
const HOUR_MS = 3_600_000

/** Whole hours a registration has waited for review. */
export function hoursWaiting(submittedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - submittedAt.getTime()) / HOUR_MS))
}

/** Past the review SLA: waiting longer than `reviewSlaHours`. */
export function isOverdue(submittedAt: Date, reviewSlaHours: number, now: Date): boolean {
  return now.getTime() - submittedAt.getTime() >= reviewSlaHours * HOUR_MS
}

/** The submission time before which a pending registration is overdue. */
export function overdueBefore(reviewSlaHours: number, now: Date): Date {
  return new Date(now.getTime() - reviewSlaHours * HOUR_MS)
}

// ---------------------------------------------------------------------------------------------
// The review queue: every filter lives in the URL; bad values fall back to "no filter".

export const reviewTabs = ['pending', 'extensions', 'all'] as const
export type ReviewTab = (typeof reviewTabs)[number]

export type ReviewQueueQuery = {
  tab: ReviewTab
  /** Partner name or code, matched as a substring. */
  partner: string
  region: string | null
  productLineId: string | null
  /** Only partners whose channel manager is the acting user. */
  mine: boolean
  /** Pending tab only: past the review SLA. */
  overdue: boolean
  /** All tab only: the status as users see it (approved past its end is expired). */
  status: RegistrationStatus | null
  page: number
}

const pick = <T extends string>(options: readonly T[], value: string | null): T | null =>
  value !== null && (options as readonly string[]).includes(value) ? (value as T) : null

const flag = (value: string | null) => value === '1' || value === 'true' || value === 'on'

function pageOf(params: URLSearchParams): number {
  const page = Number.parseInt(params.get('page') ?? '', 10)
  return Number.isFinite(page) && page >= 1 && page <= 100_000 ? page : 1
}

export function parseReviewQueueQuery(params: URLSearchParams): ReviewQueueQuery {
  const region = params.get('region')?.trim() ?? ''
  const productLineId = params.get('productLine')
  return {
    tab: pick(reviewTabs, params.get('tab')) ?? 'pending',
    partner: (params.get('partner') ?? '').trim().slice(0, 100),
    region: region && region.length <= 40 ? region : null,
    productLineId: z.uuid().safeParse(productLineId).success ? productLineId : null,
    mine: flag(params.get('mine')),
    overdue: flag(params.get('overdue')),
    status: pick(registrationStatuses, params.get('status')),
    page: pageOf(params),
  }
}

/** The query string of a queue view; defaults are left out so links stay short. */
export function reviewQueueSearch(
  query: ReviewQueueQuery,
  changes: Partial<ReviewQueueQuery> = {},
) {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  if (next.tab !== 'pending') params.set('tab', next.tab)
  if (next.partner) params.set('partner', next.partner)
  if (next.region) params.set('region', next.region)
  if (next.productLineId) params.set('productLine', next.productLineId)
  if (next.mine) params.set('mine', '1')
  if (next.overdue && next.tab === 'pending') params.set('overdue', '1')
  if (next.status && next.tab === 'all') params.set('status', next.status)
  if (next.page > 1) params.set('page', String(next.page))
  const search = params.toString()
  return search ? `?${search}` : ''
}

export const conflictTabs = ['open', 'resolved'] as const
export type ConflictTab = (typeof conflictTabs)[number]
export type ConflictListQuery = { tab: ConflictTab; mine: boolean; page: number }

export function parseConflictListQuery(params: URLSearchParams): ConflictListQuery {
  return {
    tab: pick(conflictTabs, params.get('tab')) ?? 'open',
    mine: flag(params.get('mine')),
    page: pageOf(params),
  }
}

export function conflictListSearch(
  query: ConflictListQuery,
  changes: Partial<ConflictListQuery> = {},
) {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  if (next.tab !== 'open') params.set('tab', next.tab)
  if (next.mine) params.set('mine', '1')
  if (next.page > 1) params.set('page', String(next.page))
  const search = params.toString()
  return search ? `?${search}` : ''
}

/** A prospect key as the URL carries it (tax:…, domain:…, name:…); anything else is not found. */
export function parseProspectKey(value: string | null): string | null {
  const key = value?.trim() ?? ''
  return /^(tax|domain|name):.+/.test(key) && key.length <= 400 ? key : null
}

export type ProspectKeyKind = 'tax' | 'domain' | 'name'
export function prospectKeyKind(key: string): ProspectKeyKind {
  return key.startsWith('tax:') ? 'tax' : key.startsWith('domain:') ? 'domain' : 'name'
}

/** The key without its kind prefix, for display ("tax:uscc:9135…" → "9135…"). */
export function prospectKeyValue(key: string): string {
  return key.replace(/^(tax:(uscc|vat):|domain:|name:)/, '')
}

// ---------------------------------------------------------------------------------------------
// Decision forms. Reasons are kept in the history and sent to the partner.

const maxReason = 1000

const requiredReason = z
  .string({ error: 'review:validation.reasonRequired' })
  .trim()
  .min(1, 'review:validation.reasonRequired')
  .max(maxReason, 'validation:tooLong')

const optionalNote = z
  .string()
  .trim()
  .max(maxReason, 'validation:tooLong')
  .optional()
  .transform((v) => (v ? v : null))

export const reviewIntents = {
  approve: 'approve',
  reject: 'reject',
  decideExtension: 'decide-extension',
} as const

export const ApproveRegistrationForm = z.object({ note: optionalNote })
export const RejectRegistrationForm = z.object({ reason: requiredReason })

export const extensionDecisions = ['approve', 'reject'] as const
export type ExtensionDecision = (typeof extensionDecisions)[number]

/** Approving may carry a note; rejecting needs a reason. */
export const DecideExtensionForm = z
  .object({
    extensionId: z.uuid('validation:invalidChoice'),
    decision: z.enum(extensionDecisions, { error: 'validation:invalidChoice' }),
    reason: optionalNote,
  })
  .superRefine((value, ctx) => {
    if (value.decision === 'reject' && !value.reason) {
      ctx.addIssue({
        code: 'custom',
        message: 'review:validation.reasonRequired',
        path: ['reason'],
      })
    }
  })

export const conflictDecisions = ['keep_holder', 'award_to_submitter'] as const
export type ConflictDecision = (typeof conflictDecisions)[number]

export const ResolveConflictForm = z.object({
  decision: z.enum(conflictDecisions, { error: 'validation:invalidChoice' }),
  reason: requiredReason,
})
