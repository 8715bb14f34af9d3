import { describe, expect, test } from 'vitest'
import { findProductList } from '#app/modules/catalog/find-product-list.server'
import { parseProductListQuery, productsPageSize } from '#app/modules/catalog/product-rules'
import {
  createCategory,
  createProduct,
  createProductLine,
  createWarehouse,
  updateCatalogSettings,
  uniqueSuffix,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

const query = (search: string) => parseProductListQuery(new URLSearchParams(search))
const skusOf = async (search: string) =>
  (await findProductList(database.db, { query: query(search) })).products.map((p) => p.sku)

/** Products of one fresh product line, so each test filters to its own rows. */
async function lineWith(
  specs: Array<{
    sku: string
    name?: string
    listPriceMinor?: number
    active?: boolean
    onHand?: number
    reserved?: number
  }>,
) {
  const line = await createProductLine(database.db)
  const category = await createCategory(database.db)
  const warehouse = await createWarehouse(database.db)
  const tag = uniqueSuffix().toUpperCase()
  const rows = []
  for (const spec of specs) {
    rows.push(
      await createProduct(database.db, {
        sku: `${spec.sku}-${tag}`,
        name: spec.name ?? `Product ${spec.sku}`,
        listPriceMinor: spec.listPriceMinor ?? 100_000,
        active: spec.active ?? true,
        productLineId: line.id,
        categoryId: category.id,
        stock:
          spec.onHand === undefined
            ? undefined
            : { onHand: spec.onHand, reserved: spec.reserved ?? 0, warehouseId: warehouse.id },
      }),
    )
  }
  return { line, category, tag, rows }
}

describe('findProductList', () => {
  test('lists active and inactive products with their stock totals; status filters either', async () => {
    const { line, tag } = await lineWith([
      { sku: 'A', onHand: 30, reserved: 12 },
      { sku: 'B', active: false },
    ])
    const result = await findProductList(database.db, { query: query(`line=${line.id}`) })
    expect(result.total).toBe(2)
    expect(result.products).toEqual([
      expect.objectContaining({
        sku: `A-${tag}`,
        active: true,
        onHand: 30,
        reserved: 12,
        available: 18,
        productLineCode: line.code,
      }),
      expect.objectContaining({ sku: `B-${tag}`, active: false, onHand: 0, available: 0 }),
    ])
    expect(await skusOf(`line=${line.id}&status=inactive`)).toEqual([`B-${tag}`])
    expect(await skusOf(`line=${line.id}&status=active`)).toEqual([`A-${tag}`])
  })

  test('search matches SKU or name, case-insensitively, with % and _ taken literally', async () => {
    const { line, tag } = await lineWith([
      { sku: 'SRV-1', name: 'Servo drive 0.4 kW' },
      { sku: 'VF-2', name: 'Inverter 100% duty' },
      { sku: 'IO_3', name: 'Digital input' },
    ])
    expect(await skusOf(`line=${line.id}&q=servo`)).toEqual([`SRV-1-${tag}`])
    expect(await skusOf(`line=${line.id}&q=vf-2`)).toEqual([`VF-2-${tag}`])
    expect(await skusOf(`line=${line.id}&q=100%25`)).toEqual([`VF-2-${tag}`])
    expect(await skusOf(`line=${line.id}&q=O_3`)).toEqual([`IO_3-${tag}`])
    expect(await skusOf(`line=${line.id}&q=O%253`)).toEqual([])
  })

  test('stock filters use the totals: out is nothing available, low is at or below the threshold', async () => {
    await updateCatalogSettings(database.db, { lowStockThreshold: 5 })
    const { line, tag } = await lineWith([
      { sku: 'OUT', onHand: 3, reserved: 3 },
      { sku: 'NONE' },
      { sku: 'LOW', onHand: 5 },
      { sku: 'OK', onHand: 6 },
    ])
    expect(await skusOf(`line=${line.id}&stock=out`)).toEqual([`NONE-${tag}`, `OUT-${tag}`])
    expect(await skusOf(`line=${line.id}&stock=low`)).toEqual([`LOW-${tag}`])
    const low = await findProductList(database.db, { query: query(`line=${line.id}&stock=low`) })
    expect(low).toMatchObject({ total: 1, lowStockThreshold: 5 })
    await updateCatalogSettings(database.db, { lowStockThreshold: 10 })
  })

  test('sorts by SKU, name, list price or available, either way', async () => {
    const { line, tag } = await lineWith([
      { sku: 'B', name: 'Zeta', listPriceMinor: 300, onHand: 1 },
      { sku: 'A', name: 'Gamma', listPriceMinor: 200, onHand: 9 },
      { sku: 'C', name: 'Alpha', listPriceMinor: 100, onHand: 5 },
    ])
    const l = `line=${line.id}`
    const t = (...skus: string[]) => skus.map((s) => `${s}-${tag}`)
    expect(await skusOf(l)).toEqual(t('A', 'B', 'C'))
    expect(await skusOf(`${l}&dir=desc`)).toEqual(t('C', 'B', 'A'))
    expect(await skusOf(`${l}&sort=name`)).toEqual(t('C', 'A', 'B'))
    expect(await skusOf(`${l}&sort=price`)).toEqual(t('C', 'A', 'B'))
    expect(await skusOf(`${l}&sort=price&dir=desc`)).toEqual(t('B', 'A', 'C'))
    expect(await skusOf(`${l}&sort=available`)).toEqual(t('B', 'C', 'A'))
  })

  test('25 a page, the count over every match, and a page past the end is empty', async () => {
    const { line, category } = await lineWith([])
    for (let i = 0; i < productsPageSize + 3; i++) {
      await createProduct(database.db, {
        sku: `PG-${String(i).padStart(2, '0')}-${uniqueSuffix().toUpperCase()}`,
        productLineId: line.id,
        categoryId: category.id,
      })
    }
    const first = await findProductList(database.db, { query: query(`line=${line.id}`) })
    expect(first).toMatchObject({ total: productsPageSize + 3, pageCount: 2, page: 1 })
    expect(first.products).toHaveLength(productsPageSize)
    const second = await findProductList(database.db, { query: query(`line=${line.id}&page=2`) })
    expect(second.products).toHaveLength(3)
    expect(second.products.map((p) => p.id)).not.toContain(first.products[0]!.id)
    const beyond = await findProductList(database.db, { query: query(`line=${line.id}&page=9`) })
    expect(beyond).toMatchObject({ products: [], total: productsPageSize + 3 })
    const byCategory = await findProductList(database.db, {
      query: query(`category=${category.id}`),
    })
    expect(byCategory.total).toBe(productsPageSize + 3)
  })
})
