import { parse } from 'csv-parse/sync'
import type { Database } from '#db/client.server'
import { AppError } from '#app/utils/app-error'
import { addToCart, type AddToCartResult } from './add-to-cart.server'
import type { CartActor } from './cart-access.server'
import {
  maxQuickOrderBytes,
  parseQuickOrderRows,
  splitPastedText,
  type QuickOrderProblem,
  type QuickOrderRow,
} from './quick-order-rules'

export type ImportQuickOrderOptions = {
  actor: CartActor
  /** Pasted "SKU, qty" lines (ignored when a file is given). */
  text: string
  /** An uploaded CSV: its bytes as sent (UTF-8, or GB 18030 as Excel saves it on Chinese Windows). */
  file: { name: string; bytes: Uint8Array } | null
  now?: Date
}

export type QuickOrderReport = {
  source: 'text' | 'file'
  added: AddToCartResult['added']
  /** Every row that was not added, by line number: bad input first, then unknown SKUs. */
  problems: QuickOrderProblem[]
  mergedLines: number[]
  headerSkipped: boolean
}

/** Bytes of an uploaded file as text: UTF-8 when it is, else GB 18030 (a superset of GBK). */
export function decodeUpload(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** The records of a CSV (comma, semicolon or tab separated), each with the line it starts on. */
export function csvRows(text: string): QuickOrderRow[] {
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, {
      bom: true,
      delimiter: [',', ';', '\t'],
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[]
  } catch (error) {
    const line = (error as { lines?: number }).lines
    throw new AppError('invalid', {
      message: `unreadable CSV: ${(error as Error).message}`,
      userMessage: 'orders:quickOrder.fileUnreadable',
      field: 'file',
      params: { line: line ?? 1 },
    })
  }
  return records.map(({ record, info }) => ({ line: info.lines, cells: record }))
}

/**
 * Quick order: reads the pasted lines or the CSV, adds every good line to the actor's cart (for
 * review there) and reports each bad one with its line number and reason.
 */
export async function importQuickOrder(
  db: Database,
  options: ImportQuickOrderOptions,
): Promise<QuickOrderReport> {
  const file = options.file && options.file.bytes.byteLength > 0 ? options.file : null
  if (file && file.bytes.byteLength > maxQuickOrderBytes) {
    throw new AppError('invalid', { userMessage: 'orders:quickOrder.tooLarge', field: 'file' })
  }
  const rows = file ? csvRows(decodeUpload(file.bytes)) : splitPastedText(options.text)
  const parsed = parseQuickOrderRows(rows)
  if (parsed.lines.length === 0 && parsed.problems.length === 0) {
    throw new AppError('invalid', {
      userMessage: 'orders:quickOrder.nothingToAdd',
      field: file ? 'file' : 'text',
    })
  }
  const result = await addToCart(db, {
    actor: options.actor,
    items: parsed.lines,
    now: options.now,
  })
  const textOf = new Map(rows.map((row) => [row.line, row.cells.join(', ').slice(0, 80)]))
  const lookupProblems: QuickOrderProblem[] = result.problems.map((problem) => ({
    line: problem.line ?? 0,
    text: textOf.get(problem.line ?? 0) ?? problem.sku,
    reason: problem.reason,
  }))
  return {
    source: file ? 'file' : 'text',
    added: result.added,
    problems: [...parsed.problems, ...lookupProblems].sort((a, b) => a.line - b.line),
    mergedLines: parsed.mergedLines,
    headerSkipped: parsed.headerSkipped,
  }
}
