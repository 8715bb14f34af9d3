/**
 * Contribution benchmark (DESIGN.md §4 at 10 000 partners, 1 000 000 registrations and
 * 5 000 000 order lines), in one run:
 *
 *   1. data: (re)creates its own database, migrates it and fills it (partners, users and
 *      registrations with the generator's steps; two-tier partners, stage history, conflicts,
 *      products, orders, order lines and targets with INSERT … SELECT in PostgreSQL) with the
 *      contribution rollup triggers off, then the rollups rebuilt from the rows and VACUUM ANALYZE;
 *   2. direct: getContributionOverview and getPartnerScorecard called from this process on a
 *      pool, one call at a time (p50/p95), and once more on one connection with auto_explain,
 *      which prints the slowest statements with their plans;
 *   3. HTTP: the production server (`npm run build` output) under autocannon, signed in as a
 *      channel manager for /admin/contribution and /admin/contribution/partners/<id>, and as
 *      partner users for /portal/scorecard, all for the same quarter.
 *
 *   npm run bench:contribution -- [--scale target|small] [--skip-generate]
 *     [--from 2026-07-01] [--iterations 10] [--duration 20] [--warmup 5] [--connections 10]
 *     [--scenario direct,explain,http] [--database-url postgres://…/cp_bench_contribution]
 *
 * The quarter defaults to the last complete one. Results (every figure, the plans) go to
 * tests/bench/results/<timestamp>.contribution.json, the server's log next to it.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { hashPassword } from '#app/modules/auth/password.server'
import { parseContributionQuery } from '#app/modules/contribution/contribution-rules'
import { getContributionOverview } from '#app/modules/contribution/get-contribution-overview.server'
import { getPartnerScorecard } from '#app/modules/contribution/get-partner-scorecard.server'
import {
  addCalendarDays,
  periodContaining,
  todayInShanghai,
  type Period,
} from '#app/modules/contribution/period-rules'
import { openDatabase, type Database } from '#db/client.server'
import * as schema from '#db/schema/index'
import {
  BENCH_PASSWORD,
  benchPartnerEmail,
  parseArgs,
  positiveInt,
  scales,
  type ScaleName,
} from './bench-config'
import { createFakers, type GenerateContext, type GenerateStep } from './lib/context'
import { recreateDatabase } from './lib/database'
import { signInOverHttp, expectOk } from './lib/http'
import { runLoad, type LoadResult } from './lib/load'
import { loadWithoutRollupTriggers, rebuildRollups } from './lib/rollups'
import { cpuBetween, cpuSnapshot } from './lib/cpu'
import { startServer } from './lib/server'
import { summarise, type LatencySummary } from './lib/stats'
import { contributionStep } from './steps/contribution'
import { partnersStep } from './steps/partners'
import { regionsStep } from './steps/regions'
import { registrationsStep } from './steps/registrations'
import { staffStep } from './steps/staff'
import { usersStep } from './steps/users'

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cp_bench_contribution'
const MANAGER_EMAIL = 'manager-001@bench.example'
/** Partners whose scorecards are loaded, in turn: the first ones are the busiest. */
const SCORECARD_PARTNERS = 10

const steps: readonly GenerateStep[] = [
  regionsStep,
  staffStep,
  partnersStep,
  usersStep,
  registrationsStep,
  contributionStep,
]

const resultsDir = path.resolve(import.meta.dirname, 'results')
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const fmt = (n: number | null | undefined, digits = 0) =>
  n == null || !Number.isFinite(n) ? '–' : n.toFixed(digits)

type Generation = { seconds: number; steps: Record<string, number>; rows: Record<string, number> }

async function generate(databaseUrl: string, scaleName: ScaleName): Promise<Generation> {
  const started = performance.now()
  const stepSeconds: Record<string, number> = {}
  const timed = async <T>(label: string, work: () => Promise<T>, detail?: (r: T) => string) => {
    const t0 = performance.now()
    const result = await work()
    stepSeconds[label] = (performance.now() - t0) / 1000
    console.log(
      `${label.padEnd(16)} ${seconds(performance.now() - t0).padStart(8)}${detail ? `  ${detail(result)}` : ''}`,
    )
    return result
  }
  console.log(`Generating contribution data at scale "${scaleName}" into ${databaseUrl}`)
  await timed('create database', () => recreateDatabase(databaseUrl))
  await timed('migrate', async () => {
    const connection = await openDatabase({ url: databaseUrl, poolMax: 1 })
    try {
      await connection.migrate()
    } finally {
      await connection.close()
    }
  })
  const passwordHash = await hashPassword(BENCH_PASSWORD)
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} })
  try {
    const ctx: GenerateContext = {
      sql,
      scale: scales[scaleName],
      now: new Date(),
      passwordHash,
      state: { regionCodes: [], staff: [], partners: [], partnerUsers: [] },
      ...createFakers(),
    }
    // The rollup triggers are off for the load; the rollups are rebuilt once from the rows.
    await loadWithoutRollupTriggers(sql, async () => {
      for (const step of steps) {
        await timed(
          step.name,
          () => step.run(ctx),
          (counts) =>
            Object.entries(counts)
              .map(([table, rows]) => `${rows.toLocaleString('en')} ${table}`)
              .join(', '),
        )
      }
    })
    await timed('rollups', () => rebuildRollups(sql))
    // Autovacuum may be off: without fresh statistics the planner picks sequential scans.
    await timed('vacuum analyze', () => sql`vacuum analyze`)
  } finally {
    await sql.end({ timeout: 5 })
  }
  const total = (performance.now() - started) / 1000
  console.log(`${'total'.padEnd(16)} ${seconds(total * 1000).padStart(8)}`)
  return { seconds: total, steps: stepSeconds, rows: {} }
}

