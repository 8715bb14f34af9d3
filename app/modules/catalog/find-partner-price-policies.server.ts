import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  contractPrices,
  pricePolicies,
  pricePolicyAcknowledgements,
  products,
  tierDiscounts,
  volumeBreaks,
} from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import { users } from '#db/schema/users'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { addressedToPartner } from './price-policy-audience.server'
import { recentPolicyDays } from './price-policy-rules'

export type FindPartnerPricePoliciesOptions = {
  actor: { userId: string; partnerId: string; tier: PartnerTier }
  /** Today: a calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
  date: string
}

type Named = { code: string; nameEn: string; nameZh: string }

/** One price the policy sets for this partner. */
export type PolicyPriceChange =
  | {
      kind: 'tier_discount'
      productLine: Named
      discountBps: number
      /** The discount the day before the new one starts; null when there was none. */
      previousDiscountBps: number | null
      validFrom: string
      validTo: string | null
    }
  | {
      kind: 'volume_break'
      /** The SKU of a break on one product; null for a break on a whole product line. */
      sku: string | null
      productName: string | null
      productLine: Named | null
      minQuantity: number
      priceMinor: number | null
      currency: string | null
      discountBps: number | null
      validFrom: string
      validTo: string | null
    }
  | {
      kind: 'contract_price'
      sku: string
      productName: string
      listPriceMinor: number
      priceMinor: number
      currency: string
      validFrom: string
      validTo: string | null
    }

export type PartnerPricePolicy = {
  id: string
  title: string
  body: string
  effectiveFrom: string
  /** Upcoming: takes effect after today; effective: took effect within the recent window. */
  timing: 'upcoming' | 'effective'
  audienceTiers: PartnerTier[]
  /** Addressed to this partner alone (its contract prices). */
  forPartnerOnly: boolean
  publishedAt: Date | null
  changes: PolicyPriceChange[]
  /** When the acting user acknowledged it; null = not yet. */
  acknowledgedAt: Date | null
  /** Everyone of the partner who acknowledged it (the acting user included), earliest first. */
  acknowledgements: { name: string; acknowledgedAt: Date; byActingUser: boolean }[]
}

export type PartnerPricePolicies = {
  /** Soonest first. */
  upcoming: PartnerPricePolicy[]
  /** Latest first. */
  effective: PartnerPricePolicy[]
}

/**
 * The published price policies addressed to a partner that take effect after today or took
 * effect in the last 90 days, each with the prices it sets for THIS partner (its tier's
 * discounts and breaks, its own contract prices; never another partner's) and who of the partner
 * acknowledged it.
 */
export async function findPartnerPricePolicies(
  db: Database,
  options: FindPartnerPricePoliciesOptions,
): Promise<PartnerPricePolicies> {
  const { actor, date } = options
  const since = sql`(${date}::date - ${recentPolicyDays}::int)`
  const policies = await db
    .select({
      id: pricePolicies.id,
      title: pricePolicies.title,
      body: pricePolicies.body,
      effectiveFrom: pricePolicies.effectiveFrom,
      audienceTiers: pricePolicies.audienceTiers,
      partnerId: pricePolicies.partnerId,
      publishedAt: pricePolicies.publishedAt,
    })
    .from(pricePolicies)
    .where(and(addressedToPartner(actor), gte(pricePolicies.effectiveFrom, since)))
    .orderBy(asc(pricePolicies.effectiveFrom), asc(pricePolicies.id))
  if (policies.length === 0) return { upcoming: [], effective: [] }
  const ids = policies.map((p) => p.id)

  const [discounts, breaks, contracts, acknowledgements] = await Promise.all([
    db
      .select({
        policyId: tierDiscounts.policyId,
        code: productLines.code,
        nameEn: productLines.nameEn,
        nameZh: productLines.nameZh,
        discountBps: tierDiscounts.discountBps,
        validFrom: tierDiscounts.validFrom,
        validTo: tierDiscounts.validTo,
        // The discount in force the day before this one starts.
        previousDiscountBps: sql<number | null>`(
          select previous.discount_bps from tier_discounts previous
          where previous.tier = ${tierDiscounts.tier}
            and previous.product_line_id = ${tierDiscounts.productLineId}
            and previous.id <> ${tierDiscounts.id}
            and previous.valid_from <= ${tierDiscounts.validFrom} - 1
            and (previous.valid_to is null or previous.valid_to >= ${tierDiscounts.validFrom} - 1)
          limit 1)`,
      })
      .from(tierDiscounts)
      .innerJoin(productLines, eq(productLines.id, tierDiscounts.productLineId))
      .where(and(inArray(tierDiscounts.policyId, ids), eq(tierDiscounts.tier, actor.tier)))
      .orderBy(asc(productLines.code), asc(tierDiscounts.validFrom)),
    db
      .select({
        policyId: volumeBreaks.policyId,
        sku: products.sku,
        productName: products.name,
        productActive: products.active,
        lineCode: productLines.code,
        lineNameEn: productLines.nameEn,
        lineNameZh: productLines.nameZh,
        minQuantity: volumeBreaks.minQuantity,
        priceMinor: volumeBreaks.priceMinor,
        currency: volumeBreaks.currency,
        discountBps: volumeBreaks.discountBps,
        validFrom: volumeBreaks.validFrom,
        validTo: volumeBreaks.validTo,
      })
      .from(volumeBreaks)
      .leftJoin(products, eq(products.id, volumeBreaks.productId))
      .leftJoin(productLines, eq(productLines.id, volumeBreaks.productLineId))
      .where(and(inArray(volumeBreaks.policyId, ids), eq(volumeBreaks.tier, actor.tier)))
      .orderBy(
        asc(products.sku),
        asc(productLines.code),
        asc(volumeBreaks.minQuantity),
        asc(volumeBreaks.validFrom),
      ),
    db
      .select({
        policyId: contractPrices.policyId,
        sku: products.sku,
        productName: products.name,
        listPriceMinor: products.listPriceMinor,
        priceMinor: contractPrices.priceMinor,
        currency: contractPrices.currency,
        validFrom: contractPrices.validFrom,
        validTo: contractPrices.validTo,
      })
      .from(contractPrices)
      .innerJoin(products, eq(products.id, contractPrices.productId))
      .where(
        and(
          inArray(contractPrices.policyId, ids),
          // Only this partner's: another partner's contract prices never leave the database.
          eq(contractPrices.partnerId, actor.partnerId),
          eq(products.active, true),
        ),
      )
      .orderBy(asc(products.sku), asc(contractPrices.validFrom)),
    db
      .select({
        policyId: pricePolicyAcknowledgements.policyId,
        userId: pricePolicyAcknowledgements.userId,
        name: users.name,
        acknowledgedAt: pricePolicyAcknowledgements.acknowledgedAt,
      })
      .from(pricePolicyAcknowledgements)
      .innerJoin(users, eq(users.id, pricePolicyAcknowledgements.userId))
      .where(
        and(
          inArray(pricePolicyAcknowledgements.policyId, ids),
          eq(pricePolicyAcknowledgements.partnerId, actor.partnerId),
        ),
      )
      .orderBy(asc(pricePolicyAcknowledgements.acknowledgedAt), asc(users.name)),
  ])

  const changesOf = (policyId: string): PolicyPriceChange[] => [
    ...discounts
      .filter((d) => d.policyId === policyId)
      .map((d): PolicyPriceChange => ({
        kind: 'tier_discount',
        productLine: { code: d.code, nameEn: d.nameEn, nameZh: d.nameZh },
        discountBps: d.discountBps,
        previousDiscountBps: d.previousDiscountBps === null ? null : Number(d.previousDiscountBps),
        validFrom: d.validFrom,
        validTo: d.validTo,
      })),
    ...breaks
      // A break on a product that is no longer sold has nothing to show.
      .filter((b) => b.policyId === policyId && b.productActive !== false)
      .map((b): PolicyPriceChange => ({
        kind: 'volume_break',
        sku: b.sku,
        productName: b.productName,
        productLine:
          b.lineCode !== null
            ? { code: b.lineCode, nameEn: b.lineNameEn!, nameZh: b.lineNameZh! }
            : null,
        minQuantity: b.minQuantity,
        priceMinor: b.priceMinor,
        currency: b.currency,
        discountBps: b.discountBps,
        validFrom: b.validFrom,
        validTo: b.validTo,
      })),
    ...contracts
      .filter((c) => c.policyId === policyId)
      .map((c): PolicyPriceChange => ({
        kind: 'contract_price',
        sku: c.sku,
        productName: c.productName,
        listPriceMinor: c.listPriceMinor,
        priceMinor: c.priceMinor,
        currency: c.currency,
        validFrom: c.validFrom,
        validTo: c.validTo,
      })),
  ]

  const shaped = policies.map((policy): PartnerPricePolicy => {
    const acks = acknowledgements.filter((a) => a.policyId === policy.id)
    return {
      id: policy.id,
      title: policy.title,
      body: policy.body,
      effectiveFrom: policy.effectiveFrom,
      timing: policy.effectiveFrom > date ? 'upcoming' : 'effective',
      audienceTiers: policy.audienceTiers,
      forPartnerOnly: policy.partnerId !== null,
      publishedAt: policy.publishedAt,
      changes: changesOf(policy.id),
      acknowledgedAt: acks.find((a) => a.userId === actor.userId)?.acknowledgedAt ?? null,
      acknowledgements: acks.map((a) => ({
        name: a.name,
        acknowledgedAt: a.acknowledgedAt,
        byActingUser: a.userId === actor.userId,
      })),
    }
  })
  return {
    upcoming: shaped.filter((p) => p.timing === 'upcoming'),
    effective: shaped.filter((p) => p.timing === 'effective').reverse(),
  }
}
