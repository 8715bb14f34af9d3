import type { SQL } from 'drizzle-orm'
import type { Database } from './client.server'

/**
 * Runs a raw query and returns its rows on either driver (postgres.js answers an array, PGlite an
 * object with `rows`). Values come back as the driver gives them: cast in SQL (`::text`, `::int`)
 * or convert when mapping; int8 arrives as a string.
 */
export async function queryRows<T extends Record<string, unknown>>(
  db: Database,
  query: SQL,
): Promise<T[]> {
  const result = await db.execute<T>(query)
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[]
}
