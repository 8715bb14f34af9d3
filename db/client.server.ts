import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema/index'

export type Schema = typeof schema
/** The handle every module function takes: the pool, or a transaction on it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  Schema,
  ExtractTablesWithRelations<Schema>
>

export type DatabaseConnection = {
  db: Database
  /**
   * The handle the contribution reports read through (ADR 0022): on PostgreSQL a small pool of its
   * own with parallel query off, so a few dashboards opened at once queue for it instead of taking
   * the connections and the cores that ordering needs. The same handle as db on PGlite.
   */
  reportingDb: Database
  kind: 'postgres' | 'pglite'
  /** Applies pending migrations (safe when several app servers start at once). */
  migrate: () => Promise<void>
  close: () => Promise<void>
}

export const migrationsFolder = path.resolve(import.meta.dirname ?? '.', 'migrations')
const MIGRATION_LOCK_KEY = 727_001

export type OpenDatabaseOptions = {
  /** postgres:// URL; when absent an embedded PGlite database is used. */
  url?: string
  /** PGlite data directory (ignored with url). `memory://` keeps it in memory. */
  dataDir?: string
  /** A PGlite data dir dump to start from (tests load a migrated snapshot this way). */
  loadDataDir?: Blob | File
  /** postgres.js pool size. */
  poolMax?: number
  /** Connections of the reporting pool (PostgreSQL). */
  reportingPoolMax?: number
  /** Where the reporting pool connects (a read replica); the url when absent. */
  reportingUrl?: string
}

export const pgliteExtensions = { btree_gist, pg_trgm }

/**
 * The postgres.js client with every query as a named prepared statement, kept per connection (ADR
 * 0017). drizzle sends its queries unprepared, and postgres.js then asks the server for the
 * parameter types of each one before executing it: two round trips per statement, and no
 * pipelining. Prepared, a statement already seen on the connection is one round trip, and is not
 * parsed again. Transactions get the same wrapper.
 */
function withPreparedStatements(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, args?: unknown[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, args as postgres.ParameterOrJSON<never>[], {
            ...options,
            prepare: true,
          })
      }
      if (property === 'begin') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (sql: postgres.TransactionSql) => unknown
          const wrapped = (sql: postgres.TransactionSql) =>
            fn(
              withPreparedStatements(
                sql as unknown as postgres.Sql,
              ) as unknown as postgres.TransactionSql,
            )
          return (target.begin as (...a: unknown[]) => unknown)(...args, wrapped)
        }
      }
      return Reflect.get(target, property, receiver)
    },
  })
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseConnection> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolMax ?? 20,
      onnotice: () => {},
      connection: { application_name: 'channel-portal' },
    })
    const db = drizzlePostgres(withPreparedStatements(client), {
      schema,
      casing: 'snake_case',
    }) as unknown as Database
    // Opened on first use: processes that never report (the supervisor, scripts) hold none.
    const reportingClient = postgres(options.reportingUrl ?? options.url, {
      max: options.reportingPoolMax ?? 3,
      idle_timeout: 60,
      onnotice: () => {},
      connection: {
        application_name: 'channel-portal-reporting',
        // Each report is a few dozen statements at once; workers per statement only add
        // processes competing for the same cores (measured in docs/benchmarks.md).
        max_parallel_workers_per_gather: 0,
      },
    })
    const reportingDb = drizzlePostgres(withPreparedStatements(reportingClient), {
      schema,
      casing: 'snake_case',
    }) as unknown as Database
    return {
      db,
      reportingDb,
      kind: 'postgres',
      async migrate() {
        // A dedicated connection holds the advisory lock for the whole migration run.
        const lockClient = postgres(options.url!, { max: 1, onnotice: () => {} })
        try {
          await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`
          await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder })
          await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`
        } finally {
          await lockClient.end({ timeout: 5 })
        }
      },
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), reportingClient.end({ timeout: 5 })])
      },
    }
  }

  const dataDir = options.dataDir ?? path.resolve('.data/pglite')
  if (!dataDir.startsWith('memory://')) mkdirSync(path.dirname(dataDir), { recursive: true })
  const client = await PGlite.create({
    dataDir,
    extensions: pgliteExtensions,
    loadDataDir: options.loadDataDir,
  })
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Database
  return {
    db,
    reportingDb: db,
    kind: 'pglite',
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    close: () => client.close(),
  }
}

/** Returns the raw PGlite client behind a connection opened by openDatabase (tests dump it). */
export function pgliteClientOf(db: Database): PGlite | undefined {
  const client = (db as unknown as { $client?: unknown }).$client
  return client instanceof PGlite ? client : undefined
}
