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
  const none = { contracts: [], volumeBreaks: [], tierDiscounts: [] }
  if (ids.length === 0) return priceRulesFrom(partner, date, [], none)

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
  const lineIds = [...new Set(productRows.map((row) => row.productLineId))]
  if (productRows.length === 0) return priceRulesFrom(partner, date, [], none)

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

  return priceRulesFrom(partner, date, productRows, {
    contracts,
    volumeBreaks: [...skuBreaks, ...lineBreaks],
    tierDiscounts: discounts,
  })
}

/** Rule rows as the queries read them: money as numbers or int8 text, dates as 'YYYY-MM-DD'. */
export type PriceRuleRows = {
  contracts: readonly {
    productId: string
    priceMinor: number | string
    currency: string
    validFrom: string
    validTo: string | null
  }[]
  volumeBreaks: readonly {
    productId: string | null
    productLineId: string | null
    minQuantity: number
    priceMinor: number | string | null
    currency: string | null
    discountBps: number | null
  }[]
  tierDiscounts: readonly { productLineId: string; discountBps: number }[]
}

/**
 * The rules that price `products` for the partner on `date`, from rule rows already limited to
 * the partner (contract prices), its tier and that date: findPriceRules' reads, or placeOrder's.
 */
export function priceRulesFrom(
  partner: { id: string; tier: PartnerTier },
  date: string,
  products: readonly PricedProduct[],
  rows: PriceRuleRows,
): PriceRules {
  const skuOf = new Map(products.map((row) => [row.id, row.sku]))
  return {
    partner,
    date,
    products: new Map(products.map((row) => [row.id, row])),
    contractPrices: rows.contracts.map((row) => ({
      sku: skuOf.get(row.productId)!,
      priceMinor: Number(row.priceMinor),
      currency: row.currency,
      validFrom: row.validFrom,
      validTo: row.validTo,
    })),
    volumeBreaks: rows.volumeBreaks.map((row) => ({
      tier: partner.tier,
      sku: row.productId ? skuOf.get(row.productId)! : null,
      productLineId: row.productLineId,
      minQuantity: row.minQuantity,
      priceMinor: row.priceMinor === null ? null : Number(row.priceMinor),
      currency: row.currency,
      discountBps: row.discountBps,
    })),
    tierDiscounts: rows.tierDiscounts.map((row) => ({
      tier: partner.tier,
      productLineId: row.productLineId,
      discountBps: row.discountBps,
    })),
  }
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
