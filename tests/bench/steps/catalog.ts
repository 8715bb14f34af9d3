import { performance } from 'node:perf_hooks'
import type { TransactionSql } from 'postgres'
import { addDays, todayInShanghai } from '#app/modules/deals/deal-rules'
import { seedWarehouses } from '#db/seed-catalog'
import { seedProductLines, stableUuid, type SeedProductLineCode } from '#db/seed-data'
import type { ScaleName } from '../bench-config'
import { copyRows, dropSecondaryIndexes, type CopyValue } from '../lib/copy'
import { DAY_MS, GENERATOR_SEED, type GenerateStep } from '../lib/context'
import {
  benchCategories,
  lineVariants,
  productFamilies,
  type ProductFamily,
} from './catalog-families'
import { prng } from './registrations'

/** Catalog size per scale (DESIGN.md "Scale to plan for": 100 000 SKUs). */
export const catalogByScale: Record<
  ScaleName,
  {
    products: number
    /** Products with their own volume-break ladder (one or two tiers, two steps each). */
    skuBreakProducts: number
    /** Products on a promotion: a SKU break from one unit, for one tier, valid this month. */
    promotions: number
    /** Contracted SKUs per partner: uniform in [min, max]. */
    contractsPerPartner: readonly [min: number, max: number]
  }
> = {
  small: { products: 5_000, skuBreakProducts: 150, promotions: 20, contractsPerPartner: [20, 50] },
  target: {
    products: 100_000,
    skuBreakProducts: 2_500,
    promotions: 300,
    contractsPerPartner: [20, 50],
  },
}

const tiers = ['platinum', 'gold', 'silver', 'registered'] as const
type Tier = (typeof tiers)[number]
/** The price list in force (DESIGN.md's defaults); collaborative robots get half. */
const tierBps: Record<Tier, number> = {
  platinum: 3500,
  gold: 3000,
  silver: 2000,
  registered: 1000,
}
const tierDiscountFor = (tier: Tier, line: SeedProductLineCode) =>
  line === 'ROB' ? tierBps[tier] / 2 : tierBps[tier]
const contractNotes = [
  'Annual framework agreement',
  'Project price',
  'OEM agreement',
  'Tender price',
  'Key account price',
]

/** The tables this step fills with COPY; their secondary indexes are built after the load. */
const catalogTables = [
  'products',
  'stock_levels',
  'tier_discounts',
  'volume_breaks',
  'contract_prices',
] as const

/** The statement triggers that keep catalog_tier_prices (migration 0015). */
const tierPriceTriggers = [
  ['products', 'insert'],
  ['products', 'update'],
  ['tier_discounts', 'insert'],
  ['tier_discounts', 'update'],
  ['tier_discounts', 'delete'],
  ['volume_breaks', 'insert'],
  ['volume_breaks', 'update'],
  ['volume_breaks', 'delete'],
] as const

type GeneratedProduct = {
  id: string
  line: SeedProductLineCode
  listPriceMinor: number
  active: boolean
}

