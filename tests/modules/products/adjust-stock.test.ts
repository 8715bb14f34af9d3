import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { adjustStock } from '#app/modules/catalog/adjust-stock.server'
import type { StockAdjustmentFormData } from '#app/modules/catalog/stock-adjustment-rules'
import { openDatabase } from '#db/client.server'
import { productStock, stockAdjustments, stockLevels } from '#db/schema/catalog'
import { createProduct, createVendorStaff, createWarehouse } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { auditOf, failureOf } from './helpers'

const database = useTestDatabase()
/** 2026-03-10 12:00 in Shanghai. */
const now = new Date('2026-03-10T04:00:00Z')

async function admin() {
  const user = await createVendorStaff(database.db, { role: 'admin' })
  return { id: user.id, email: user.email }
}

const change = (
  warehouseId: string,
  delta: number,
  overrides: Partial<StockAdjustmentFormData> = {},
): StockAdjustmentFormData => ({
  warehouseId,
  change: delta,
  reason: delta > 0 ? 'Received PO 4711' : 'Damaged in transit',
  restockDate: null,
  ...overrides,
})

async function levelOf(productId: string, warehouseId: string) {
  const [row] = await database.db
    .select()
    .from(stockLevels)
    .where(and(eq(stockLevels.productId, productId), eq(stockLevels.warehouseId, warehouseId)))
  return row
}

async function totalsOf(productId: string) {
  const [row] = await database.db
    .select()
    .from(productStock)
    .where(eq(productStock.productId, productId))
  return row!
}

