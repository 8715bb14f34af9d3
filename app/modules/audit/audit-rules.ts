import { z } from 'zod'
import { isUuid } from '#app/utils/ids'

/** Rows per page of the audit log. */
export const auditPageSize = 50

/**
 * Actions the filter offers and the UI has labels for (audit:actions.<action>). Modules may record
 * others: the filter still accepts any well-formed action and the UI shows the raw code.
 */
export const knownAuditActions = [
  'partner.created',
  'partner.updated',
  'partner.suspended',
  'partner.reactivated',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.password_changed',
  'user.password_reset_requested',
  'user.password_reset',
  'user.sessions_revoked',
  'invitation.created',
  'invitation.revoked',
  'registration.submitted',
  'registration.approved',
  'registration.rejected',
  'registration.awarded',
  'registration.conflict',
  'registration.stage_changed',
  'registration.won',
  'registration.lost',
  'registration.withdrawn',
  'registration.expired',
  'registration.extension_requested',
  'registration.extension_approved',
  'registration.extension_rejected',
  'registration_conflict.resolved',
  'deal_settings.updated',
  'product.created',
  'product.updated',
  'product.deactivated',
  'product.reactivated',
  'stock.adjusted',
  'catalog_settings.updated',
  'price_policy.acknowledged',
  'import.products',
  'import.contract_prices',
  'import.stock',
  'import.product',
  'import.contract_price',
  'import.stock_level',
  'price_policy.published',
  'price_policy.withdrawn',
  'tier_discount.created',
  'tier_discount.ended',
  'tier_discount.extended',
  'tier_discount.deleted',
  'volume_break.created',
  'volume_break.ended',
  'volume_break.extended',
  'volume_break.deleted',
  'contract_price.created',
  'contract_price.ended',
  'contract_price.extended',
  'contract_price.deleted',
  'warehouse.created',
  'warehouse.updated',
  'order.placed',
  'order.cancelled',
  'partner_address.created',
  'partner_address.updated',
  'partner_address.deleted',
  'order.confirmed',
  'order.shipped',
  'order.delivered',
  'order.credit_released',
  'order.credit_hold_expired',
  'order.expired',
  'order.checkout_started',
  'order.paid',
  'order.payment_needs_attention',
  'order.refund_requested',
  'order.refund_failed',
  'order.refunded',
  'partner_target.set',
  'partner_target.imported',
  'announcement.created',
  'announcement.published',
  'announcement.withdrawn',
  'announcement.updated',
  'announcement.revised',
  'contribution_settings.updated',
] as const

export const knownAuditEntityTypes = [
  'partner',
  'user',
  'invitation',
  'registration',
  'registration_conflict',
  'deal_settings',
  'product',
  'catalog_settings',
  'price_policy',
  'import',
  'contract_price',
  'stock_level',
  'tier_discount',
  'volume_break',
  'warehouse',
  'order',
  'partner_address',
  'partner_target',
  'announcement',
  'contribution_settings',
] as const

/** The i18n key of an action's human label; pass the raw action as defaultValue. */
export function auditActionKey(action: string): string {
  return `audit:actions.${action}`
}

/** The i18n key of an entity type's label; pass the raw type as defaultValue. */
export function auditEntityTypeKey(entityType: string): string {
  return `audit:entityTypes.${entityType}`
}

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional())

// PostgreSQL refuses NUL in text and no e-mail or name holds control characters: drop them
// rather than let a pasted or crafted URL fail the query.
const FreeText = z
  .string()
  .transform((value) => value.replace(/\p{Cc}/gu, '').trim())
  .pipe(z.string().max(200, 'validation:tooLong'))

const IsoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'audit:filters.invalidDate')
  .refine((value) => isCalendarDay(value), 'audit:filters.invalidDate')

/**
 * The audit log's URL query. Every field is optional; parseAuditQuery checks them one by one so a
 * bad value only drops that filter (with a message next to its field) and never fails the page.
 */
export const AuditFilterSchema = z.object({
  actor: optional(FreeText),
  action: optional(
    z
      .string()
      .trim()
      .max(100, 'validation:tooLong')
      .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'audit:filters.invalidAction'),
  ),
  entityType: optional(
    z
      .string()
      .trim()
      .max(50, 'validation:tooLong')
      .regex(/^[a-z][a-z0-9_]*$/, 'audit:filters.invalidEntityType'),
  ),
  /** A partner's code or part of its name. */
  partner: optional(FreeText),
  /** An exact partner id, for links from a partner's page. */
  partnerId: optional(z.string().trim().refine(isUuid, 'audit:filters.invalidPartner')),
  from: optional(IsoDay),
  to: optional(IsoDay),
})

export type AuditFilters = z.output<typeof AuditFilterSchema>
type FilterName = keyof AuditFilters

export type ParsedAuditQuery = {
  filters: AuditFilters
  page: number
  /** i18n keys by field, for values that were ignored. */
  fieldErrors: Partial<Record<FilterName, string>>
  /** What the user typed, so the form shows it back even when it was ignored. */
  values: Partial<Record<FilterName, string>>
}

const filterNames = Object.keys(AuditFilterSchema.shape) as FilterName[]

/** Reads the filters from a URL query. Never throws: invalid values are dropped and explained. */
export function parseAuditQuery(query: URLSearchParams): ParsedAuditQuery {
  const filters: Record<string, string> = {}
  const fieldErrors: ParsedAuditQuery['fieldErrors'] = {}
  const values: ParsedAuditQuery['values'] = {}
  for (const name of filterNames) {
    const raw = query.get(name)
    if (raw === null) continue
    values[name] = raw.slice(0, 500)
    const result = AuditFilterSchema.shape[name].safeParse(raw)
    if (result.success) {
      if (result.data !== undefined && result.data !== '') filters[name] = result.data
    } else {
      fieldErrors[name] = result.error.issues[0]?.message ?? 'validation:invalidChoice'
    }
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    fieldErrors.to = 'audit:filters.toBeforeFrom'
    delete filters.to
  }
  return {
    filters: filters as AuditFilters,
    page: parsePage(query.get('page')),
    fieldErrors,
    values,
  }
}

/** A page number from the URL; anything that is not a positive integer means the first page. */
export function parsePage(raw: string | null): number {
  if (!raw || !/^\d{1,7}$/.test(raw)) return 1
  return Math.max(1, Number(raw))
}

/**
 * Days in the filter are calendar days in the vendor's time zone (China Standard Time, the zone
 * every date in the UI is shown in), so "to 2026-03-01" includes that whole day there.
 */
export const vendorUtcOffset = '+08:00'

export function startOfVendorDay(day: string): Date {
  return new Date(`${day}T00:00:00${vendorUtcOffset}`)
}

/** The first instant after the given day: an exclusive upper bound. */
export function endOfVendorDay(day: string): Date {
  return new Date(startOfVendorDay(day).getTime() + 24 * 60 * 60 * 1000)
}

function isCalendarDay(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number)
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    year >= 2000 &&
    year <= 2999 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  )
}

export type AuditChange = { field: string; before: unknown; after: unknown }

/**
 * The fields an audit entry changed, before and after side by side. recordAudit already keeps
 * only changed fields when both sides exist; a creation has only "after", a deletion only "before".
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const b = asRecord(before)
  const a = asRecord(after)
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  return fields
    .map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after))
}

function asRecord(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {}
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  return { value }
}

/** A stored audit value as display text; null means "no value" (the UI shows a dash). */
export function formatAuditValue(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}
