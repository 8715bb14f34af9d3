import { CsvError, parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import type { z } from 'zod'
import { maxImportFileBytes } from './import-rules'

/**
 * The generic CSV pipeline with no I/O (ADR 0009): bytes → text (UTF-8 with or without BOM, or
 * GB18030 as Chinese Excel writes it) → records with their line numbers → header matched to the
 * kind's columns → limits and ragged rows → one zod schema per row. Every problem is collected so a
 * file is reported whole; nothing here decides what a row means for the database.
 */

export const csvLimits = {
  /** Bytes of one uploaded file. */
  maxBytes: maxImportFileBytes,
  /** Data rows (the header and blank lines do not count). */
  maxRows: 50_000,
  /** Characters of one cell. */
  maxCellLength: 2_000,
  /** Row errors sent to the page; the total is always reported. */
  maxErrorsShown: 200,
} as const

/** 'auto': UTF-8, and GB18030 when the bytes are not valid UTF-8. */
export type CsvEncodingChoice = 'auto' | 'utf-8' | 'gb18030'
export type CsvEncoding = Exclude<CsvEncodingChoice, 'auto'>

/** A problem with the whole file: nothing in it is read further. `reason` is an i18n key. */
export type CsvFileError = { reason: string; params?: Record<string, string | number> }

/** A problem with one row: `line` is the file's line (the header is 1), `column` as written there. */
export type CsvRowError = {
  line: number
  column: string | null
  reason: string
  params?: Record<string, string | number>
}

/** One column a kind reads or writes. Headers match case-, width- and whitespace-insensitively. */
export type CsvColumn = {
  /** The header the export writes, e.g. `list_price`. */
  name: string
  /** The header must be present (a cell may still be optional, see the row schema). */
  required: boolean
  /** Other headers accepted on import: English variants and the Chinese names Excel users type. */
  aliases: readonly string[]
  /** Written by the export for reading (stock totals, names); accepted and ignored on import. */
  exportOnly?: boolean
}

// ------------------------------------------------------------------------------------------------
// Bytes → text

export type DecodedCsv =
  { ok: true; text: string; encoding: CsvEncoding } | { ok: false; error: CsvFileError }

const utf8 = () => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const gb18030 = () => new TextDecoder('gb18030', { fatal: true })

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  signature.every((byte, index) => bytes[index] === byte)

// Control characters other than tab, line feed and carriage return never occur in a text export.
// eslint-disable-next-line no-control-regex
const binaryControl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

/**
 * The file's text. UTF-8 (a BOM is dropped) is tried first: a file that is not valid UTF-8 is read
 * as GB18030 (a superset of GBK and GB2312, what Excel on a Chinese Windows writes) unless the user
 * chose UTF-8. Spreadsheets, UTF-16, binary files and undecodable bytes are clear file errors.
 */
export function decodeCsvBytes(bytes: Uint8Array, choice: CsvEncodingChoice = 'auto'): DecodedCsv {
  const fail = (reason: string): DecodedCsv => ({ ok: false, error: { reason } })
  if (bytes.length === 0) return fail('imports:file.empty')
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]))
    return fail('imports:file.spreadsheet')
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]))
    return fail('imports:file.utf16')
  if (bytes.includes(0)) return fail('imports:file.binary')

  const hasBom = startsWith(bytes, [0xef, 0xbb, 0xbf])
  const body = hasBom ? bytes.subarray(3) : bytes
  let decoded: { text: string; encoding: CsvEncoding } | null = null
  // A BOM says UTF-8 whatever the user chose.
  const order: CsvEncoding[] =
    hasBom || choice === 'utf-8'
      ? ['utf-8']
      : choice === 'gb18030'
        ? ['gb18030']
        : ['utf-8', 'gb18030']
  for (const encoding of order) {
    try {
      decoded = { text: (encoding === 'utf-8' ? utf8() : gb18030()).decode(body), encoding }
      break
    } catch {
      // not this encoding; try the next
    }
  }
  if (!decoded) {
    return fail(
      order.length === 1 && order[0] === 'utf-8'
        ? 'imports:file.notUtf8'
        : 'imports:file.undecodable',
    )
  }
  if (binaryControl.test(decoded.text)) return fail('imports:file.binary')
  if (decoded.text.trim() === '') return fail('imports:file.empty')
  return { ok: true, ...decoded }
}

