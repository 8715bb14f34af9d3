import type { Database } from '#db/client.server'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import {
  createCategory,
  createContractPrice,
  createPartner,
  createProduct,
  createProductLine,
  createTierDiscount,
  createVolumeBreak,
  uniqueSuffix,
} from '#tests/factories/index'

export const today = '2026-12-01'

export const actorOf = (partner: { id: string; tier: PartnerTier }) => ({
  partnerId: partner.id,
  tier: partner.tier,
})

/**
 * A product line of its own (so a test sees only its products) with one product priced by each
 * source for a gold partner on `today`:
 *
 * - contract: ¥1,000.00 list, the gold partner's contract ¥555.55 (gold tier would be ¥700.00)
 * - skuBreak: ¥2,000.00 list, a gold SKU break from 1 unit at ¥1,234.00
 * - tier:     ¥3,000.00 list, gold tier 30 % → ¥2,100.00
 * - list:     ¥600.00 list in another line without any discount (cheaper than the contract
 *   product by list price, dearer by net price)
 *
 * and a rival gold partner with its own (lower) contract price on the contract product.
 */
export async function createPricedCatalog(db: Database) {
  const tag = uniqueSuffix().toUpperCase()
  const line = await createProductLine(db)
  const bareLine = await createProductLine(db)
  const category = await createCategory(db)
  const otherCategory = await createCategory(db)
  const partner = await createPartner(db, { tier: 'gold' })
  const rival = await createPartner(db, { tier: 'gold' })
  await createTierDiscount(db, { tier: 'gold', productLineId: line.id, discountBps: 3000 })
  await createTierDiscount(db, { tier: 'silver', productLineId: line.id, discountBps: 2000 })

  const contract = await createProduct(db, {
    sku: `CT-${tag}`,
    name: `Alpha contract drive ${tag}`,
    productLineId: line.id,
    categoryId: category.id,
    listPriceMinor: 100_000,
    stock: { onHand: 40 },
  })
  const skuBreak = await createProduct(db, {
    sku: `SB-${tag}`,
    name: `Bravo break sensor ${tag}`,
    productLineId: line.id,
    categoryId: category.id,
    listPriceMinor: 200_000,
    stock: { onHand: 5 },
  })
  const tier = await createProduct(db, {
    sku: `TD-${tag}`,
    name: `Charlie tier panel ${tag}`,
    productLineId: line.id,
    categoryId: otherCategory.id,
    listPriceMinor: 300_000,
    stock: { onHand: 0, restockDate: '2099-01-15' },
  })
  const list = await createProduct(db, {
    sku: `LP-${tag}`,
    name: `Delta list cable ${tag}`,
    productLineId: bareLine.id,
    categoryId: category.id,
    listPriceMinor: 60_000,
    stock: { onHand: 999 },
  })
  await createContractPrice(db, {
    partnerId: partner.id,
    productId: contract.id,
    priceMinor: 55_555,
    validTo: '2099-12-31',
  })
  await createContractPrice(db, { partnerId: rival.id, productId: contract.id, priceMinor: 11_111 })
  await createVolumeBreak(db, {
    tier: 'gold',
    productId: skuBreak.id,
    minQuantity: 1,
    priceMinor: 123_400,
    currency: 'CNY',
  })
  return {
    tag,
    line,
    bareLine,
    category,
    otherCategory,
    partner,
    rival,
    products: { contract, skuBreak, tier, list },
  }
}
