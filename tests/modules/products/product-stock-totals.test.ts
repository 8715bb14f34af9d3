import { eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { type DatabaseConnection, openDatabase } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { productStock, stockLevels } from '#db/schema/catalog'
import { createProduct, createWarehouse } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

// product_stock holds per-SKU totals kept by a trigger on stock_levels (ADR 0010). Writers that
// change different warehouses of one SKU lock different stock_levels rows, so nothing but the
// trigger orders them: the totals must still equal the warehouses' sum afterwards. PGlite runs
// one query at a time, so the race only exists on the PostgreSQL server (`npm run test:pg`).

const database = useTestDatabase()
const parallel = 16

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed. */
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

/** The totals row next to what the warehouses say it should be. */
async function totalsAndSum(productId: string) {
  const [totals] = await database.db
    .select({
      onHand: productStock.onHand,
      reserved: productStock.reserved,
      available: productStock.available,
      restockDate: productStock.restockDate,
    })
    .from(productStock)
    .where(eq(productStock.productId, productId))
  const [sum] = await queryRows<{
    onHand: number
    reserved: number
    available: number
    restockDate: string | null
  }>(
    database.db,
    sql`select coalesce(sum(on_hand), 0)::int as "onHand",
          coalesce(sum(reserved), 0)::int as "reserved",
          coalesce(sum(on_hand - reserved), 0)::int as "available",
          (min(restock_date) filter (where on_hand - reserved <= 0))::text as "restockDate"
        from stock_levels where product_id = ${productId}`,
  )
  return { totals, sum }
}

async function withConnections<T>(run: (connections: DatabaseConnection[]) => Promise<T>) {
  const connections = await Promise.all(
    Array.from({ length: parallel }, () => openDatabase({ url: database.url!, poolMax: 1 })),
  )
  try {
    return await run(connections)
  } finally {
    await Promise.all(connections.map((c) => c.close()))
  }
}

describe('product_stock follows every kind of stock_levels change', () => {
  test('insert, update, delete and a row moved to another product', async () => {
    const [north, south] = await Promise.all([
      createWarehouse(database.db),
      createWarehouse(database.db),
    ])
    const product = await createProduct(database.db, {
      stock: { onHand: 10, reserved: 3, warehouseId: north.id, restockDate: '2027-03-01' },
    })
    const other = await createProduct(database.db)
    const check = async (productId: string) => {
      const { totals, sum } = await totalsAndSum(productId)
      expect(totals).toEqual(sum)
      return totals
    }
    expect(await check(product.id)).toEqual({
      onHand: 10,
      reserved: 3,
      available: 7,
      restockDate: null,
    })

    // An empty warehouse with a restock date: the date shows; the first one's does not (7 left).
    await database.db.insert(stockLevels).values({
      productId: product.id,
      warehouseId: south.id,
      onHand: 0,
      restockDate: '2027-02-01',
    })
    expect(await check(product.id)).toMatchObject({ available: 7, restockDate: '2027-02-01' })

    // The first warehouse empties too: the earlier of the two dates.
    const northLevel = sql`product_id = ${product.id} and warehouse_id = ${north.id}`
    await database.db.execute(sql`update stock_levels set reserved = 10 where ${northLevel}`)
    expect(await check(product.id)).toMatchObject({ reserved: 10, restockDate: '2027-02-01' })
    await database.db.execute(
      sql`update stock_levels set restock_date = '2027-01-15' where ${northLevel}`,
    )
    expect(await check(product.id)).toMatchObject({ restockDate: '2027-01-15' })

    // A change that moves no count or date leaves the totals as they are.
    await database.db.execute(sql`update stock_levels set updated_at = now() where ${northLevel}`)
    expect(await check(product.id)).toMatchObject({ onHand: 10, reserved: 10, available: 0 })

    // Refilled: only the empty warehouse's date is left.
    await database.db.execute(sql`update stock_levels set on_hand = 25 where ${northLevel}`)
    expect(await check(product.id)).toMatchObject({ available: 15, restockDate: '2027-02-01' })

    // A row moved to another product leaves one total and joins the other.
    await database.db.execute(
      sql`update stock_levels set product_id = ${other.id}
          where product_id = ${product.id} and warehouse_id = ${south.id}`,
    )
    expect(await check(product.id)).toMatchObject({ onHand: 25, restockDate: null })
    expect(await check(other.id)).toMatchObject({ onHand: 0, restockDate: '2027-02-01' })

    await database.db.delete(stockLevels).where(eq(stockLevels.productId, product.id))
    expect(await check(product.id)).toEqual({
      onHand: 0,
      reserved: 0,
      available: 0,
      restockDate: null,
    })
  })

  test('a product deleted with its stock rows takes its totals row with it', async () => {
    const product = await createProduct(database.db, { stock: { onHand: 4 } })
    await database.db.execute(sql`delete from products where id = ${product.id}`)
    const rows = await database.db
      .select()
      .from(productStock)
      .where(eq(productStock.productId, product.id))
    expect(rows).toEqual([])
  })

  test('a totals row that went missing is rebuilt from the levels on the next change', async () => {
    const warehouse = await createWarehouse(database.db)
    const product = await createProduct(database.db, {
      stock: { onHand: 4, warehouseId: warehouse.id },
    })
    await database.db.delete(productStock).where(eq(productStock.productId, product.id))
    await database.db.execute(
      sql`update stock_levels set on_hand = 9 where product_id = ${product.id}`,
    )
    const { totals, sum } = await totalsAndSum(product.id)
    expect(totals).toEqual({ onHand: 9, reserved: 0, available: 9, restockDate: null })
    expect(totals).toEqual(sum)
  })
})

describe.runIf(process.env.TEST_DATABASE_URL)(
  'product_stock under concurrent writes to different warehouses (PostgreSQL)',
  () => {
    test('16 connections changing two warehouses of one SKU: totals equal the sum of the levels', async () => {
      const next = random(20_261_202)
      const [north, south] = await Promise.all([
        createWarehouse(database.db),
        createWarehouse(database.db),
      ])
      const product = await createProduct(database.db, {
        stock: { onHand: 1_000, warehouseId: north.id },
      })
      await database.db
        .insert(stockLevels)
        .values({ productId: product.id, warehouseId: south.id, onHand: 1_000 })

      await withConnections(async (connections) => {
        for (let round = 0; round < 20; round++) {
          const outcomes = await Promise.allSettled(
            connections.map((connection, i) => {
              const warehouseId = (i + round) % 2 === 0 ? north.id : south.id
              const received = 1 + Math.floor(next() * 5)
              const reserved = Math.floor(next() * (received + 1))
              // The pause keeps each transaction open after its write, as real ones are (audit
              // rows, order lines): the window in which the other warehouse's writer runs.
              return connection.db.transaction(async (tx) => {
                await tx.execute(
                  sql`update stock_levels
                      set on_hand = on_hand + ${received}, reserved = reserved + ${reserved}
                      where product_id = ${product.id} and warehouse_id = ${warehouseId}`,
                )
                await tx.execute(sql`select pg_sleep(0.005)`)
              })
            }),
          )
          expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([])
          // After every round, not only at the end: a later writer that happens to see every
          // earlier commit would repair stale totals and hide the race.
          const { totals, sum } = await totalsAndSum(product.id)
          expect({ round, ...totals }).toEqual({ round, ...sum })
        }
      })

      const { sum } = await totalsAndSum(product.id)
      expect(sum.onHand).toBeGreaterThan(2_000)
    }, 120_000)

    test('warehouses emptied and refilled at once: the restock date is the earliest empty one', async () => {
      const next = random(20_261_203)
      const warehouses = await Promise.all([0, 1, 2].map(() => createWarehouse(database.db)))
      const product = await createProduct(database.db, {
        stock: { onHand: 5, warehouseId: warehouses[0]!.id },
      })
      await database.db.insert(stockLevels).values([
        { productId: product.id, warehouseId: warehouses[1]!.id, onHand: 5 },
        { productId: product.id, warehouseId: warehouses[2]!.id, onHand: 5 },
      ])

      await withConnections(async (connections) => {
        for (let round = 0; round < 20; round++) {
          const outcomes = await Promise.allSettled(
            connections.map((connection, i) => {
              const warehouseId = warehouses[(i + round) % warehouses.length]!.id
              const empty = next() < 0.5
              const day = 1 + Math.floor(next() * 28)
              const restockDate = `2027-01-${String(day).padStart(2, '0')}`
              return connection.db.transaction(async (tx) => {
                await tx.execute(
                  sql`update stock_levels
                      set on_hand = ${empty ? 0 : 3 + day}, reserved = 0,
                          restock_date = ${restockDate}::date
                      where product_id = ${product.id} and warehouse_id = ${warehouseId}`,
                )
                await tx.execute(sql`select pg_sleep(0.005)`)
              })
            }),
          )
          expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([])
          const { totals, sum } = await totalsAndSum(product.id)
          expect({ round, ...totals }).toEqual({ round, ...sum })
        }
        // Leave at least one warehouse empty, so the date has something to say.
        await connections[0]!.db.execute(
          sql`update stock_levels set on_hand = 0, reserved = 0, restock_date = '2027-02-01'
              where product_id = ${product.id} and warehouse_id = ${warehouses[0]!.id}`,
        )
      })

      const { totals, sum } = await totalsAndSum(product.id)
      expect(sum.restockDate).not.toBeNull()
      expect(totals).toEqual(sum)
    }, 120_000)
  },
)
