/**
 * Sorting the whole catalog by net price uses a set-based form of the net-price join
 * (netPriceSortKey: hash joins over the partner's few rule rows) because the per-row LATERAL
 * would cost seconds at 100 000 SKUs. The order is only right if the two give the same price for
 * every product: random rules (seeded; replay with PRICE_SORT_SEED), including rows in another
 * currency, which both must skip.
 */
import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { queryRows } from '#db/execute.server'
import { netPriceSortKey } from '#app/modules/catalog/catalog-view-sql.server'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { netPriceJoin } from '#app/modules/pricing/net-price-sql.server'
import {
  createCategory,
  createContractPrice,
  createPartner,
  createProduct,
  createProductLine,
  createTierDiscount,
  createVolumeBreak,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const tiers: PartnerTier[] = ['platinum', 'gold', 'silver', 'registered']
const day = (offset: number) =>
  new Date(Date.UTC(2026, 11, 1) + offset * 86_400_000).toISOString().slice(0, 10)

test('the price-sort key equals the net-price join for every product, partner, date and quantity', async () => {
  const db = database.db
  const seed = Number(process.env.PRICE_SORT_SEED) || Math.floor(Math.random() * 2 ** 31)
  const rnd = random(seed)
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1))

  const lines = [await createProductLine(db), await createProductLine(db)]
  const category = await createCategory(db)
  const products = []
  for (let i = 0; i < 24; i += 1) {
    products.push(
      await createProduct(db, {
        productLineId: pick(lines).id,
        categoryId: category.id,
        listPriceMinor: pick([1, 15, 99, int(1, 9_999_999)]),
        // A few products priced in another currency: rows in CNY must not apply to them.
        currency: i % 8 === 7 ? 'USD' : 'CNY',
      }),
    )
  }
  const partners = []
  for (const tier of tiers) partners.push(await createPartner(db, { tier }))

  for (const tier of tiers) {
    for (const line of lines) {
      if (rnd() < 0.2) continue
      const switchDay = int(-3, 3)
      await createTierDiscount(db, {
        tier,
        productLineId: line.id,
        discountBps: int(0, 5000),
        validFrom: day(-400),
        validTo: day(switchDay - 1),
      })
      await createTierDiscount(db, {
        tier,
        productLineId: line.id,
        discountBps: int(0, 5000),
        validFrom: day(switchDay),
      })
    }
  }
  const used = new Set<string>()
  for (let i = 0; i < 70; i += 1) {
    const tier = pick(tiers)
    const onSku = rnd() < 0.5
    const product = pick(products)
    const line = pick(lines)
    const minQuantity = pick([1, 1, 2, 5, 10, 50])
    const key = `${tier}|${onSku ? product.id : line.id}|${minQuantity}`
    if (used.has(key)) continue
    used.add(key)
    const fixed = rnd() < 0.5
    const startsIn = rnd() < 0.2 ? int(-3, 3) : -400
    await createVolumeBreak(db, {
      tier,
      productId: onSku ? product.id : null,
      productLineId: onSku ? null : line.id,
      minQuantity,
      priceMinor: fixed ? int(0, 5_000_000) : null,
      currency: fixed ? pick(['CNY', 'CNY', 'CNY', 'USD']) : null,
      discountBps: fixed ? null : int(0, 10000),
      validFrom: day(startsIn),
      validTo: rnd() < 0.2 ? day(Math.max(startsIn, 0) + int(0, 4)) : null,
    })
  }
  for (const partner of partners) {
    for (const product of products) {
      if (rnd() < 0.6) continue
      const start = int(-6, 2)
      await createContractPrice(db, {
        partnerId: partner.id,
        productId: product.id,
        priceMinor: int(0, 5_000_000),
        currency: rnd() < 0.15 ? 'USD' : 'CNY',
        validFrom: day(start),
        validTo: rnd() < 0.5 ? null : day(start + int(0, 5)),
      })
    }
  }

  const productIds = products.map((p) => p.id)
  let compared = 0
  for (const partner of partners) {
    for (const offset of [-5, -1, 0, 1, 4]) {
      const pricing = { partnerId: partner.id, tier: partner.tier, date: day(offset) }
      for (const quantity of [1, 2, 5, 9, 10, 60]) {
        const key = netPriceSortKey(pricing, quantity)
        const rows = await queryRows<{ id: string; joined: string; keyed: string }>(
          db,
          sql`select p.id, np.unit_net_minor::text as joined, (${key.key})::text as keyed
            from products p
            ${key.joins}
            ${netPriceJoin({ ...pricing, quantity })}
            where p.id in ${productIds}`,
        )
        expect(rows).toHaveLength(products.length)
        for (const row of rows) {
          const context = { seed, tier: partner.tier, date: pricing.date, quantity, id: row.id }
          expect({ ...context, price: row.keyed }).toEqual({ ...context, price: row.joined })
          compared += 1
        }
      }
    }
  }
  expect(compared).toBe(4 * 5 * 6 * products.length)
}, 120_000)
