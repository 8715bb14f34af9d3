import { expect } from 'vitest'
import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { AppError } from '#app/utils/app-error'

/** The AppError a call fails with, so a test can assert on its field and message. */
export async function failureOf(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

/** Audit rows about one record, oldest first. */
export const auditOf = (db: Database, entityId: string) =>
  db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id)
