import { describe, expect, test } from 'vitest'
import { findCatalog } from '#app/modules/catalog/find-catalog.server'
import { getCatalogProduct } from '#app/modules/catalog/get-catalog-product.server'
import { explainPrice } from '#app/modules/pricing/price-rules'
import {
  createContractPrice,
  createPartner,
  createProduct,
  createProductLine,
  createTierDiscount,
  createVolumeBreak,
  createWarehouse,
} from '#tests/factories/index'
import { stockLevels } from '#db/schema/catalog'
import { useTestDatabase } from '#tests/setup/database'
import { actorOf, today } from './catalog-helpers'

const database = useTestDatabase()

/** A ¥4,350.00 PLC with SKU breaks for gold (10 → ¥2,950, 50 → ¥2,790), a line break from 5. */
async function createLadderProduct() {
  const db = database.db
  const line = await createProductLine(db)
  await createTierDiscount(db, { tier: 'gold', productLineId: line.id, discountBps: 3000 })
  await createTierDiscount(db, { tier: 'silver', productLineId: line.id, discountBps: 2000 })
  const product = await createProduct(db, { productLineId: line.id, listPriceMinor: 435_000 })
  await createVolumeBreak(db, {
    tier: 'gold',
    productId: product.id,
    minQuantity: 10,
    priceMinor: 295_000,
    currency: 'CNY',
  })
  await createVolumeBreak(db, {
    tier: 'gold',
    productId: product.id,
    minQuantity: 50,
    priceMinor: 279_000,
    currency: 'CNY',
  })
  await createVolumeBreak(db, {
    tier: 'gold',
    productLineId: line.id,
    minQuantity: 5,
    discountBps: 3200,
  })
  await createVolumeBreak(db, {
    tier: 'silver',
    productId: product.id,
    minQuantity: 10,
    discountBps: 2500,
  })
  return { line, product }
}

