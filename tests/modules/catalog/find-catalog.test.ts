import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, test } from 'vitest'
import { catalogCountCap } from '#app/modules/catalog/catalog-query-rules'
import { findCatalog, type FindCatalogOptions } from '#app/modules/catalog/find-catalog.server'
import { getCatalogProduct } from '#app/modules/catalog/get-catalog-product.server'
import {
  createCategory,
  createPartner,
  createProduct,
  createProductLine,
  updateCatalogSettings,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { actorOf, createPricedCatalog, today } from './catalog-helpers'

const database = useTestDatabase()

afterEach(async () => {
  await updateCatalogSettings(database.db, { availabilityDisplay: 'exact', lowStockThreshold: 10 })
})

const skusOf = (result: { products: { sku: string }[] }) => result.products.map((p) => p.sku)

describe('findCatalog', () => {
  test('every price source: list price, net price and source on the list equal the product page', async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    const actor = actorOf(world.partner)
    const page = await findCatalog(db, { actor, date: today, q: world.tag })
    const bySku = new Map(page.products.map((row) => [row.sku, row]))
    const expected = {
      contract: { net: 55_555, source: 'contract' },
      skuBreak: { net: 123_400, source: 'volume_break' },
      tier: { net: 210_000, source: 'tier_discount' },
      list: { net: 60_000, source: 'list' },
    } as const
    expect(page.total).toBe(4)
    for (const [key, product] of Object.entries(world.products)) {
      const row = bySku.get(product.sku)!
      const want = expected[key as keyof typeof expected]
      expect(row, product.sku).toMatchObject({
        listPriceMinor: product.listPriceMinor,
        netPriceMinor: want.net,
        priceSource: want.source,
        currency: 'CNY',
      })
      const detail = await getCatalogProduct(db, { actor, sku: product.sku, date: today })
      expect(detail.price.unitNetMinor, product.sku).toBe(row.netPriceMinor)
      expect(detail.price.source, product.sku).toBe(row.priceSource)
      expect(detail.listPriceMinor).toBe(row.listPriceMinor)
      expect(detail.availability).toEqual(row.availability)
    }
  })

  test('sorting by price orders by the partner’s net price (not list), both ways', async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    const { contract, skuBreak, tier, list } = world.products
    const options: FindCatalogOptions = {
      actor: actorOf(world.partner),
      date: today,
      q: world.tag,
      sort: 'price',
    }
    const ascending = await findCatalog(db, options)
    // By list price the cable (¥600) would come first; by this partner's net price the contract.
    expect(skusOf(ascending)).toEqual([contract.sku, list.sku, skuBreak.sku, tier.sku])
    const nets = ascending.products.map((p) => p.netPriceMinor)
    expect(nets).toEqual([...nets].sort((a, b) => a - b))
    const descending = await findCatalog(db, { ...options, dir: 'desc' })
    expect(skusOf(descending)).toEqual([tier.sku, skuBreak.sku, list.sku, contract.sku])

    // A silver partner has no contract nor break: silver tier 20 % on the line, list elsewhere.
    const silver = await createPartner(db, { tier: 'silver' })
    const silverView = await findCatalog(db, { ...options, actor: actorOf(silver) })
    expect(silverView.products.map((p) => [p.sku, p.netPriceMinor, p.priceSource])).toEqual([
      [list.sku, 60_000, 'list'],
      [contract.sku, 80_000, 'tier_discount'],
      [skuBreak.sku, 160_000, 'tier_discount'],
      [tier.sku, 240_000, 'tier_discount'],
    ])
  })

  test('sorting by name and by availability; ties are broken so pages never repeat a row', async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    const { contract, skuBreak, tier, list } = world.products
    const base = { actor: actorOf(world.partner), date: today, q: world.tag }
    expect(skusOf(await findCatalog(db, base))).toEqual([
      contract.sku,
      skuBreak.sku,
      tier.sku,
      list.sku,
    ])
    expect(skusOf(await findCatalog(db, { ...base, dir: 'desc' }))).toEqual([
      list.sku,
      tier.sku,
      skuBreak.sku,
      contract.sku,
    ])
    // 999, 40, 5, 0 available.
    expect(skusOf(await findCatalog(db, { ...base, sort: 'availability' }))).toEqual([
      list.sku,
      contract.sku,
      skuBreak.sku,
      tier.sku,
    ])

    // 30 products with the same name and price: two pages, disjoint, together all of them.
    const line = await createProductLine(db)
    const ids = new Set<string>()
    for (let i = 0; i < 30; i += 1) {
      ids.add((await createProduct(db, { productLineId: line.id, name: 'Same name' })).id)
    }
    for (const sort of ['name', 'price', 'availability'] as const) {
      const options = { actor: actorOf(world.partner), date: today, productLineId: line.id, sort }
      const first = await findCatalog(db, { ...options, page: 1 })
      const second = await findCatalog(db, { ...options, page: 2 })
      expect(first.products, sort).toHaveLength(25)
      expect(second.products, sort).toHaveLength(5)
      expect(first.total).toBe(30)
      expect(first.pageCount).toBe(2)
      const seen = [...first.products, ...second.products].map((p) => p.id)
      expect(new Set(seen), sort).toEqual(ids)
    }
  })

  test('search matches a SKU fragment or a name fragment, case-insensitively; % and _ are literal', async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    const actor = actorOf(world.partner)
    const { skuBreak, tier } = world.products
    const skuFragment = skuBreak.sku.slice(0, -2).toLowerCase()
    expect(skusOf(await findCatalog(db, { actor, date: today, q: skuFragment }))).toEqual([
      skuBreak.sku,
    ])
    expect(
      skusOf(await findCatalog(db, { actor, date: today, q: `TIER PANEL ${world.tag}` })),
    ).toEqual([tier.sku])
    expect((await findCatalog(db, { actor, date: today, q: `nothing-${world.tag}` })).total).toBe(0)

    const line = await createProductLine(db)
    const literal = await createProduct(db, { productLineId: line.id, name: 'Gear 50%_off' })
    await createProduct(db, { productLineId: line.id, name: 'Gear 500 offset' })
    const percent = await findCatalog(db, {
      actor,
      date: today,
      productLineId: line.id,
      q: '50%_',
    })
    expect(skusOf(percent)).toEqual([literal.sku])
  })

  test('filters by product line, category and in-stock, alone and together', async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    const { contract, skuBreak, tier, list } = world.products
    const base = { actor: actorOf(world.partner), date: today, q: world.tag }
    expect(skusOf(await findCatalog(db, { ...base, productLineId: world.line.id }))).toEqual([
      contract.sku,
      skuBreak.sku,
      tier.sku,
    ])
    expect(skusOf(await findCatalog(db, { ...base, categoryId: world.otherCategory.id }))).toEqual([
      tier.sku,
    ])
    expect(skusOf(await findCatalog(db, { ...base, inStock: true }))).toEqual([
      contract.sku,
      skuBreak.sku,
      list.sku,
    ])
    const combined = await findCatalog(db, {
      ...base,
      productLineId: world.line.id,
      categoryId: world.category.id,
      inStock: true,
      sort: 'price',
    })
    expect(skusOf(combined)).toEqual([contract.sku, skuBreak.sku])
    expect(combined.total).toBe(2)
    // An empty category is an empty page, not an error.
    const empty = await createCategory(db)
    expect((await findCatalog(db, { ...base, categoryId: empty.id })).products).toEqual([])
  })

  test('inactive products are never listed, counted or shown', async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    const retired = await createProduct(db, {
      sku: `RT-${world.tag}`,
      name: `Retired ${world.tag}`,
      productLineId: world.line.id,
      active: false,
      stock: { onHand: 50 },
    })
    for (const sort of ['name', 'price', 'availability'] as const) {
      const page = await findCatalog(db, {
        actor: actorOf(world.partner),
        date: today,
        q: world.tag,
        sort,
      })
      expect(skusOf(page)).not.toContain(retired.sku)
      expect(page.total).toBe(4)
    }
    await expect(
      getCatalogProduct(db, { actor: actorOf(world.partner), sku: retired.sku, date: today }),
    ).rejects.toMatchObject({ code: 'not_found' })
  })

  test('banded display: bands only, never the count (also not through the sort order)', async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    await updateCatalogSettings(db, { availabilityDisplay: 'banded', lowStockThreshold: 10 })
    const base = { actor: actorOf(world.partner), date: today, q: world.tag }
    const page = await findCatalog(db, base)
    expect(page.availabilityDisplay).toBe('banded')
    expect(Object.fromEntries(page.products.map((p) => [p.sku, p.availability]))).toEqual({
      [world.products.contract.sku]: {
        display: 'banded',
        available: null,
        band: 'in_stock',
        restockDate: null,
      },
      [world.products.skuBreak.sku]: {
        display: 'banded',
        available: null,
        band: 'low',
        restockDate: null,
      },
      [world.products.tier.sku]: {
        display: 'banded',
        available: null,
        band: 'out',
        restockDate: '2099-01-15',
      },
      [world.products.list.sku]: {
        display: 'banded',
        available: null,
        band: 'in_stock',
        restockDate: null,
      },
    })
    // What would reach the browser: no number next to any availability key.
    const serialised = JSON.stringify(page)
    expect(serialised).not.toMatch(/"(available|onHand|reserved)":\s*\d/)
    expect(serialised).not.toContain('999')

    // By availability: in stock before low before out, and within a band by name — the cable
    // (999 available) does not jump ahead of the drive (40), which would give the counts away.
    expect(skusOf(await findCatalog(db, { ...base, sort: 'availability' }))).toEqual([
      world.products.contract.sku,
      world.products.list.sku,
      world.products.skuBreak.sku,
      world.products.tier.sku,
    ])

    const detail = await getCatalogProduct(db, {
      actor: actorOf(world.partner),
      sku: world.products.list.sku,
      date: today,
    })
    expect(detail.availability).toEqual({
      display: 'banded',
      available: null,
      band: 'in_stock',
      restockDate: null,
    })
    expect(detail.warehouses.map((w) => w.availability.available)).toEqual([null])
    expect(JSON.stringify(detail)).not.toMatch(/"(available|onHand|reserved)":\s*\d/)
  })

  test('junk options give an empty or first page, never an error', async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    const actor = actorOf(world.partner)
    for (const page of [0, -3, Number.NaN, 1.5]) {
      const result = await findCatalog(db, { actor, date: today, q: world.tag, page })
      expect(result.page).toBe(1)
      expect(result.total).toBe(4)
    }
    const far = await findCatalog(db, { actor, date: today, q: world.tag, page: 99_999 })
    expect(far.products).toEqual([])
    expect(far.total).toBe(4)
    const junkIds = await findCatalog(db, {
      actor,
      date: today,
      productLineId: 'not-a-uuid',
      categoryId: "x'; drop table products; --",
    })
    expect(junkIds.products).toEqual([])
    const quotes = await findCatalog(db, { actor, date: today, q: `'"\\%_;--` })
    expect(quotes.total).toBe(0)
  })

  test('past 1,000 matches the count stops: "1,000+", and every page stays reachable', async () => {
    const db = database.db
    const line = await createProductLine(db)
    const category = await createCategory(db)
    const partner = await createPartner(db, { tier: 'gold' })
    const tag = `CAP${Date.now().toString(36).toUpperCase()}`
    const count = catalogCountCap + 30
    await db.execute(sql`
      insert into products (sku, name, product_line_id, category_id, list_price_minor, currency)
      select ${tag} || '-' || lpad(n::text, 5, '0'), 'Capped ' || ${tag} || ' ' || lpad(n::text, 5, '0'),
        ${line.id}::uuid, ${category.id}::uuid, 1000 + n, 'CNY'
      from generate_series(1, ${count}) as n`)
    const options = { actor: actorOf(partner), date: today, productLineId: line.id }

    for (const view of [{}, { q: tag }, { sort: 'price' as const }]) {
      const first = await findCatalog(db, { ...options, ...view })
      expect(first).toMatchObject({ total: catalogCountCap, totalIsExact: false, pageCount: 41 })
      // From page 41 on, the count reaches the end: exact again, and the last page is 42.
      const deep = await findCatalog(db, { ...options, ...view, page: 41 })
      expect(deep).toMatchObject({ total: count, totalIsExact: true, pageCount: 42 })
      expect(deep.products).toHaveLength(25)
      const last = await findCatalog(db, { ...options, ...view, page: 42 })
      expect(last.products.map((p) => p.sku)).toEqual(
        [1026, 1027, 1028, 1029, 1030].map((n) => `${tag}-0${n}`),
      )
    }
    const narrow = await findCatalog(db, { ...options, q: `${tag}-0102` })
    expect(narrow).toMatchObject({ total: 10, totalIsExact: true, pageCount: 1 })
  })
})