describe('adjustStock', () => {
  test('receiving into a warehouse that never held the product creates its row, the adjustment and the audit', async () => {
    const actor = await admin()
    const product = await createProduct(database.db)
    const warehouse = await createWarehouse(database.db)

    const result = await adjustStock(database.db, {
      actor,
      productId: product.id,
      input: change(warehouse.id, 40),
      now,
      ip: '10.0.0.9',
    })

    expect(result).toMatchObject({ sku: product.sku, warehouseCode: warehouse.code, onHand: 40 })
    expect(await levelOf(product.id, warehouse.id)).toMatchObject({ onHand: 40, reserved: 0 })
    expect(await totalsOf(product.id)).toMatchObject({ onHand: 40, available: 40 })
    const adjustments = await database.db
      .select()
      .from(stockAdjustments)
      .where(eq(stockAdjustments.productId, product.id))
    expect(adjustments).toEqual([
      expect.objectContaining({
        warehouseId: warehouse.id,
        delta: 40,
        onHandAfter: 40,
        reason: 'Received PO 4711',
        actorUserId: actor.id,
      }),
    ])
    const [audit] = await auditOf(database.db, product.id)
    expect(audit).toMatchObject({
      action: 'stock.adjusted',
      entityType: 'product',
      ip: '10.0.0.9',
      before: { onHand: 0 },
      after: { warehouse: warehouse.code, delta: 40, onHand: 40, reason: 'Received PO 4711' },
    })
  })

  test('a write-off cannot take on hand below what orders have reserved; nothing changes', async () => {
    const warehouse = await createWarehouse(database.db)
    const product = await createProduct(database.db, {
      stock: { onHand: 10, reserved: 4, warehouseId: warehouse.id },
    })

    const error = await failureOf(
      adjustStock(database.db, {
        actor: await admin(),
        productId: product.id,
        input: change(warehouse.id, -7),
        now,
      }),
    )

    expect(error).toMatchObject({
      field: 'change',
      userMessage: 'products:stock.validation.belowReserved',
      params: { onHand: 10, reserved: 4, max: 6 },
    })
    expect(await levelOf(product.id, warehouse.id)).toMatchObject({ onHand: 10, reserved: 4 })
    expect(
      await database.db.$count(stockAdjustments, eq(stockAdjustments.productId, product.id)),
    ).toBe(0)
    expect(await auditOf(database.db, product.id)).toEqual([])

    // Exactly down to the reservation is fine.
    await adjustStock(database.db, {
      actor: await admin(),
      productId: product.id,
      input: change(warehouse.id, -6),
      now,
    })
    expect(await levelOf(product.id, warehouse.id)).toMatchObject({ onHand: 4, reserved: 4 })
    expect(await totalsOf(product.id)).toMatchObject({ onHand: 4, reserved: 4, available: 0 })
  })

  test('nothing reserved: a write-off cannot go below zero, even where no stock row exists yet', async () => {
    const product = await createProduct(database.db)
    const warehouse = await createWarehouse(database.db)
    const error = await failureOf(
      adjustStock(database.db, {
        actor: await admin(),
        productId: product.id,
        input: change(warehouse.id, -1),
        now,
      }),
    )
    expect(error).toMatchObject({
      field: 'change',
      userMessage: 'products:stock.validation.belowZero',
      params: { onHand: 0 },
    })
    // The row the adjustment created for itself went with the refused transaction.
    expect(await levelOf(product.id, warehouse.id)).toBeUndefined()
  })

  test('the restock date is set with the adjustment, may be moved alone, and never into the past', async () => {
    const warehouse = await createWarehouse(database.db)
    const product = await createProduct(database.db, {
      stock: { onHand: 0, warehouseId: warehouse.id },
    })
    const actor = await admin()

    await adjustStock(database.db, {
      actor,
      productId: product.id,
      input: change(warehouse.id, 0, { restockDate: '2026-04-01', reason: 'Supplier confirmed' }),
      now,
    })
    expect(await levelOf(product.id, warehouse.id)).toMatchObject({ restockDate: '2026-04-01' })
    expect(await totalsOf(product.id)).toMatchObject({ restockDate: '2026-04-01' })

    const past = await failureOf(
      adjustStock(database.db, {
        actor,
        productId: product.id,
        input: change(warehouse.id, 5, { restockDate: '2026-03-09' }),
        now,
      }),
    )
    expect(past).toMatchObject({
      field: 'restockDate',
      userMessage: 'products:stock.validation.restockPast',
    })

    const nothing = await failureOf(
      adjustStock(database.db, {
        actor,
        productId: product.id,
        input: change(warehouse.id, 0, { restockDate: '2026-04-01' }),
        now,
      }),
    )
    expect(nothing).toMatchObject({
      field: 'change',
      userMessage: 'products:stock.validation.nothingToChange',
    })
  })

  test('an unknown warehouse is a field error and an unknown product is not found', async () => {
    const product = await createProduct(database.db)
    const warehouse = await createWarehouse(database.db)
    const noWarehouse = await failureOf(
      adjustStock(database.db, {
        actor: await admin(),
        productId: product.id,
        input: change('00000000-0000-4000-8000-00000000f00d', 5),
        now,
      }),
    )
    expect(noWarehouse).toMatchObject({ field: 'warehouseId' })
    for (const productId of ['00000000-0000-4000-8000-00000000f00d', 'SKU-1']) {
      const noProduct = await failureOf(
        adjustStock(database.db, {
          actor: await admin(),
          productId,
          input: change(warehouse.id, 5),
          now,
        }),
      )
      expect(noProduct.code).toBe('not_found')
    }
  })

  test('the CHECK constraints hold even when a write skips the module', async () => {
    const warehouse = await createWarehouse(database.db)
    const product = await createProduct(database.db, {
      stock: { onHand: 5, reserved: 5, warehouseId: warehouse.id },
    })
    await expect(
      database.db
        .update(stockLevels)
        .set({ onHand: 4 })
        .where(eq(stockLevels.productId, product.id)),
    ).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23514' }) })
  })
})