const countedTables = [
  'partners',
  'users',
  'registrations',
  'registration_events',
  'registration_conflicts',
  'products',
  'orders',
  'order_lines',
  'partner_targets',
] as const

async function rowCounts(sql: postgres.Sql): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of countedTables) {
    const [{ n }] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${table}`)
    counts[table] = n
  }
  const [{ n: twoTier }] = await sql<{ n: number }[]>`
    select count(*)::int as n from registrations where fulfilment_partner_id is not null`
  const [{ n: linked }] = await sql<{ n: number }[]>`
    select count(*)::int as n from orders where registration_id is not null`
  counts['registrations (two-tier)'] = twoTier
  counts['orders (linked to a registration)'] = linked
  return counts
}

async function main() {
  const options = parseArgs(process.argv.slice(2), [
    'database-url',
    'scale',
    'skip-generate',
    'from',
    'iterations',
    'duration',
    'warmup',
    'connections',
    'dashboard-connections',
    'http-runs',
    'scenario',
  ])
  const databaseUrl = options.get('database-url') ?? DEFAULT_DATABASE_URL
  const scaleName = (options.get('scale') ?? 'target') as ScaleName
  if (!Object.hasOwn(scales, scaleName)) throw new Error('--scale must be small or target')
  const databaseName = decodeURIComponent(new URL(databaseUrl).pathname.slice(1))
  const scenarios = new Set((options.get('scenario') ?? 'direct,explain,http').split(','))
  const iterations = positiveInt(options.get('iterations'), 10, 'iterations')
  const durationS = positiveInt(options.get('duration'), 20, 'duration')
  const warmupS = Number(options.get('warmup') ?? 5)
  const connections = positiveInt(options.get('connections'), 10, 'connections')
  // 0: the dashboard only one request at a time (no autocannon run).
  const dashboardConnections = Number(options.get('dashboard-connections') ?? connections)
  const httpRuns = positiveInt(options.get('http-runs'), 5, 'http-runs')
  mkdirSync(resultsDir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')

  const generation =
    options.get('skip-generate') === 'true' ? null : await generate(databaseUrl, scaleName)

  const now = new Date()
  const today = todayInShanghai(now)
  const from =
    options.get('from') ??
    periodContaining('quarter', addCalendarDays(periodContaining('quarter', today).from, -1)).from
  const period: Period = periodContaining('quarter', from)
  const periodQuery = `period=quarter&from=${period.from}`
  console.log(`\nQuarter ${period.from} … ${period.to} (?${periodQuery})`)

  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} })
  const rows = await rowCounts(sql)
  if (generation) generation.rows = rows
  console.log(
    `Rows: ${Object.entries(rows)
      .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
      .join(', ')}`,
  )
  const [{ size }] = await sql<{ size: string }[]>`
    select pg_size_pretty(pg_database_size(current_database())) as size`
  console.log(`Database ${databaseName}: ${size}`)
  const partnerIds = (
    await sql<{ id: string }[]>`
      select p.id from partners p where p.code <= ${`P-${String(SCORECARD_PARTNERS).padStart(5, '0')}`}
      order by p.code`
  ).map((r) => r.id)
  const regionCodes = (await sql<{ code: string }[]>`select code from regions order by code`).map(
    (r) => r.code,
  )
  await sql.end({ timeout: 5 })

  const query = parseContributionQuery(new URLSearchParams(periodQuery), now)
  const calls: { name: string; run: (db: Database, i: number) => Promise<unknown> }[] = [
    { name: 'dashboard', run: (db) => getContributionOverview(db, { query, now }) },
    {
      name: 'scorecard',
      run: (db, i) =>
        getPartnerScorecard(db, { partnerId: partnerIds[i % partnerIds.length]!, period, now }),
    },
  ]

  // (a) The module functions, straight from this process.
  const direct: Record<string, LatencySummary & { runs: number }> = {}
  if (scenarios.has('direct')) {
    const connection = await openDatabase({ url: databaseUrl, poolMax: 10 })
    try {
      for (const call of calls) {
        await call.run(connection.reportingDb, 0) // warm-up: plans, caches
        const latencies: number[] = []
        for (let i = 0; i < iterations; i++) {
          const t0 = performance.now()
          await call.run(connection.reportingDb, i)
          latencies.push(performance.now() - t0)
        }
        direct[call.name] = { ...summarise(latencies), runs: iterations }
        console.log(
          `direct ${call.name.padEnd(10)} p50 ${fmt(direct[call.name]!.p50)} ms, p95 ${fmt(direct[call.name]!.p95)} ms (${iterations} runs)`,
        )
      }
    } finally {
      await connection.close()
    }
  }

  // Where the time goes: every statement of one call on one connection, with its plan.
  const explains: Record<string, { ms: number; query: string; plan: string }[]> = {}
  if (scenarios.has('explain')) {
    for (const call of calls) {
      const notices: string[] = []
      const client = postgres(databaseUrl, {
        max: 1,
        onnotice: (notice) => notices.push(String(notice.message)),
      })
      try {
        await client.unsafe(`load 'auto_explain'`)
        await client.unsafe(`set auto_explain.log_min_duration = 0;
          set auto_explain.log_analyze = on; set auto_explain.log_buffers = on;
          set auto_explain.log_timing = off;
          set auto_explain.log_level = notice; set client_min_messages = notice;
          set max_parallel_workers_per_gather = 0`)
        const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Database
        const t0 = performance.now()
        await call.run(db, 0)
        const totalMs = performance.now() - t0
        const statements = notices
          .map((message) => {
            const match = /^duration: ([\d.]+) ms\s+plan:\n([\s\S]*)$/.exec(message)
            if (!match) return null
            const [, ms, body] = match
            const queryText = /Query Text: ([\s\S]*?)\n[A-Z]/.exec(body!)?.[1] ?? ''
            return { ms: Number(ms), query: queryText.trim(), plan: body! }
          })
          .filter((s): s is { ms: number; query: string; plan: string } => s !== null)
          .sort((a, b) => b.ms - a.ms)
        explains[call.name] = statements
        const sum = statements.reduce((s, x) => s + x.ms, 0)
        console.log(
          `\n${call.name}: ${statements.length} statements on one connection, ${fmt(sum)} ms in PostgreSQL, ${fmt(totalMs)} ms in all; slowest:`,
        )
        for (const s of statements.slice(0, 6)) {
          console.log(
            `  ${fmt(s.ms, 1).padStart(8)} ms  ${s.query.replace(/\s+/g, ' ').slice(0, 150)}`,
          )
        }
      } finally {
        await client.end({ timeout: 5 })
      }
    }
  }

  // (b) The pages through the production server.
  const http: Record<string, LoadResult & { path: string; connections: number }> = {}
  const sequential: Record<
    string,
    LatencySummary & {
      runs: number
      serverCpuMsPerRequest: number | null
      postgresCpuMsPerRequest: number | null
      machineBusy: number | null
      otherBusy: number | null
    }
  > = {}
  if (scenarios.has('http')) {
    const logFile = path.join(resultsDir, `${stamp}.contribution.server.log`)
    const server = await startServer({ databaseUrl, logFile, poolMax: 15 })
    console.log(`\nServer pid ${server.pid} at ${server.origin}`)
    try {
      const manager = await signInOverHttp(server.origin, MANAGER_EMAIL, BENCH_PASSWORD)
      const partnerCookies: string[] = []
      for (let n = 1; n <= SCORECARD_PARTNERS; n++) {
        partnerCookies.push(
          (await signInOverHttp(server.origin, benchPartnerEmail(n), BENCH_PASSWORD)).cookie,
        )
      }
      const dashboardViews = [
        ...regionCodes.map((code) => `/admin/contribution?${periodQuery}&region=${code}`),
        ...['registered', 'silver', 'gold', 'platinum'].map(
          (tier) => `/admin/contribution?${periodQuery}&tier=${tier}`,
        ),
      ]
      const pages = [
        {
          name: 'dashboard',
          paths: [`/admin/contribution?${periodQuery}`],
          cookies: [manager.cookie],
          connections: dashboardConnections,
        },
        {
          // As many different views as connections (a region each, then tiers): no two requests
          // at once ask for the same report, so none shares another's computation.
          name: 'dashboard, each a different view',
          paths: dashboardViews,
          cookies: [manager.cookie],
          connections: dashboardConnections,
        },
        {
          name: 'vendor scorecard',
          paths: partnerIds.map((id) => `/admin/contribution/partners/${id}?${periodQuery}`),
          cookies: [manager.cookie],
          connections,
        },
        {
          name: 'partner scorecard',
          paths: [`/portal/scorecard?${periodQuery}`],
          cookies: partnerCookies,
          connections,
        },
      ]
      for (const page of pages) {
        await expectOk(server.origin, page.paths[0]!, page.cookies[0])
        // One request at a time: the page's own latency, comparable with the direct call's.
        const latencies: number[] = []
        const before = cpuSnapshot(server.pid, databaseName)
        for (let i = 0; i < httpRuns; i++) {
          const t0 = performance.now()
          const response = await fetch(`${server.origin}${page.paths[i % page.paths.length]}`, {
            redirect: 'manual',
            headers: {
              cookie: page.cookies[i % page.cookies.length]!,
              'accept-encoding': 'gzip, deflate, br',
              accept: 'text/html',
            },
          })
          await response.arrayBuffer()
          if (response.status !== 200) throw new Error(`${page.name}: HTTP ${response.status}`)
          latencies.push(performance.now() - t0)
        }
        const cpu = cpuBetween(before, cpuSnapshot(server.pid, databaseName))
        sequential[page.name] = {
          ...summarise(latencies),
          runs: httpRuns,
          serverCpuMsPerRequest: cpu ? cpu.serverMs / httpRuns : null,
          postgresCpuMsPerRequest: cpu ? cpu.postgresMs / httpRuns : null,
          machineBusy: cpu?.machineBusy ?? null,
          otherBusy: cpu?.otherBusy ?? null,
        }
        console.log(
          `http ${page.name.padEnd(18)} one at a time: p50 ${fmt(sequential[page.name]!.p50)} p95 ${fmt(sequential[page.name]!.p95)} ms (${httpRuns} runs)`,
        )
        if (page.connections === 0) continue
        const result = await runLoad({
          origin: server.origin,
          path: page.paths[0]!,
          paths: page.paths,
          cookies: page.cookies,
          connections: page.connections,
          warmupSeconds: warmupS,
          durationSeconds: durationS,
          timeoutSeconds: 120,
          serverPid: server.pid,
          databaseName,
        })
        http[page.name] = { ...result, path: page.paths[0]!, connections: page.connections }
        console.log(
          `http ${page.name.padEnd(18)} ${fmt(result.requestsPerSecond, 2)} req/s, p50 ${fmt(result.latencyMs.p50)} p95 ${fmt(result.latencyMs.p95)} p99 ${fmt(result.latencyMs.p99)} ms, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`,
        )
      }
    } finally {
      await server.stop()
    }
  }

  const file = path.join(resultsDir, `${stamp}.contribution.json`)
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        databaseName,
        scale: scaleName,
        period,
        options: { iterations, durationS, warmupS, connections, dashboardConnections, httpRuns },
        generation,
        rows,
        direct,
        sequential,
        http,
        explains,
      },
      null,
      2,
    ),
  )

  const directOf: Record<string, string> = {
    dashboard: 'dashboard',
    'vendor scorecard': 'scorecard',
    'partner scorecard': 'scorecard',
  }
  console.log(
    '\n| Page | direct p50 ms | direct p95 ms | HTTP one at a time p50 ms | p95 ms | app CPU ms/req | PG CPU ms/req | conns | HTTP req/s | HTTP p50 ms | HTTP p95 ms | HTTP p99 ms | non-2xx + errors | app CPU ms/req | PG CPU ms/req | machine busy (others) |',
  )
  console.log(`|${' --- |'}${' ---: |'.repeat(15)}`)
  for (const name of ['dashboard', 'vendor scorecard', 'partner scorecard']) {
    const d = direct[directOf[name]!]
    const q = sequential[name]
    const h = http[name]
    const busy = h?.cpu
      ? `${fmt(h.cpu.machineBusy * 100)} % (${fmt(h.cpu.otherBusy * 100)} %)`
      : '–'
    console.log(
      `| ${name} | ${fmt(d?.p50)} | ${fmt(d?.p95)} | ${fmt(q?.p50)} | ${fmt(q?.p95)} | ${fmt(q?.serverCpuMsPerRequest, 1)} | ${fmt(q?.postgresCpuMsPerRequest, 1)} | ${h?.connections ?? '–'} | ${fmt(h?.requestsPerSecond, 2)} | ${fmt(h?.latencyMs.p50)} | ${fmt(h?.latencyMs.p95)} | ${fmt(h?.latencyMs.p99)} | ${h ? h.non2xx + h.errors + h.timeouts : '–'} | ${fmt(h?.serverCpuMsPerRequest, 1)} | ${fmt(h?.postgresCpuMsPerRequest, 1)} | ${busy} |`,
    )
  }
  console.log(`Results: ${path.relative('.', file)}`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exit(1)
})
