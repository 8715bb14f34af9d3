import { inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DatabaseConnection, openDatabase } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { stockLevels } from '#db/schema/catalog'
import { clearCart } from '#app/modules/orders/clear-cart.server'
import { placeOrder, type PlaceOrderResult } from '#app/modules/orders/place-order.server'
import {
  checkoutInput,
  createBuyer,
  createColleague,
  createProduct,
  createWarehouse,
  fillCart,
  type TestBuyer,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

// No oversell and no deadlock under real concurrency (DESIGN.md §3, ADR 0013). PGlite runs one
// query at a time in one process, so a race there proves nothing: these run on the PostgreSQL
// server only (`npm run test:pg`). Connections: 10 for the file's own pool + 48 for the buyers,
// under 60 of the server's 100.

const onPostgres = Boolean(process.env.TEST_DATABASE_URL)
const database = useTestDatabase()
const buyerPoolSize = 48

/** A small deterministic PRNG (mulberry32), so a failing round can be replayed. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function shuffle<T>(items: T[], next: () => number): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

/** on hand, reserved, units on order lines and reserved allocations, and product_stock, per product. */
async function ledger(productIds: string[]) {
  const ids = sql.join(
    productIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )
  return queryRows<{
    product_id: string
    on_hand: number
    reserved: number
    ordered: number
    allocated: number
    totals_on_hand: number
    totals_reserved: number
    totals_available: number
  }>(
    database.db,
    sql`select p.id::text as product_id,
          (select coalesce(sum(on_hand), 0)::int from stock_levels where product_id = p.id) as on_hand,
          (select coalesce(sum(reserved), 0)::int from stock_levels where product_id = p.id) as reserved,
          (select coalesce(sum(quantity), 0)::int from order_lines where product_id = p.id) as ordered,
          (select coalesce(sum(quantity), 0)::int from order_allocations
            where product_id = p.id and status = 'reserved') as allocated,
          ps.on_hand as totals_on_hand, ps.reserved as totals_reserved,
          ps.available as totals_available
        from products p join product_stock ps on ps.product_id = p.id
        where p.id in (${ids})`,
  )
}

function unexpected(results: PromiseSettledResult<PlaceOrderResult>[]) {
  return results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => String((r.reason as Error)?.cause ?? r.reason))
}