describe('getCatalogProduct', () => {
  test('prices at the quantity with its steps, and the ladder the partner’s tier really pays', async () => {
    const db = database.db
    const { product } = await createLadderProduct()
    const gold = await createPartner(db, { tier: 'gold' })

    const one = await getCatalogProduct(db, { actor: actorOf(gold), sku: product.sku, date: today })
    expect(one.price).toMatchObject({ unitNetMinor: 304_500, source: 'tier_discount', quantity: 1 })
    expect(explainPrice(one.price).map((p) => [p.kind, p.amountText, p.discountBps])).toEqual([
      ['list', 'CN¥4,350.00', null],
      ['tier_discount', 'CN¥3,045.00', 3000],
    ])
    // SKU breaks from 10 and 50; below them the line's break from 5; the tier discount below that.
    expect(one.quantityPrices).toEqual([
      { minQuantity: 1, unitNetMinor: 304_500, source: 'tier_discount' },
      { minQuantity: 5, unitNetMinor: 295_800, source: 'volume_break' },
      { minQuantity: 10, unitNetMinor: 295_000, source: 'volume_break' },
      { minQuantity: 50, unitNetMinor: 279_000, source: 'volume_break' },
    ])

    const twelve = await getCatalogProduct(db, {
      actor: actorOf(gold),
      sku: product.sku,
      date: today,
      quantity: 12,
    })
    expect(twelve.price).toMatchObject({
      unitNetMinor: 295_000,
      source: 'volume_break',
      quantity: 12,
      lineTotalMinor: 3_540_000,
    })
    expect(twelve.price.steps[1]).toMatchObject({
      kind: 'volume_break',
      detail: { appliesTo: 'sku', minQuantity: 10, discountBps: null },
    })

    // A silver partner sees the silver ladder only, never gold's prices.
    const silver = await createPartner(db, { tier: 'silver' })
    const silverView = await getCatalogProduct(db, {
      actor: actorOf(silver),
      sku: product.sku,
      date: today,
    })
    expect(silverView.quantityPrices).toEqual([
      { minQuantity: 1, unitNetMinor: 348_000, source: 'tier_discount' },
      { minQuantity: 10, unitNetMinor: 326_250, source: 'volume_break' },
    ])
    expect(JSON.stringify(silverView)).not.toMatch(/295000|279000|295800/)
  })

  test('a contract sets the price at every quantity and says until when; a future one is announced', async () => {
    const db = database.db
    const { product } = await createLadderProduct()
    const gold = await createPartner(db, { tier: 'gold' })
    const rival = await createPartner(db, { tier: 'gold' })
    await createContractPrice(db, {
      partnerId: gold.id,
      productId: product.id,
      priceMinor: 250_000,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    })
    await createContractPrice(db, {
      partnerId: gold.id,
      productId: product.id,
      priceMinor: 240_000,
      validFrom: '2027-01-01',
    })
    await createContractPrice(db, {
      partnerId: rival.id,
      productId: product.id,
      priceMinor: 199_900,
      validFrom: '2026-12-05',
    })
    const view = await getCatalogProduct(db, {
      actor: actorOf(gold),
      sku: product.sku,
      date: today,
      quantity: 100,
    })
    expect(view.price).toMatchObject({ unitNetMinor: 250_000, source: 'contract' })
    expect(view.contract).toEqual({
      priceMinor: 250_000,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    })
    expect(view.quantityPrices).toEqual([])
    expect(view.upcomingContract).toEqual({
      priceMinor: 240_000,
      validFrom: '2027-01-01',
      validTo: null,
    })

    // The rival's contract starts later: it sees its own upcoming price, never gold's.
    const rivalView = await getCatalogProduct(db, {
      actor: actorOf(rival),
      sku: product.sku,
      date: today,
    })
    expect(rivalView.contract).toBeNull()
    expect(rivalView.upcomingContract).toMatchObject({ priceMinor: 199_900 })
    expect(JSON.stringify(rivalView)).not.toMatch(/250000|240000/)
  })

  test('availability in total and per warehouse adds up to what the list shows', async () => {
    const db = database.db
    const line = await createProductLine(db)
    const first = await createWarehouse(db, { sortOrder: 1 })
    const second = await createWarehouse(db, { sortOrder: 2 })
    const product = await createProduct(db, {
      productLineId: line.id,
      stock: { onHand: 12, reserved: 4, warehouseId: first.id },
    })
    await db.insert(stockLevels).values({
      productId: product.id,
      warehouseId: second.id,
      onHand: 3,
      reserved: 3,
      restockDate: '2027-02-01',
    })
    const partner = await createPartner(db, { tier: 'gold' })
    const view = await getCatalogProduct(db, {
      actor: actorOf(partner),
      sku: product.sku,
      date: today,
    })
    expect(view.warehouses).toEqual([
      {
        code: first.code,
        name: first.name,
        nameZh: first.nameZh,
        availability: { display: 'exact', available: 8, band: 'low', restockDate: null },
      },
      {
        code: second.code,
        name: second.name,
        nameZh: second.nameZh,
        availability: { display: 'exact', available: 0, band: 'out', restockDate: '2027-02-01' },
      },
    ])
    expect(view.availability).toEqual({
      display: 'exact',
      available: 8,
      band: 'low',
      restockDate: null,
    })
    const list = await findCatalog(db, {
      actor: actorOf(partner),
      date: today,
      productLineId: line.id,
    })
    expect(list.products[0]!.availability).toEqual(view.availability)
  })

  test('the SKU is matched as stored; unknown, malformed and inactive SKUs are not found', async () => {
    const db = database.db
    const line = await createProductLine(db)
    const product = await createProduct(db, { productLineId: line.id })
    const retired = await createProduct(db, { productLineId: line.id, active: false })
    const actor = actorOf(await createPartner(db, { tier: 'silver' }))
    const typed = ` ${product.sku.toLowerCase()} `
    expect((await getCatalogProduct(db, { actor, sku: typed, date: today })).id).toBe(product.id)
    for (const sku of [retired.sku, 'NO-SUCH-SKU', '', '%', `${product.sku}'--`, 'x'.repeat(500)]) {
      await expect(getCatalogProduct(db, { actor, sku, date: today }), sku).rejects.toMatchObject({
        code: 'not_found',
      })
    }
    // Quantities out of range are clamped rather than failing the page.
    const huge = await getCatalogProduct(db, {
      actor,
      sku: product.sku,
      date: today,
      quantity: 10 ** 12,
    })
    expect(huge.price.quantity).toBe(1_000_000)
  })
})