describe.runIf(process.env.TEST_DATABASE_URL)(
  'adjustStock under real concurrency (PostgreSQL)',
  () => {
    const parallel = 16

    test('16 connections adjusting one warehouse at once: no update is lost', async () => {
      const actor = await admin()
      const warehouse = await createWarehouse(database.db)
      const product = await createProduct(database.db, {
        stock: { onHand: 100, reserved: 0, warehouseId: warehouse.id },
      })
      const connections = await Promise.all(
        Array.from({ length: parallel }, () => openDatabase({ url: database.url!, poolMax: 1 })),
      )
      try {
        // Every connection receives 3 and writes off 1, five times over: +10 each.
        for (let round = 0; round < 5; round++) {
          const outcomes = await Promise.allSettled(
            connections.flatMap((c) => [
              adjustStock(c.db, {
                actor,
                productId: product.id,
                input: change(warehouse.id, 3),
                now,
              }),
              adjustStock(c.db, {
                actor,
                productId: product.id,
                input: change(warehouse.id, -1),
                now,
              }),
            ]),
          )
          expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([])
        }
        const expected = 100 + parallel * 5 * 2
        expect(await levelOf(product.id, warehouse.id)).toMatchObject({ onHand: expected })
        expect(await totalsOf(product.id)).toMatchObject({ onHand: expected, available: expected })
        const history = await database.db
          .select({ delta: stockAdjustments.delta, onHandAfter: stockAdjustments.onHandAfter })
          .from(stockAdjustments)
          .where(eq(stockAdjustments.productId, product.id))
          .orderBy(asc(stockAdjustments.id))
        expect(history).toHaveLength(parallel * 5 * 2)
        // The rows replay as one chain: each onHandAfter is the previous one plus its delta.
        let running = 100
        for (const row of history) {
          running += row.delta
          expect(row.onHandAfter).toBe(running)
        }
      } finally {
        await Promise.all(connections.map((c) => c.close()))
      }
    }, 120_000)

    test('racing write-offs stop exactly at the reservation, never below it', async () => {
      const actor = await admin()
      const warehouse = await createWarehouse(database.db)
      const product = await createProduct(database.db, {
        stock: { onHand: 10, reserved: 4, warehouseId: warehouse.id },
      })
      const connections = await Promise.all(
        Array.from({ length: parallel }, () => openDatabase({ url: database.url!, poolMax: 1 })),
      )
      try {
        const outcomes = await Promise.allSettled(
          connections.map((c) =>
            adjustStock(c.db, {
              actor,
              productId: product.id,
              input: change(warehouse.id, -1),
              now,
            }),
          ),
        )
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(6)
        const refused = outcomes.filter((o) => o.status === 'rejected')
        expect(
          refused.map((r) => (r as PromiseRejectedResult).reason.userMessage as string),
        ).toEqual(Array(parallel - 6).fill('products:stock.validation.belowReserved'))
        expect(await levelOf(product.id, warehouse.id)).toMatchObject({ onHand: 4, reserved: 4 })
      } finally {
        await Promise.all(connections.map((c) => c.close()))
      }
    }, 120_000)

    test('first adjustments racing into warehouses with no row, and across warehouses: totals stay the sum', async () => {
      const actor = await admin()
      const product = await createProduct(database.db)
      const warehouses = await Promise.all([1, 2, 3, 4].map(() => createWarehouse(database.db)))
      const connections = await Promise.all(
        Array.from({ length: parallel }, () => openDatabase({ url: database.url!, poolMax: 1 })),
      )
      try {
        const outcomes = await Promise.allSettled(
          connections.map((c, i) =>
            adjustStock(c.db, {
              actor,
              productId: product.id,
              input: change(warehouses[i % warehouses.length]!.id, i + 1),
              now,
            }),
          ),
        )
        expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([])
        const levels = await database.db
          .select()
          .from(stockLevels)
          .where(eq(stockLevels.productId, product.id))
        expect(levels).toHaveLength(warehouses.length)
        const sum = levels.reduce((total, level) => total + level.onHand, 0)
        expect(sum).toBe((parallel * (parallel + 1)) / 2)
        expect(await totalsOf(product.id)).toMatchObject({ onHand: sum, available: sum })
      } finally {
        await Promise.all(connections.map((c) => c.close()))
      }
    }, 120_000)
  },
)
