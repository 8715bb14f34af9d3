import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { formatMoney } from '#app/utils/format'

/**
 * Net-price resolution (DESIGN.md §2, ADR 0008). Pure: the caller loads the rows, this file decides.
 * Order, first that applies: contract → volume break → tier discount → list; then the deal
 * discount on top when the order is linked to the partner's own approved registration.
 */

/** 10 000 basis points = 100 %. */
export const bpsScale = 10_000
/** The extra discount for an order linked to the partner's own approved registration (5 %). */
export const defaultDealDiscountBps = 500

export type ContractPrice = {
  sku: string
  priceMinor: number
  currency: string
  /** Calendar date in Asia/Shanghai, 'YYYY-MM-DD', inclusive. */
  validFrom: string
  /** Calendar date in Asia/Shanghai, 'YYYY-MM-DD', inclusive; null = open-ended. */
  validTo: string | null
}

/**
 * A volume break targets either one SKU or a whole product line (exactly one of the two) and gives
 * either a unit price (with its currency) or a discount off list (exactly one of the two). The
 * nullable shape matches database rows, so callers map them without reshaping.
 */
export type VolumeBreak = {
  tier: PartnerTier
  sku?: string | null
  productLineId?: string | null
  minQuantity: number
  priceMinor?: number | null
  currency?: string | null
  discountBps?: number | null
}

export type TierDiscount = { tier: PartnerTier; productLineId: string; discountBps: number }

export type PriceInputs = {
  sku: string
  listPriceMinor: number
  currency: string
  productLineId: string
  tier: PartnerTier
  quantity: number
  /** The pricing date: a calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
  date: string
  /** The partner's contract prices; rows for other SKUs are ignored. */
  contractPrices: readonly ContractPrice[]
  /** Volume breaks; rows for other tiers, SKUs or product lines are ignored. */
  volumeBreaks: readonly VolumeBreak[]
  /** Tier discounts; rows for other tiers or product lines are ignored. */
  tierDiscounts: readonly TierDiscount[]
  /** Set only for an order linked to the partner's own approved registration; null/absent = none. */
  dealDiscountBps?: number | null
}

export type PriceSource = 'contract' | 'volume_break' | 'tier_discount' | 'list'

/** One step of the calculation; `amountMinor` is the unit price after the step. */
export type PriceStep =
  | { kind: 'list'; amountMinor: number; detail: Record<string, never> }
  | {
      kind: 'contract'
      amountMinor: number
      detail: { validFrom: string; validTo: string | null }
    }
  | {
      kind: 'volume_break'
      amountMinor: number
      detail: {
        appliesTo: 'sku' | 'product_line'
        minQuantity: number
        /** Set when the break is a discount off list; null when it is a fixed unit price. */
        discountBps: number | null
      }
    }
  | {
      kind: 'tier_discount'
      amountMinor: number
      detail: { tier: PartnerTier; productLineId: string; discountBps: number }
    }
  | { kind: 'deal_discount'; amountMinor: number; detail: { discountBps: number } }

export type NetPrice = {
  listPriceMinor: number
  unitNetMinor: number
  currency: string
  source: PriceSource
  /** Always starts with the list step; the last step's amount is `unitNetMinor`. */
  steps: PriceStep[]
  /** unitNetMinor × quantity, exact: no further rounding. */
  lineTotalMinor: number
  quantity: number
}

export type PriceRuleErrorReason =
  | 'invalid_amount'
  | 'invalid_quantity'
  | 'invalid_bps'
  | 'invalid_date'
  | 'invalid_currency'
  | 'currency_mismatch'
  | 'invalid_rule'
  | 'ambiguous_rule'

/** Bad pricing input: a programming or data error, never a price to show. */
export class PriceRuleError extends Error {
  readonly reason: PriceRuleErrorReason
  constructor(reason: PriceRuleErrorReason, message: string) {
    super(message)
    this.name = 'PriceRuleError'
    this.reason = reason
  }
}

function assertAmount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PriceRuleError('invalid_amount', `${what} must be a non-negative integer: ${value}`)
  }
}

function assertBps(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > bpsScale) {
    throw new PriceRuleError('invalid_bps', `${what} must be 0–${bpsScale} basis points: ${value}`)
  }
}

function assertCurrency(currency: string, expected: string, what: string): void {
  if (currency !== expected) {
    throw new PriceRuleError(
      'currency_mismatch',
      `${what} is in ${currency}, list price in ${expected}`,
    )
  }
}

