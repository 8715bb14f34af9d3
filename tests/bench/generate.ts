/**
 * Bench data generator: (re)creates the bench database, migrates it and fills it at a named scale.
 *
 *   npm run bench:generate -- --scale small|target [--database-url postgres://…/cp_bench]
 *   npm run bench:generate -- --scale target --steps catalog   (re-run steps on existing data)
 *
 * Deterministic (seeded faker; timestamps are offsets from now). Rows go in with COPY, one stream
 * per table. Every user's password is BENCH_PASSWORD (one argon2id hash computed once). Known
 * logins: bench-admin@bench.example and bench-partner-0001@bench.example … (distinct partners).
 * To add a table, write a GenerateStep in tests/bench/steps/ and append it to `steps` below.
 */
import { performance } from 'node:perf_hooks'
import postgres from 'postgres'
import { openDatabase } from '#db/client.server'
import { hashPassword } from '#app/modules/auth/password.server'
import {
  BENCH_ADMIN_EMAIL,
  BENCH_PASSWORD,
  benchPartnerEmail,
  DEFAULT_BENCH_DATABASE_URL,
  parseArgs,
  scales,
  type ScaleName,
} from './bench-config'
import { createFakers, type GenerateContext, type GenerateStep } from './lib/context'
import { recreateDatabase } from './lib/database'
import { auditStep } from './steps/audit'
import { catalogStep } from './steps/catalog'
import { outboxStep } from './steps/outbox'
import { partnersStep } from './steps/partners'
import { regionsStep } from './steps/regions'
import { registrationsStep } from './steps/registrations'
import { signInHistoryStep } from './steps/sign-in-history'
import { staffStep } from './steps/staff'
import { usersStep } from './steps/users'
import { loadWithoutRollupTriggers, rebuildRollups } from './lib/rollups'

/** In dependency order: a step may use what earlier steps put in ctx.state. */
const steps: readonly GenerateStep[] = [
  regionsStep,
  staffStep,
  partnersStep,
  usersStep,
  signInHistoryStep,
  auditStep,
  outboxStep,
  registrationsStep,
  catalogStep,
]

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

async function main() {
  const options = parseArgs(process.argv.slice(2), ['scale', 'database-url', 'steps'])
  const scaleName = options.get('scale') ?? 'small'
  if (!Object.hasOwn(scales, scaleName)) {
    throw new Error(`--scale must be one of: ${Object.keys(scales).join(', ')}`)
  }
  const scale = scales[scaleName as ScaleName]
  const databaseUrl = options.get('database-url') ?? DEFAULT_BENCH_DATABASE_URL
  // --steps a,b: only these steps, on the existing database (for steps that empty their own
  // tables first, as catalog does).
  const only = options
    .get('steps')
    ?.split(',')
    .map((name) => name.trim())
  for (const name of only ?? []) {
    if (!steps.some((step) => step.name === name)) {
      throw new Error(`Unknown step "${name}" (steps: ${steps.map((s) => s.name).join(', ')})`)
    }
  }
  const started = performance.now()
  const timed = async <T>(label: string, work: () => Promise<T>, detail?: (r: T) => string) => {
    const t0 = performance.now()
    const result = await work()
    const extra = detail ? `  ${detail(result)}` : ''
    console.log(`${label.padEnd(20)} ${seconds(performance.now() - t0).padStart(9)}${extra}`)
    return result
  }

  console.log(`Generating bench data at scale "${scale.name}" into ${databaseUrl}`)
  if (!only) await timed('create database', () => recreateDatabase(databaseUrl))
  await timed('migrate', async () => {
    const connection = await openDatabase({ url: databaseUrl, poolMax: 1 })
    try {
      await connection.migrate()
    } finally {
      await connection.close()
    }
  })
  const passwordHash = await timed('hash password', () => hashPassword(BENCH_PASSWORD))

  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} })
  try {
    const ctx: GenerateContext = {
      sql,
      scale,
      now: new Date(),
      passwordHash,
      state: { regionCodes: [], staff: [], partners: [], partnerUsers: [] },
      ...createFakers(),
    }
    const totals: Record<string, number> = {}
    // The contribution rollup triggers are off for the load; the rollups are rebuilt once after.
    await loadWithoutRollupTriggers(sql, async () => {
      for (const step of steps) {
        if (only && !only.includes(step.name)) continue
        await timed(
          step.name,
          () => step.run(ctx),
          (counts) => {
            for (const [table, rows] of Object.entries(counts))
              totals[table] = (totals[table] ?? 0) + rows
            return Object.entries(counts)
              .map(([table, rows]) => `${rows.toLocaleString('en')} ${table}`)
              .join(', ')
          },
        )
      }
    })
    await timed('rollups', () => rebuildRollups(sql))
    // Autovacuum may be off: without fresh statistics the planner picks sequential scans.
    await timed('vacuum analyze', () => sql`vacuum analyze`)
    const [{ size }] = await sql<{ size: string }[]>`
      select pg_size_pretty(pg_database_size(current_database())) as size`
    console.log(
      `${'total'.padEnd(20)} ${seconds(performance.now() - started).padStart(9)}  database ${size}`,
    )
    console.log(
      `Rows: ${Object.entries(totals)
        .map(([table, rows]) => `${table} ${rows.toLocaleString('en')}`)
        .join(', ')}`,
    )
    console.log(
      `Logins (password ${BENCH_PASSWORD}): ${BENCH_ADMIN_EMAIL}, ` +
        `${benchPartnerEmail(1)} … ${benchPartnerEmail(scale.benchPartnerLogins)}`,
    )
  } finally {
    await sql.end({ timeout: 5 })
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
