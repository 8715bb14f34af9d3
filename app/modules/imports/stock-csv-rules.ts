import { z } from 'zod'
import type { CsvColumn, CsvRowError } from './csv-rules'
import { codeCell, countCell, optionalDateCell, skuCell } from './cell-rules'
import { duplicatesOf } from './product-csv-rules'

/**
 * Stock per warehouse: sets on hand (an absolute count, as counted), and the expected restock
 * date when that column is in the file. Reserved and available are exported for reading only.
 */
export const stockColumns: readonly CsvColumn[] = [
  { name: 'sku', required: true, aliases: ['物料编码', '产品编码', '货号', '编码'] },
  {
    name: 'product_name',
    required: false,
    exportOnly: true,
    aliases: ['name', '产品名称', '名称'],
  },
  {
    name: 'warehouse',
    required: true,
    aliases: ['warehouse_code', '仓库', '仓库代码', '仓库编码'],
  },
  {
    name: 'on_hand',
    required: true,
    aliases: ['quantity', 'qty', '在手', '在手数量', '库存', '库存数量'],
  },
  { name: 'reserved', required: false, exportOnly: true, aliases: ['预留', '预留数量'] },
  { name: 'available', required: false, exportOnly: true, aliases: ['可用', '可用数量'] },
  { name: 'restock_date', required: false, aliases: ['补货日期', '预计补货日期', '预计到货日期'] },
]

export const StockCsvRow = z
  .object({
    sku: skuCell,
    warehouse: codeCell.transform((value) => value.normalize('NFKC').toUpperCase()),
    on_hand: countCell,
    restock_date: optionalDateCell,
  })
  .transform((row) => ({
    sku: row.sku,
    warehouseCode: row.warehouse,
    onHand: row.on_hand,
    /** undefined: the column is not in the file, so the date stays as it is. */
    restockDate: row.restock_date,
  }))
export type StockCsvRow = z.output<typeof StockCsvRow>

/** One row per SKU and warehouse. */
export function checkStockRows(
  rows: readonly { line: number; value: StockCsvRow }[],
): CsvRowError[] {
  return duplicatesOf(
    rows,
    (row) => `${row.sku}\u0000${row.warehouseCode}`,
    'warehouse',
    'imports:reasons.duplicateStock',
  )
}
