import type { Database } from '#db/client.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { contractPriceExportHeader, contractPriceExportRows } from './contract-price-import.server'
import { csvLines, type CsvCell } from './csv-rules'
import { exportFileName, type ImportKind } from './import-rules'
import { productExportHeader, productExportRows } from './product-import.server'
import { stockExportHeader, stockExportRows } from './stock-import.server'

export type ExportCsvOptions = {
  kind: ImportKind
  /** Rows read per query (keyset pages); small in tests to cross page boundaries. */
  pageSize?: number
  now?: Date
}

export type CsvExport = {
  fileName: string
  /** The file in pieces: the BOM, the header and the first page, then one piece per page. */
  chunks: AsyncGenerator<string>
}

const sources: Record<
  ImportKind,
  { header: string[]; rows: (db: Database, pageSize: number) => AsyncGenerator<CsvCell[][]> }
> = {
  products: { header: productExportHeader, rows: productExportRows },
  contract_prices: { header: contractPriceExportHeader, rows: contractPriceExportRows },
  stock: { header: stockExportHeader, rows: stockExportRows },
}

/**
 * Exports one kind as CSV: UTF-8 with a BOM (so Excel shows Chinese correctly), CRLF lines, in the
 * exact format the import reads back unchanged (ADR 0009). Rows are read a page at a time so a
 * catalog of 100 000 SKUs never sits in memory at once. The caller checks permissions.
 */
export function exportCsv(db: Database, options: ExportCsvOptions): CsvExport {
  const source = sources[options.kind]
  const pageSize = options.pageSize ?? 5_000
  // The header travels with the first page, so awaiting the first chunk runs the first query:
  // a database failure is then an error response, not a download cut short.
  async function* chunks() {
    let first = true
    for await (const page of source.rows(db, pageSize)) {
      yield first ? csvLines([source.header, ...page], { bom: true }) : csvLines(page)
      first = false
    }
    if (first) yield csvLines([source.header], { bom: true })
  }
  return {
    fileName: exportFileName(options.kind, todayInShanghai(options.now ?? new Date())),
    chunks: chunks(),
  }
}
