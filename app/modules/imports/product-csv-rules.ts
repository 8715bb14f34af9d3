import { z } from 'zod'
import type { CsvColumn, CsvRowError } from './csv-rules'
import {
  amountCell,
  amountIn,
  booleanCell,
  codeCell,
  currencyCell,
  isImageReference,
  optionalLine,
  requiredLine,
  skuCell,
} from './cell-rules'

/** Products: upserted by SKU (DESIGN.md §2). Stock totals are exported for reading only. */
export const productColumns: readonly CsvColumn[] = [
  { name: 'sku', required: true, aliases: ['物料编码', '产品编码', '货号', '编码'] },
  { name: 'name', required: true, aliases: ['product_name', '名称', '产品名称', '品名'] },
  { name: 'description', required: false, aliases: ['描述', '产品描述', '说明'] },
  {
    name: 'product_line',
    required: true,
    aliases: ['product_line_code', 'line', '产品线', '产品线代码'],
  },
  { name: 'category', required: true, aliases: ['category_code', '类别', '分类', '类别代码'] },
  { name: 'unit', required: false, aliases: ['单位'] },
  { name: 'list_price', required: true, aliases: ['price', '列表价', '目录价', '标价'] },
  { name: 'currency', required: true, aliases: ['币种', '货币'] },
  { name: 'active', required: false, aliases: ['启用', '是否启用', '上架'] },
  { name: 'image_url', required: false, aliases: ['image', '图片', '图片链接', '图片地址'] },
  { name: 'on_hand', required: false, exportOnly: true, aliases: ['在手', '在手数量'] },
  { name: 'reserved', required: false, exportOnly: true, aliases: ['预留', '预留数量'] },
  { name: 'available', required: false, exportOnly: true, aliases: ['可用', '可用数量'] },
]

export const productDefaults = { description: '', unit: 'pcs', active: true, imageUrl: null }

/**
 * One product row. Optional columns that are absent stay undefined: an existing product keeps its
 * value and a new one gets the default. An empty description or image clears it; an empty unit or
 * active flag counts as absent.
 */
export const ProductCsvRow = z
  .object({
    sku: skuCell,
    name: requiredLine(200),
    description: z
      .string()
      .transform((value) => value.trim())
      .optional(),
    product_line: codeCell,
    category: codeCell,
    unit: optionalLine(20).transform((value) => value || undefined),
    list_price: amountCell,
    currency: currencyCell,
    active: booleanCell,
    image_url: optionalLine(2000)
      .refine(
        (value) => value === undefined || value === '' || isImageReference(value),
        'imports:reasons.imageUrl',
      )
      .transform((value) => (value === undefined ? undefined : value || null)),
  })
  .transform((row, ctx) => {
    const listPriceMinor = amountIn(row.list_price, row.currency)
    if (listPriceMinor === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['list_price'],
        message: 'imports:reasons.decimals',
        params: { currency: row.currency },
      })
      return z.NEVER
    }
    return {
      sku: row.sku,
      name: row.name,
      description: row.description,
      productLine: row.product_line,
      category: row.category,
      unit: row.unit,
      listPriceMinor,
      currency: row.currency,
      active: row.active,
      imageUrl: row.image_url,
    }
  })
export type ProductCsvRow = z.output<typeof ProductCsvRow>

/** A SKU may appear once per file: every later line names the first. */
export function checkProductRows(rows: readonly { line: number; value: ProductCsvRow }[]) {
  return duplicatesOf(rows, (row) => row.sku, 'sku', 'imports:reasons.duplicateSku')
}

/** Row errors for every line whose key already appeared on an earlier line. */
export function duplicatesOf<T>(
  rows: readonly { line: number; value: T }[],
  keyOf: (value: T) => string,
  column: string | null,
  reason: string,
): CsvRowError[] {
  const firstLine = new Map<string, number>()
  const errors: CsvRowError[] = []
  for (const { line, value } of rows) {
    const key = keyOf(value)
    const first = firstLine.get(key)
    if (first === undefined) firstLine.set(key, line)
    else errors.push({ line, column, reason, params: { line: first, key } })
  }
  return errors
}