/** A random version-4 UUID from the seeded generator (deterministic, unlike gen_random_uuid). */
function uuidFrom(random: () => number): string {
  let hex = ''
  for (let i = 0; i < 4; i++) {
    hex += Math.floor(random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0')
  }
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`
}

/**
 * The catalog at DESIGN.md scale: 20 categories, three warehouses, `products` SKUs over the five
 * product lines (~3 % inactive) with stock in every warehouse (some out, with restock dates), the
 * price list (tier discounts for every tier × line, a previous period and an upcoming change),
 * volume-break ladders per line and per SKU, promotions, and 20–50 contract prices per partner
 * (current, expired, future, and renewals: never overlapping per partner and SKU).
 *
 * One transaction: it empties the catalog tables first, so the step can be re-run on a generated
 * database (`--steps catalog`). The per-row stock triggers of migration 0007 are disabled for the
 * COPY and `product_stock` is filled with one INSERT … SELECT of the same sums, then checked
 * against `stock_levels`; the triggers are enabled again before commit.
 */
export const catalogStep: GenerateStep = {
  name: 'catalog',
  async run(ctx) {
    const size = catalogByScale[ctx.scale.name]
    const random = prng(GENERATOR_SEED ^ 0xca7a)
    const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
    // Calendar dates (Asia/Shanghai) by offset from today, memoised: an Intl formatter per call
    // would dominate the contract-price rows.
    const days = new Map<number, string>()
    const day = (offset: number) => {
      let date = days.get(offset)
      if (date === undefined) {
        date = todayInShanghai(addDays(ctx.now, offset))
        days.set(offset, date)
      }
      return date
    }
    const lineId = (code: SeedProductLineCode) => seedProductLines.find((l) => l.code === code)!.id

    const partnerIds =
      ctx.state.partners.length > 0
        ? ctx.state.partners.map((p) => p.id)
        : (await ctx.sql<{ id: string }[]>`select id from partners order by code`).map((r) => r.id)
    const adminId =
      ctx.state.staff.find((u) => u.role === 'admin')?.id ??
      (await ctx.sql<{ id: string }[]>`select id from users where role = 'admin' limit 1`)[0]?.id ??
      null

    const counts: Record<string, number> = {}
    await ctx.sql.begin(async (tx: TransactionSql) => {
      let restoreIndexes = async () => {}
      const timed = async (label: string, work: () => Promise<void>) => {
        const t0 = performance.now()
        await work()
        console.log(`  ${label.padEnd(18)} ${((performance.now() - t0) / 1000).toFixed(2)} s`)
      }

      await timed('reset', async () => {
        await tx`
          insert into product_lines ${tx(
            seedProductLines.map((l) => ({
              id: l.id,
              code: l.code,
              name_en: l.nameEn,
              name_zh: l.nameZh,
            })),
          )} on conflict do nothing`
        await tx`truncate table stock_adjustments, stock_levels, product_stock, contract_prices,
          volume_breaks, tier_discounts, price_policy_acknowledgements, price_policies,
          catalog_tier_prices, cart_items, order_allocations, order_lines, products, categories,
          warehouses`
        // Bulk load: indexes built once at the end, the stock totals computed once below instead
        // of one upsert per row.
        await tx`set local maintenance_work_mem = '256MB'`
        restoreIndexes = await dropSecondaryIndexes(tx, catalogTables)
        await tx`alter table products disable trigger products_create_product_stock`
        await tx`alter table stock_levels disable trigger stock_levels_refresh_product_stock`
        // The per-tier price keys (migration 0015) are rebuilt once after the load, not once
        // per COPY of products, tier discounts and volume breaks.
        for (const [table, event] of tierPriceTriggers) {
          await tx.unsafe(
            `alter table ${table} disable trigger ${table}_${event}_catalog_tier_prices`,
          )
        }
        counts.categories = await copyRows(
          tx,
          'categories',
          ['id', 'code', 'name_en', 'name_zh', 'sort_order'],
          benchCategories.map((c, index) => [
            stableUuid(`category:${c.code}`),
            c.code,
            c.nameEn,
            c.nameZh,
            index,
          ]),
        )
        counts.warehouses = await copyRows(
          tx,
          'warehouses',
          ['id', 'code', 'name', 'name_zh', 'sort_order'],
          seedWarehouses.map((w) => [w.id, w.code, w.name, w.nameZh, w.sortOrder]),
        )
      })

      // Products: families drawn by weight, so lines and categories interleave on disk as a
      // catalog built up over years would.
      const products: GeneratedProduct[] = []
      await timed('products', async () => {
        const totalWeight = productFamilies.reduce((s, f) => s + f.weight, 0)
        const drawFamily = (): ProductFamily => {
          let r = random() * totalWeight
          for (const family of productFamilies) if ((r -= family.weight) < 0) return family
          return productFamilies[productFamilies.length - 1]!
        }
        const serials = new Map<string, number>()
        const skus = new Set<string>()
        const oldest = ctx.now.getTime() - 1500 * DAY_MS
        function* rows(): Generator<CopyValue[]> {
          for (let n = 0; n < size.products; n++) {
            const family = drawFamily()
            const chosen = family.attributes.map((options) => pick(options))
            const variant = random() < 0.3 ? null : pick(lineVariants[family.line])
            const serial = (serials.get(family.sku) ?? 0) + 1
            serials.set(family.sku, serial)
            const code = chosen.map(([, c]) => c).join('') + (variant?.[1] ?? '')
            const sku = `HT-${family.sku}-${code}-${String(serial).padStart(4, '0')}`
            if (skus.has(sku)) throw new Error(`Duplicate bench SKU ${sku}`)
            skus.add(sku)
            let name = family.name.replace(/\{(\d)\}/g, (_, i: string) => chosen[Number(i)]![0])
            if (variant) name += `, ${variant[0]}`
            const active = random() >= 0.03
            if (!active && random() < 0.5) name += ' (discontinued)'
            const [min, max] = family.price
            const yuan = Math.round(min * Math.exp(random() * Math.log(max / min)))
            // Most list prices are whole yuan; some end in .50 or .80 like real price lists.
            const listPriceMinor = yuan * 100 + pick([0, 0, 0, 0, 50, 80])
            const createdAt = new Date(oldest + random() * (ctx.now.getTime() - oldest))
            const updatedAt = new Date(
              createdAt.getTime() + random() * (ctx.now.getTime() - createdAt.getTime()),
            )
            const id = uuidFrom(random)
            products.push({ id, line: family.line, listPriceMinor, active })
            yield [
              id,
              sku,
              name,
              `${name}. ${family.blurb}`,
              lineId(family.line),
              stableUuid(`category:${family.category}`),
              family.unit ?? 'pcs',
              listPriceMinor,
              'CNY',
              active,
              null,
              createdAt,
              updatedAt,
            ]
          }
        }
        counts.products = await copyRows(
          tx,
          'products',
          [
            'id',
            'sku',
            'name',
            'description',
            'product_line_id',
            'category_id',
            'unit',
            'list_price_minor',
            'currency',
            'active',
            'image_url',
            'created_at',
            'updated_at',
          ],
          rows(),
        )
      })

      // Stock in every warehouse. Quantities fall with the price; ~6 % of active SKUs are out
      // everywhere and ~10 % out in a given warehouse (most with a restock date), some because
      // everything on hand is reserved.
      await timed('stock', async () => {
        function* rows(): Generator<CopyValue[]> {
          for (const product of products) {
            const yuan = product.listPriceMinor / 100
            const maxQty = yuan < 100 ? 3000 : yuan < 1000 ? 800 : yuan < 10_000 ? 150 : 25
            const outEverywhere = random() < 0.06
            for (const [index, warehouse] of seedWarehouses.entries()) {
              let onHand = 0
              let reserved = 0
              let restockDate: string | null = null
              if (product.active && (outEverywhere || random() < 0.1)) {
                if (random() < 0.3) onHand = reserved = int(1, 5)
                if (random() < 0.85) restockDate = day(int(3, 60) + index * 3)
              } else if (product.active) {
                onHand = Math.max(1, Math.floor(Math.exp(random() * Math.log(maxQty))))
                if (random() < 0.25) reserved = Math.floor(onHand * random() * 0.3)
              }
              yield [product.id, warehouse.id, onHand, reserved, restockDate]
            }
          }
        }
        counts.stock_levels = await copyRows(
          tx,
          'stock_levels',
          ['product_id', 'warehouse_id', 'on_hand', 'reserved', 'restock_date'],
          rows(),
        )
        // The same totals as refresh_product_stock() (migration 0007), for every product at once.
        const inserted = await tx`
          insert into product_stock (product_id, on_hand, reserved, available, restock_date)
          select p.id,
                 coalesce(sum(s.on_hand), 0)::int,
                 coalesce(sum(s.reserved), 0)::int,
                 coalesce(sum(s.on_hand - s.reserved), 0)::int,
                 min(s.restock_date) filter (where s.on_hand - s.reserved <= 0)
            from products p left join stock_levels s on s.product_id = p.id
           group by p.id`
        counts.product_stock = inserted.count
        const [{ wrong }] = await tx<{ wrong: number }[]>`
          select count(*)::int as wrong
            from products p
            left join product_stock ps on ps.product_id = p.id
            left join (
              select product_id, sum(on_hand) as on_hand, sum(reserved) as reserved,
                     sum(on_hand - reserved) as available,
                     min(restock_date) filter (where on_hand - reserved <= 0) as restock_date
                from stock_levels group by product_id
            ) t on t.product_id = p.id
           where ps.product_id is null
              or ps.on_hand <> coalesce(t.on_hand, 0)
              or ps.reserved <> coalesce(t.reserved, 0)
              or ps.available <> coalesce(t.available, 0)
              or ps.restock_date is distinct from t.restock_date`
        if (wrong !== 0) throw new Error(`product_stock disagrees with stock_levels for ${wrong}`)
        await tx`alter table products enable trigger products_create_product_stock`
        await tx`alter table stock_levels enable trigger stock_levels_refresh_product_stock`
      })

      // The price list: a previous period, the current one and (gold drives) an upcoming change.
      const policy = {
        previous: stableUuid('bench-price-policy:previous'),
        current: stableUuid('bench-price-policy:current'),
        upcoming: stableUuid('bench-price-policy:gold-drives'),
        promotion: stableUuid('bench-price-policy:promotion'),
      }
      const currentFrom = day(-330)
      const active = products.filter((p) => p.active)
      await timed('price list', async () => {
        const publishedAt = (daysAgo: number) => new Date(ctx.now.getTime() - daysAgo * DAY_MS)
        counts.price_policies = await copyRows(
          tx,
          'price_policies',
          [
            'id',
            'title',
            'body',
            'effective_from',
            'status',
            'audience_tiers',
            'created_by_id',
            'published_at',
            'published_by_id',
          ],
          [
            [
              policy.previous,
              'Channel price list (previous)',
              'Tier discounts: platinum 30 %, gold 25 %, silver 15 %, registered 5 %.',
              day(-700),
              'published',
              [],
              adminId,
              publishedAt(710),
              adminId,
            ],
            [
              policy.current,
              'Channel price list',
              'Tier discounts: platinum 35 %, gold 30 %, silver 20 %, registered 10 % (collaborative robots: half); volume breaks per product line.',
              currentFrom,
              'published',
              [],
              adminId,
              publishedAt(340),
              adminId,
            ],
            [
              policy.upcoming,
              'Servo & VFD drives: gold discount rises to 32 %',
              'From the effective date gold partners get 32 % off list on every drive.',
              day(14),
              'published',
              ['gold'],
              adminId,
              publishedAt(1),
              adminId,
            ],
            [
              policy.promotion,
              'Promotion of the month',
              'Selected SKUs 5 % below the tier price, from one unit.',
              day(-10),
              'published',
              [],
              adminId,
              publishedAt(11),
              adminId,
            ],
          ],
        )
        const tierRows: CopyValue[][] = []
        for (const line of seedProductLines) {
          for (const tier of tiers) {
            const bps = tierDiscountFor(tier, line.code as SeedProductLineCode)
            tierRows.push([
              uuidFrom(random),
              tier,
              line.id,
              bps - 500,
              day(-700),
              day(-331),
              policy.previous,
            ])
            if (line.code === 'DRV' && tier === 'gold') {
              tierRows.push([
                uuidFrom(random),
                tier,
                line.id,
                bps,
                currentFrom,
                day(13),
                policy.current,
              ])
              tierRows.push([uuidFrom(random), tier, line.id, 3200, day(14), null, policy.upcoming])
            } else {
              tierRows.push([
                uuidFrom(random),
                tier,
                line.id,
                bps,
                currentFrom,
                null,
                policy.current,
              ])
            }
          }
        }
        counts.tier_discounts = await copyRows(
          tx,
          'tier_discounts',
          ['id', 'tier', 'product_line_id', 'discount_bps', 'valid_from', 'valid_to', 'policy_id'],
          tierRows,
        )

        // Volume breaks: a ladder per tier and line, ladders on a few thousand SKUs (a unit price
        // or a discount), and this month's promotions from one unit.
        const breakRows: CopyValue[][] = []
        const breakColumns = [
          'id',
          'tier',
          'product_id',
          'product_line_id',
          'min_quantity',
          'price_minor',
          'currency',
          'discount_bps',
          'valid_from',
          'valid_to',
          'policy_id',
        ]
        for (const line of seedProductLines) {
          const ladder: [number, number][] =
            line.code === 'ROB'
              ? [
                  [2, 200],
                  [5, 400],
                  [10, 700],
                ]
              : [
                  [10, 300],
                  [50, 600],
                  [200, 1000],
                ]
          for (const tier of tiers) {
            const bps = tierDiscountFor(tier, line.code as SeedProductLineCode)
            for (const [minQuantity, extra] of ladder) {
              breakRows.push([
                uuidFrom(random),
                tier,
                null,
                line.id,
                minQuantity,
                null,
                null,
                bps + extra,
                currentFrom,
                null,
                policy.current,
              ])
            }
          }
        }
        const distinctProducts = (count: number) => {
          const chosen = new Map<string, GeneratedProduct>()
          while (chosen.size < Math.min(count, active.length)) {
            const product = pick(active)
            chosen.set(product.id, product)
          }
          return [...chosen.values()]
        }
        for (const product of distinctProducts(size.skuBreakProducts)) {
          const yuan = product.listPriceMinor / 100
          const steps = yuan < 500 ? [20, 100] : yuan < 5000 ? [5, 20] : [2, 5]
          const tierCount = random() < 0.6 ? 1 : 2
          const validFrom = day(-int(30, 200))
          const chosenTiers = new Set<Tier>()
          while (chosenTiers.size < tierCount) chosenTiers.add(pick(tiers))
          const fixedPrice = random() < 0.6
          for (const tier of chosenTiers) {
            const bps = tierDiscountFor(tier, product.line)
            steps.forEach((minQuantity, index) => {
              const off = bps + (index === 0 ? 800 : 1400)
              breakRows.push([
                uuidFrom(random),
                tier,
                product.id,
                null,
                minQuantity,
                fixedPrice
                  ? Math.round((product.listPriceMinor * (10_000 - off)) / 10_000 / 100) * 100
                  : null,
                fixedPrice ? 'CNY' : null,
                fixedPrice ? null : off,
                validFrom,
                null,
                policy.current,
              ])
            })
          }
        }
        for (const product of distinctProducts(size.promotions)) {
          const tier = pick(tiers)
          breakRows.push([
            uuidFrom(random),
            tier,
            product.id,
            null,
            1,
            null,
            null,
            tierDiscountFor(tier, product.line) + 500,
            day(-int(1, 10)),
            day(int(10, 30)),
            policy.promotion,
          ])
        }
        counts.volume_breaks = await copyRows(tx, 'volume_breaks', breakColumns, breakRows)
      })

      // Contract prices: each partner on 20–50 SKUs, mostly in two focus lines. Per SKU one
      // pattern: current (60 %), expired (15 %), starting later (10 %) or an expired agreement
      // renewed by a current one (15 %). Periods never overlap for a partner and SKU.
      await timed('contract prices', async () => {
        const byLine = new Map<SeedProductLineCode, GeneratedProduct[]>()
        for (const product of active) {
          const list = byLine.get(product.line) ?? []
          list.push(product)
          byLine.set(product.line, list)
        }
        const lines = [...byLine.keys()]
        const [minContracts, maxContracts] = size.contractsPerPartner
        function* rows(): Generator<CopyValue[]> {
          for (const partnerId of partnerIds) {
            const focus = [pick(lines), pick(lines)]
            const chosen = new Map<string, GeneratedProduct>()
            const target = int(minContracts, maxContracts)
            while (chosen.size < target) {
              const line = random() < 0.8 ? pick(focus) : pick(lines)
              const product = pick(byLine.get(line)!)
              chosen.set(product.id, product)
            }
            for (const product of chosen.values()) {
              const price = (factor: number) =>
                Math.round((product.listPriceMinor * factor) / 100) * 100
              const note = random() < 0.3 ? pick(contractNotes) : null
              const row = (priceMinor: number, validFrom: string, validTo: string | null) => [
                uuidFrom(random),
                partnerId,
                product.id,
                priceMinor,
                'CNY',
                validFrom,
                validTo,
                note,
              ]
              const factor = 0.48 + random() * 0.32
              const r = random()
              if (r < 0.6) {
                yield row(
                  price(factor),
                  day(-int(1, 360)),
                  random() < 0.25 ? null : day(int(30, 400)),
                )
              } else if (r < 0.75) {
                const end = -int(1, 300)
                yield row(price(factor), day(end - int(90, 365)), day(end))
              } else if (r < 0.85) {
                const start = int(1, 60)
                yield row(price(factor), day(start), random() < 0.5 ? null : day(start + 365))
              } else {
                const renewed = -int(1, 180)
                yield row(price(factor * 1.03), day(renewed - 1 - int(180, 365)), day(renewed - 1))
                yield row(price(factor), day(renewed), random() < 0.4 ? null : day(renewed + 365))
              }
            }
          }
        }
        counts.contract_prices = await copyRows(
          tx,
          'contract_prices',
          [
            'id',
            'partner_id',
            'product_id',
            'price_minor',
            'currency',
            'valid_from',
            'valid_to',
            'note',
          ],
          rows(),
        )
      })
      await timed('indexes', () => restoreIndexes())
      await timed('tier price keys', async () => {
        for (const [table, event] of tierPriceTriggers) {
          await tx.unsafe(
            `alter table ${table} enable trigger ${table}_${event}_catalog_tier_prices`,
          )
        }
        await tx`select refresh_catalog_tier_prices(array_agg(t.tier), array_agg(p.id))
          from products p cross join unnest(enum_range(null::partner_tier)) as t(tier)`
        const [{ rows }] = await tx<{ rows: number }[]>`
          select count(*)::int as rows from catalog_tier_prices`
        counts.catalog_tier_prices = rows
      })
    })
    return counts
  },
}
