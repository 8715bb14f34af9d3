import { z } from 'zod'
import { normalizeSku, skuPattern } from '#app/modules/catalog/catalog-rules'
import { partnerTiers, type PartnerTier } from '#app/modules/partners/partner-rules'
import { isUuid } from '#app/utils/ids'
import { parseMoneyToMinor } from '#app/utils/money'
import { CurrencyField } from './contract-price-rules'
import {
  checkRange,
  DayField,
  OptionalDayField,
  parsePercentToBps,
  parseValidityTab,
  type ValidityState,
} from './price-validity-rules'

/**
 * Volume breaks (DESIGN.md §2, second in the net-price order): from a minimum quantity, a tier
 * gets a unit price or a discount off list on one SKU or on a whole product line. Two breaks of a
 * tier at the same minimum quantity for the same SKU or line never overlap in time (exclusion
 * constraints volume_breaks_product_no_overlap and volume_breaks_line_no_overlap).
 */

export const maxMinQuantity = 1_000_000
export const volumeBreakKinds = ['discount', 'price'] as const
export type VolumeBreakKind = (typeof volumeBreakKinds)[number]

/** What the breaks on the page apply to: one product line, or one SKU. */
export type VolumeBreakTarget =
  { kind: 'line'; productLineId: string } | { kind: 'sku'; sku: string }

export type VolumeBreakFormInput = {
  tier: PartnerTier | ''
  minQuantity: string
  kind: VolumeBreakKind
  amount: string
  currency: string
  validFrom: string
  validTo: string
}

/** A new break: exactly one of a unit price (with its currency) or a discount. */
export type VolumeBreakInput = {
  tier: PartnerTier
  minQuantity: number
  priceMinor: number | null
  currency: string | null
  discountBps: number | null
  validFrom: string
  validTo: string | null
}

/**
 * Adding a break for the page's target. A product-line break is a discount: one unit price cannot
 * fit every product of a line. Breaks start today or later (history stays as it was charged).
 */
export function volumeBreakForm(today: string, targetKind: VolumeBreakTarget['kind']) {
  const schema = z
    .object({
      tier: z.enum(partnerTiers, { error: 'validation:invalidChoice' }),
      minQuantity: z
        .string({ error: 'validation:required' })
        .trim()
        .min(1, 'validation:required')
        .regex(/^\d{1,7}$/, 'pricing:volumeBreaks.errors.minQuantity')
        .transform(Number)
        .refine((n) => n >= 1 && n <= maxMinQuantity, 'pricing:volumeBreaks.errors.minQuantity'),
      kind: z.enum(volumeBreakKinds, { error: 'validation:invalidChoice' }),
      amount: z.string({ error: 'validation:required' }).trim().min(1, 'validation:required'),
      currency: CurrencyField,
      validFrom: DayField,
      validTo: OptionalDayField,
    })
    .superRefine((value, ctx) => {
      checkRange(value, ctx)
      if (value.validFrom < today) {
        ctx.addIssue({
          code: 'custom',
          path: ['validFrom'],
          message: 'pricing:validity.startInPast',
        })
      }
      if (targetKind === 'line' && value.kind === 'price') {
        ctx.addIssue({
          code: 'custom',
          path: ['kind'],
          message: 'pricing:volumeBreaks.errors.linePrice',
        })
      }
    })
    .transform((value, ctx): VolumeBreakInput => {
      if (value.kind === 'discount') {
        const discountBps = parsePercentToBps(value.amount)
        if (discountBps === null) {
          ctx.addIssue({ code: 'custom', path: ['amount'], message: 'pricing:validation.percent' })
          return z.NEVER
        }
        return {
          tier: value.tier,
          minQuantity: value.minQuantity,
          priceMinor: null,
          currency: null,
          discountBps,
          validFrom: value.validFrom,
          validTo: value.validTo,
        }
      }
      const priceMinor = parseMoneyToMinor(value.amount, value.currency)
      if (priceMinor === null) {
        ctx.addIssue({ code: 'custom', path: ['amount'], message: 'validation:invalidAmount' })
        return z.NEVER
      }
      return {
        tier: value.tier,
        minQuantity: value.minQuantity,
        priceMinor,
        currency: value.currency,
        discountBps: null,
        validFrom: value.validFrom,
        validTo: value.validTo,
      }
    })
  return schema as unknown as z.ZodType<z.output<typeof schema>, VolumeBreakFormInput>
}

export type VolumeBreakQuery = {
  /** Null when the URL names no valid target: the page shows the overview. */
  target: VolumeBreakTarget | null
  /** The SKU as typed, shown back in the picker even when it names nothing. */
  skuText: string
  tier: PartnerTier | null
  when: ValidityState
}

/** The page's URL query, read leniently: a bad value falls back to "not chosen". */
export function parseVolumeBreakQuery(params: URLSearchParams): VolumeBreakQuery {
  const line = params.get('line')?.trim() ?? ''
  const skuText = (params.get('sku') ?? '')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 64)
  const sku = normalizeSku(skuText)
  const tier = params.get('tier')
  const target: VolumeBreakTarget | null = isUuid(line)
    ? { kind: 'line', productLineId: line.toLowerCase() }
    : sku && skuPattern.test(sku)
      ? { kind: 'sku', sku }
      : null
  return {
    target,
    skuText,
    tier: (partnerTiers as readonly string[]).includes(tier ?? '') ? (tier as PartnerTier) : null,
    when: parseValidityTab(params.get('when')),
  }
}

export function volumeBreakSearch(
  query: VolumeBreakQuery,
  changes: Partial<VolumeBreakQuery> = {},
): string {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  if (next.target?.kind === 'line') params.set('line', next.target.productLineId)
  if (next.target?.kind === 'sku') params.set('sku', next.target.sku)
  if (next.tier) params.set('tier', next.tier)
  if (next.when !== 'current') params.set('when', next.when)
  const search = params.toString()
  return search ? `?${search}` : ''
}
