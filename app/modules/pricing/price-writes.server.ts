import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'

// Helpers shared by the price write use cases (policies, contract prices, volume breaks). Not a
// use case itself.

/**
 * Serialises writes to dated price rows (publish, withdraw, add, end, delete): each reads the
 * timeline it changes and must not race another writer of the same timeline. Price changes are
 * rare and quick, so one lock for all of them costs nothing; the exclusion constraints remain
 * the guarantee.
 */
const PRICE_ROWS_LOCK_KEY = 727_108

export async function lockPriceRows(tx: Database): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${PRICE_ROWS_LOCK_KEY})`)
}

/** A stored row as the audit log keeps it: dates as text, ids as they are. */
export function auditRow<T extends Record<string, unknown>>(row: T): Partial<T> {
  const {
    createdAt: _c,
    updatedAt: _u,
    ...rest
  } = row as T & {
    createdAt?: unknown
    updatedAt?: unknown
  }
  return rest as Partial<T>
}
