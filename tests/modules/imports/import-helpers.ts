import { eq, like, sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { importCsv, type ImportCsvOptions } from '#app/modules/imports/import-csv.server'
import type { ImportKind, ImportReport } from '#app/modules/imports/import-rules'
import type { Database } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { products } from '#db/schema/catalog'
import { createVendorStaff } from '#tests/factories/index'
import { utf8 } from './csv-files'

/** A vendor admin to import as (stock adjustments reference a real user). */
export async function createImporter(db: Database) {
  const admin = await createVendorStaff(db, { role: 'admin' })
  return { id: admin.id, email: admin.email }
}

export async function importText(
  db: Database,
  options: Omit<ImportCsvOptions, 'bytes' | 'fileName'> & {
    text?: string
    bytes?: Uint8Array
    fileName?: string
  },
): Promise<ImportReport> {
  const { text, bytes, fileName, ...rest } = options
  return importCsv(db, {
    ...rest,
    fileName: fileName ?? `${rest.kind}.csv`,
    bytes: bytes ?? utf8(text ?? ''),
  })
}

export function expectStatus<S extends ImportReport['status']>(
  report: ImportReport,
  status: S,
): asserts report is ImportReport & { status: S } {
  expect(report.status, JSON.stringify(report, null, 1).slice(0, 2000)).toBe(status)
}

/** Audit rows written by imports of this actor. */
export function importAuditsBy(db: Database, actorId: string) {
  return db
    .select()
    .from(auditLog)
    .where(sql`${auditLog.actorUserId} = ${actorId} and ${auditLog.action} like 'import.%'`)
}

export function productsLike(db: Database, prefix: string) {
  return db
    .select()
    .from(products)
    .where(like(products.sku, `${prefix}%`))
    .orderBy(products.sku)
}

export async function productBySku(db: Database, sku: string) {
  const [row] = await db.select().from(products).where(eq(products.sku, sku))
  return row
}

export type { ImportKind }
