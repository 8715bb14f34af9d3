/** The pure part of an import, from bytes to rows: server-side and tests only (it bundles the parser). */
import type { z } from 'zod'
import { ContractPriceCsvRow, checkContractPriceRows } from './contract-price-csv-rules'
import {
  csvLines,
  readCsvTable,
  validateCsvRows,
  type CsvEncoding,
  type CsvEncodingChoice,
  type CsvFileError,
  type CsvRowError,
} from './csv-rules'
import {
  importColumns,
  type ImportKind,
  type ImportRowsByKind,
  type LinedValue,
} from './import-rules'
import { ProductCsvRow, checkProductRows } from './product-csv-rules'
import { StockCsvRow, checkStockRows } from './stock-csv-rules'

export type ParsedImport<K extends ImportKind = ImportKind> =
  | { ok: false; fileErrors: CsvFileError[] }
  | {
      ok: true
      encoding: CsvEncoding
      columns: string[]
      headerOf: Record<string, string>
      ignoredColumns: string[]
      /** Data rows in the file, valid or not. */
      rowCount: number
      /** Rows that passed every check of this file on its own. */
      rows: LinedValue<ImportRowsByKind[K]>[]
      /** Everything wrong with rows so far; the database checks come on top. */
      rowErrors: CsvRowError[]
    }

const rowSchemas = {
  products: ProductCsvRow,
  contract_prices: ContractPriceCsvRow,
  stock: StockCsvRow,
}

const withinFileChecks: {
  [K in ImportKind]: (rows: LinedValue<ImportRowsByKind[K]>[]) => CsvRowError[]
} = {
  products: checkProductRows,
  contract_prices: checkContractPriceRows,
  stock: checkStockRows,
}

/**
 * The whole pure part of an import: bytes to valid rows, or the reasons there are none. A row that
 * fails the in-file checks (duplicates, overlaps) stays in `rows` so the database checks can still
 * name its other problems; any error at all means the import changes nothing.
 */
export function parseImportFile<K extends ImportKind>(
  kind: K,
  bytes: Uint8Array,
  encoding: CsvEncodingChoice = 'auto',
): ParsedImport<K> {
  const read = readCsvTable(bytes, { columns: importColumns[kind], encoding })
  if (!read.ok) return { ok: false, fileErrors: read.errors }
  const { table } = read
  const schema = rowSchemas[kind] as unknown as z.ZodType<
    ImportRowsByKind[K],
    Record<string, string>
  >
  const validated = validateCsvRows(table, schema)
  const check = withinFileChecks[kind] as (rows: LinedValue<ImportRowsByKind[K]>[]) => CsvRowError[]
  return {
    ok: true,
    encoding: table.encoding,
    columns: table.columns,
    headerOf: table.headerOf,
    ignoredColumns: table.ignoredColumns,
    rowCount: table.rowCount,
    rows: validated.values,
    rowErrors: [...table.rowErrors, ...validated.rowErrors, ...check(validated.values)],
  }
}

/** A header-only file with the columns an import reads, ready to fill in Excel. */
export function templateCsv(kind: ImportKind): string {
  const header = importColumns[kind].filter((column) => !column.exportOnly).map((c) => c.name)
  return csvLines([header], { bom: true })
}