/** Whether `text` is a real calendar date written 'YYYY-MM-DD' (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

function assertDate(text: string, what: string): void {
  if (!isCalendarDate(text)) {
    throw new PriceRuleError('invalid_date', `${what} must be a 'YYYY-MM-DD' date: ${text}`)
  }
}

/**
 * THE rounding of pricing: `amountMinor × bps / 10 000`, rounded half away from zero to the minor
 * unit, computed exactly (BigInt, no floats). A discount of d bps is `applyBps(amount, 10 000 − d)`,
 * so it is the price the partner pays that is rounded, not the discount.
 */
export function applyBps(amountMinor: number, bps: number): number {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new PriceRuleError('invalid_amount', `amount must be an integer: ${amountMinor}`)
  }
  assertBps(bps, 'bps')
  const product = BigInt(amountMinor) * BigInt(bps)
  const scale = BigInt(bpsScale)
  let quotient = product / scale // truncates toward zero
  const remainder = product % scale // same sign as product
  const twiceRemainder = remainder < 0n ? -2n * remainder : 2n * remainder
  if (twiceRemainder >= scale) quotient += product < 0n ? -1n : 1n
  return Number(quotient)
}

/** The contract valid on `date` (both ends inclusive); the latest start wins, then the lower price. */
function findContract(inputs: PriceInputs): ContractPrice | null {
  let best: ContractPrice | null = null
  for (const contract of inputs.contractPrices) {
    if (contract.sku !== inputs.sku) continue
    assertAmount(contract.priceMinor, 'contract price')
    assertCurrency(contract.currency, inputs.currency, 'contract price')
    assertDate(contract.validFrom, 'contract validFrom')
    if (contract.validTo !== null) {
      assertDate(contract.validTo, 'contract validTo')
      if (contract.validTo < contract.validFrom) {
        throw new PriceRuleError('invalid_rule', 'contract validTo is before validFrom')
      }
    }
    // 'YYYY-MM-DD' strings order like the dates they name.
    const valid =
      contract.validFrom <= inputs.date &&
      (contract.validTo === null || inputs.date <= contract.validTo)
    if (!valid) continue
    if (
      !best ||
      contract.validFrom > best.validFrom ||
      (contract.validFrom === best.validFrom && contract.priceMinor < best.priceMinor)
    ) {
      best = contract
    }
  }
  return best
}

type MatchedBreak = { row: VolumeBreak; appliesTo: 'sku' | 'product_line' }

/**
 * The break for the quantity: the highest minQuantity ≤ quantity among the SKU's own breaks for
 * the tier; only when none of those applies, the same among the product line's breaks.
 */
function findVolumeBreak(inputs: PriceInputs): MatchedBreak | null {
  const best: Record<'sku' | 'product_line', VolumeBreak | null> = { sku: null, product_line: null }
  const seen = new Set<string>()
  for (const row of inputs.volumeBreaks) {
    const hasSku = row.sku != null
    const hasLine = row.productLineId != null
    if (hasSku === hasLine) {
      throw new PriceRuleError(
        'invalid_rule',
        'a volume break names exactly one of sku, productLineId',
      )
    }
    if (row.tier !== inputs.tier) continue
    const appliesTo = hasSku ? 'sku' : 'product_line'
    if (hasSku ? row.sku !== inputs.sku : row.productLineId !== inputs.productLineId) continue

    if (!Number.isSafeInteger(row.minQuantity) || row.minQuantity < 1) {
      throw new PriceRuleError('invalid_quantity', `minQuantity must be ≥ 1: ${row.minQuantity}`)
    }
    const hasPrice = row.priceMinor != null
    const hasDiscount = row.discountBps != null
    if (hasPrice === hasDiscount) {
      throw new PriceRuleError('invalid_rule', 'a volume break has exactly one of price, discount')
    }
    if (hasPrice) {
      assertAmount(row.priceMinor!, 'volume break price')
      if (row.currency == null) {
        throw new PriceRuleError('invalid_currency', 'a volume break price needs its currency')
      }
      assertCurrency(row.currency, inputs.currency, 'volume break price')
    } else {
      assertBps(row.discountBps!, 'volume break discount')
    }
    const key = `${appliesTo}|${row.minQuantity}`
    if (seen.has(key)) {
      throw new PriceRuleError('ambiguous_rule', `two volume breaks at ${row.minQuantity} units`)
    }
    seen.add(key)

    if (row.minQuantity > inputs.quantity) continue
    const current = best[appliesTo]
    if (!current || row.minQuantity > current.minQuantity) best[appliesTo] = row
  }
  if (best.sku) return { row: best.sku, appliesTo: 'sku' }
  if (best.product_line) return { row: best.product_line, appliesTo: 'product_line' }
  return null
}

