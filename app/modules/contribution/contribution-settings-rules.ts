import { z } from 'zod'
import { bpsToPercent, percentToBps } from '#app/modules/deals/settings-rules'
import { minorToInputValue, parseMoneyToMinor } from '#app/utils/money'
import {
  openStages,
  type OpenStage,
  type StageProbabilities,
  type TierThresholds,
} from './contribution-rules'

/**
 * How contribution is measured (vendor admins set it): the share of an open registration's value
 * the weighted forecast counts at each stage, and the trailing-twelve-month credited revenue each
 * tier needs (the scorecard's "next tier"). The database's CHECKs (db/schema/contribution.ts)
 * hold the ranges; the form adds the business order on top:
 *
 * - a later stage is closer to a win, so its probability may not be lower than an earlier one's
 *   (equal is allowed: a vendor may not distinguish two stages);
 * - a higher tier needs strictly more revenue than the one below it (equal thresholds would make
 *   two tiers the same target).
 */

export const thresholdTiers = ['silver', 'gold', 'platinum'] as const
export type ThresholdTier = (typeof thresholdTiers)[number]

export const probabilityField = {
  registered: 'registeredPercent',
  qualified: 'qualifiedPercent',
  proposal: 'proposalPercent',
  negotiation: 'negotiationPercent',
} as const satisfies Record<OpenStage, string>

export const thresholdField = {
  silver: 'silverThreshold',
  gold: 'goldThreshold',
  platinum: 'platinumThreshold',
} as const satisfies Record<ThresholdTier, string>

const percentText = z
  .string({ error: 'contribution:settings.errors.probability' })
  .trim()
  .refine((text) => {
    const bps = percentToBps(text)
    return bps !== null && bps <= 10_000
  }, 'contribution:settings.errors.probability')

/** The form for a reporting currency (thresholds are typed in its major units). */
export function contributionSettingsForm(currency: string) {
  const amountText = z
    .string({ error: 'contribution:settings.errors.threshold' })
    .trim()
    .refine(
      (text) => parseMoneyToMinor(text, currency) !== null,
      'contribution:settings.errors.threshold',
    )
  return z
    .object({
      registeredPercent: percentText,
      qualifiedPercent: percentText,
      proposalPercent: percentText,
      negotiationPercent: percentText,
      silverThreshold: amountText,
      goldThreshold: amountText,
      platinumThreshold: amountText,
    })
    .transform((value, ctx) => {
      let valid = true
      const probabilities = Object.fromEntries(
        openStages.map((stage) => [stage, percentToBps(value[probabilityField[stage]])!]),
      ) as StageProbabilities
      openStages.forEach((stage, index) => {
        const previous = openStages[index - 1]
        if (previous && probabilities[stage] < probabilities[previous]) {
          valid = false
          ctx.addIssue({
            code: 'custom',
            message: 'contribution:settings.errors.probabilityOrder',
            path: [probabilityField[stage]],
          })
        }
      })

      const tierThresholds = Object.fromEntries(
        thresholdTiers.map((tier) => [
          tier,
          parseMoneyToMinor(value[thresholdField[tier]], currency)!,
        ]),
      ) as TierThresholds
      thresholdTiers.forEach((tier, index) => {
        const below = thresholdTiers[index - 1]
        if (below && tierThresholds[tier] <= tierThresholds[below]) {
          valid = false
          ctx.addIssue({
            code: 'custom',
            message: 'contribution:settings.errors.thresholdOrder',
            path: [thresholdField[tier]],
          })
        }
      })
      if (!valid) return z.NEVER
      return { probabilities, tierThresholds }
    })
}

export type ContributionSettingsInput = {
  probabilities: StageProbabilities
  tierThresholds: TierThresholds
}
export type ContributionSettingsFormValues = z.input<ReturnType<typeof contributionSettingsForm>>

/** The form's text values for stored settings (the inverse of the form's parsing). */
export function contributionSettingsFormValues(
  settings: ContributionSettingsInput & { reportingCurrency: string },
): ContributionSettingsFormValues {
  const money = (minor: number) => minorToInputValue(minor, settings.reportingCurrency)
  return {
    registeredPercent: bpsToPercent(settings.probabilities.registered),
    qualifiedPercent: bpsToPercent(settings.probabilities.qualified),
    proposalPercent: bpsToPercent(settings.probabilities.proposal),
    negotiationPercent: bpsToPercent(settings.probabilities.negotiation),
    silverThreshold: money(settings.tierThresholds.silver),
    goldThreshold: money(settings.tierThresholds.gold),
    platinumThreshold: money(settings.tierThresholds.platinum),
  }
}
