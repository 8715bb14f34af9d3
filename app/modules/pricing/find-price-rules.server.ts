import { and, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { contractPrices, products, tierDiscounts, volumeBreaks } from '#db/schema/catalog'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import {
  resolveNetPrice,
  type ContractPrice,
  type NetPrice,
  type TierDiscount,
  type VolumeBreak,
} from './price-rules'

export type FindPriceRulesOptions = {
  partner: { id: string; tier: PartnerTier }
  productIds: readonly string[]
  /** The pricing date: a calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
  date: string
}

export type PricedProduct = {
  id: string
  sku: string
  productLineId: string
  listPriceMinor: number
  currency: string
}

/** Everything `resolveNetPrice` needs to price these products for one partner on one date. */
export type PriceRules = {
  partner: { id: string; tier: PartnerTier }
  date: string
  products: Map<string, PricedProduct>
  contractPrices: ContractPrice[]
  volumeBreaks: VolumeBreak[]
  tierDiscounts: TierDiscount[]
}

/**
 * Loads the rows that price `productIds` for a partner on a date: its contract prices, its tier's
 * volume breaks (SKU and product line) and tier discounts valid on that date. Another partner's
 * contract prices are never read.
 */
export async function findPriceRules(
  db: Database,
  options: FindPriceRulesOptions,
): Promise<PriceRules> {
  const { partner, date } = options
  const ids = [...new Set(options.productIds)]
  const rules: PriceRules = {
    partner,
    date,
    products: new Map(),
    contractPrices: [],
    volumeBreaks: [],
    tierDiscounts: [],
  }
  if (ids.length === 0) return rules

  const productRows = await db
    .select({
      id: products.id,
      sku: products.sku,
      productLineId: products.productLineId,
      listPriceMinor: products.listPriceMinor,
      currency: products.currency,
    })
    .from(products)
    .where(inArray(products.id, ids))
  for (const row of productRows) rules.products.set(row.id, row)
  const lineIds = [...new Set(productRows.map((row) => row.productLineId))]
  if (productRows.length === 0) return rules
  const skuOf = new Map(productRows.map((row) => [row.id, row.sku]))

  const validOn = (table: typeof tierDiscounts | typeof volumeBreaks) =>
    and(lte(table.validFrom, date), or(isNull(table.validTo), gte(table.validTo, date)))

  const [contracts, skuBreaks, lineBreaks, discounts] = await Promise.all([
    db
      .select()
      .from(contractPrices)
      .where(
        and(
          eq(contractPrices.partnerId, partner.id),
          inArray(contractPrices.productId, ids),
          lte(contractPrices.validFrom, date),
          or(isNull(contractPrices.validTo), gte(contractPrices.validTo, date)),
        ),
      ),
    db
      .select()
      .from(volumeBreaks)
      .where(
        and(
          eq(volumeBreaks.tier, partner.tier),
          inArray(volumeBreaks.productId, ids),
          validOn(volumeBreaks),
        ),
      ),
    db
      .select()
      .from(volumeBreaks)
      .where(
        and(
          eq(volumeBreaks.tier, partner.tier),
          inArray(volumeBreaks.productLineId, lineIds),
          validOn(volumeBreaks),
        ),
      ),
    db
      .select()
      .from(tierDiscounts)
      .where(
        and(
          eq(tierDiscounts.tier, partner.tier),
          inArray(tierDiscounts.productLineId, lineIds),
          validOn(tierDiscounts),
        ),
      ),
  ])

  rules.contractPrices = contracts.map((row) => ({
    sku: skuOf.get(row.productId)!,
    priceMinor: row.priceMinor,
    currency: row.currency,
    validFrom: row.validFrom,
    validTo: row.validTo,
  }))
  rules.volumeBreaks = [...skuBreaks, ...lineBreaks].map((row) => ({
    tier: row.tier,
    sku: row.productId ? skuOf.get(row.productId)! : null,
    productLineId: row.productLineId,
    minQuantity: row.minQuantity,
    priceMinor: row.priceMinor,
    currency: row.currency,
    discountBps: row.discountBps,
  }))
  rules.tierDiscounts = discounts.map((row) => ({
    tier: row.tier,
    productLineId: row.productLineId,
    discountBps: row.discountBps,
  }))
  return rules
}

/** The net price of one loaded product at a quantity (null when the product was not loaded). */
export function priceWithRules(
  rules: PriceRules,
  productId: string,
  quantity: number,
  dealDiscountBps: number | null = null,
): NetPrice | null {
  const product = rules.products.get(productId)
  if (!product) return null
  return resolveNetPrice({
    sku: product.sku,
    listPriceMinor: product.listPriceMinor,
    currency: product.currency,
    productLineId: product.productLineId,
    tier: rules.partner.tier,
    quantity,
    date: rules.date,
    contractPrices: rules.contractPrices,
    volumeBreaks: rules.volumeBreaks,
    tierDiscounts: rules.tierDiscounts,
    dealDiscountBps,
  })
}
