import { z } from 'zod'
import { isValidSku, normalizeSku } from '#app/modules/catalog/catalog-rules'
import { maxCartLines, maxLineQuantity } from './order-rules'

/**
 * Quick order (DESIGN.md §3): "SKU, qty" lines pasted from a spreadsheet or an e-mail, or the rows
 * of an uploaded CSV. Pure: the server parses the CSV into rows (csv-parse) and resolves SKUs;
 * this file decides what each row means. Every bad row is reported with its line number and
 * reason; the good ones go on for review in the cart.
 */

/** One input row: its line number in what the user pasted or uploaded, and its cells. */
export type QuickOrderRow = { line: number; cells: string[] }

export type QuickOrderLine = {
  /** The first line that named this SKU (later lines for the same SKU are added to it). */
  line: number
  sku: string
  quantity: number
}

export type QuickOrderProblemReason =
  | 'sku_missing'
  | 'sku_invalid'
  | 'quantity_missing'
  | 'quantity_invalid'
  | 'quantity_too_large'
  | 'too_many_lines'
  // Decided by the server once SKUs are looked up:
  | 'sku_unknown'
  | 'product_inactive'

export type QuickOrderProblem = {
  line: number
  /** The row as the user wrote it (shortened), so they can find it. */
  text: string
  reason: QuickOrderProblemReason
}

export type ParsedQuickOrder = {
  lines: QuickOrderLine[]
  problems: QuickOrderProblem[]
  /** Line numbers that repeated a SKU already named above (their quantities were added). */
  mergedLines: number[]
  /** Whether the first row was taken as a header (column names) and skipped. */
  headerSkipped: boolean
}

/** Most rows one paste or file may hold. */
export const maxQuickOrderRows = 500
/** Largest pasted text and uploaded file. */
export const maxQuickOrderBytes = 256 * 1024

const skuHeaders = [
  'sku',
  'item',
  'part',
  'part number',
  'product',
  '型号',
  '货号',
  '料号',
  '物料号',
]
const quantityHeaders = ['qty', 'quantity', 'amount', 'units', '数量', '订购数量']

const normalizeCell = (cell: string) =>
  cell
    .normalize('NFKC')
    .replace(/\p{Cc}/gu, ' ')
    .trim()

/**
 * Splits pasted text into rows: one per line, cells separated by a tab (spreadsheets), a comma
 * (also the full-width "，"), a semicolon, or else white space. Blank lines and lines starting
 * with # are skipped, keeping the other lines' numbers.
 */
export function splitPastedText(text: string): QuickOrderRow[] {
  const rows: QuickOrderRow[] = []
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  lines.forEach((raw, index) => {
    const line = raw.normalize('NFKC').trim()
    if (line === '' || line.startsWith('#')) return
    const separator = /\t/.test(line) ? /\t/ : /[,;]/.test(line) ? /\s*[,;]\s*/ : /\s+/
    rows.push({ line: index + 1, cells: line.split(separator) })
  })
  return rows
}

/** Column positions: from a header row when the first row is one, else SKU first, quantity second. */
function findColumns(first: QuickOrderRow | undefined) {
  if (!first) return { header: false, sku: 0, quantity: 1 }
  const names = first.cells.map((cell) => normalizeCell(cell).toLowerCase())
  const sku = names.findIndex((name) => skuHeaders.includes(name))
  const quantity = names.findIndex((name) => quantityHeaders.includes(name))
  if (sku >= 0) return { header: true, sku, quantity: quantity >= 0 ? quantity : sku === 0 ? 1 : 0 }
  return { header: false, sku: 0, quantity: 1 }
}

const quantityPattern = /^\d{1,9}$/

/** What the rows ask for: good lines merged by SKU, and every bad row with its reason. */
export function parseQuickOrderRows(rows: readonly QuickOrderRow[]): ParsedQuickOrder {
  const columns = findColumns(rows[0])
  const body = columns.header ? rows.slice(1) : rows
  const lines: QuickOrderLine[] = []
  const bySku = new Map<string, QuickOrderLine>()
  const problems: QuickOrderProblem[] = []
  const mergedLines: number[] = []

  body.forEach((row, index) => {
    const cells = row.cells.map(normalizeCell)
    if (cells.every((cell) => cell === '')) return
    const text = cells.filter(Boolean).join(', ').slice(0, 80)
    const problem = (reason: QuickOrderProblemReason) =>
      problems.push({ line: row.line, text, reason })
    if (index >= maxQuickOrderRows) return problem('too_many_lines')

    const skuText = cells[columns.sku] ?? ''
    const quantityText = (cells[columns.quantity] ?? '').replace(/\s/g, '')
    if (skuText === '') return problem('sku_missing')
    if (!isValidSku(skuText)) return problem('sku_invalid')
    if (quantityText === '') return problem('quantity_missing')
    if (!quantityPattern.test(quantityText) || Number(quantityText) < 1) {
      return problem('quantity_invalid')
    }
    const quantity = Number(quantityText)
    const sku = normalizeSku(skuText)
    const existing = bySku.get(sku)
    if ((existing?.quantity ?? 0) + quantity > maxLineQuantity) return problem('quantity_too_large')
    if (existing) {
      existing.quantity += quantity
      mergedLines.push(row.line)
      return
    }
    if (lines.length >= maxCartLines) return problem('too_many_lines')
    const parsed = { line: row.line, sku, quantity }
    bySku.set(sku, parsed)
    lines.push(parsed)
  })
  return { lines, problems, mergedLines, headerSkipped: columns.header }
}

/** The quick-order form: pasted text, an uploaded CSV file, or both. */
export const QuickOrderForm = z.object({
  text: z
    .string()
    .max(maxQuickOrderBytes, 'orders:quickOrder.tooLarge')
    .optional()
    .transform((value) => value ?? ''),
})
export type QuickOrderInput = z.output<typeof QuickOrderForm>