// ------------------------------------------------------------------------------------------------
// Text → header and rows

/** How a header cell is compared: NFKC (full-width → ASCII), trimmed, lower case, `_` for spaces. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s\-_]+/g, '_')
}

/** The delimiter of the header line: comma, or semicolon/tab when those clearly dominate. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  for (const char of text) {
    if (char === '"') quoted = !quoted
    else if (!quoted && (char === '\n' || char === '\r')) break
    else if (!quoted && char in counts) counts[char as keyof typeof counts] += 1
  }
  const best = (Object.keys(counts) as (keyof typeof counts)[]).reduce((a, b) =>
    counts[b] > counts[a] ? b : a,
  )
  return counts[best] > 0 ? best : ','
}

/** The spreadsheet letter of a 0-based column index (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let letter = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letter = String.fromCharCode(65 + ((n - 1) % 26)) + letter
  }
  return letter
}

/** One data row: the file line it starts on and its cells by column name (absent = not in file). */
export type CsvRow = { line: number; cells: Record<string, string> }

export type CsvTable = {
  encoding: CsvEncoding
  /** Column names present in the file (in the kind's vocabulary), in file order. */
  columns: string[]
  /** The header as written in the file, by column name: errors name the column the user sees. */
  headerOf: Record<string, string>
  /** Export-only columns found in the file and ignored. */
  ignoredColumns: string[]
  /** Data rows in the file (blank lines aside), including those refused below. */
  rowCount: number
  rows: CsvRow[]
  /** Structural row problems: ragged rows, cells over the limit. */
  rowErrors: CsvRowError[]
}

export type ReadCsvResult = { ok: true; table: CsvTable } | { ok: false; errors: CsvFileError[] }

/** Spreadsheet formula prefixes; the export neutralises them with a leading apostrophe. */
const formulaStart = /^'*[=+\-@\t\r]/

/** A cell as written for a spreadsheet: text that Excel would run as a formula gets a `'`. */
export function escapeCsvCell(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value
}

/** The inverse of escapeCsvCell, so an exported cell imports as the value it came from. */
export function unescapeCsvCell(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value
}

/**
 * Decodes and parses a file against a kind's columns. File-level problems (encoding, missing or
 * unknown headers, no rows, too many rows, broken quoting) stop here; row problems are collected.
 */
