import { and, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import {
  categories,
  contractPrices,
  products,
  productStock,
  volumeBreaks,
} from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import { minorToInputValue } from '#app/utils/money'
import { inBatches, jsonb, textList } from './bulk-sql.server'
import { codeLookup } from './cell-rules'
import type { CsvCell, CsvRowError } from './csv-rules'
import {
  changedFields,
  recordEntityAudits,
  resolveCode,
  type ImportHandler,
} from './import-writes.server'
import { productColumns, productDefaults, type ProductCsvRow } from './product-csv-rules'

/** A product as the import compares and audits it: references by code, money in minor units. */
type ProductValues = {
  name: string
  description: string
  productLineId: string
  categoryId: string
  unit: string
  listPriceMinor: number
  currency: string
  active: boolean
  imageUrl: string | null
}

type ProductPlan = {
  creates: (ProductValues & { sku: string; snapshot: Record<string, unknown> })[]
  updates: (ProductValues & {
    id: string
    sku: string
    before: Record<string, unknown>
    after: Record<string, unknown>
  })[]
}

export const productImport: ImportHandler<ProductCsvRow, ProductPlan> = {
  async plan(db, rows, { lock }) {
    const [lines, categoryRows] = await Promise.all([
      db.select({ id: productLines.id, code: productLines.code }).from(productLines),
      db.select({ id: categories.id, code: categories.code }).from(categories),
    ])
    const lineOf = codeLookup(lines)
    const categoryOf = codeLookup(categoryRows)
    const lineCode = new Map(lines.map((line) => [line.id, line.code]))
    const categoryCode = new Map(categoryRows.map((category) => [category.id, category.code]))

    const existingQuery = db
      .select()
      .from(products)
      .where(sql`${products.sku} in ${textList(rows.map((row) => row.value.sku))}`)
    const existing = new Map(
      (rows.length === 0 ? [] : await (lock ? existingQuery.for('update') : existingQuery)).map(
        (product) => [product.sku, product],
      ),
    )

    const rowErrors: CsvRowError[] = []
    const plan: ProductPlan = { creates: [], updates: [] }
    let unchanged = 0
    const currencyChanges: { line: number; productId: string }[] = []
    const snapshot = (values: ProductValues, sku: string) => ({
      sku,
      name: values.name,
      description: values.description,
      productLine: lineCode.get(values.productLineId) ?? null,
      category: categoryCode.get(values.categoryId) ?? null,
      unit: values.unit,
      listPriceMinor: values.listPriceMinor,
      currency: values.currency,
      active: values.active,
      imageUrl: values.imageUrl,
    })

    for (const { line, value: row } of rows) {
      const productLine = resolveCode(
        lineOf(row.productLine),
        {
          line,
          column: 'product_line',
          code: row.productLine,
          unknown: 'imports:reasons.unknownProductLine',
        },
        rowErrors,
      )
      const category = resolveCode(
        categoryOf(row.category),
        {
          line,
          column: 'category',
          code: row.category,
          unknown: 'imports:reasons.unknownCategory',
        },
        rowErrors,
      )
      if (!productLine || !category) continue

      const current = existing.get(row.sku)
      const values: ProductValues = {
        name: row.name,
        description: row.description ?? current?.description ?? productDefaults.description,
        productLineId: productLine.id,
        categoryId: category.id,
        unit: row.unit ?? current?.unit ?? productDefaults.unit,
        listPriceMinor: row.listPriceMinor,
        currency: row.currency,
        active: row.active ?? current?.active ?? productDefaults.active,
        imageUrl:
          row.imageUrl !== undefined
            ? row.imageUrl
            : (current?.imageUrl ?? productDefaults.imageUrl),
      }
      if (!current) {
        plan.creates.push({ ...values, sku: row.sku, snapshot: snapshot(values, row.sku) })
        continue
      }
      const change = changedFields(snapshot(current, current.sku), snapshot(values, row.sku))
      if (!change) {
        unchanged += 1
        continue
      }
      if (current.currency !== values.currency) {
        currencyChanges.push({ line, productId: current.id })
      }
      plan.updates.push({ ...values, id: current.id, sku: row.sku, ...change })
    }

    // A price in the old currency would silently stop applying: refuse the change instead.
    if (currencyChanges.length > 0) {
      const ids = currencyChanges.map((change) => change.productId)
      const [contracts, breaks] = await Promise.all([
        db
          .selectDistinct({ productId: contractPrices.productId })
          .from(contractPrices)
          .where(inArray(contractPrices.productId, ids)),
        db
          .selectDistinct({ productId: volumeBreaks.productId })
          .from(volumeBreaks)
          .where(and(inArray(volumeBreaks.productId, ids), isNotNull(volumeBreaks.priceMinor))),
      ])
      const priced = new Set([...contracts, ...breaks].map((row) => row.productId))
      for (const change of currencyChanges) {
        if (priced.has(change.productId)) {
          rowErrors.push({
            line: change.line,
            column: 'currency',
            reason: 'imports:reasons.currencyInUse',
          })
        }
      }
    }

    return {
      rowErrors,
      counts: { created: plan.creates.length, updated: plan.updates.length, unchanged },
      plan,
    }
  },

  async apply(tx, plan, context) {
    const record = (values: ProductValues) => ({
      name: values.name,
      description: values.description,
      product_line_id: values.productLineId,
      category_id: values.categoryId,
      unit: values.unit,
      list_price_minor: values.listPriceMinor,
      currency: values.currency,
      active: values.active,
      image_url: values.imageUrl,
    })
    const recordType = sql`name text, description text, product_line_id uuid, category_id uuid,
      unit text, list_price_minor bigint, currency text, active boolean, image_url text`

    const created: { id: string; sku: string }[] = []
    for (const batch of inBatches(plan.creates)) {
      const rows = batch.map((product) => ({ sku: product.sku, ...record(product) }))
      created.push(
        ...(await queryRows<{ id: string; sku: string }>(
          tx,
          sql`insert into products (sku, name, description, product_line_id, category_id, unit,
                list_price_minor, currency, active, image_url)
              select r.sku, r.name, r.description, r.product_line_id, r.category_id, r.unit,
                r.list_price_minor, r.currency, r.active, r.image_url
              from jsonb_to_recordset(${jsonb(rows)}) as r(sku text, ${recordType})
              returning id, sku`,
        )),
      )
    }
    for (const batch of inBatches(plan.updates)) {
      const rows = batch.map((product) => ({ id: product.id, ...record(product) }))
      await tx.execute(sql`
        update products p set
          name = r.name, description = r.description, product_line_id = r.product_line_id,
          category_id = r.category_id, unit = r.unit, list_price_minor = r.list_price_minor,
          currency = r.currency, active = r.active, image_url = r.image_url, updated_at = now()
        from jsonb_to_recordset(${jsonb(rows)}) as r(id uuid, ${recordType})
        where p.id = r.id`)
    }

    const idOf = new Map(created.map((row) => [row.sku, row.id]))
    await recordEntityAudits(tx, context, [
      ...plan.creates.map((product) => ({
        action: 'import.product',
        entityType: 'product',
        entityId: idOf.get(product.sku)!,
        before: null,
        after: product.snapshot,
      })),
      ...plan.updates.map((product) => ({
        action: 'import.product',
        entityType: 'product',
        entityId: product.id,
        before: { sku: product.sku, ...product.before },
        after: { sku: product.sku, ...product.after },
      })),
    ])
  },
}

/** The export's header: every import column, then the stock totals for reading. */
export const productExportHeader = productColumns.map((column) => column.name)

/** Every product by SKU with its stock totals, a page at a time (keyset on the SKU index). */
export async function* productExportRows(
  db: Database,
  pageSize: number,
): AsyncGenerator<CsvCell[][]> {
  let after: string | null = null
  for (;;) {
    const page = await db
      .select({
        sku: products.sku,
        name: products.name,
        description: products.description,
        productLine: productLines.code,
        category: categories.code,
        unit: products.unit,
        listPriceMinor: products.listPriceMinor,
        currency: products.currency,
        active: products.active,
        imageUrl: products.imageUrl,
        onHand: productStock.onHand,
        reserved: productStock.reserved,
        available: productStock.available,
      })
      .from(products)
      .innerJoin(productLines, eq(productLines.id, products.productLineId))
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .leftJoin(productStock, eq(productStock.productId, products.id))
      .where(after === null ? undefined : gt(products.sku, after))
      .orderBy(products.sku)
      .limit(pageSize)
    if (page.length === 0) return
    yield page.map((product) => [
      product.sku,
      product.name,
      product.description,
      product.productLine,
      product.category,
      product.unit,
      minorToInputValue(product.listPriceMinor, product.currency),
      product.currency,
      product.active ? 'true' : 'false',
      product.imageUrl,
      product.onHand ?? 0,
      product.reserved ?? 0,
      product.available ?? 0,
    ])
    if (page.length < pageSize) return
    after = page[page.length - 1]!.sku
  }
}
