import { z } from 'zod'
import { parseMoneyToMinor } from '#app/utils/money'
import { normaliseCompanyName, normaliseTaxId, registrableDomain } from './prospect-rules'

/** Pure registration rules: shared by the form (hints as you type) and the server (enforcement). */

export const registrationStages = [
  'registered',
  'qualified',
  'proposal',
  'negotiation',
  'won',
  'lost',
] as const
export type Stage = (typeof registrationStages)[number]
export const openStages = ['registered', 'qualified', 'proposal', 'negotiation'] as const
export type Tier = 'platinum' | 'gold' | 'silver' | 'registered'
export type TerritoryPolicy = 'review' | 'refuse' | 'allow'

export type RuleSettings = {
  protectionDaysPlatinum: number
  protectionDaysGold: number
  protectionDaysSilver: number
  protectionDaysRegistered: number
  extensionMaxCount: number
  extensionDays: number
  expiryWarningDays: number
  reviewSlaHours: number
  territoryPolicy: TerritoryPolicy
  autoApproveEnabled: boolean
  autoApproveBelowMinor: number
  autoApproveCurrency: string
}

export function protectionDaysFor(tier: Tier, settings: RuleSettings): number {
  switch (tier) {
    case 'platinum':
      return settings.protectionDaysPlatinum
    case 'gold':
      return settings.protectionDaysGold
    case 'silver':
      return settings.protectionDaysSilver
    case 'registered':
      return settings.protectionDaysRegistered
  }
}

const DAY_MS = 86_400_000

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS)
}

export type Territory = { regionCode: string; industries: string[] }

/**
 * Inside the territory when the region is assigned and, if that region lists industries, the
 * registration's industry is one of them (an unknown industry does not match a restricted region).
 */
export function isInTerritory(
  territories: Territory[],
  regionCode: string,
  industry: string | null,
): boolean {
  const territory = territories.find((t) => t.regionCode === regionCode)
  if (!territory) return false
  if (territory.industries.length === 0) return true
  return industry !== null && territory.industries.includes(industry)
}

export type IntakeDecision =
  | { outcome: 'refuse'; rule: 'territory' }
  | { outcome: 'pending'; outsideTerritory: boolean }
  | { outcome: 'approve'; rule: 'auto_approve' }

/** What happens to a new submission before the lock is tried (DESIGN.md §1: territory, auto-approve). */
export function decideIntake(options: {
  inTerritory: boolean
  settings: RuleSettings
  estimatedValueMinor: number
  currency: string
}): IntakeDecision {
  const { inTerritory, settings } = options
  if (!inTerritory) {
    if (settings.territoryPolicy === 'refuse') return { outcome: 'refuse', rule: 'territory' }
    if (settings.territoryPolicy === 'review') return { outcome: 'pending', outsideTerritory: true }
  }
  // 'allow' treats an outside registration like an inside one (it is still marked as outside).
  const autoApprove =
    (inTerritory || settings.territoryPolicy === 'allow') &&
    settings.autoApproveEnabled &&
    options.currency === settings.autoApproveCurrency &&
    options.estimatedValueMinor < settings.autoApproveBelowMinor
  if (autoApprove) return { outcome: 'approve', rule: 'auto_approve' }
  return { outcome: 'pending', outsideTerritory: !inTerritory }
}

/** Open stages move forward or back among themselves; won/lost end the deal. */
export function canMoveStage(from: Stage, to: Stage): boolean {
  if (from === to) return false
  if (from === 'won' || from === 'lost') return false
  return true
}

export type ExtensionCheck =
  | { ok: true }
  | { ok: false; reason: 'not_approved' | 'limit_reached' | 'expired' | 'pending_request' }

export function canRequestExtension(options: {
  status: string
  extensionsUsed: number
  protectionEndsAt: Date | null
  hasPendingRequest: boolean
  settings: Pick<RuleSettings, 'extensionMaxCount'>
  now: Date
}): ExtensionCheck {
  if (options.status !== 'approved' || !options.protectionEndsAt)
    return { ok: false, reason: 'not_approved' }
  if (options.protectionEndsAt.getTime() <= options.now.getTime())
    return { ok: false, reason: 'expired' }
  if (options.extensionsUsed >= options.settings.extensionMaxCount)
    return { ok: false, reason: 'limit_reached' }
  if (options.hasPendingRequest) return { ok: false, reason: 'pending_request' }
  return { ok: true }
}

/** The effective status as a user should see it: an approved registration past its end is expired. */
export function effectiveStatus(status: string, protectionEndsAt: Date | null, now: Date): string {
  if (status === 'approved' && protectionEndsAt && protectionEndsAt.getTime() <= now.getTime())
    return 'expired'
  return status
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'validation:tooLong')
    .optional()
    .transform((v) => (v ? v : null))

const isoDate = /^\d{4}-\d{2}-\d{2}$/

/** The registration form, validated identically in the browser and in the action. */
export const RegisterDealForm = z
  .object({
    prospectName: z
      .string({ error: 'validation:required' })
      .trim()
      .min(1, 'validation:required')
      .max(200, 'validation:tooLong')
      .refine((v) => normaliseCompanyName(v) !== null, 'deals:validation.nameMeaningless'),
    prospectTaxId: optionalText(40).refine(
      (v) => v === null || normaliseTaxId(v).ok,
      'deals:validation.taxIdInvalid',
    ),
    prospectDomain: optionalText(253).refine(
      (v) => v === null || registrableDomain(v) !== null,
      'deals:validation.domainInvalid',
    ),
    contactName: optionalText(120),
    contactEmail: optionalText(254).refine(
      (v) => v === null || z.email().safeParse(v).success,
      'validation:email',
    ),
    contactPhone: optionalText(40),
    regionCode: z
      .string({ error: 'validation:required' })
      .trim()
      .min(1, 'validation:required')
      .max(40),
    industry: optionalText(60),
    productLineId: z.string({ error: 'validation:required' }).uuid('validation:required'),
    estimatedValue: z.string({ error: 'validation:required' }).trim().min(1, 'validation:required'),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'validation:invalidChoice')
      .default('CNY'),
    expectedCloseDate: z
      .string({ error: 'validation:required' })
      .min(1, 'validation:required')
      .regex(isoDate, 'deals:validation.dateInvalid')
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'deals:validation.dateInvalid'),
    notes: optionalText(2000),
    fulfilmentPartnerId: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || z.uuid().safeParse(v).success, 'validation:invalidChoice'),
  })
  .transform((value, ctx) => {
    const estimatedValueMinor = parseMoneyToMinor(value.estimatedValue, value.currency)
    if (estimatedValueMinor === null || estimatedValueMinor <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'validation:invalidAmount',
        path: ['estimatedValue'],
      })
      return z.NEVER
    }
    return { ...value, estimatedValueMinor }
  })

export type RegisterDealInput = z.output<typeof RegisterDealForm>

// Building a DateTimeFormat (time zone data, locale) costs far more than formatting with one, and
// pricing, carts and checkout ask for today several times per request.
const shanghaiDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })

/** Today in China Standard Time, as YYYY-MM-DD (dates in the product are calendar dates there). */
export function todayInShanghai(now: Date): string {
  return shanghaiDate.format(now)
}
