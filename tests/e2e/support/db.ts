import postgres from 'postgres'
import { databaseUrl } from './env'

/**
 * Direct SQL on the server's database, for asserting what a journey left behind. Only on
 * PostgreSQL: with PGlite the server process owns the data directory, so tests assert through
 * the UI (admin pages, mailbox, audit log) instead.
 */
export const hasDirectDatabase = Boolean(databaseUrl)

let client: postgres.Sql | undefined

export function sql(): postgres.Sql {
  if (!databaseUrl) throw new Error('sql() needs E2E_DATABASE_URL (PostgreSQL)')
  client ??= postgres(databaseUrl, { max: 2, onnotice: () => {} })
  return client
}

export async function closeDatabase() {
  await client?.end({ timeout: 5 })
  client = undefined
}