describe.skipIf(!onPostgres)(
  'placeOrder under real concurrency (PostgreSQL only: PGlite serialises every query)',
  () => {
    let pool: DatabaseConnection
    beforeAll(async () => {
      pool = await openDatabase({ url: database.url!, poolMax: buyerPoolSize })
    })
    afterAll(async () => {
      await pool?.close()
    })

    const placeAll = (
      buyers: TestBuyer['actor'][],
      inputs: Awaited<ReturnType<typeof checkoutInput>>[],
    ) =>
      Promise.allSettled(
        buyers.map((actor, i) =>
          placeOrder(pool.db, {
            actor,
            input: inputs[i]!,
            cardPaymentsEnabled: false,
            origin: 'http://portal.test',
          }),
        ),
      )

    test('100 buyers at once for a SKU with 10 in stock: exactly 10 sold, 90 told what is available', async () => {
      const [north, south] = await Promise.all([
        createWarehouse(database.db),
        createWarehouse(database.db),
      ])
      const product = await createProduct(database.db, {
        stock: { onHand: 6, warehouseId: north.id },
      })
      await database.db
        .insert(stockLevels)
        .values({ productId: product.id, warehouseId: south.id, onHand: 4 })
      const buyers: TestBuyer[] = []
      for (let i = 0; i < 100; i++) buyers.push(await createBuyer(database.db))
      for (const buyer of buyers) {
        await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])
      }
      const inputs = await Promise.all(buyers.map((b) => checkoutInput(database.db, b)))

      const results = await placeAll(
        buyers.map((b) => b.actor),
        inputs,
      )
      expect(unexpected(results)).toEqual([])
      const outcomes = results.map((r) => (r as PromiseFulfilledResult<PlaceOrderResult>).value)
      const sold = outcomes.filter((o) => o.ok)
      const refused = outcomes.filter((o) => !o.ok)
      expect(sold).toHaveLength(10)
      expect(refused).toHaveLength(90)
      for (const outcome of refused) {
        expect(outcome).toMatchObject({
          ok: false,
          shortages: [{ sku: product.sku, requested: 1, available: 0, reason: 'insufficient' }],
        })
      }
      expect(await ledger([product.id])).toEqual([
        {
          product_id: product.id,
          on_hand: 10,
          reserved: 10,
          ordered: 10,
          allocated: 10,
          totals_on_hand: 10,
          totals_reserved: 10,
          totals_available: 0,
        },
      ])
    }, 180_000)

    test('multi-SKU carts in random line orders, 60 buyers of 20 partners, 4 rounds: no deadlock, no oversell', async () => {
      const next = random(20_260_401)
      const warehouses = await Promise.all([0, 1, 2].map(() => createWarehouse(database.db)))
      const buyers: TestBuyer['actor'][] = []
      const owners: TestBuyer[] = []
      for (let p = 0; p < 20; p++) {
        const owner = await createBuyer(database.db)
        owners.push(owner)
        buyers.push(
          owner.actor,
          await createColleague(database.db, owner),
          await createColleague(database.db, owner, 'partner_admin'),
        )
      }
      const addressOf = (actor: TestBuyer['actor']) =>
        owners.find((o) => o.partner.id === actor.partnerId)!.address

      for (let round = 0; round < 4; round++) {
        const products = []
        for (let i = 0; i < 6; i++) {
          const product = await createProduct(database.db, {
            listPriceMinor: 100_00,
            stock: { onHand: 5, warehouseId: warehouses[0]!.id },
          })
          await database.db.insert(stockLevels).values([
            { productId: product.id, warehouseId: warehouses[1]!.id, onHand: 5 },
            { productId: product.id, warehouseId: warehouses[2]!.id, onHand: 5 },
          ])
          products.push(product)
        }
        const inputs = []
        for (const actor of buyers) {
          await clearCart(database.db, { actor })
          const lineCount = 2 + Math.floor(next() * 3)
          const chosen = shuffle(products, next).slice(0, lineCount)
          await fillCart(
            database.db,
            actor,
            chosen.map((p) => ({ sku: p.sku, quantity: 1 + Math.floor(next() * 3) })),
          )
          inputs.push(await checkoutInput(database.db, { actor, address: addressOf(actor) }))
        }

        const results = await placeAll(buyers, inputs)
        expect(unexpected(results), `round ${round}: errors (a deadlock would show here)`).toEqual(
          [],
        )
        const outcomes = results.map((r) => (r as PromiseFulfilledResult<PlaceOrderResult>).value)
        expect(
          outcomes.some((o) => o.ok),
          `round ${round}: someone bought`,
        ).toBe(true)
        expect(
          outcomes.some((o) => !o.ok),
          `round ${round}: someone was refused`,
        ).toBe(true)

        const rows = await ledger(products.map((p) => p.id))
        for (const row of rows) {
          expect(row.on_hand).toBe(15)
          expect(row.reserved).toBeLessThanOrEqual(row.on_hand)
          expect(row.ordered).toBe(row.reserved)
          expect(row.allocated).toBe(row.reserved)
          expect([row.totals_on_hand, row.totals_reserved, row.totals_available]).toEqual([
            row.on_hand,
            row.reserved,
            row.on_hand - row.reserved,
          ])
        }
        // Every refusal names a short line with what was available then.
        for (const outcome of outcomes) {
          if (outcome.ok) continue
          expect(outcome.shortages.length).toBeGreaterThan(0)
          for (const s of outcome.shortages) expect(s.available).toBeLessThan(s.requested)
        }
        const stock = await database.db
          .select()
          .from(stockLevels)
          .where(
            inArray(
              stockLevels.productId,
              products.map((p) => p.id),
            ),
          )
        expect(stock.every((s) => s.reserved <= s.onHand)).toBe(true)
      }
    }, 300_000)
  },
)
