import { sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { csvLimits } from '#app/modules/imports/csv-rules'
import {
  createCategory,
  createContractPrice,
  createPartner,
  createProduct,
  createProductLine,
  uniqueSuffix,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { csv, encodeGb18030 } from './csv-files'
import {
  createImporter,
  expectStatus,
  importAuditsBy,
  importText,
  productBySku,
  productsLike,
} from './import-helpers'

const database = useTestDatabase()

const header = ['sku', 'name', 'product_line', 'category', 'list_price', 'currency']

/** A product line and a category with readable codes, and a SKU prefix of this test's own. */
async function catalog() {
  const suffix = uniqueSuffix().toUpperCase()
  const line = await createProductLine(database.db, { code: `L${suffix}` })
  const category = await createCategory(database.db, { code: `c${suffix}`.toLowerCase() })
  return { line, category, prefix: `IMP-${suffix}-` }
}

describe('product import', () => {
  test('a file with one bad row changes nothing and names that row', async () => {
    const { line, category, prefix } = await catalog()
    const actor = await createImporter(database.db)
    const existing = await createProduct(database.db, {
      sku: `${prefix}OLD`,
      name: 'Old name',
      productLineId: line.id,
      categoryId: category.id,
    })
    const report = await importText(database.db, {
      actor,
      kind: 'products',
      text: csv([
        header,
        [`${prefix}1`, 'Servo drive', line.code, category.code, '1200.00', 'CNY'],
        [existing.sku, 'New name', line.code, category.code, '99.00', 'CNY'],
        [`${prefix}3`, 'Gripper', line.code, 'no-such-category', '10', 'CNY'],
        [`${prefix}4`, 'Sensor', line.code, category.code, '5', 'CNY'],
      ]),
    })

    expectStatus(report, 'row_errors')
    expect(report).toMatchObject({ rows: 4, errorCount: 1, badRowCount: 1 })
    expect(report.errors).toEqual([
      {
        line: 4,
        column: 'category',
        reason: 'imports:reasons.unknownCategory',
        params: { code: 'no-such-category' },
      },
    ])
    expect((await productsLike(database.db, prefix)).map((p) => [p.sku, p.name])).toEqual([
      [existing.sku, 'Old name'],
    ])
    expect(await importAuditsBy(database.db, actor.id)).toEqual([])
  })

  test('creates new SKUs, updates changed ones, leaves equal ones; absent columns keep values', async () => {
    const { line, category, prefix } = await catalog()
    const otherLine = await createProductLine(database.db)
    const actor = await createImporter(database.db)
    const changed = await createProduct(database.db, {
      sku: `${prefix}CHANGED`,
      name: 'Compact PLC',
      description: 'Kept: not in the file',
      unit: 'set',
      imageUrl: '/images/plc.png',
      listPriceMinor: 100_000,
      productLineId: line.id,
      categoryId: category.id,
    })
    const same = await createProduct(database.db, {
      sku: `${prefix}SAME`,
      name: 'Same',
      listPriceMinor: 5_000,
      productLineId: line.id,
      categoryId: category.id,
    })

    const report = await importText(database.db, {
      actor,
      kind: 'products',
      fileName: 'C:\\Users\\admin\\Desktop\\prices march.csv',
      text: csv([
        [...header, 'active'],
        // Lower case and padded: the stored SKU is matched, codes ignore case.
        [
          ` ${changed.sku.toLowerCase()} `,
          'Compact PLC',
          otherLine.code.toLowerCase(),
          category.code,
          '1,250.50',
          'cny',
          'no',
        ],
        [same.sku, 'Same', line.code, category.code, '50', 'CNY', ''],
        [`${prefix}NEW`, 'New servo', line.code, category.code, '0.99', 'CNY', 'yes'],
      ]),
    })

    expectStatus(report, 'imported')
    expect(report).toMatchObject({
      fileName: 'prices march.csv',
      rows: 3,
      created: 1,
      updated: 1,
      unchanged: 1,
    })
    expect(await productBySku(database.db, changed.sku)).toMatchObject({
      name: 'Compact PLC',
      description: 'Kept: not in the file',
      unit: 'set',
      imageUrl: '/images/plc.png',
      productLineId: otherLine.id,
      listPriceMinor: 125_050,
      active: false,
    })
    expect(await productBySku(database.db, `${prefix}NEW`)).toMatchObject({
      name: 'New servo',
      description: '',
      unit: 'pcs',
      listPriceMinor: 99,
      currency: 'CNY',
      active: true,
      imageUrl: null,
    })
    const sameAfter = await productBySku(database.db, same.sku)
    expect(sameAfter?.updatedAt).toEqual(same.updatedAt)

    // One summary row, one row per product written; an update keeps only what changed.
    const audits = await importAuditsBy(database.db, actor.id)
    const summary = audits.find((a) => a.action === 'import.products')
    expect(summary).toMatchObject({
      entityType: 'import',
      after: {
        kind: 'products',
        fileName: 'prices march.csv',
        encoding: 'utf-8',
        rows: 3,
        created: 1,
        updated: 1,
        unchanged: 1,
      },
    })
    const perProduct = audits.filter((a) => a.action === 'import.product')
    expect(perProduct).toHaveLength(2)
    expect(perProduct.find((a) => a.entityId === changed.id)).toMatchObject({
      before: { sku: changed.sku, productLine: line.code, listPriceMinor: 100_000, active: true },
      after: {
        sku: changed.sku,
        productLine: otherLine.code,
        listPriceMinor: 125_050,
        active: false,
      },
    })
    expect(perProduct.find((a) => a.entityId !== changed.id)).toMatchObject({
      before: null,
      after: { sku: `${prefix}NEW`, name: 'New servo', category: category.code },
    })
  })

  test('a SKU twice in the file is an error naming both lines; unknown codes are row errors', async () => {
    const { line, category, prefix } = await catalog()
    const actor = await createImporter(database.db)
    const report = await importText(database.db, {
      actor,
      kind: 'products',
      text: csv([
        header,
        [`${prefix}A`, 'One', line.code, category.code, '1', 'CNY'],
        [`${prefix}B`, 'Two', 'NOPE', category.code, '1', 'CNY'],
        [`${prefix}a`, 'Three', line.code, category.code, '1', 'CNY'],
      ]),
    })
    expectStatus(report, 'row_errors')
    expect(report.errors).toEqual([
      {
        line: 3,
        column: 'product_line',
        reason: 'imports:reasons.unknownProductLine',
        params: { code: 'NOPE' },
      },
      {
        line: 4,
        column: 'sku',
        reason: 'imports:reasons.duplicateSku',
        params: { line: 2, key: `${prefix}A` },
      },
    ])
    expect(await productsLike(database.db, prefix)).toEqual([])
  })

  test('the currency of a product with contract prices cannot change', async () => {
    const { line, category, prefix } = await catalog()
    const actor = await createImporter(database.db)
    const product = await createProduct(database.db, {
      sku: `${prefix}CP`,
      productLineId: line.id,
      categoryId: category.id,
    })
    const partner = await createPartner(database.db)
    await createContractPrice(database.db, {
      partnerId: partner.id,
      productId: product.id,
      priceMinor: 1,
    })
    const report = await importText(database.db, {
      actor,
      kind: 'products',
      text: csv([header, [product.sku, product.name, line.code, category.code, '10', 'USD']]),
    })
    expectStatus(report, 'row_errors')
    expect(report.errors).toEqual([
      { line: 2, column: 'currency', reason: 'imports:reasons.currencyInUse' },
    ])
  })

  test('validate only reports what would change and writes nothing', async () => {
    const { line, category, prefix } = await catalog()
    const actor = await createImporter(database.db)
    const report = await importText(database.db, {
      actor,
      kind: 'products',
      dryRun: true,
      text: csv([header, [`${prefix}DRY`, 'Dry run', line.code, category.code, '1', 'CNY']]),
    })
    expectStatus(report, 'valid')
    expect(report).toMatchObject({ created: 1, updated: 0, unchanged: 0 })
    expect(await productsLike(database.db, prefix)).toEqual([])
    expect(await importAuditsBy(database.db, actor.id)).toEqual([])
  })

  test('a GB18030 file from Chinese Excel, with Chinese headers and names, imports correctly', async () => {
    const { line, category, prefix } = await catalog()
    const actor = await createImporter(database.db)
    const text = csv([
      ['物料编码', '产品名称', '描述', '产品线', '类别', '单位', '列表价', '币种', '启用'],
      [
        `${prefix}ZH1`,
        '伺服驱动器 0.4 kW',
        '适用于“包装机”，带 STO',
        line.code,
        category.code,
        '台',
        '3,200.00',
        'CNY',
        '是',
      ],
      [
        `${prefix}ZH2`,
        '光电传感器（漫反射）',
        '',
        line.code,
        category.code,
        '个',
        '245',
        'CNY',
        '否',
      ],
    ])
    const report = await importText(database.db, {
      actor,
      kind: 'products',
      bytes: encodeGb18030(text),
    })
    expectStatus(report, 'imported')
    expect(report).toMatchObject({ encoding: 'gb18030', created: 2 })
    expect(
      (await productsLike(database.db, prefix)).map((p) => [
        p.name,
        p.description,
        p.unit,
        p.listPriceMinor,
        p.active,
      ]),
    ).toEqual([
      ['伺服驱动器 0.4 kW', '适用于“包装机”，带 STO', '台', 320_000, true],
      ['光电传感器（漫反射）', '', '个', 24_500, false],
    ])
  })

  test(`every bad row is reported: the first ${csvLimits.maxErrorsShown} shown, with the total`, async () => {
    const { line, prefix } = await catalog()
    const actor = await createImporter(database.db)
    const rows = Array.from({ length: 250 }, (_, i) => [
      `${prefix}${i}`,
      `P${i}`,
      line.code,
      'none',
      '1',
      'CNY',
    ])
    const report = await importText(database.db, {
      actor,
      kind: 'products',
      text: csv([header, ...rows]),
    })
    expectStatus(report, 'row_errors')
    expect(report.errorCount).toBe(250)
    expect(report.badRowCount).toBe(250)
    expect(report.errors).toHaveLength(csvLimits.maxErrorsShown)
    expect(report.errors[0]!.line).toBe(2)
    expect(report.errors.at(-1)!.line).toBe(csvLimits.maxErrorsShown + 1)
  })
})

describe('10 000 products', { timeout: 180_000 }, () => {
  const tenThousand = (prefix: string, lineCode: string, categoryCode: string) =>
    csv([
      [...header, 'description'],
      ...Array.from({ length: 10_000 }, (_, i) => {
        const n = String(i).padStart(5, '0')
        return [
          `${prefix}${n}`,
          `Imported product ${n}`,
          lineCode,
          categoryCode,
          `${i}.50`,
          'CNY',
          `Row ${i}`,
        ]
      }),
    ])

  test('import in one transaction, every row written', async () => {
    const { line, category, prefix } = await catalog()
    const actor = await createImporter(database.db)
    const text = tenThousand(prefix, line.code, category.code)
    const report = await importText(database.db, { actor, kind: 'products', text })
    expectStatus(report, 'imported')
    expect(report).toMatchObject({ rows: 10_000, created: 10_000, updated: 0, unchanged: 0 })

    const stored = await productsLike(database.db, prefix)
    expect(stored).toHaveLength(10_000)
    stored.forEach((product, i) => {
      const n = String(i).padStart(5, '0')
      expect(product).toMatchObject({
        sku: `${prefix}${n}`,
        name: `Imported product ${n}`,
        description: `Row ${i}`,
        listPriceMinor: i * 100 + 50,
        productLineId: line.id,
      })
    })
    // One transaction: every row carries the same transaction timestamp.
    expect(new Set(stored.map((p) => p.createdAt.getTime())).size).toBe(1)
    const audits = await importAuditsBy(database.db, actor.id)
    expect(audits.filter((a) => a.action === 'import.product')).toHaveLength(10_000)
    expect(audits.filter((a) => a.action === 'import.products')).toHaveLength(1)

    // Read back unchanged: nothing is written, not even an audit row.
    const again = await importText(database.db, { actor, kind: 'products', text })
    expect(again).toMatchObject({ status: 'imported', created: 0, updated: 0, unchanged: 10_000 })
    expect(await importAuditsBy(database.db, actor.id)).toHaveLength(10_001)
  })

  test('a failure in the last batch rolls back every row written before it', async () => {
    const { line, category, prefix } = await catalog()
    const actor = await createImporter(database.db)
    const lastSku = `${prefix}09999`
    // Stands in for anything that fails mid-write (a lost connection, a constraint).
    await database.db.execute(
      sql.raw(`
      create or replace function import_test_fail() returns trigger language plpgsql as $$
      begin
        if new.sku = '${lastSku}' then raise exception 'simulated failure at %', new.sku; end if;
        return new;
      end $$`),
    )
    await database.db.execute(
      sql.raw(`
      create trigger import_test_fail before insert on products
        for each row execute function import_test_fail()`),
    )
    try {
      await expect(
        importText(database.db, {
          actor,
          kind: 'products',
          text: tenThousand(prefix, line.code, category.code),
        }),
      ).rejects.toThrow()
    } finally {
      await database.db.execute(sql.raw('drop trigger import_test_fail on products'))
    }
    expect(await productsLike(database.db, prefix)).toEqual([])
    expect(await importAuditsBy(database.db, actor.id)).toEqual([])
  })
})
