import { z } from 'zod'
import { partnerTiers, type PartnerTier } from '#app/modules/partners/partner-rules'
import { isUuid } from '#app/utils/ids'
import {
  dayBefore,
  DayField,
  isValidOn,
  optionalText,
  PercentField,
  type Validity,
} from './price-validity-rules'

/**
 * Price policies (DESIGN.md §5): what a published policy changes, for whom, from which date.
 * Pure: the publish form validates with these in the browser and the server plans the row
 * changes with them inside its transaction.
 */

export const pricePolicyStatuses = ['draft', 'published', 'withdrawn'] as const
export type PricePolicyStatus = (typeof pricePolicyStatuses)[number]

/** How a policy reads on a given day: its stored status, with "published" split by date. */
export type PolicyPhase = 'draft' | 'scheduled' | 'in_force' | 'withdrawn'

export function policyPhase(
  policy: { status: PricePolicyStatus; effectiveFrom: string },
  today: string,
): PolicyPhase {
  if (policy.status !== 'published') return policy.status
  return policy.effectiveFrom > today ? 'scheduled' : 'in_force'
}

/**
 * A published policy may be withdrawn only before its effective date: from that day on its prices
 * were in force (quoted, ordered) and withdrawing would rewrite what partners were charged.
 */
export function canWithdrawPolicy(
  policy: { status: PricePolicyStatus; effectiveFrom: string },
  today: string,
): boolean {
  return policy.status === 'published' && policy.effectiveFrom > today
}

export const maxPolicyChanges = 100
export const policyTitleMax = 200
export const policyBodyMax = 10_000

// ---------------------------------------------------------------------------------------------
// The publish form

const ChangeFields = z.object({
  tier: z.enum(partnerTiers, { error: 'validation:invalidChoice' }),
  productLineId: z
    .string({ error: 'validation:required' })
    .trim()
    .min(1, 'validation:required')
    .refine(isUuid, 'validation:invalidChoice'),
  discount: PercentField,
})

const PublishFields = z.object({
  title: z
    .string({ error: 'validation:required' })
    .trim()
    .min(1, 'validation:required')
    .max(policyTitleMax, 'validation:tooLong'),
  body: optionalText(policyBodyMax),
  effectiveFrom: DayField,
  audience: z.enum(['all', 'tiers'], { error: 'validation:invalidChoice' }),
  audienceTiers: z.array(z.enum(partnerTiers, { error: 'validation:invalidChoice' })).max(4),
  changes: z
    .array(ChangeFields)
    .min(1, 'pricing:publish.errors.noChanges')
    .max(maxPolicyChanges, 'validation:tooLong'),
})

export type PublishPricePolicyFormInput = {
  title: string
  body: string
  effectiveFrom: string
  audience: 'all' | 'tiers'
  audienceTiers: PartnerTier[]
  changes: { tier: PartnerTier | ''; productLineId: string; discount: string }[]
}

/**
 * The browser posts nested values (react-hook-form: `changes: [{…}]`), a plain form posts flat
 * keys (`changes.0.tier`); both become the nested shape. Checkbox groups arrive as one string, a
 * list, or nothing (react-hook-form: false) and become a list.
 */
function foldPolicyFields(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw
  const input = raw as Record<string, unknown>
  const changes: Record<string, unknown>[] = []
  if (Array.isArray(input.changes)) {
    for (const change of input.changes) {
      changes.push(change && typeof change === 'object' ? { ...change } : {})
    }
  }
  for (const [key, value] of Object.entries(input)) {
    const match = /^changes\.(\d{1,3})\.(tier|productLineId|discount)$/.exec(key)
    if (!match) continue
    const index = Number(match[1])
    if (index >= maxPolicyChanges + 1) continue
    while (changes.length <= index) changes.push({})
    changes[index]![match[2]!] = value
  }
  const tiers = input.audienceTiers
  const audienceTiers =
    typeof tiers === 'string' ? [tiers] : Array.isArray(tiers) ? tiers : ([] as unknown[])
  return { ...input, audienceTiers, changes }
}

/**
 * Publishing a price policy. `today` (Asia/Shanghai) is the server's: the effective date is today
 * or later. Every change's tier is in the audience (a price change its tier is not told about
 * would surprise them), and one tier and product line changes at most once per policy.
 */
