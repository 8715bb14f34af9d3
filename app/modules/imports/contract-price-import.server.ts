import { asc, eq, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { contractPrices, products, type ContractPriceRow } from '#db/schema/catalog'
import { partners } from '#db/schema/partners'
import { minorToInputValue } from '#app/utils/money'
import { inBatches, jsonb, textList } from './bulk-sql.server'
import { codeLookup } from './cell-rules'
import {
  contractPriceColumns,
  rangesOverlap,
  type ContractPriceCsvRow,
} from './contract-price-csv-rules'
import type { CsvCell, CsvRowError } from './csv-rules'
import {
  changedFields,
  recordEntityAudits,
  resolveCode,
  type EntityAudit,
  type ImportHandler,
} from './import-writes.server'

type ContractValues = { priceMinor: number; currency: string; validTo: string | null }

type ContractPricePlan = {
  creates: (ContractValues & {
    partnerId: string
    productId: string
    validFrom: string
    snapshot: Record<string, unknown>
  })[]
  updates: (ContractValues & {
    id: string
    partnerId: string
    /** The new end is earlier: written before the others so no step overlaps (ADR 0009). */
    shrinks: boolean
    before: Record<string, unknown>
    after: Record<string, unknown>
  })[]
}

export const contractPriceImport: ImportHandler<ContractPriceCsvRow, ContractPricePlan> = {
  async plan(db, rows, { lock }) {
    const rowErrors: CsvRowError[] = []
    const plan: ContractPricePlan = { creates: [], updates: [] }
    let unchanged = 0
    if (rows.length === 0) return { rowErrors, counts: { created: 0, updated: 0, unchanged }, plan }

    const codes = [...new Set(rows.map((row) => row.value.partnerCode))]
    const skus = [...new Set(rows.map((row) => row.value.sku))]
    const [partnerRows, productRows] = await Promise.all([
      db
        .select({ id: partners.id, code: partners.code })
        .from(partners)
        .where(sql`upper(${partners.code}) in ${textList(codes)}`),
      db
        .select({ id: products.id, sku: products.sku, currency: products.currency })
        .from(products)
        .where(sql`${products.sku} in ${textList(skus)}`),
    ])
    const partnerOf = codeLookup(partnerRows)
    const productOf = new Map(productRows.map((product) => [product.sku, product]))

    type Resolved = {
      line: number
      row: ContractPriceCsvRow
      partner: { id: string; code: string }
      product: { id: string; sku: string }
    }
    const resolved: Resolved[] = []
    for (const { line, value: row } of rows) {
      const partner = resolveCode(
        partnerOf(row.partnerCode),
        {
          line,
          column: 'partner_code',
          code: row.partnerCode,
          unknown: 'imports:reasons.unknownPartner',
        },
        rowErrors,
      )
      const product = productOf.get(row.sku)
      if (!product) {
        rowErrors.push({
          line,
          column: 'sku',
          reason: 'imports:reasons.unknownSku',
          params: { code: row.sku },
        })
      } else if (product.currency !== row.currency) {
        rowErrors.push({
          line,
          column: 'currency',
          reason: 'imports:reasons.currencyMismatch',
          params: { currency: product.currency },
        })
        continue
      }
      if (partner && product) resolved.push({ line, row, partner, product })
    }

    const pairKey = (partnerId: string, productId: string) => `${partnerId}/${productId}`
    const pairs = [
      ...new Map(resolved.map((r) => [pairKey(r.partner.id, r.product.id), r])).values(),
    ]
    const stored: ContractPriceRow[] = []
    for (const batch of inBatches(pairs)) {
      const query = db
        .select()
        .from(contractPrices)
        .where(
          sql`(${contractPrices.partnerId}, ${contractPrices.productId}) in (
            select r.partner_id, r.product_id from jsonb_to_recordset(${jsonb(
              batch.map((r) => ({ partner_id: r.partner.id, product_id: r.product.id })),
            )}) as r(partner_id uuid, product_id uuid))`,
        )
      stored.push(...(await (lock ? query.for('update') : query)))
    }
    const storedByPair = new Map<string, ContractPriceRow[]>()
    for (const contract of stored) {
      const key = pairKey(contract.partnerId, contract.productId)
      storedByPair.set(key, [...(storedByPair.get(key) ?? []), contract])
    }
    const fileStarts = new Set(
      resolved.map((r) => `${pairKey(r.partner.id, r.product.id)}/${r.row.validFrom}`),
    )

    for (const { line, row, partner, product } of resolved) {
      const key = pairKey(partner.id, product.id)
      const forPair = storedByPair.get(key) ?? []
      const same = forPair.find((contract) => contract.validFrom === row.validFrom)
      // Stored prices the file leaves alone must not overlap the rows it writes.
      const clash = forPair.find(
        (contract) =>
          !fileStarts.has(`${key}/${contract.validFrom}`) &&
          rangesOverlap(contract, { validFrom: row.validFrom, validTo: row.validTo }),
      )
      if (clash) {
        rowErrors.push({
          line,
          column: 'valid_from',
          reason: 'imports:reasons.overlapStored',
          params: { from: clash.validFrom, to: clash.validTo ?? '…' },
        })
        continue
      }
      const values: ContractValues = {
        priceMinor: row.priceMinor,
        currency: row.currency,
        validTo: row.validTo,
      }
      const snapshot = (v: ContractValues) => ({
        partner: partner.code,
        sku: product.sku,
        validFrom: row.validFrom,
        priceMinor: v.priceMinor,
        currency: v.currency,
        validTo: v.validTo,
      })
      if (!same) {
        plan.creates.push({
          ...values,
          partnerId: partner.id,
          productId: product.id,
          validFrom: row.validFrom,
          snapshot: snapshot(values),
        })
        continue
      }
      const change = changedFields(snapshot(same), snapshot(values))
      if (!change) {
        unchanged += 1
        continue
      }
      plan.updates.push({
        ...values,
        id: same.id,
        partnerId: partner.id,
        shrinks:
          values.validTo !== null && (same.validTo === null || values.validTo < same.validTo),
        before: {
          partner: partner.code,
          sku: product.sku,
          validFrom: row.validFrom,
          ...change.before,
        },
        after: {
          partner: partner.code,
          sku: product.sku,
          validFrom: row.validFrom,
          ...change.after,
        },
      })
    }
    return {
      rowErrors,
      counts: { created: plan.creates.length, updated: plan.updates.length, unchanged },
      plan,
    }
  },

  async apply(tx, plan, context) {
    // Ends move earlier first, then later, then new rows start: with the file already checked
    // against itself and the stored prices, no intermediate state overlaps.
    for (const group of [
      plan.updates.filter((u) => u.shrinks),
      plan.updates.filter((u) => !u.shrinks),
    ]) {
      for (const batch of inBatches(group)) {
        const rows = batch.map((u) => ({
          id: u.id,
          price_minor: u.priceMinor,
          currency: u.currency,
          valid_to: u.validTo,
        }))
        await tx.execute(sql`
          update contract_prices c set price_minor = r.price_minor, currency = r.currency,
            valid_to = r.valid_to, updated_at = now()
          from jsonb_to_recordset(${jsonb(rows)})
            as r(id uuid, price_minor bigint, currency text, valid_to date)
          where c.id = r.id`)
      }
    }
    const entries: EntityAudit[] = plan.updates.map((u) => ({
      action: 'import.contract_price',
      entityType: 'contract_price',
      entityId: u.id,
      partnerId: u.partnerId,
      before: u.before,
      after: u.after,
    }))
    for (const batch of inBatches(plan.creates)) {
      const rows = batch.map((c) => ({
        partner_id: c.partnerId,
        product_id: c.productId,
        price_minor: c.priceMinor,
        currency: c.currency,
        valid_from: c.validFrom,
        valid_to: c.validTo,
      }))
      const created = await queryRows<{
        id: string
        partner_id: string
        product_id: string
        valid_from: string
      }>(
        tx,
        sql`insert into contract_prices
              (partner_id, product_id, price_minor, currency, valid_from, valid_to)
            select r.partner_id, r.product_id, r.price_minor, r.currency, r.valid_from, r.valid_to
            from jsonb_to_recordset(${jsonb(rows)}) as r(partner_id uuid, product_id uuid,
              price_minor bigint, currency text, valid_from date, valid_to date)
            returning id, partner_id, product_id, valid_from::text`,
      )
      const idOf = new Map(
        created.map((row) => [`${row.partner_id}/${row.product_id}/${row.valid_from}`, row.id]),
      )
      for (const c of batch) {
        entries.push({
          action: 'import.contract_price',
          entityType: 'contract_price',
          entityId: idOf.get(`${c.partnerId}/${c.productId}/${c.validFrom}`)!,
          partnerId: c.partnerId,
          before: null,
          after: c.snapshot,
        })
      }
    }
    await recordEntityAudits(tx, context, entries)
  },
}

export const contractPriceExportHeader = contractPriceColumns.map((column) => column.name)

type ContractPriceCursor = { code: string; sku: string; validFrom: string }

function contractPricePage(db: Database, after: ContractPriceCursor | null, pageSize: number) {
  return db
    .select({
      partnerCode: partners.code,
      partnerName: partners.name,
      sku: products.sku,
      productName: products.name,
      priceMinor: contractPrices.priceMinor,
      currency: contractPrices.currency,
      validFrom: contractPrices.validFrom,
      validTo: contractPrices.validTo,
    })
    .from(contractPrices)
    .innerJoin(partners, eq(partners.id, contractPrices.partnerId))
    .innerJoin(products, eq(products.id, contractPrices.productId))
    .where(
      after === null
        ? undefined
        : sql`(${partners.code}, ${products.sku}, ${contractPrices.validFrom})
              > (${after.code}, ${after.sku}, ${after.validFrom}::date)`,
    )
    .orderBy(asc(partners.code), asc(products.sku), asc(contractPrices.validFrom))
    .limit(pageSize)
}

/** Every contract price by partner code, SKU and start, a page at a time. */
export async function* contractPriceExportRows(
  db: Database,
  pageSize: number,
): AsyncGenerator<CsvCell[][]> {
  let after: ContractPriceCursor | null = null
  for (;;) {
    const page = await contractPricePage(db, after, pageSize)
    if (page.length === 0) return
    yield page.map((c) => [
      c.partnerCode,
      c.partnerName,
      c.sku,
      c.productName,
      minorToInputValue(c.priceMinor, c.currency),
      c.currency,
      c.validFrom,
      c.validTo,
    ])
    if (page.length < pageSize) return
    const last = page[page.length - 1]!
    after = { code: last.partnerCode, sku: last.sku, validFrom: last.validFrom }
  }
}
