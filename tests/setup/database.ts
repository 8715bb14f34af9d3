import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import postgres from 'postgres'
import { afterAll, beforeAll, inject } from 'vitest'
import { type Database, openDatabase } from '#db/client.server'
import { quoteIdent, withDatabase } from './global-setup'

export type TestDatabase = {
  db: Database
  kind: 'pglite' | 'postgres'
  /** Closes the connection and, on PostgreSQL, drops the database. */
  close(): Promise<void>
  /** PostgreSQL only: the URL of this database, for opening extra real parallel connections. */
  url?: string
}

let snapshot: Promise<Blob> | undefined

/** A fresh, migrated, empty database: PGlite in memory by default, PostgreSQL with TEST_DATABASE_URL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL
  return serverUrl ? createPostgresDatabase(serverUrl) : createPgliteDatabase()
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const snapshotPath = inject('pgliteSnapshotPath')
  if (!snapshotPath) {
    throw new Error('No PGlite snapshot: is tests/setup/global-setup.ts configured?')
  }
  // Read once per test file process; a Blob is immutable, so every database can load the same one.
  snapshot ??= readFile(snapshotPath).then((buffer) => new Blob([new Uint8Array(buffer)]))
  const connection = await openDatabase({ dataDir: 'memory://', loadDataDir: await snapshot })
  return { db: connection.db, kind: 'pglite', close: connection.close }
}

async function createPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const template = inject('pgTemplateDatabase')
  const prefix = inject('pgRunPrefix')
  if (!template || !prefix) {
    throw new Error('No template database: is tests/setup/global-setup.ts configured?')
  }
  const name = `${prefix}${randomBytes(5).toString('hex')}`
  await withAdmin(serverUrl, (admin) =>
    admin.unsafe(`create database ${quoteIdent(name)} template ${quoteIdent(template)}`),
  )
  const url = withDatabase(serverUrl, name)
  const connection = await openDatabase({ url, poolMax: 10 })
  let closed = false
  return {
    db: connection.db,
    kind: 'postgres',
    url,
    async close() {
      if (closed) return
      closed = true
      await connection.close()
      // FORCE: a test that opened extra connections and forgot one must not leak the database.
      await withAdmin(serverUrl, (admin) =>
        admin.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`),
      )
    },
  }
}

async function withAdmin<T>(serverUrl: string, run: (admin: postgres.Sql) => Promise<T>) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  try {
    return await run(admin)
  } finally {
    await admin.end({ timeout: 5 })
  }
}

export type TestDatabaseHandle = {
  /** The drizzle handle; available inside tests and hooks, not at collection time. */
  readonly db: Database
  readonly kind: 'pglite' | 'postgres'
  /** PostgreSQL only (undefined on PGlite): open extra connections with openDatabase({ url }). */
  readonly url: string | undefined
}

/**
 * One database for the whole test file: call at the file's top level (or in a describe).
 * Tests share it, so each test creates its own rows with the factories rather than counting
 * on an empty table.
 *
 *   const database = useTestDatabase()
 *   test('…', async () => { const partner = await createPartner(database.db) })
 */
export function useTestDatabase(): TestDatabaseHandle {
  let current: TestDatabase | undefined
  beforeAll(async () => {
    current = await createTestDatabase()
  })
  afterAll(async () => {
    await current?.close()
    current = undefined
  })
  const get = () => {
    if (!current) {
      throw new Error('useTestDatabase(): the database exists only inside tests and hooks')
    }
    return current
  }
  return {
    get db() {
      return get().db
    },
    get kind() {
      return get().kind
    },
    get url() {
      return get().url
    },
  }
}

/**
 * What the HTTP server hands loaders and actions, on the test database: reports read through the
 * same handle (the server gives them a pool of their own on PostgreSQL).
 */
export const loadContextOf = (database: TestDatabaseHandle) => ({
  db: database.db,
  reportingDb: database.db,
  cspNonce: 'test',
  clientIp: '127.0.0.1',
})
