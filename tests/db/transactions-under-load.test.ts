import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DatabaseConnection, openDatabase } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { useTestDatabase } from '#tests/setup/database'

// A transaction keeps its connection to itself however busy the pool is: an order placed while
// every connection is queued full of other requests' statements must neither fail nor let those
// statements run inside it, nor leave its connection in an open transaction for the next one.
// postgres.js 3.4.9 reserved a connection for a transaction only when the connection could still
// take more statements after BEGIN; at a full pipeline BEGIN went out unreserved and the checkout
// failed (UNSAFE_TRANSACTION). patches/postgres+3.4.9.patch fixes it (ADR 0020). PostgreSQL only:
// PGlite has one connection.

const onPostgres = Boolean(process.env.TEST_DATABASE_URL)
const database = useTestDatabase()

describe.skipIf(!onPostgres)('transactions on a saturated pool (PostgreSQL)', () => {
  let connection: DatabaseConnection

  beforeAll(async () => {
    connection = await openDatabase({ url: database.url!, poolMax: 3 })
  })
  afterAll(async () => {
    await connection?.close()
  })

  test('a transaction reserves its connection even when the connection can pipeline no more', async () => {
    // max_pipeline 0: every statement fills the connection's pipeline, BEGIN included.
    // (max_pipeline is a documented option the type declarations leave out.)
    const options = { max: 2, max_pipeline: 0, onnotice: () => {} }
    const client = postgres(database.url!, options)
    try {
      const runs = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          client.begin(async (tx) => {
            const [a] = await tx<{ xid: string }[]>`select txid_current()::text as xid`
            const [b] = await tx<{ xid: string }[]>`select txid_current()::text as xid`
            return a!.xid === b!.xid
          }),
        ),
      )
      expect(runs.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual(
        Array(6).fill(true),
      )
    } finally {
      await client.end({ timeout: 5 })
    }
  })

  test('every transaction runs alone on its connection while hundreds of statements queue', async () => {
    const { db } = connection
    const plain = () => queryRows<{ n: number }>(db, sql`select 1 as n`)
    const transaction = (n: number) =>
      db.transaction(async (tx) => {
        const [first] = await queryRows<{ xid: string; backend: number }>(
          tx,
          sql`select txid_current()::text as xid, pg_backend_pid() as backend`,
        )
        const [second] = await queryRows<{ xid: string; backend: number }>(
          tx,
          sql`select txid_current_if_assigned()::text as xid, pg_backend_pid() as backend`,
        )
        return { n, first: first!, second: second! }
      })

    for (let round = 0; round < 20; round++) {
      // Every connection busy for a moment, so that what follows is pipelined behind it.
      const work: Promise<unknown>[] = [0, 1, 2].map(() =>
        queryRows(db, sql`select pg_sleep(0.02)`),
      )
      const transactions: ReturnType<typeof transaction>[] = []
      for (let i = 0; i < 400 + round; i++) {
        if (i % 9 === round % 9) {
          const t = transaction(i)
          transactions.push(t)
          work.push(t)
        } else work.push(plain())
      }
      const settled = await Promise.allSettled(work)
      const failures = settled.filter((s) => s.status === 'rejected')
      expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([])

      const results = await Promise.all(transactions)
      for (const result of results) {
        // Both statements ran in the same transaction on the same backend.
        expect(result.second.xid).toBe(result.first.xid)
        expect(result.second.backend).toBe(result.first.backend)
      }
      // No two transactions shared one.
      expect(new Set(results.map((r) => r.first.xid)).size).toBe(results.length)
    }

    // No connection was handed back with a transaction still open.
    const open = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and state like 'idle in transaction%'`,
    )
    expect(open[0]!.n).toBe(0)
  })
})
