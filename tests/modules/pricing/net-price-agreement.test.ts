/**
 * The catalog prices a whole page in SQL (net-price-sql.server.ts); carts and orders price with
 * the pure resolveNetPrice. Both must give the same price and source for every partner, SKU,
 * quantity and date, to the minor unit. Random rules (seeded, so a failure can be replayed with
 * PRICE_AGREEMENT_SEED) over every product, at quantities on and around every break.
 */
import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { queryRows } from '#db/execute.server'
import { findPriceRules, priceWithRules } from '#app/modules/pricing/find-price-rules.server'
import { netPriceJoin } from '#app/modules/pricing/net-price-sql.server'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import {
  createCategory,
  createContractPrice,
  createPartner,
  createProduct,
  createProductLine,
  createTierDiscount,
  createVolumeBreak,
} from '#tests/factories'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

/** mulberry32: a small deterministic PRNG. */
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
const day = (offset: number) => {
  const d = new Date(Date.UTC(2026, 11, 1) + offset * 86_400_000)
  return d.toISOString().slice(0, 10)
}

test('SQL and resolveNetPrice agree on every price and source', async () => {
  const db = database.db
  const seed = Number(process.env.PRICE_AGREEMENT_SEED) || Math.floor(Math.random() * 2 ** 31)
  const rnd = random(seed)
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1))

  const lines = [
    await createProductLine(db),
    await createProductLine(db),
    await createProductLine(db),
  ]
  const category = await createCategory(db)
  const products = []
  for (let i = 0; i < 30; i += 1) {
    // Odd prices make rounding matter: 1 minor unit up to ¥99,999.99.
    const listPriceMinor = pick([1, 15, 99, 101, int(1, 9_999_999)])
    products.push(
      await createProduct(db, {
        // The first three cover every line; the rest land anywhere.
        productLineId: (i < 3 ? lines[i] : pick(lines))!.id,
        categoryId: category.id,
        listPriceMinor,
      }),
    )
  }
  const partners = []
  for (const tier of [...tiers, ...tiers]) partners.push(await createPartner(db, { tier }))

  // Tier discounts: some (tier, line) pairs, sometimes a change mid-period (no overlaps).
  // Registered partners buying the first line pay list unless a contract applies: the list source
  // is always exercised.
  const listOnly = (tier: PartnerTier, lineId: string) =>
    tier === 'registered' && lineId === lines[0]!.id
  for (const tier of tiers) {
    for (const line of lines) {
      if (listOnly(tier, line.id) || rnd() < 0.25) continue
      if (rnd() < 0.4) {
        const switchDay = int(-5, 5)
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
      } else {
        await createTierDiscount(db, { tier, productLineId: line.id, discountBps: int(0, 10000) })
      }
    }
  }

  // Volume breaks on SKUs and lines, as a fixed price or a discount, some expiring; one always
  // applies from the first unit.
  const thresholds = new Set<number>([1])
  const used = new Set<string>([`silver|${products[1]!.id}|1`])
  await createVolumeBreak(db, {
    tier: 'silver',
    productId: products[1]!.id,
    minQuantity: 1,
    discountBps: 1234,
  })
  for (let i = 0; i < 60; i += 1) {
    const tier = pick(tiers)
    const onSku = rnd() < 0.5
    const product = pick(products)
    const line = pick(lines)
    const minQuantity = pick([1, 2, 5, 10, 20, 50, 100, int(1, 500)])
    const key = `${tier}|${onSku ? product.id : line.id}|${minQuantity}`
    const target = onSku ? product.productLineId : line.id
    if (used.has(key) || listOnly(tier, target)) continue
    used.add(key)
    thresholds.add(minQuantity)
    const fixed = rnd() < 0.4
    await createVolumeBreak(db, {
      tier,
      productId: onSku ? product.id : null,
      productLineId: onSku ? null : line.id,
      minQuantity,
      priceMinor: fixed ? int(0, 5_000_000) : null,
      currency: fixed ? 'CNY' : null,
      discountBps: fixed ? null : int(0, 10000),
      ...(() => {
        const from = rnd() < 0.2 ? int(-3, 3) : -400
        return { validFrom: day(from), validTo: rnd() < 0.2 ? day(from + int(0, 5)) : null }
      })(),
    })
  }

  // Contracts: per partner, some products, back-to-back validity windows (never overlapping).
  for (const partner of partners) {
    for (const product of products) {
      if (rnd() < 0.7) continue
      const start = int(-10, 2)
      const end = start + int(0, 6)
      const openEnded = rnd() < 0.3
      await createContractPrice(db, {
        partnerId: partner.id,
        productId: product.id,
        priceMinor: int(0, 5_000_000),
        validFrom: day(start),
        validTo: openEnded ? null : day(end),
      })
      if (!openEnded && rnd() < 0.5) {
        await createContractPrice(db, {
          partnerId: partner.id,
          productId: product.id,
          priceMinor: int(0, 5_000_000),
          validFrom: day(end + 1),
          validTo: null,
        })
      }
    }
  }

  const quantities = new Set<number>()
  for (const t of thresholds) for (const q of [t - 1, t, t + 1]) if (q >= 1) quantities.add(q)
  quantities.add(1000)
  const productIds = products.map((p) => p.id)
  const sources = new Set<string>()
  let compared = 0

  // Today gets every quantity; the other dates (around the rules' validity edges, which fall
  // between -10 and 9) a random half of them, so each run covers different ones.
  for (const partner of partners) {
    for (const offset of [-11, -4, -1, 0, 1, 3, 6, 9]) {
      const date = day(offset)
      const rules = await findPriceRules(db, { partner, productIds, date })
      for (const quantity of quantities) {
        if (offset !== 0 && quantity !== 1 && rnd() < 0.5) continue
        const dealDiscountBps = rnd() < 0.3 ? int(0, 2000) : null
        const rows = await queryRows<{ id: string; unit_net_minor: string; price_source: string }>(
          db,
          sql`select p.id, np.unit_net_minor::text, np.price_source from products p
            ${netPriceJoin({ partnerId: partner.id, tier: partner.tier, date, quantity, dealDiscountBps })}
            where p.id in ${productIds}`,
        )
        expect(rows).toHaveLength(products.length)
        for (const row of rows) {
          const pure = priceWithRules(rules, row.id, quantity, dealDiscountBps)!
          const context = {
            seed,
            partner: partner.tier,
            date,
            quantity,
            dealDiscountBps,
            product: row.id,
          }
          expect({
            ...context,
            price: Number(row.unit_net_minor),
            source: row.price_source,
          }).toEqual({
            ...context,
            price: pure.unitNetMinor,
            source: pure.source,
          })
          sources.add(pure.source)
          compared += 1
        }
      }
    }
  }
  // The random data must exercise every source, or the comparison proves little.
  expect([...sources].sort()).toEqual(['contract', 'list', 'tier_discount', 'volume_break'])
  expect(compared).toBeGreaterThan(5000)
}, 120_000)
