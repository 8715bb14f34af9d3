import cluster, { type Worker } from 'node:cluster'
import { openDatabase } from '#db/client.server'
import type { Env } from '#app/utils/env.server'
import { seedIfEmpty } from './seed-on-start'

/** A server process that dies this soon after starting counts as failing to start. */
const EARLY_EXIT_MS = 10_000
const MAX_EARLY_EXITS = 5

/**
 * WEB_CONCURRENCY > 1: migrates (and seeds) once, then runs that many server processes on the
 * one port (node:cluster hands each connection to one of them) and starts another when one dies.
 * The first runs the e-mail sender and the sweepers. SIGTERM or SIGINT is passed to every server
 * process, each finishes its requests in flight, and this process exits when all have.
 */
export async function superviseWorkers(env: Env): Promise<void> {
  const connection = await openDatabase({ url: env.DATABASE_URL, poolMax: 2 })
  try {
    await connection.migrate()
    if (env.SEED_DEMO) await seedIfEmpty(connection.db)
  } finally {
    await connection.close()
  }

  const runsJobs = new Map<number, boolean>()
  const startedAt = new Map<number, number>()
  let earlyExits = 0
  let stopping = false

  const start = (jobs: boolean): Worker => {
    const worker = cluster.fork({ RUN_BACKGROUND_JOBS: jobs ? '1' : '0' })
    runsJobs.set(worker.id, jobs)
    startedAt.set(worker.id, Date.now())
    return worker
  }
  for (let n = 0; n < env.WEB_CONCURRENCY; n++) start(n === 0)
  console.log(`Supervising ${env.WEB_CONCURRENCY} server processes on port ${env.PORT}`)

  cluster.on('exit', (worker, code, signal) => {
    const jobs = runsJobs.get(worker.id) ?? false
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0)
    runsJobs.delete(worker.id)
    startedAt.delete(worker.id)
    if (stopping) {
      if (runsJobs.size === 0) {
        console.log('All server processes have stopped.')
        process.exit(0)
      }
      return
    }
    earlyExits = lived < EARLY_EXIT_MS ? earlyExits + 1 : 0
    if (earlyExits >= MAX_EARLY_EXITS) {
      console.error(
        `Server processes keep exiting right after starting (last: ${signal ?? code}); giving up.`,
      )
      process.exit(1)
    }
    console.error(
      `Server process ${worker.process.pid} exited (${signal ?? code}); starting another.`,
    )
    start(jobs)
  })

  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal} received: stopping ${runsJobs.size} server processes…`)
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}
