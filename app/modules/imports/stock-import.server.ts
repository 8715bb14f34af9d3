import { asc, eq, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { products, stockLevels, warehouses, type StockLevel } from '#db/schema/catalog'
import { inBatches, jsonb, textList } from './bulk-sql.server'
import { codeLookup } from './cell-rules'
import type { CsvCell, CsvRowError } from './csv-rules'
import {
  changedFields,
  recordEntityAudits,
  resolveCode,
  type ImportHandler,
} from './import-writes.server'
import { stockColumns, type StockCsvRow } from './stock-csv-rules'

type StockPlan = {
  levels: {
    productId: string
    warehouseId: string
    onHand: number
    restockDate: string | null
    /** Change to on hand; a stock adjustment is written when it is not 0. */
    delta: number
    created: boolean
    before: Record<string, unknown> | null
    after: Record<string, unknown>
  }[]
}

/** The reason on every stock adjustment an import writes. */
export const stockImportReason = (fileName: string) => `CSV import ${fileName}`

export const stockImport: ImportHandler<StockCsvRow, StockPlan> = {
  async plan(db, rows, { lock }) {
    const rowErrors: CsvRowError[] = []
    const plan: StockPlan = { levels: [] }
    let unchanged = 0
    if (rows.length === 0) return { rowErrors, counts: { created: 0, updated: 0, unchanged }, plan }

    const [warehouseRows, productRows] = await Promise.all([
      db.select({ id: warehouses.id, code: warehouses.code }).from(warehouses),
      db
        .select({ id: products.id, sku: products.sku })
        .from(products)
        .where(sql`${products.sku} in ${textList([...new Set(rows.map((row) => row.value.sku))])}`),
    ])
    const warehouseOf = codeLookup(warehouseRows)
    const productOf = new Map(productRows.map((product) => [product.sku, product]))

    const resolved: {
      line: number
      row: StockCsvRow
      product: { id: string; sku: string }
      warehouse: { id: string; code: string }
    }[] = []
    for (const { line, value: row } of rows) {
      const product = productOf.get(row.sku)
      if (!product) {
        rowErrors.push({
          line,
          column: 'sku',
          reason: 'imports:reasons.unknownSku',
          params: { code: row.sku },
        })
      }
      const warehouse = resolveCode(
        warehouseOf(row.warehouseCode),
        {
          line,
          column: 'warehouse',
          code: row.warehouseCode,
          unknown: 'imports:reasons.unknownWarehouse',
        },
        rowErrors,
      )
      if (product && warehouse) resolved.push({ line, row, product, warehouse })
    }

    const levelKey = (productId: string, warehouseId: string) => `${productId}/${warehouseId}`
    const stored = new Map<string, StockLevel>()
    for (const batch of inBatches(resolved)) {
      const query = db
        .select()
        .from(stockLevels)
        .where(
          sql`(${stockLevels.productId}, ${stockLevels.warehouseId}) in (
            select r.product_id, r.warehouse_id from jsonb_to_recordset(${jsonb(
              batch.map((r) => ({ product_id: r.product.id, warehouse_id: r.warehouse.id })),
            )}) as r(product_id uuid, warehouse_id uuid))`,
        )
      for (const level of await (lock ? query.for('update') : query)) {
        stored.set(levelKey(level.productId, level.warehouseId), level)
      }
    }

    for (const { line, row, product, warehouse } of resolved) {
      // No row yet is the same as nothing on hand, nothing reserved, no restock date.
      const current = stored.get(levelKey(product.id, warehouse.id))
      const reserved = current?.reserved ?? 0
      if (row.onHand < reserved) {
        rowErrors.push({
          line,
          column: 'on_hand',
          reason: 'imports:reasons.belowReserved',
          params: { reserved },
        })
        continue
      }
      const before = { onHand: current?.onHand ?? 0, restockDate: current?.restockDate ?? null }
      const after = {
        onHand: row.onHand,
        restockDate: row.restockDate === undefined ? before.restockDate : row.restockDate,
      }
      const change = changedFields(before, after)
      if (!change) {
        unchanged += 1
        continue
      }
      const identity = { sku: product.sku, warehouse: warehouse.code }
      plan.levels.push({
        productId: product.id,
        warehouseId: warehouse.id,
        ...after,
        delta: after.onHand - before.onHand,
        created: !current,
        before: current ? { ...identity, ...change.before } : null,
        after: { ...identity, ...(current ? change.after : after) },
      })
    }
    const created = plan.levels.filter((level) => level.created).length
    return {
      rowErrors,
      counts: { created, updated: plan.levels.length - created, unchanged },
      plan,
    }
  },

  async apply(tx, plan, context) {
    for (const batch of inBatches(plan.levels)) {
      const rows = batch.map((level) => ({
        product_id: level.productId,
        warehouse_id: level.warehouseId,
        on_hand: level.onHand,
        restock_date: level.restockDate,
      }))
      // The trigger on stock_levels keeps product_stock's totals in this same transaction.
      await tx.execute(sql`
        insert into stock_levels (product_id, warehouse_id, on_hand, restock_date)
        select r.product_id, r.warehouse_id, r.on_hand, r.restock_date
        from jsonb_to_recordset(${jsonb(rows)})
          as r(product_id uuid, warehouse_id uuid, on_hand integer, restock_date date)
        on conflict (product_id, warehouse_id) do update
          set on_hand = excluded.on_hand, restock_date = excluded.restock_date, updated_at = now()`)
    }
    const adjustments = plan.levels.filter((level) => level.delta !== 0)
    for (const batch of inBatches(adjustments)) {
      const rows = batch.map((level) => ({
        product_id: level.productId,
        warehouse_id: level.warehouseId,
        delta: level.delta,
        on_hand_after: level.onHand,
      }))
      await tx.execute(sql`
        insert into stock_adjustments
          (product_id, warehouse_id, delta, on_hand_after, reason, actor_user_id)
        select r.product_id, r.warehouse_id, r.delta, r.on_hand_after,
               ${stockImportReason(context.fileName)}, ${context.actor.id}::uuid
        from jsonb_to_recordset(${jsonb(rows)})
          as r(product_id uuid, warehouse_id uuid, delta integer, on_hand_after integer)`)
    }
    await recordEntityAudits(
      tx,
      context,
      plan.levels.map((level) => ({
        action: 'import.stock_level',
        entityType: 'stock_level',
        entityId: `${level.productId}/${level.warehouseId}`,
        before: level.before,
        after: level.after,
      })),
    )
  },
}

export const stockExportHeader = stockColumns.map((column) => column.name)

type StockCursor = { sku: string; warehouse: string }

function stockPage(db: Database, after: StockCursor | null, pageSize: number) {
  return db
    .select({
      sku: products.sku,
      productName: products.name,
      warehouse: warehouses.code,
      onHand: stockLevels.onHand,
      reserved: stockLevels.reserved,
      restockDate: stockLevels.restockDate,
    })
    .from(stockLevels)
    .innerJoin(products, eq(products.id, stockLevels.productId))
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .where(
      after === null
        ? undefined
        : sql`(${products.sku}, ${warehouses.code}) > (${after.sku}, ${after.warehouse})`,
    )
    .orderBy(asc(products.sku), asc(warehouses.code))
    .limit(pageSize)
}

/** Every stock level by SKU and warehouse, a page at a time. */
export async function* stockExportRows(
  db: Database,
  pageSize: number,
): AsyncGenerator<CsvCell[][]> {
  let after: StockCursor | null = null
  for (;;) {
    const page = await stockPage(db, after, pageSize)
    if (page.length === 0) return
    yield page.map((level) => [
      level.sku,
      level.productName,
      level.warehouse,
      level.onHand,
      level.reserved,
      level.onHand - level.reserved,
      level.restockDate,
    ])
    if (page.length < pageSize) return
    const last = page[page.length - 1]!
    after = { sku: last.sku, warehouse: last.warehouse }
  }
}
