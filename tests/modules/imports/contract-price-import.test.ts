import { eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { contractPrices } from '#db/schema/catalog'
import {
  createContractPrice,
  createPartner,
  createProduct,
  uniqueSuffix,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { csv } from './csv-files'
import { createImporter, expectStatus, importAuditsBy, importText } from './import-helpers'

const database = useTestDatabase()

const header = ['partner_code', 'sku', 'price', 'currency', 'valid_from', 'valid_to']

async function setting() {
  const suffix = uniqueSuffix().toUpperCase()
  const partner = await createPartner(database.db, { code: `P-${suffix}` })
  const product = await createProduct(database.db, { sku: `IMP-CP-${suffix}` })
  const actor = await createImporter(database.db)
  return { partner, product, actor }
}

const contractsOf = (partnerId: string) =>
  database.db
    .select({
      productId: contractPrices.productId,
      priceMinor: contractPrices.priceMinor,
      validFrom: contractPrices.validFrom,
      validTo: contractPrices.validTo,
    })
    .from(contractPrices)
    .where(eq(contractPrices.partnerId, partnerId))
    .orderBy(contractPrices.validFrom)

describe('contract price import', () => {
  test('adds new contract prices and updates one with the same partner, SKU and start', async () => {
    const { partner, product, actor } = await setting()
    const stored = await createContractPrice(database.db, {
      partnerId: partner.id,
      productId: product.id,
      priceMinor: 80_000,
      validFrom: '2026-01-01',
      validTo: null,
    })
    const report = await importText(database.db, {
      actor,
      kind: 'contract_prices',
      text: csv([
        header,
        // Ends the running price in June (it was open-ended) and starts a new one in July.
        [partner.code.toLowerCase(), product.sku, '800.00', 'CNY', '2026-01-01', '2026-06-30'],
        [partner.code, product.sku, '750', 'CNY', '2026/7/1', ''],
      ]),
    })
    expectStatus(report, 'imported')
    expect(report).toMatchObject({ created: 1, updated: 1, unchanged: 0 })
    expect(await contractsOf(partner.id)).toEqual([
      { productId: product.id, priceMinor: 80_000, validFrom: '2026-01-01', validTo: '2026-06-30' },
      { productId: product.id, priceMinor: 75_000, validFrom: '2026-07-01', validTo: null },
    ])
    const audits = await importAuditsBy(database.db, actor.id)
    const updated = audits.find((a) => a.entityId === stored.id)
    expect(updated).toMatchObject({
      action: 'import.contract_price',
      partnerId: partner.id,
      before: { partner: partner.code, sku: product.sku, validFrom: '2026-01-01', validTo: null },
      after: { validTo: '2026-06-30' },
    })
    expect(audits.filter((a) => a.action === 'import.contract_price')).toHaveLength(2)
  })

  test('unknown partner or SKU, another currency, an end before the start: row errors', async () => {
    const { partner, product, actor } = await setting()
    const report = await importText(database.db, {
      actor,
      kind: 'contract_prices',
      text: csv([
        header,
        ['P-NOBODY', product.sku, '1', 'CNY', '2026-01-01', ''],
        [partner.code, 'IMP-NO-SUCH-SKU', '1', 'CNY', '2026-01-01', ''],
        [partner.code, product.sku, '1', 'USD', '2026-01-01', ''],
        [partner.code, product.sku, '1', 'CNY', '2026-05-01', '2026-04-30'],
      ]),
    })
    expectStatus(report, 'row_errors')
    expect(report.errors.map((e) => [e.line, e.column, e.reason, e.params])).toEqual([
      [2, 'partner_code', 'imports:reasons.unknownPartner', { code: 'P-NOBODY' }],
      [3, 'sku', 'imports:reasons.unknownSku', { code: 'IMP-NO-SUCH-SKU' }],
      [4, 'currency', 'imports:reasons.currencyMismatch', { currency: 'CNY' }],
      [5, 'valid_to', 'imports:reasons.endBeforeStart', { from: '2026-05-01' }],
    ])
    expect(await contractsOf(partner.id)).toEqual([])
  })

  test('overlap with a stored price or another row of the file is refused, nothing written', async () => {
    const { partner, product, actor } = await setting()
    await createContractPrice(database.db, {
      partnerId: partner.id,
      productId: product.id,
      priceMinor: 100,
      validFrom: '2026-03-01',
      validTo: '2026-03-31',
    })
    const other = await createProduct(database.db, { sku: `${product.sku}-B` })
    const report = await importText(database.db, {
      actor,
      kind: 'contract_prices',
      text: csv([
        header,
        [partner.code, product.sku, '1', 'CNY', '2026-02-01', '2026-03-01'],
        [partner.code, other.sku, '1', 'CNY', '2026-01-01', ''],
        [partner.code, other.sku, '1', 'CNY', '2026-06-01', '2026-06-30'],
      ]),
    })
    expectStatus(report, 'row_errors')
    expect(report.errors.map((e) => [e.line, e.column, e.reason, e.params])).toEqual([
      [2, 'valid_from', 'imports:reasons.overlapStored', { from: '2026-03-01', to: '2026-03-31' }],
      [4, 'valid_from', 'imports:reasons.overlapInFile', { line: 3, from: '2026-01-01', to: '…' }],
    ])
    expect(await contractsOf(partner.id)).toHaveLength(1)
  })

  test('an overlap only the exclusion constraint sees is a file error and changes nothing', async () => {
    const { partner, product, actor } = await setting()
    const witness = await createContractPrice(database.db, {
      partnerId: partner.id,
      productId: product.id,
      priceMinor: 500,
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
    })
    // Another writer sneaks an overlapping price in just before the import's insert.
    await database.db.execute(
      sql.raw(`
      create or replace function import_test_race() returns trigger language plpgsql as $$
      begin
        if new.price_minor = 4242 and pg_trigger_depth() = 1 then
          insert into contract_prices (partner_id, product_id, price_minor, currency, valid_from)
          values (new.partner_id, new.product_id, 1, new.currency, new.valid_from);
        end if;
        return new;
      end $$`),
    )
    await database.db.execute(
      sql.raw(`
      create trigger import_test_race before insert on contract_prices
        for each row execute function import_test_race()`),
    )
    try {
      const report = await importText(database.db, {
        actor,
        kind: 'contract_prices',
        text: csv([
          header,
          [partner.code, product.sku, '4.00', 'CNY', '2025-01-01', '2025-06-30'],
          [partner.code, product.sku, '42.42', 'CNY', '2026-01-01', ''],
        ]),
      })
      expect(report).toEqual({
        status: 'file_error',
        kind: 'contract_prices',
        fileName: 'contract_prices.csv',
        fileErrors: [{ reason: 'imports:file.overlapDuringImport' }],
      })
    } finally {
      await database.db.execute(sql.raw('drop trigger import_test_race on contract_prices'))
    }
    // The update of the stored price in the same file was rolled back too.
    expect(await contractsOf(partner.id)).toEqual([
      {
        productId: product.id,
        priceMinor: 500,
        validFrom: witness.validFrom,
        validTo: '2025-12-31',
      },
    ])
    expect(await importAuditsBy(database.db, actor.id)).toEqual([])
  })
})
