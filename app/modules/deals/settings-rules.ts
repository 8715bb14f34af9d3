import { z } from 'zod'
import { minorToInputValue, parseMoneyToMinor } from '#app/utils/money'

/**
 * The registration rules form (vendor admins). The ranges are the database's CHECK
 * deal_settings_ranges (db/schema/deals.ts): the form refuses what the database would refuse,
 * with a message next to the field.
 */

export const territoryPolicies = ['review', 'refuse', 'allow'] as const
export type TerritoryPolicy = (typeof territoryPolicies)[number]

export const settingsRanges = {
  protectionDays: { min: 1, max: 730 },
  extensionMaxCount: { min: 0, max: 10 },
  extensionDays: { min: 1, max: 365 },
  expiryWarningDays: { min: 0, max: 90 },
  reviewSlaHours: { min: 1, max: 720 },
  availabilityChecksPerHour: { min: 1, max: 10_000 },
  dealDiscountBps: { min: 0, max: 5000 },
} as const

/** A whole number typed into a text box, within [min, max]; one message says both. */
const wholeNumber = (range: { min: number; max: number }, message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,6}$/, message)
    .transform(Number)
    .refine((n) => n >= range.min && n <= range.max, message)

/** "5" or "2.5" (percent, at most two decimals) → basis points, without floats. */
export function percentToBps(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

export function bpsToPercent(bps: number): string {
  const whole = Math.floor(bps / 100)
  const fraction = bps % 100
  return fraction === 0
    ? String(whole)
    : `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`
}

const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true')

export const DealSettingsForm = z
  .object({
    protectionDaysPlatinum: wholeNumber(
      settingsRanges.protectionDays,
      'review:settings.errors.protectionDays',
    ),
    protectionDaysGold: wholeNumber(
      settingsRanges.protectionDays,
      'review:settings.errors.protectionDays',
    ),
    protectionDaysSilver: wholeNumber(
      settingsRanges.protectionDays,
      'review:settings.errors.protectionDays',
    ),
    protectionDaysRegistered: wholeNumber(
      settingsRanges.protectionDays,
      'review:settings.errors.protectionDays',
    ),
    extensionMaxCount: wholeNumber(
      settingsRanges.extensionMaxCount,
      'review:settings.errors.extensionMaxCount',
    ),
    extensionDays: wholeNumber(
      settingsRanges.extensionDays,
      'review:settings.errors.extensionDays',
    ),
    expiryWarningDays: wholeNumber(
      settingsRanges.expiryWarningDays,
      'review:settings.errors.expiryWarningDays',
    ),
    reviewSlaHours: wholeNumber(
      settingsRanges.reviewSlaHours,
      'review:settings.errors.reviewSlaHours',
    ),
    territoryPolicy: z.enum(territoryPolicies, { error: 'validation:invalidChoice' }),
    autoApproveEnabled: checkbox,
    autoApproveBelow: z.string({ error: 'validation:invalidAmount' }).trim(),
    autoApproveCurrency: z
      .string({ error: 'validation:required' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'review:settings.errors.currency'),
    dealDiscountPercent: z.string({ error: 'review:settings.errors.dealDiscount' }).trim(),
    availabilityChecksPerHour: wholeNumber(
      settingsRanges.availabilityChecksPerHour,
      'review:settings.errors.availabilityChecksPerHour',
    ),
  })
  .transform((value, ctx) => {
    const autoApproveBelowMinor =
      value.autoApproveBelow === ''
        ? 0
        : parseMoneyToMinor(value.autoApproveBelow, value.autoApproveCurrency)
    if (autoApproveBelowMinor === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'validation:invalidAmount',
        path: ['autoApproveBelow'],
      })
    } else if (value.autoApproveEnabled && autoApproveBelowMinor <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'review:settings.errors.autoApproveThreshold',
        path: ['autoApproveBelow'],
      })
    }
    const dealDiscountBps = percentToBps(value.dealDiscountPercent)
    if (dealDiscountBps === null || dealDiscountBps > settingsRanges.dealDiscountBps.max) {
      ctx.addIssue({
        code: 'custom',
        message: 'review:settings.errors.dealDiscount',
        path: ['dealDiscountPercent'],
      })
    }
    if (
      autoApproveBelowMinor === null ||
      dealDiscountBps === null ||
      dealDiscountBps > settingsRanges.dealDiscountBps.max
    ) {
      return z.NEVER
    }
    return {
      protectionDaysPlatinum: value.protectionDaysPlatinum,
      protectionDaysGold: value.protectionDaysGold,
      protectionDaysSilver: value.protectionDaysSilver,
      protectionDaysRegistered: value.protectionDaysRegistered,
      extensionMaxCount: value.extensionMaxCount,
      extensionDays: value.extensionDays,
      expiryWarningDays: value.expiryWarningDays,
      reviewSlaHours: value.reviewSlaHours,
      territoryPolicy: value.territoryPolicy,
      autoApproveEnabled: value.autoApproveEnabled,
      autoApproveBelowMinor,
      autoApproveCurrency: value.autoApproveCurrency,
      dealDiscountBps,
      availabilityChecksPerHour: value.availabilityChecksPerHour,
    }
  })

export type DealSettingsInput = z.output<typeof DealSettingsForm>
export type DealSettingsFormValues = z.input<typeof DealSettingsForm>

/** The form's text values for stored settings (the inverse of the form's parsing). */
export function dealSettingsFormValues(settings: DealSettingsInput): DealSettingsFormValues {
  return {
    protectionDaysPlatinum: String(settings.protectionDaysPlatinum),
    protectionDaysGold: String(settings.protectionDaysGold),
    protectionDaysSilver: String(settings.protectionDaysSilver),
    protectionDaysRegistered: String(settings.protectionDaysRegistered),
    extensionMaxCount: String(settings.extensionMaxCount),
    extensionDays: String(settings.extensionDays),
    expiryWarningDays: String(settings.expiryWarningDays),
    reviewSlaHours: String(settings.reviewSlaHours),
    territoryPolicy: settings.territoryPolicy,
    autoApproveEnabled: settings.autoApproveEnabled,
    autoApproveBelow: minorToInputValue(
      settings.autoApproveBelowMinor,
      settings.autoApproveCurrency,
    ),
    autoApproveCurrency: settings.autoApproveCurrency,
    dealDiscountPercent: bpsToPercent(settings.dealDiscountBps),
    availabilityChecksPerHour: String(settings.availabilityChecksPerHour),
  }
}