export function readCsvTable(
  bytes: Uint8Array,
  options: { columns: readonly CsvColumn[]; encoding?: CsvEncodingChoice },
): ReadCsvResult {
  if (bytes.length > csvLimits.maxBytes) {
    return {
      ok: false,
      errors: [
        { reason: 'imports:file.tooLarge', params: { maxMb: csvLimits.maxBytes / 2 ** 20 } },
      ],
    }
  }
  const decoded = decodeCsvBytes(bytes, options.encoding)
  if (!decoded.ok) return { ok: false, errors: [decoded.error] }

  let records: { record: string[]; info: { lines: number; empty_lines: number } }[]
  try {
    records = parse(decoded.text, {
      delimiter: detectDelimiter(decoded.text),
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // No `to:` cut-off: rows of empty cells (Excel writes them) do not count, so the whole
      // file (at most maxBytes) is read before rows are counted.
    }) as unknown as typeof records
  } catch (error) {
    if (error instanceof CsvError) {
      const line = Number((error as CsvError & { lines?: number }).lines) || 1
      const reason =
        error.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'imports:file.unclosedQuote'
          : 'imports:file.malformed'
      return { ok: false, errors: [{ reason, params: { line } }] }
    }
    throw error
  }
  if (records.length === 0) return { ok: false, errors: [{ reason: 'imports:file.empty' }] }

  // A record's first line: where the previous one ended, plus the blank lines skipped since.
  let previousEnd = 0
  let previousEmpty = 0
  const withLines = records.map(({ record, info }) => {
    const line = previousEnd + (info.empty_lines - previousEmpty) + 1
    previousEnd = info.lines
    previousEmpty = info.empty_lines
    return { line, cells: record }
  })

  const [headerRecord, ...dataRecords] = withLines
  const header = matchHeader(headerRecord!.cells, options.columns)
  if (!header.ok) return { ok: false, errors: header.errors }

  const rows: CsvRow[] = []
  const rowErrors: CsvRowError[] = []
  const width = header.slots.length
  let dataRows = 0
  for (const { line, cells } of dataRecords) {
    if (cells.every((cell) => cell.trim() === '')) continue
    dataRows += 1
    if (dataRows > csvLimits.maxRows) {
      return {
        ok: false,
        errors: [{ reason: 'imports:file.tooManyRows', params: { max: csvLimits.maxRows } }],
      }
    }
    const extra = cells.slice(width)
    if (cells.length < width || extra.some((cell) => cell.trim() !== '')) {
      rowErrors.push({
        line,
        column: null,
        reason: 'imports:reasons.ragged',
        params: { count: lastNonEmpty(cells) + 1, expected: width },
      })
      continue
    }
    const row: CsvRow = { line, cells: {} }
    let tooLong = false
    header.slots.forEach((slot, index) => {
      const value = cells[index] ?? ''
      if (value.length > csvLimits.maxCellLength) {
        tooLong = true
        rowErrors.push({
          line,
          column: slot ?? headerRecord!.cells[index]!.trim(),
          reason: 'imports:reasons.cellTooLong',
          params: { max: csvLimits.maxCellLength, length: value.length },
        })
      }
      if (slot) row.cells[slot] = unescapeCsvCell(value)
    })
    if (!tooLong) rows.push(row)
  }
  if (dataRows === 0) {
    return { ok: false, errors: [{ reason: 'imports:file.noRows' }] }
  }
  return {
    ok: true,
    table: {
      encoding: decoded.encoding,
      columns: header.columns,
      headerOf: header.headerOf,
      ignoredColumns: header.ignored,
      rowCount: dataRows,
      rows,
      rowErrors,
    },
  }
}

function lastNonEmpty(cells: string[]): number {
  for (let index = cells.length - 1; index >= 0; index -= 1) {
    if (cells[index]!.trim() !== '') return index
  }
  return -1
}

type HeaderMatch =
  | {
      ok: true
      /** Per file column: the kind's column it fills, or null for an ignored (export-only) one. */
      slots: (string | null)[]
      columns: string[]
      headerOf: Record<string, string>
      ignored: string[]
    }
  | { ok: false; errors: CsvFileError[] }

function matchHeader(cells: string[], columns: readonly CsvColumn[]): HeaderMatch {
  const byHeader = new Map<string, CsvColumn>()
  for (const column of columns) {
    for (const header of [column.name, ...column.aliases])
      byHeader.set(normalizeHeader(header), column)
  }
  // Excel often leaves empty cells after the last column; they are not columns.
  const width = lastNonEmpty(cells) + 1
  const written = cells.slice(0, width).map((cell) => cell.replace(/^\uFEFF/, '').trim())
  const importable = columns.filter((column) => !column.exportOnly).map((column) => column.name)

  const matched = written.map((text) => byHeader.get(normalizeHeader(text)))
  if (width === 0 || matched.every((column) => column === undefined)) {
    return {
      ok: false,
      errors: [
        {
          reason: 'imports:file.noHeader',
          params: { columns: importable.join(', '), first: written.slice(0, 3).join(', ') },
        },
      ],
    }
  }

  const errors: CsvFileError[] = []
  const unnamed = written.flatMap((text, index) => (text === '' ? [columnLetter(index)] : []))
  if (unnamed.length > 0) {
    errors.push({ reason: 'imports:file.unnamedColumns', params: { columns: unnamed.join(', ') } })
  }
  const unknown = written.filter((text, index) => text !== '' && !matched[index])
  if (unknown.length > 0) {
    errors.push({
      reason: 'imports:file.unknownColumns',
      params: {
        columns: unknown.map((text) => `“${text}”`).join(', '),
        known: importable.join(', '),
      },
    })
  }
  const seen = new Map<string, string>()
  const duplicates: string[] = []
  matched.forEach((column, index) => {
    if (!column) return
    const earlier = seen.get(column.name)
    if (earlier !== undefined) duplicates.push(`“${earlier}” / “${written[index]}”`)
    else seen.set(column.name, written[index]!)
  })
  if (duplicates.length > 0) {
    errors.push({
      reason: 'imports:file.duplicateColumns',
      params: { columns: duplicates.join(', ') },
    })
  }
  const missing = columns.filter(
    (column) => column.required && !column.exportOnly && !seen.has(column.name),
  )
  if (missing.length > 0) {
    errors.push({
      reason: 'imports:file.missingColumns',
      params: { columns: missing.map((column) => column.name).join(', ') },
    })
  }
  if (errors.length > 0) return { ok: false, errors }

  const headerOf: Record<string, string> = {}
  const present: string[] = []
  const ignored: string[] = []
  const slots = matched.map((column, index) => {
    if (!column) return null
    if (column.exportOnly) {
      ignored.push(written[index]!)
      return null
    }
    headerOf[column.name] = written[index]!
    present.push(column.name)
    return column.name
  })
  return { ok: true, slots, columns: present, headerOf, ignored }
}

