import { z } from 'zod'

/**
 * Price policies as partners see them (DESIGN.md §5), shared by the browser and the server: which
 * policies the page lists, and the acknowledgement form.
 */

/** Policies that took effect within this many days are still listed (as "recently in effect"). */
export const recentPolicyDays = 90

/** The price policies page's one form, told apart by a hidden `intent` field. */
export const pricePolicyIntents = { acknowledge: 'acknowledge' } as const

/** Acknowledging a policy: its id travels in a hidden field; anything else is "not found". */
export const AcknowledgePolicyForm = z.object({
  intent: z.literal(pricePolicyIntents.acknowledge, { error: 'validation:invalidChoice' }),
  policyId: z
    .string({ error: 'validation:required' })
    .trim()
    .min(1, 'validation:required')
    .max(64, 'validation:tooLong'),
})
export type AcknowledgePolicyInput = z.output<typeof AcknowledgePolicyForm>

/** Whole days from `today` until `effectiveFrom` (both 'YYYY-MM-DD'); negative once in effect. */
export function daysUntil(effectiveFrom: string, today: string): number {
  const day = (text: string) =>
    Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10))
  return Math.round((day(effectiveFrom) - day(today)) / 86_400_000)
}
