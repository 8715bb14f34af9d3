import { z } from 'zod'
import type { CsvColumn, CsvRowError } from './csv-rules'
import {
  amountCell,
  amountIn,
  codeCell,
  currencyCell,
  optionalDateCell,
  requiredDateCell,
  skuCell,
} from './cell-rules'
import { duplicatesOf } from './product-csv-rules'

/**
 * Contract prices: one partner's unit price for one SKU on [valid_from, valid_to] (ADR 0008). A
 * row is keyed by partner, SKU and valid_from: the same key updates that contract price (price,
 * currency, end), a new key adds one. Names are exported for reading only.
 */
export const contractPriceColumns: readonly CsvColumn[] = [
  {
    name: 'partner_code',
    required: true,
    aliases: ['partner', '伙伴编码', '合作伙伴编码', '伙伴代码', '客户编码'],
  },
  {
    name: 'partner_name',
    required: false,
    exportOnly: true,
    aliases: ['伙伴名称', '合作伙伴名称', '客户名称'],
  },
  { name: 'sku', required: true, aliases: ['物料编码', '产品编码', '货号', '编码'] },
  {
    name: 'product_name',
    required: false,
    exportOnly: true,
    aliases: ['name', '产品名称', '名称'],
  },
  { name: 'price', required: true, aliases: ['contract_price', '价格', '合同价', '协议价'] },
  { name: 'currency', required: true, aliases: ['币种', '货币'] },
  {
    name: 'valid_from',
    required: true,
    aliases: ['from', 'start', '生效日期', '开始日期', '起始日期'],
  },
  { name: 'valid_to', required: true, aliases: ['to', 'end', '失效日期', '截止日期', '结束日期'] },
]

export const ContractPriceCsvRow = z
  .object({
    partner_code: codeCell.transform((value) => value.normalize('NFKC').toUpperCase()),
    sku: skuCell,
    price: amountCell,
    currency: currencyCell,
    valid_from: requiredDateCell,
    valid_to: optionalDateCell,
  })
  .transform((row, ctx) => {
    const priceMinor = amountIn(row.price, row.currency)
    if (priceMinor === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['price'],
        message: 'imports:reasons.decimals',
        params: { currency: row.currency },
      })
    }
    const validTo = row.valid_to ?? null
    if (validTo !== null && validTo < row.valid_from) {
      ctx.addIssue({
        code: 'custom',
        path: ['valid_to'],
        message: 'imports:reasons.endBeforeStart',
        params: { from: row.valid_from },
      })
    }
    if (priceMinor === null || (validTo !== null && validTo < row.valid_from)) return z.NEVER
    return {
      partnerCode: row.partner_code,
      sku: row.sku,
      priceMinor,
      currency: row.currency,
      validFrom: row.valid_from,
      validTo,
    }
  })
export type ContractPriceCsvRow = z.output<typeof ContractPriceCsvRow>

/** Two ranges of inclusive calendar days, null = open-ended, share at least one day. */
export function rangesOverlap(
  a: { validFrom: string; validTo: string | null },
  b: { validFrom: string; validTo: string | null },
): boolean {
  return (
    (a.validTo === null || b.validFrom <= a.validTo) &&
    (b.validTo === null || a.validFrom <= b.validTo)
  )
}

/**
 * Within the file: one row per partner, SKU and start date, and no two rows for the same partner
 * and SKU on overlapping dates (each conflict names the other line).
 */
export function checkContractPriceRows(
  rows: readonly { line: number; value: ContractPriceCsvRow }[],
): CsvRowError[] {
  const pairKey = (row: ContractPriceCsvRow) => `${row.partnerCode}\u0000${row.sku}`
  const errors = duplicatesOf(
    rows,
    (row) => `${pairKey(row)}\u0000${row.validFrom}`,
    'valid_from',
    'imports:reasons.duplicateContract',
  )
  const duplicateLines = new Set(errors.map((error) => error.line))
  const byPair = new Map<string, { line: number; value: ContractPriceCsvRow }[]>()
  for (const row of rows) {
    if (duplicateLines.has(row.line)) continue
    const key = pairKey(row.value)
    byPair.set(key, [...(byPair.get(key) ?? []), row])
  }
  for (const group of byPair.values()) {
    if (group.length < 2) continue
    const sorted = [...group].sort((a, b) => a.value.validFrom.localeCompare(b.value.validFrom))
    // The row reaching furthest so far: any later start on or before its end overlaps it.
    let furthest = sorted[0]!
    for (const row of sorted.slice(1)) {
      if (rangesOverlap(furthest.value, row.value)) {
        errors.push({
          line: row.line,
          column: 'valid_from',
          reason: 'imports:reasons.overlapInFile',
          params: {
            line: furthest.line,
            from: furthest.value.validFrom,
            to: furthest.value.validTo ?? '…',
          },
        })
      }
      if (
        furthest.value.validTo !== null &&
        (row.value.validTo === null || row.value.validTo > furthest.value.validTo)
      ) {
        furthest = row
      }
    }
  }
  return errors
}