export function publishPricePolicyForm(today: string) {
  const schema = z
    .preprocess(
      foldPolicyFields,
      PublishFields.superRefine((value, ctx) => {
        if (value.effectiveFrom < today) {
          ctx.addIssue({
            code: 'custom',
            path: ['effectiveFrom'],
            message: 'pricing:publish.errors.effectiveInPast',
          })
        }
        if (value.audience === 'tiers' && value.audienceTiers.length === 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['audienceTiers'],
            message: 'pricing:publish.errors.noTiers',
          })
        }
        const seen = new Set<string>()
        value.changes.forEach((change, index) => {
          if (value.audience === 'tiers' && !value.audienceTiers.includes(change.tier)) {
            ctx.addIssue({
              code: 'custom',
              path: ['changes', index, 'tier'],
              message: 'pricing:publish.errors.tierNotInAudience',
            })
          }
          const key = `${change.tier}|${change.productLineId}`
          if (seen.has(key)) {
            ctx.addIssue({
              code: 'custom',
              path: ['changes', index, 'productLineId'],
              message: 'pricing:publish.errors.duplicateChange',
            })
          }
          seen.add(key)
        })
      }),
    )
    .transform((value) => ({
      title: value.title,
      body: value.body,
      effectiveFrom: value.effectiveFrom,
      audienceTiers:
        value.audience === 'all' ? [] : partnerTiers.filter((t) => value.audienceTiers.includes(t)),
      changes: value.changes.map((c) => ({
        tier: c.tier,
        productLineId: c.productLineId,
        discountBps: c.discount,
      })),
    }))
  return schema as unknown as z.ZodType<z.output<typeof schema>, PublishPricePolicyFormInput>
}
export type PublishPricePolicyInput = z.output<ReturnType<typeof publishPricePolicyForm>>

// ---------------------------------------------------------------------------------------------
// Planning the rows

export type DatedDiscountRow = Validity & {
  id: string
  discountBps: number
  policyId: string | null
}

export type TierDiscountPlan =
  | {
      ok: true
      /** The row in force on the effective date, ended the day before. */
      close: { id: string; validTo: string; previousValidTo: string | null } | null
      insert: { validFrom: string; validTo: string | null }
      /** The discount in force the day before (null: list price), for the policy's page. */
      previousBps: number | null
    }
  | { ok: false; reason: 'same_date'; existing: DatedDiscountRow }
  | { ok: false; reason: 'unchanged'; existing: DatedDiscountRow }

/**
 * How one tier discount change of a policy effective on `effectiveFrom` enters the timeline of its
 * tier and product line (rows that never overlap):
 *
 * - the row in force on that date is ended the day before, and the new row takes the rest of its
 *   validity (to its end: open-ended, or the day before the change scheduled after it);
 * - with no row in force, the new row runs until the day before the next scheduled row, or
 *   open-ended;
 * - a change already scheduled later by another policy stays: every published policy does what
 *   it announced unless it is withdrawn;
 * - a row that starts on that very date belongs to another change of the same day: refused
 *   (withdraw that policy first), as is a change to the discount already in force.
 */
export function planTierDiscountChange(
  rows: readonly DatedDiscountRow[],
  effectiveFrom: string,
  discountBps: number,
): TierDiscountPlan {
  const inForce = rows.find((row) => isValidOn(row, effectiveFrom)) ?? null
  if (inForce && inForce.validFrom === effectiveFrom) {
    return { ok: false, reason: 'same_date', existing: inForce }
  }
  if (inForce && inForce.discountBps === discountBps) {
    return { ok: false, reason: 'unchanged', existing: inForce }
  }
  if (inForce) {
    return {
      ok: true,
      close: {
        id: inForce.id,
        validTo: dayBefore(effectiveFrom),
        previousValidTo: inForce.validTo,
      },
      insert: { validFrom: effectiveFrom, validTo: inForce.validTo },
      previousBps: inForce.discountBps,
    }
  }
  const next = rows
    .filter((row) => row.validFrom > effectiveFrom)
    .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1))[0]
  return {
    ok: true,
    close: null,
    insert: { validFrom: effectiveFrom, validTo: next ? dayBefore(next.validFrom) : null },
    previousBps: null,
  }
}

/**
 * Withdrawing a policy's row: it is removed and the row it had ended (the one ending the day
 * before it starts) runs on to the removed row's end again, so the timeline is as before.
 */
export function planWithdrawRow(
  rows: readonly (Validity & { id: string })[],
  removed: Validity & { id: string },
): { extend: { id: string; validTo: string | null } | null } {
  const dayBeforeStart = dayBefore(removed.validFrom)
  const previous = rows.find((row) => row.id !== removed.id && row.validTo === dayBeforeStart)
  return { extend: previous ? { id: previous.id, validTo: removed.validTo } : null }
}

/** Which partners a policy addresses: one partner, or active partners in its tiers (empty = all). */
export function isAddressedBy(
  policy: { partnerId: string | null; audienceTiers: readonly PartnerTier[] },
  partner: { id: string; tier: PartnerTier; status: 'active' | 'suspended' },
): boolean {
  if (partner.status !== 'active') return false
  if (policy.partnerId) return policy.partnerId === partner.id
  return policy.audienceTiers.length === 0 || policy.audienceTiers.includes(partner.tier)
}

export const acknowledgementFilters = ['all', 'pending', 'acknowledged'] as const
export type AcknowledgementFilter = (typeof acknowledgementFilters)[number]
export const acknowledgementsPageSize = 50
export const policiesPageSize = 25

export function parseAcknowledgementFilter(value: string | null): AcknowledgementFilter {
  return (acknowledgementFilters as readonly string[]).includes(value ?? '')
    ? (value as AcknowledgementFilter)
    : 'all'
}
