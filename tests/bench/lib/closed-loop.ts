import { performance } from 'node:perf_hooks'
import postgres from 'postgres'

/** A small deterministic PRNG (mulberry32): the same seed makes the same carts. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

export type LoopRun = { outcomes: Record<string, number>; elapsedS: number; cycles: number }

/**
 * `concurrency` workers, each running `work` back to back until `durationS` is over (a closed
 * loop: a worker starts its next cycle when the last one answered). `work` returns an outcome
 * label; a thrown error counts as one labelled by its message.
 */
export async function closedLoop(
  concurrency: number,
  durationS: number,
  work: (worker: number, cycle: number) => Promise<string>,
): Promise<LoopRun> {
  const outcomes: Record<string, number> = {}
  let cycles = 0
  const started = performance.now()
  const deadline = started + durationS * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const cycle = cycles++
        let outcome: string
        try {
          outcome = await work(worker, cycle)
        } catch (error) {
          outcome = `error: ${error instanceof Error ? error.message.slice(0, 100) : String(error)}`
        }
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
      }
    }),
  )
  return { outcomes, elapsedS: (performance.now() - started) / 1000, cycles }
}

/**
 * An open loop: arrivals at `ratePerS` on average (Poisson, seeded) for `durationS`, whatever the
 * answers' speed, as buyers arrive at a portal. Each arrival runs `work` on one of `workers` idle
 * workers (a worker is a buyer: one checkout at a time); when all are busy it waits for one. `work`
 * gets the arrival time, so latency counts from the arrival, waiting included (no coordinated
 * omission). `waited` counts the arrivals that found no idle worker.
 */
export async function openLoop(
  ratePerS: number,
  durationS: number,
  workers: number,
  work: (worker: number, cycle: number, arrivedAt: number) => Promise<string>,
  seed = 1,
): Promise<LoopRun & { waited: number }> {
  const next = random(seed)
  const idle = Array.from({ length: workers }, (_, worker) => worker)
  const waiting: Array<(worker: number) => void> = []
  const outcomes: Record<string, number> = {}
  const running: Promise<void>[] = []
  let cycles = 0
  let waited = 0
  const started = performance.now()
  const end = started + durationS * 1000
  for (let at = started; ;) {
    at += (-Math.log(1 - next()) / ratePerS) * 1000
    if (at >= end) break
    const delay = at - performance.now()
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
    const arrivedAt = at
    const cycle = cycles++
    running.push(
      (async () => {
        const free = idle.shift()
        if (free === undefined) waited++
        const worker = free ?? (await new Promise<number>((resolve) => waiting.push(resolve)))
        let outcome: string
        try {
          outcome = await work(worker, cycle, arrivedAt)
        } catch (error) {
          outcome = `error: ${error instanceof Error ? error.message.slice(0, 100) : String(error)}`
        }
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
        const waiter = waiting.shift()
        if (waiter) waiter(worker)
        else idle.push(worker)
      })(),
    )
  }
  await Promise.all(running)
  return { outcomes, elapsedS: (performance.now() - started) / 1000, cycles, waited }
}

export type WaitSample = {
  samples: number
  /** Per sample, the mean number of the database's busy backends in each state. */
  meanBackends: Record<string, number>
}

/**
 * Samples pg_stat_activity every `intervalMs` for the database's non-idle backends, by wait
 * event ("Lock:transactionid" = waiting for another transaction's row lock, "IO:WALSync" = commit
 * flush, "cpu" = running). Its own connection: one more than the pools under test.
 */
export function sampleWaits(databaseUrl: string, databaseName: string, intervalMs = 100) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  const totals: Record<string, number> = {}
  let samples = 0
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      const rows = await sql<{ wait: string; n: number }[]>`
        select coalesce(wait_event_type || ':' || wait_event, 'cpu') as wait, count(*)::int as n
        from pg_stat_activity
        where datname = ${databaseName} and state not in ('idle') and pid <> pg_backend_pid()
          and backend_type = 'client backend'
        group by 1`
      samples++
      for (const row of rows) totals[row.wait] = (totals[row.wait] ?? 0) + row.n
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
  })()
  return async (): Promise<WaitSample> => {
    stopped = true
    await loop
    await sql.end({ timeout: 5 })
    return {
      samples,
      meanBackends: Object.fromEntries(
        Object.entries(totals)
          .sort((a, b) => b[1] - a[1])
          .map(([wait, n]) => [wait, Number((n / Math.max(1, samples)).toFixed(2))]),
      ),
    }
  }
}

export type DatabaseCounters = {
  commits: number
  rollbacks: number
  blocksRead: number
  blocksHit: number
  deadlocks: number
}

/** pg_stat_database counters of one database (cumulative; subtract two readings). */
export async function databaseCounters(
  sql: postgres.Sql,
  databaseName: string,
): Promise<DatabaseCounters> {
  // The statistics collector batches updates; clear this backend's cache so the reading is fresh.
  await sql`select pg_stat_clear_snapshot()`
  const [row] = await sql<
    {
      commits: string
      rollbacks: string
      blocks_read: string
      blocks_hit: string
      deadlocks: string
    }[]
  >`select xact_commit::text as commits, xact_rollback::text as rollbacks,
        blks_read::text as blocks_read, blks_hit::text as blocks_hit, deadlocks::text as deadlocks
     from pg_stat_database where datname = ${databaseName}`
  return {
    commits: Number(row!.commits),
    rollbacks: Number(row!.rollbacks),
    blocksRead: Number(row!.blocks_read),
    blocksHit: Number(row!.blocks_hit),
    deadlocks: Number(row!.deadlocks),
  }
}

export function countersBetween(a: DatabaseCounters, b: DatabaseCounters): DatabaseCounters {
  return {
    commits: b.commits - a.commits,
    rollbacks: b.rollbacks - a.rollbacks,
    blocksRead: b.blocksRead - a.blocksRead,
    blocksHit: b.blocksHit - a.blocksHit,
    deadlocks: b.deadlocks - a.deadlocks,
  }
}
