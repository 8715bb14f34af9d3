import { and, asc, eq, gt } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  categories,
  contractPrices,
  products,
  productStock,
  stockLevels,
  warehouses,
} from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { findPriceRules, priceWithRules } from '#app/modules/pricing/find-price-rules.server'
import type { NetPrice, PriceSource } from '#app/modules/pricing/price-rules'
import { AppError } from '#app/utils/app-error'
import { availabilityFor, isValidSku, normalizeSku, type Availability } from './catalog-rules'
import { maxCatalogQuantity } from './catalog-query-rules'
import type { CatalogNamed } from './find-catalog.server'
import { getCatalogSettings } from './get-catalog-settings.server'

export type GetCatalogProductOptions = {
  /** The partner the prices are for; another partner's contract prices are never read. */
  actor: { partnerId: string; tier: PartnerTier }
  /** As typed in the URL; matched in its stored form (trimmed, upper-case). */
  sku: string
  /** The pricing date: a calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
  date: string
  /** Units to price (1 when absent). */
  quantity?: number
}

/** One step of the partner's price ladder: from this many units, this unit price. */
export type QuantityPriceRow = {
  minQuantity: number
  unitNetMinor: number
  source: PriceSource
}

export type WarehouseAvailability = {
  code: string
  name: string
  nameZh: string
  availability: Availability
}

export type CatalogProduct = {
  id: string
  sku: string
  name: string
  description: string
  unit: string
  imageUrl: string | null
  productLine: CatalogNamed
  category: CatalogNamed
  currency: string
  listPriceMinor: number
  /** The net price at `price.quantity`, with the steps that produced it. */
  price: NetPrice
  /**
   * The partner's prices by quantity on the date: the first row is one unit, then one row per
   * threshold where the unit price or its source changes. Empty when a contract sets the price
   * at every quantity.
   */
  quantityPrices: QuantityPriceRow[]
  /** The contract price in force on the date, with its validity (both ends inclusive). */
  contract: { priceMinor: number; validFrom: string; validTo: string | null } | null
  /** A contract price of this partner that starts after the date (the nearest). */
  upcomingContract: { priceMinor: number; validFrom: string; validTo: string | null } | null
  availability: Availability
  warehouses: WarehouseAvailability[]
  /** The vendor shows exact counts or bands. */
  availabilityDisplay: 'exact' | 'banded'
}

export function productNotFound(sku: string) {
  return new AppError('not_found', {
    message: `no active product ${sku}`,
    userMessage: 'catalog:product.notFound',
  })
}

/**
 * One active product as a partner sees it: its net price at a quantity (with the explanation's
 * steps, by the same pure rules carts and orders use), the price ladder for the partner's tier,
 * its contract validity, and availability in total and per warehouse. An inactive or unknown SKU
 * is not found.
 */
