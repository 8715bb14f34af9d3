import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'

/**
 * The next human registration number (R-000001…) from the registration_number_seq sequence:
 * gap-tolerant and safe under concurrency. The same helper as in submit-registration.server.ts,
 * kept here so every use case that creates a registration (an award creates one) shares it.
 */
export async function nextRegistrationNumber(db: Database): Promise<string> {
  const result = await db.execute<{ seq: string }>(
    sql`select nextval('registration_number_seq')::text as seq`,
  )
  const rows = (Array.isArray(result) ? result : (result as { rows: { seq: string }[] }).rows) as {
    seq: string
  }[]
  return `R-${rows[0]!.seq.padStart(6, '0')}`
}