function findTierDiscount(inputs: PriceInputs): TierDiscount | null {
  let found: TierDiscount | null = null
  for (const row of inputs.tierDiscounts) {
    if (row.tier !== inputs.tier || row.productLineId !== inputs.productLineId) continue
    assertBps(row.discountBps, 'tier discount')
    if (found) throw new PriceRuleError('ambiguous_rule', 'two tier discounts for one product line')
    found = row
  }
  return found
}

/** Resolves a partner's net unit price and line total, with the steps that produced it. */
export function resolveNetPrice(inputs: PriceInputs): NetPrice {
  if (!/^[A-Z]{3}$/.test(inputs.currency)) {
    throw new PriceRuleError('invalid_currency', `not an ISO 4217 code: ${inputs.currency}`)
  }
  assertAmount(inputs.listPriceMinor, 'list price')
  if (!Number.isSafeInteger(inputs.quantity) || inputs.quantity < 1) {
    throw new PriceRuleError(
      'invalid_quantity',
      `quantity must be a whole number ≥ 1: ${inputs.quantity}`,
    )
  }
  assertDate(inputs.date, 'date')
  const dealDiscountBps = inputs.dealDiscountBps ?? null
  if (dealDiscountBps !== null) assertBps(dealDiscountBps, 'deal discount')

  // Every row that concerns this SKU is validated before the first match is taken, so bad data
  // fails loudly even while a higher-precedence rule hides it.
  const contract = findContract(inputs)
  const volumeBreak = findVolumeBreak(inputs)
  const tierDiscount = findTierDiscount(inputs)

  const list = inputs.listPriceMinor
  const steps: PriceStep[] = [{ kind: 'list', amountMinor: list, detail: {} }]
  let source: PriceSource = 'list'
  if (contract) {
    source = 'contract'
    steps.push({
      kind: 'contract',
      amountMinor: contract.priceMinor,
      detail: { validFrom: contract.validFrom, validTo: contract.validTo },
    })
  } else if (volumeBreak) {
    source = 'volume_break'
    const { row, appliesTo } = volumeBreak
    const discountBps = row.discountBps ?? null
    steps.push({
      kind: 'volume_break',
      amountMinor: discountBps === null ? row.priceMinor! : applyBps(list, bpsScale - discountBps),
      detail: { appliesTo, minQuantity: row.minQuantity, discountBps },
    })
  } else if (tierDiscount) {
    source = 'tier_discount'
    steps.push({
      kind: 'tier_discount',
      amountMinor: applyBps(list, bpsScale - tierDiscount.discountBps),
      detail: {
        tier: tierDiscount.tier,
        productLineId: tierDiscount.productLineId,
        discountBps: tierDiscount.discountBps,
      },
    })
  }

  if (dealDiscountBps !== null) {
    const before = steps[steps.length - 1]!.amountMinor
    steps.push({
      kind: 'deal_discount',
      amountMinor: applyBps(before, bpsScale - dealDiscountBps),
      detail: { discountBps: dealDiscountBps },
    })
  }

  const unitNetMinor = steps[steps.length - 1]!.amountMinor
  const lineTotalMinor = unitNetMinor * inputs.quantity
  if (!Number.isSafeInteger(lineTotalMinor)) {
    throw new PriceRuleError('invalid_amount', 'line total exceeds the safe integer range')
  }
  return {
    listPriceMinor: list,
    unitNetMinor,
    currency: inputs.currency,
    source,
    steps,
    lineTotalMinor,
    quantity: inputs.quantity,
  }
}

export type PriceExplanationPart = {
  kind: PriceStep['kind']
  /** Unit price after this step. */
  amountMinor: number
  amountText: string
  /** Change against the previous step (negative = cheaper); 0 for the list step. */
  changeMinor: number
  /** The percentage of a discount step, in basis points; null for list, contract, fixed prices. */
  discountBps: number | null
}

/**
 * Data for a UI line such as "list 1,200.00 → gold tier −30 % → 840.00": one part per step. The
 * labels are the UI's (translated by `kind`); amounts are pre-formatted with `format`.
 */
export function explainPrice(
  net: NetPrice,
  format: (amountMinor: number, currency: string) => string = (amountMinor, currency) =>
    formatMoney(amountMinor, currency, 'en'),
): PriceExplanationPart[] {
  return net.steps.map((step, index) => {
    const previous = index === 0 ? step.amountMinor : net.steps[index - 1]!.amountMinor
    const discountBps =
      step.kind === 'list' || step.kind === 'contract' ? null : step.detail.discountBps
    return {
      kind: step.kind,
      amountMinor: step.amountMinor,
      amountText: format(step.amountMinor, net.currency),
      changeMinor: step.amountMinor - previous,
      discountBps,
    }
  })
}
