import { z } from 'zod'
import type { Permission } from '#app/utils/permissions'
import type { ContractPriceCsvRow } from './contract-price-csv-rules'
import { contractPriceColumns } from './contract-price-csv-rules'
import type { CsvColumn, CsvEncoding, CsvFileError, CsvRowError } from './csv-rules'
import type { ProductCsvRow } from './product-csv-rules'
import { productColumns } from './product-csv-rules'
import type { StockCsvRow } from './stock-csv-rules'
import { stockColumns } from './stock-csv-rules'

/** The encodings the form offers (kept here, not in csv-rules, so the browser needs no parser). */
export const csvEncodingChoices = ['auto', 'utf-8', 'gb18030'] as const

/** What a vendor admin imports and exports as CSV (DESIGN.md §2). */
export const importKinds = ['products', 'contract_prices', 'stock'] as const
export type ImportKind = (typeof importKinds)[number]

/** The kind in URLs and file names: `contract-prices`. */
export const kindSlug = (kind: ImportKind) => kind.replace('_', '-')

export function kindFromSlug(slug: string | undefined): ImportKind | null {
  return importKinds.find((kind) => kindSlug(kind) === slug) ?? null
}

/** Everything an import of this kind needs; stock and contract prices need more than catalog. */
export const importPermissions: Record<ImportKind, readonly Permission[]> = {
  products: ['manage:catalog:any'],
  contract_prices: ['manage:catalog:any', 'manage:pricing:any'],
  stock: ['manage:catalog:any', 'manage:stock:any'],
}

/** Reading an export (or a template) of this kind. Contract prices are vendor-staff only. */
export const exportPermissions: Record<ImportKind, readonly Permission[]> = {
  products: ['read:catalog:any'],
  contract_prices: ['read:catalog:any', 'read:pricing:any'],
  stock: ['read:catalog:any'],
}

export const importColumns: Record<ImportKind, readonly CsvColumn[]> = {
  products: productColumns,
  contract_prices: contractPriceColumns,
  stock: stockColumns,
}

export type ImportRowsByKind = {
  products: ProductCsvRow
  contract_prices: ContractPriceCsvRow
  stock: StockCsvRow
}

export type LinedValue<T> = { line: number; value: T }

// ------------------------------------------------------------------------------------------------
// The upload form

/** A chosen file: a File on the server, a FileList in the browser (react-hook-form). */
function chosenFile(value: unknown): { name: string; size: number } | null {
  if (typeof value !== 'object' || value === null) return null
  if ('length' in value && typeof (value as FileList).item === 'function') {
    return chosenFile((value as FileList).item(0))
  }
  const file = value as { name?: unknown; size?: unknown; arrayBuffer?: unknown }
  if (typeof file.size !== 'number' || typeof file.arrayBuffer !== 'function') return null
  return { name: typeof file.name === 'string' ? file.name : '', size: file.size }
}

/** The largest file an import reads (imports:form.fileTooLarge says the same number). */
export const maxImportFileBytes = 10 * 1024 * 1024

/** What the import form submits; the same schema checks it in the browser and in the action. */
export const ImportForm = z.object({
  kind: z.enum(importKinds, { error: 'validation:invalidChoice' }),
  encoding: z.enum(csvEncodingChoices, { error: 'validation:invalidChoice' }),
  // Checked in the browser too, so a huge file is refused before it is uploaded at all.
  file: z
    .custom<File | FileList>((value) => chosenFile(value) !== null, 'imports:form.fileRequired')
    .refine((value) => (chosenFile(value)?.size ?? 0) > 0, 'imports:file.empty')
    .refine(
      (value) => (chosenFile(value)?.size ?? 0) <= maxImportFileBytes,
      'imports:form.fileTooLarge',
    ),
})
export type ImportFormInput = z.input<typeof ImportForm>

/** "validate" checks the file and changes nothing; "import" applies it when it is valid. */
export const importIntents = ['validate', 'import'] as const
export type ImportIntent = (typeof importIntents)[number]

/** A file name safe to show and store: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001F\u007F]/g, '').trim()
  return (cleaned || 'upload.csv').slice(0, 200)
}

// ------------------------------------------------------------------------------------------------
// What an import answers

export type ImportCounts = { rows: number; created: number; updated: number; unchanged: number }

export type ImportReport =
  | { status: 'file_error'; kind: ImportKind; fileName: string; fileErrors: CsvFileError[] }
  | {
      status: 'row_errors'
      kind: ImportKind
      fileName: string
      encoding: CsvEncoding
      rows: number
      /** How many errors in all; `errors` holds the first csvLimits.maxErrorsShown. */
      errorCount: number
      /** How many rows have at least one error. */
      badRowCount: number
      errors: CsvRowError[]
    }
  | ({
      /** valid: checked, nothing written (validate only); imported: written in one transaction. */
      status: 'valid' | 'imported'
      kind: ImportKind
      fileName: string
      encoding: CsvEncoding
      ignoredColumns: string[]
    } & ImportCounts)

/** The file name an export is downloaded as, e.g. `contract-prices-2026-03-01.csv`. */
export function exportFileName(kind: ImportKind, day: string): string {
  return `${kindSlug(kind)}-${day}.csv`
}

export function templateFileName(kind: ImportKind): string {
  return `${kindSlug(kind)}-template.csv`
}
