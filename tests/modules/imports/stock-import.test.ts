import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { productStock, stockAdjustments, stockLevels } from '#db/schema/catalog'
import { createProduct, createWarehouse, uniqueSuffix } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { csv } from './csv-files'
import { createImporter, expectStatus, importAuditsBy, importText } from './import-helpers'

const database = useTestDatabase()

async function setting() {
  const suffix = uniqueSuffix().toUpperCase()
  const main = await createWarehouse(database.db, { code: `SH-${suffix}` })
  const second = await createWarehouse(database.db, { code: `SZ-${suffix}` })
  const product = await createProduct(database.db, {
    sku: `IMP-ST-${suffix}`,
    stock: { onHand: 10, reserved: 4, warehouseId: main.id, restockDate: '2026-09-01' },
  })
  const actor = await createImporter(database.db)
  return { main, second, product, actor }
}

const levelsOf = (productId: string) =>
  database.db
    .select({
      warehouseId: stockLevels.warehouseId,
      onHand: stockLevels.onHand,
      reserved: stockLevels.reserved,
      restockDate: stockLevels.restockDate,
    })
    .from(stockLevels)
    .where(eq(stockLevels.productId, productId))

const adjustmentsOf = (productId: string) =>
  database.db
    .select({
      warehouseId: stockAdjustments.warehouseId,
      delta: stockAdjustments.delta,
      onHandAfter: stockAdjustments.onHandAfter,
      reason: stockAdjustments.reason,
      actorUserId: stockAdjustments.actorUserId,
    })
    .from(stockAdjustments)
    .where(eq(stockAdjustments.productId, productId))

describe('stock import', () => {
  test('sets on hand, writes an adjustment per changed level, and the totals follow', async () => {
    const { main, second, product, actor } = await setting()
    const report = await importText(database.db, {
      actor,
      kind: 'stock',
      fileName: 'count-2026-03.csv',
      text: csv([
        ['sku', 'warehouse', 'on_hand'],
        [product.sku, main.code.toLowerCase(), '25'],
        [product.sku, second.code, '1,200'],
      ]),
    })
    expectStatus(report, 'imported')
    expect(report).toMatchObject({ created: 1, updated: 1, unchanged: 0 })
    expect(await levelsOf(product.id)).toEqual(
      expect.arrayContaining([
        // Without a restock_date column the date stays as it was.
        { warehouseId: main.id, onHand: 25, reserved: 4, restockDate: '2026-09-01' },
        { warehouseId: second.id, onHand: 1200, reserved: 0, restockDate: null },
      ]),
    )
    expect(await adjustmentsOf(product.id)).toEqual(
      expect.arrayContaining([
        {
          warehouseId: main.id,
          delta: 15,
          onHandAfter: 25,
          reason: 'CSV import count-2026-03.csv',
          actorUserId: actor.id,
        },
        {
          warehouseId: second.id,
          delta: 1200,
          onHandAfter: 1200,
          reason: 'CSV import count-2026-03.csv',
          actorUserId: actor.id,
        },
      ]),
    )
    const [totals] = await database.db
      .select()
      .from(productStock)
      .where(eq(productStock.productId, product.id))
    expect(totals).toMatchObject({ onHand: 1225, reserved: 4, available: 1221 })
    const audits = await importAuditsBy(database.db, actor.id)
    expect(audits.map((a) => a.action).sort()).toEqual([
      'import.stock',
      'import.stock_level',
      'import.stock_level',
    ])
  })

  test('on hand below reserved is a row error; nothing changes', async () => {
    const { main, second, product, actor } = await setting()
    const report = await importText(database.db, {
      actor,
      kind: 'stock',
      text: csv([
        ['sku', 'warehouse', 'on_hand', 'restock_date'],
        [product.sku, second.code, '7', ''],
        [product.sku, main.code, '3', ''],
        ['IMP-NOPE', 'NOWHERE', '-1', 'soon'],
      ]),
    })
    expectStatus(report, 'row_errors')
    expect(report.errors.map((e) => [e.line, e.column, e.reason, e.params])).toEqual([
      [3, 'on_hand', 'imports:reasons.belowReserved', { reserved: 4 }],
      [4, 'on_hand', 'imports:reasons.count', undefined],
      [4, 'restock_date', 'imports:reasons.date', undefined],
    ])
    expect(await levelsOf(product.id)).toEqual([
      { warehouseId: main.id, onHand: 10, reserved: 4, restockDate: '2026-09-01' },
    ])
    expect(await adjustmentsOf(product.id)).toEqual([])
  })

  test('a restock date alone changes no count: no adjustment; an empty date clears it', async () => {
    const { main, product, actor } = await setting()
    const report = await importText(database.db, {
      actor,
      kind: 'stock',
      text: csv([
        ['sku', 'warehouse', 'on_hand', 'restock_date'],
        [product.sku, main.code, '10', ''],
      ]),
    })
    expectStatus(report, 'imported')
    expect(report).toMatchObject({ created: 0, updated: 1 })
    const [level] = await database.db
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.productId, product.id), eq(stockLevels.warehouseId, main.id)))
    expect(level).toMatchObject({ onHand: 10, restockDate: null })
    expect(await adjustmentsOf(product.id)).toEqual([])
  })

  test('a SKU and warehouse twice in the file names the first line', async () => {
    const { main, product, actor } = await setting()
    const report = await importText(database.db, {
      actor,
      kind: 'stock',
      text: csv([
        ['sku', 'warehouse', 'on_hand'],
        [product.sku, main.code, '10'],
        [product.sku, main.code, '11'],
      ]),
    })
    expectStatus(report, 'row_errors')
    expect(report.errors).toEqual([
      {
        line: 3,
        column: 'warehouse',
        reason: 'imports:reasons.duplicateStock',
        params: { line: 2, key: expect.any(String) },
      },
    ])
  })
})