export async function getCatalogProduct(
  db: Database,
  options: GetCatalogProductOptions,
): Promise<CatalogProduct> {
  const { actor, date } = options
  const sku = normalizeSku(options.sku)
  if (!isValidSku(sku)) throw productNotFound(sku)
  const quantity =
    options.quantity && Number.isSafeInteger(options.quantity)
      ? Math.min(Math.max(options.quantity, 1), maxCatalogQuantity)
      : 1

  const [row] = await db
    .select({
      id: products.id,
      sku: products.sku,
      name: products.name,
      description: products.description,
      unit: products.unit,
      imageUrl: products.imageUrl,
      currency: products.currency,
      listPriceMinor: products.listPriceMinor,
      lineId: productLines.id,
      lineCode: productLines.code,
      lineNameEn: productLines.nameEn,
      lineNameZh: productLines.nameZh,
      categoryId: categories.id,
      categoryCode: categories.code,
      categoryNameEn: categories.nameEn,
      categoryNameZh: categories.nameZh,
    })
    .from(products)
    .innerJoin(productLines, eq(productLines.id, products.productLineId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(eq(products.sku, sku), eq(products.active, true)))
    .limit(1)
  if (!row) throw productNotFound(sku)

  const partner = { id: actor.partnerId, tier: actor.tier }
  const [rules, settings, [totals], stock, [upcoming]] = await Promise.all([
    findPriceRules(db, { partner, productIds: [row.id], date }),
    getCatalogSettings(db),
    db
      .select({ available: productStock.available, restockDate: productStock.restockDate })
      .from(productStock)
      .where(eq(productStock.productId, row.id)),
    // Every warehouse holding a stock row: they add up to the totals the catalog list shows.
    db
      .select({
        code: warehouses.code,
        name: warehouses.name,
        nameZh: warehouses.nameZh,
        onHand: stockLevels.onHand,
        reserved: stockLevels.reserved,
        restockDate: stockLevels.restockDate,
      })
      .from(stockLevels)
      .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
      .where(eq(stockLevels.productId, row.id))
      .orderBy(asc(warehouses.sortOrder), asc(warehouses.code)),
    db
      .select({
        priceMinor: contractPrices.priceMinor,
        validFrom: contractPrices.validFrom,
        validTo: contractPrices.validTo,
      })
      .from(contractPrices)
      .where(
        and(
          eq(contractPrices.partnerId, actor.partnerId),
          eq(contractPrices.productId, row.id),
          eq(contractPrices.currency, row.currency),
          gt(contractPrices.validFrom, date),
        ),
      )
      .orderBy(asc(contractPrices.validFrom))
      .limit(1),
  ])

  const priceAt = (units: number) => priceWithRules(rules, row.id, units)!
  const price = priceAt(quantity)
  const contractStep = price.steps.find((step) => step.kind === 'contract')
  const contract =
    contractStep?.kind === 'contract'
      ? {
          priceMinor: contractStep.amountMinor,
          validFrom: contractStep.detail.validFrom,
          validTo: contractStep.detail.validTo,
        }
      : null

  // Every threshold of the tier's breaks for this SKU or its line, priced by the rules: that way
  // the ladder shows what the partner would really pay (SKU breaks first, the line's below them,
  // a contract over everything), not the raw rows.
  const thresholds = [
    ...new Set([1, ...rules.volumeBreaks.map((b) => b.minQuantity).filter((n) => n > 1)]),
  ].sort((a, b) => a - b)
  const ladder: QuantityPriceRow[] = []
  for (const minQuantity of thresholds) {
    const at = priceAt(minQuantity)
    const previous = ladder[ladder.length - 1]
    if (previous && previous.unitNetMinor === at.unitNetMinor && previous.source === at.source) {
      continue
    }
    ladder.push({ minQuantity, unitNetMinor: at.unitNetMinor, source: at.source })
  }
  const quantityPrices = ladder.length > 1 ? ladder : []

  const show = (available: number, restockDate: string | null) =>
    availabilityFor({
      available,
      display: settings.availabilityDisplay,
      lowStockThreshold: settings.lowStockThreshold,
      restockDate,
    })

  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    unit: row.unit,
    imageUrl: row.imageUrl,
    productLine: {
      id: row.lineId,
      code: row.lineCode,
      nameEn: row.lineNameEn,
      nameZh: row.lineNameZh,
    },
    category: {
      id: row.categoryId,
      code: row.categoryCode,
      nameEn: row.categoryNameEn,
      nameZh: row.categoryNameZh,
    },
    currency: row.currency,
    listPriceMinor: row.listPriceMinor,
    price,
    quantityPrices,
    contract,
    upcomingContract: upcoming ?? null,
    availability: show(totals?.available ?? 0, totals?.restockDate ?? null),
    warehouses: stock.map((s) => ({
      code: s.code,
      name: s.name,
      nameZh: s.nameZh,
      availability: show(s.onHand - s.reserved, s.restockDate),
    })),
    availabilityDisplay: settings.availabilityDisplay,
  }
}
