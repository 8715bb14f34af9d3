import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { constraintOf, sqlStateOf } from '#app/utils/app-error'
import { contractPriceImport } from './contract-price-import.server'
import { summariseRowErrors, type CsvEncodingChoice, type CsvFileError } from './csv-rules'
import { parseImportFile } from './import-file-rules'
import {
  cleanFileName,
  type ImportKind,
  type ImportReport,
  type ImportRowsByKind,
} from './import-rules'
import type { ImportContext, ImportHandler } from './import-writes.server'
import { productImport } from './product-import.server'
import { stockImport } from './stock-import.server'

export type ImportCsvOptions = {
  actor: { id: string; email: string }
  kind: ImportKind
  /** As uploaded; shown in the report, the audit log and stock adjustment reasons. */
  fileName: string
  bytes: Uint8Array
  encoding?: CsvEncodingChoice
  /** Check everything, report what would change, write nothing. */
  dryRun?: boolean
  ip?: string | null
}

const handlers: { [K in ImportKind]: ImportHandler<ImportRowsByKind[K], unknown> } = {
  products: productImport as ImportHandler<ImportRowsByKind['products'], unknown>,
  contract_prices: contractPriceImport as ImportHandler<
    ImportRowsByKind['contract_prices'],
    unknown
  >,
  stock: stockImport as ImportHandler<ImportRowsByKind['stock'], unknown>,
}

/** Imports run one at a time, so each one's check inside its transaction sees settled data. */
const IMPORT_LOCK_KEY = 727_010

/** What a constraint refused during the write (a concurrent change the checks could not see). */
const constraintFailures: Record<string, string> = {
  contract_prices_no_overlap: 'imports:file.overlapDuringImport',
  stock_levels_reserved_within_on_hand: 'imports:file.reservedDuringImport',
  products_sku_key: 'imports:file.changedDuringImport',
}

/**
 * Imports a CSV file of one kind, all or nothing (ADR 0009). The file is decoded, parsed and every
 * row checked on its own and against the database; any error at all means nothing is written and
 * every bad row is reported. A valid file is written in ONE transaction with batched statements,
 * one summary audit row and an audit row per record created or changed.
 */
export async function importCsv(db: Database, options: ImportCsvOptions): Promise<ImportReport> {
  const { kind } = options
  const fileName = cleanFileName(options.fileName)
  const parsed = parseImportFile(kind, options.bytes, options.encoding ?? 'auto')
  if (!parsed.ok) return { status: 'file_error', kind, fileName, fileErrors: parsed.fileErrors }

  const handler = handlers[kind] as ImportHandler<unknown, unknown>
  const context: ImportContext = { actor: options.actor, fileName, ip: options.ip ?? null }

  const check = async (tx: Database, lock: boolean) => {
    const planned = await handler.plan(tx, parsed.rows, { lock })
    const rowErrors = [...parsed.rowErrors, ...planned.rowErrors]
    if (rowErrors.length > 0) {
      const summary = summariseRowErrors(rowErrors, parsed.headerOf)
      return {
        report: {
          status: 'row_errors',
          kind,
          fileName,
          encoding: parsed.encoding,
          rows: parsed.rowCount,
          errorCount: summary.total,
          badRowCount: new Set(rowErrors.map((error) => error.line)).size,
          errors: summary.errors,
        } satisfies ImportReport,
        planned: null,
      }
    }
    const counts = { rows: parsed.rowCount, ...planned.counts }
    const base = {
      kind,
      fileName,
      encoding: parsed.encoding,
      ignoredColumns: parsed.ignoredColumns,
    }
    return { report: { status: 'valid', ...base, ...counts } satisfies ImportReport, planned }
  }

  // Bad files and dry runs never open a write transaction.
  if (options.dryRun || parsed.rowErrors.length > 0) return (await check(db, false)).report

  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`)
      const { report, planned } = await check(tx, true)
      if (!planned || report.status !== 'valid') return report
      const imported = { ...report, status: 'imported' } satisfies ImportReport
      // A file that matches what is stored (an export read back) changes nothing: no audit row.
      if (imported.created + imported.updated === 0) return imported
      await handler.apply(tx, planned.plan, context)
      await recordAudit(tx, {
        actor: options.actor,
        action: `import.${kind}`,
        entityType: 'import',
        entityId: randomUUID(),
        before: null,
        after: {
          kind,
          fileName,
          encoding: imported.encoding,
          rows: imported.rows,
          created: imported.created,
          updated: imported.updated,
          unchanged: imported.unchanged,
        },
        ip: options.ip,
      })
      return imported
    })
  } catch (error) {
    const reason = constraintFailures[constraintOf(error) ?? '']
    if (reason && ['23505', '23514', '23P01'].includes(sqlStateOf(error) ?? '')) {
      const fileError: CsvFileError = { reason }
      return { status: 'file_error', kind, fileName, fileErrors: [fileError] }
    }
    throw error
  }
}
