import { expect, test } from 'vitest'
import { products } from '#db/schema/catalog'
import { parseCatalogQuery } from '#app/modules/catalog/catalog-query-rules'
import { exportCatalogCsv } from '#app/modules/catalog/export-catalog-csv.server'
import {
  createCategory,
  createPartner,
  createProductLine,
  createTierDiscount,
  uniqueSuffix,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { today } from './catalog-helpers'

const database = useTestDatabase()

async function text(chunks: AsyncIterable<string>) {
  let all = ''
  for await (const chunk of chunks) all += chunk
  return all
}

test('exports past one batch in the page’s order, and stops at the row limit', async () => {
  const db = database.db
  const line = await createProductLine(db)
  const category = await createCategory(db)
  const partner = await createPartner(db, { tier: 'silver' })
  await createTierDiscount(db, { tier: 'silver', productLineId: line.id, discountBps: 2000 })
  const tag = uniqueSuffix().toUpperCase()
  const count = 1_050
  await db.insert(products).values(
    Array.from({ length: count }, (_, i) => ({
      sku: `BULK-${tag}-${String(i).padStart(4, '0')}`,
      name: `Bulk item ${String(count - i).padStart(4, '0')}`,
      productLineId: line.id,
      categoryId: category.id,
      listPriceMinor: 10_000 + i,
    })),
  )
  const actor = {
    userId: partner.id,
    email: 'nobody@example.test',
    partnerId: partner.id,
    partnerCode: partner.code,
    tier: partner.tier,
  }
  const query = parseCatalogQuery(
    new URLSearchParams({ line: line.id, sort: 'price', dir: 'desc' }),
  )
  const file = await exportCatalogCsv(db, { actor, query, date: today, locale: 'en' })
  const rows = (await text(file.chunks)).trimEnd().split('\n').slice(1)
  expect(rows).toHaveLength(count)
  // Dearest first: list 10,000 + i minor units, silver 20 % off.
  expect(rows[0]).toContain(`BULK-${tag}-1049,`)
  expect(rows[0]).toContain(',110.49,88.39,Tier,0,')
  expect(rows[count - 1]).toContain(`BULK-${tag}-0000,`)
  const skus = rows.map((row) => row.split(',')[0])
  expect(new Set(skus).size).toBe(count)

  const capped = await exportCatalogCsv(db, { actor, query, date: today, locale: 'en', limit: 3 })
  expect((await text(capped.chunks)).trimEnd().split('\n')).toHaveLength(4)
})