// ------------------------------------------------------------------------------------------------
// Rows → values

/**
 * Validates every row with the kind's schema. A failed row gives one error per column at fault;
 * `column` is the kind's column name (null for a problem with the row as a whole): `inFileHeaders`
 * turns it into the header the user wrote.
 */
export function validateCsvRows<S extends z.ZodType<unknown, Record<string, string>>>(
  table: CsvTable,
  schema: S,
): { values: { line: number; value: z.output<S> }[]; rowErrors: CsvRowError[] } {
  const values: { line: number; value: z.output<S> }[] = []
  const rowErrors: CsvRowError[] = []
  for (const row of table.rows) {
    const result = schema.safeParse(row.cells)
    if (result.success) {
      values.push({ line: row.line, value: result.data })
      continue
    }
    const seen = new Set<string>()
    for (const issue of result.error.issues) {
      const name = typeof issue.path[0] === 'string' ? issue.path[0] : null
      const key = `${name}|${issue.message}`
      if (seen.has(key)) continue
      seen.add(key)
      rowErrors.push({
        line: row.line,
        column: name,
        reason: issue.message,
        params: 'params' in issue ? (issue.params as CsvRowError['params']) : undefined,
      })
    }
  }
  return { values, rowErrors }
}

/**
 * Errors in file order, the first `maxErrorsShown`, and how many there are. Column names become
 * the headers as written in the file (a Chinese header stays Chinese).
 */
export function summariseRowErrors(
  errors: readonly CsvRowError[],
  headerOf: Record<string, string>,
): { errors: CsvRowError[]; total: number } {
  const sorted = [...errors].sort((a, b) => a.line - b.line)
  return {
    errors: sorted.slice(0, csvLimits.maxErrorsShown).map((error) => ({
      ...error,
      column: error.column === null ? null : (headerOf[error.column] ?? error.column),
    })),
    total: errors.length,
  }
}

// ------------------------------------------------------------------------------------------------
// Values → CSV

/** A UTF-8 byte order mark: Excel reads UTF-8 (and so Chinese text) correctly only with it. */
export const utf8Bom = '\uFEFF'

export type CsvCell = string | number | boolean | null | undefined

/**
 * CSV lines (CRLF, quoted where needed) for rows of cells; text that a spreadsheet would run as a
 * formula is neutralised. Pass `bom` for the first chunk of a file.
 */
export function csvLines(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}) {
  const text = stringify(
    rows.map((row) =>
      row.map((cell) =>
        cell === null || cell === undefined
          ? ''
          : typeof cell === 'string'
            ? escapeCsvCell(cell)
            : String(cell),
      ),
    ),
    // Lines end in CRLF; a bare LF inside a cell must be quoted too, or Excel splits the row.
    { record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  )
  return options.bom ? utf8Bom + text : text
}
