import { describe, expect, test } from 'vitest'
import { exportCsv } from '#app/modules/imports/export-csv.server'
import { importKinds } from '#app/modules/imports/import-rules'
import { auditLog } from '#db/schema/audit'
import { contractPrices, products, stockLevels } from '#db/schema/catalog'
import {
  createCategory,
  createContractPrice,
  createPartner,
  createProduct,
  createProductLine,
  createWarehouse,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { download } from './csv-files'
import { createImporter, expectStatus, importText } from './import-helpers'

const database = useTestDatabase()

/** Everything an import could change, to compare before and after. */
async function snapshot() {
  const db = database.db
  return {
    products: await db.select().from(products).orderBy(products.sku),
    contractPrices: await db.select().from(contractPrices).orderBy(contractPrices.id),
    stockLevels: await db
      .select()
      .from(stockLevels)
      .orderBy(stockLevels.productId, stockLevels.warehouseId),
    audit: await db.$count(auditLog),
  }
}

describe('export → import', () => {
  test('every kind reads back as a no-op, across page boundaries and awkward text', async () => {
    const db = database.db
    const line = await createProductLine(db, { code: 'PLC' })
    const category = await createCategory(db, { code: 'controllers' })
    const [sh, sz] = [
      await createWarehouse(db, { code: 'SH', name: 'Shanghai' }),
      await createWarehouse(db, { code: 'SZ', name: 'Shenzhen' }),
    ]
    const common = { productLineId: line.id, categoryId: category.id }
    const awkward = [
      await createProduct(db, { ...common, sku: 'IMP-RT-1', name: '4.3" touch panel, 480 × 272' }),
      await createProduct(db, {
        ...common,
        sku: 'IMP-RT-2',
        name: '伺服驱动器，0.4 kW',
        description: 'Line one\nLine two, with "quotes"',
        unit: '台',
        imageUrl: 'https://cdn.example/a b.png',
        stock: { onHand: 5, reserved: 5, warehouseId: sh.id, restockDate: '2026-10-01' },
      }),
      await createProduct(db, {
        ...common,
        sku: 'IMP-RT-3',
        name: '=HYPERLINK("http://evil.example")',
        description: '- 24 V DC\n- IP67',
        active: false,
        listPriceMinor: 0,
        stock: { onHand: 12, warehouseId: sz.id },
      }),
      await createProduct(db, {
        ...common,
        sku: 'IMP-RT-4',
        currency: 'JPY',
        listPriceMinor: 1500,
      }),
      await createProduct(db, { ...common, sku: 'IMP-RT-5', listPriceMinor: 123_456_789_01 }),
    ]
    const partner = await createPartner(db, { code: 'P-0042', name: 'Lakeside, "Quoted" Ltd.' })
    await createContractPrice(db, {
      partnerId: partner.id,
      productId: awkward[0]!.id,
      priceMinor: 99_950,
      validFrom: '2026-01-01',
      validTo: '2026-06-30',
    })
    await createContractPrice(db, {
      partnerId: partner.id,
      productId: awkward[0]!.id,
      priceMinor: 95_000,
      validFrom: '2026-07-01',
    })
    await createContractPrice(db, {
      partnerId: partner.id,
      productId: awkward[3]!.id,
      priceMinor: 1_200,
      currency: 'JPY',
      validFrom: '2026-01-01',
    })
    const actor = await createImporter(db)
    const before = await snapshot()

    for (const kind of importKinds) {
      const file = exportCsv(db, { kind, pageSize: 2 })
      const bytes = await download(file.chunks)
      const report = await importText(db, { actor, kind, bytes, fileName: file.fileName })
      expectStatus(report, 'imported')
      expect(report, kind).toMatchObject({ created: 0, updated: 0 })
      expect(report.unchanged, kind).toBe(report.rows)
      expect(report.rows, kind).toBe({ products: 5, contract_prices: 3, stock: 2 }[kind])
    }
    expect(await snapshot()).toEqual(before)
  })

  test('the products export: BOM, CRLF, quoted where needed, stock totals, formulas neutralised', async () => {
    const db = database.db
    const file = exportCsv(db, { kind: 'products', now: new Date('2026-03-01T02:00:00Z') })
    expect(file.fileName).toBe('products-2026-03-01.csv')
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await download(file.chunks))
    const lines = text.split('\r\n')
    expect(
      text.startsWith(
        '\uFEFFsku,name,description,product_line,category,unit,list_price,currency,active,image_url,on_hand,reserved,available\r\n',
      ),
    ).toBe(true)
    expect(lines).toContain(
      'IMP-RT-1,"4.3"" touch panel, 480 × 272",,PLC,controllers,pcs,1000.00,CNY,true,,0,0,0',
    )
    expect(text).toContain(
      'IMP-RT-3,"\'=HYPERLINK(""http://evil.example"")","\'- 24 V DC\n- IP67",PLC,controllers,pcs,0.00,CNY,false,,12,0,12',
    )
    expect(lines.find((l) => l.startsWith('IMP-RT-4,'))).toMatch(/,1500,JPY,true,/)
  })

  test('the stock export lists each warehouse with reserved and available', async () => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await download(exportCsv(database.db, { kind: 'stock' }).chunks),
    )
    expect(text.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFsku,product_name,warehouse,on_hand,reserved,available,restock_date',
      'IMP-RT-2,伺服驱动器，0.4 kW,SH,5,5,0,2026-10-01',
      'IMP-RT-3,"\'=HYPERLINK(""http://evil.example"")",SZ,12,0,12,',
    ])
  })
})
