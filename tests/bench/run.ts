/**
 * Load runner: starts the production server on the bench database, signs users in over HTTP and
 * drives each scenario with autocannon, then prints a markdown table and writes JSON to
 * tests/bench/results/<timestamp>.json.
 *
 *   npm run build && npm run bench:generate -- --scale target && npm run bench
 *   npm run bench -- --scenario portal --duration 20 --connections 50 --database-url postgres://…
 *
 * Traffic goes only to 127.0.0.1; every run is bounded by its duration. Throughput is reported
 * against GET /healthz measured in the same run, and CPU milliseconds per request are read from
 * /proc for the server and PostgreSQL, so figures from a shared, noisy machine stay comparable.
 * See docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import {
  BENCH_PASSWORD,
  benchPartnerEmail,
  DEFAULT_BENCH_DATABASE_URL,
  parseArgs,
  positiveInt,
  scales,
} from './bench-config'
import { backgroundBusy, cpuBetween, cpuSnapshot, type CpuUsage } from './lib/cpu'
import { expectOk, signInOverHttp } from './lib/http'
import { runLoad, type LoadResult } from './lib/load'
import { startServer, type RunningServer } from './lib/server'
import { summarise, type LatencySummary } from './lib/stats'

type LoadScenario = {
  id: 'healthz' | 'login-page' | 'portal'
  title: string
  path: string
  signedIn: boolean
}

const loadScenarios: readonly LoadScenario[] = [
  { id: 'healthz', title: 'GET /healthz (ceiling)', path: '/healthz', signedIn: false },
  { id: 'login-page', title: 'GET /login (anonymous)', path: '/login', signedIn: false },
  { id: 'portal', title: 'GET /portal (partner user)', path: '/portal', signedIn: true },
]
const scenarioIds = [...loadScenarios.map((s) => s.id), 'sign-in'] as const

type LoadOutcome = LoadScenario &
  LoadResult & {
    ratioToCeiling: number | null
    /** Machine busy share just before the scenario (server idle): other work on the box. */
    backgroundBusyBefore: number | null
  }
type SignInOutcome = {
  signIns: number
  distinctUsers: number
  seconds: number
  perSecond: number
  latencyMs: LatencySummary
  cpu: CpuUsage | null
  serverCpuMsPerRequest: number | null
  postgresCpuMsPerRequest: number | null
  backgroundBusyBefore: number | null
}

/** Busy share of the machine above which it is not quiet enough to start a scenario. */
const QUIET_BUSY = 0.25

const resultsDir = path.resolve(import.meta.dirname, 'results')

function usage(): string {
  return [
    'Usage: npm run bench -- [options]',
    `  --scenario      comma list of ${scenarioIds.join(', ')} (default: all; healthz always runs with any load scenario)`,
    '  --duration      measured seconds per scenario (default 20)',
    '  --warmup        discarded warm-up seconds per scenario (default 10)',
    '  --connections   concurrent connections (default 50)',
    '  --sessions      signed-in partner users to rotate on /portal (default 20)',
    '  --sign-ins      sequential sign-ins to time (default 200)',
    '  --wait-idle     seconds to wait for a quiet machine before each scenario (default 60; 0 = never)',
    `  --database-url  bench database (default ${DEFAULT_BENCH_DATABASE_URL})`,
  ].join('\n')
}

function gitDescription(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== ''
    return dirty ? `${commit} (+ uncommitted changes)` : commit
  } catch {
    return 'unknown'
  }
}

async function describeDatabase(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    const [version] = await sql<
      { version: string }[]
    >`select current_setting('server_version') as version`
    const [size] = await sql<
      { size: string }[]
    >`select pg_size_pretty(pg_database_size(current_database())) as size`
    const tables = [
      'partners',
      'partner_territories',
      'users',
      'sessions',
      'login_attempts',
      'audit_log',
      'email_outbox',
    ]
    const rows: Record<string, number> = {}
    for (const table of tables) {
      const [{ count }] = await sql.unsafe<{ count: string }[]>(
        `select count(*) as count from ${table}`,
      )
      rows[table] = Number(count)
    }
    return { postgres: version.version, size: size.size, rows }
  } finally {
    await sql.end({ timeout: 5 })
  }
}

const ms = (value: number | null) =>
  value !== null && Number.isFinite(value) ? value.toFixed(1) : '–'
const int = (value: number) => Math.round(value).toLocaleString('en')
const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? '–' : `${Math.round(share * 100)} %`

function markdownTable(loads: LoadOutcome[], signIn: SignInOutcome | null): string {
  const lines = [
    '| Scenario | req/s | vs ceiling | p50 ms | p95 ms | p99 ms | non-2xx + errors | app CPU ms/req | PG CPU ms/req | machine busy (others) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const s of loads) {
    lines.push(
      `| ${s.title} | ${int(s.requestsPerSecond)} | ${percent(s.ratioToCeiling)} | ${ms(s.latencyMs.p50)} | ` +
        `${ms(s.latencyMs.p95)} | ${ms(s.latencyMs.p99)} | ${int(s.non2xx + s.errors)} | ` +
        `${ms(s.serverCpuMsPerRequest)} | ${ms(s.postgresCpuMsPerRequest)} | ` +
        `${percent(s.cpu?.machineBusy)} (${percent(s.cpu?.otherBusy)}) |`,
    )
  }
  if (signIn) {
    lines.push(
      `| POST /login, ${signIn.signIns} sequential sign-ins | ${signIn.perSecond.toFixed(1)} | – | ` +
        `${ms(signIn.latencyMs.p50)} | ${ms(signIn.latencyMs.p95)} | ${ms(signIn.latencyMs.p99)} | 0 | ` +
        `${ms(signIn.serverCpuMsPerRequest)} | ${ms(signIn.postgresCpuMsPerRequest)} | ` +
        `${percent(signIn.cpu?.machineBusy)} (${percent(signIn.cpu?.otherBusy)}) |`,
    )
  }
  return lines.join('\n')
}

/**
 * Waits (up to maxSeconds) until the machine is mostly idle, so a scenario does not start while
 * someone else compiles; returns the last busy share seen.
 */
async function waitForQuiet(
  serverPid: number,
  databaseName: string,
  maxSeconds: number,
): Promise<number | null> {
  const deadline = Date.now() + maxSeconds * 1000
  let busy = await backgroundBusy(serverPid, databaseName)
  while (busy !== null && busy > QUIET_BUSY && Date.now() < deadline) {
    busy = await backgroundBusy(serverPid, databaseName)
  }
  if (busy !== null && busy > QUIET_BUSY) {
    process.stdout.write(`(machine still ${percent(busy)} busy before start) `)
  }
  return busy
}

async function main() {
  const args = process.argv.slice(2)
  if (args.includes('--help')) {
    console.log(usage())
    return
  }
  const options = parseArgs(args, [
    'scenario',
    'duration',
    'warmup',
    'connections',
    'sessions',
    'sign-ins',
    'wait-idle',
    'database-url',
  ])
  const durationSeconds = positiveInt(options.get('duration'), 20, 'duration')
  const nonNegative = (name: string, fallback: number) =>
    options.get(name) === '0' ? 0 : positiveInt(options.get(name), fallback, name)
  const warmupSeconds = nonNegative('warmup', 10)
  const waitIdleSeconds = nonNegative('wait-idle', 60)
  const connections = positiveInt(options.get('connections'), 50, 'connections')
  const benchLogins = scales.small.benchPartnerLogins
  const sessionCount = positiveInt(options.get('sessions'), 20, 'sessions')
  if (sessionCount > benchLogins) throw new Error(`--sessions can be at most ${benchLogins}`)
  const signInCount = positiveInt(options.get('sign-ins'), 200, 'sign-ins')
  const databaseUrl = options.get('database-url') ?? DEFAULT_BENCH_DATABASE_URL
  const databaseName = decodeURIComponent(new URL(databaseUrl).pathname.slice(1))
  const requested = new Set(
    (options.get('scenario') ?? scenarioIds.join(',')).split(',').map((s) => s.trim()),
  )
  for (const id of requested) {
    if (!(scenarioIds as readonly string[]).includes(id))
      throw new Error(`Unknown scenario "${id}"\n${usage()}`)
  }
  // Ratios need the ceiling from the same run, on the same machine state.
  const selected = loadScenarios.filter((s) => requested.has(s.id))
  if (selected.length > 0 && !requested.has('healthz')) selected.unshift(loadScenarios[0])

  const startedAt = new Date()
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-')
  mkdirSync(resultsDir, { recursive: true })
  const database = await describeDatabase(databaseUrl)
  if (database.rows.partners === 0)
    throw new Error('The bench database is empty: run `npm run bench:generate` first.')
  const environment = {
    commit: gitDescription(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg(),
    postgres: database.postgres,
    databaseSize: database.size,
  }
  console.log(
    `Bench ${startedAt.toISOString()} · commit ${environment.commit} · ${environment.cpus} × ${environment.cpuModel} · ` +
      `Node ${environment.node} · PostgreSQL ${environment.postgres}`,
  )
  console.log(
    `Data: ${Object.entries(database.rows)
      .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
      .join(', ')} (${database.size})`,
  )
  console.log(
    `Load: ${connections} connections, ${warmupSeconds} s warm-up (discarded) + ${durationSeconds} s measured per scenario`,
  )

  const logFile = path.join(resultsDir, `${stamp}.server.log`)
  let server: RunningServer | undefined
  const stopOnSignal = (signal: NodeJS.Signals) => {
    console.error(`${signal}: stopping the server…`)
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130))
  }
  process.once('SIGINT', stopOnSignal)
  process.once('SIGTERM', stopOnSignal)

  const loads: LoadOutcome[] = []
  let signIn: SignInOutcome | null = null
  try {
    server = await startServer({ databaseUrl, logFile })
    const { origin, pid } = server
    console.log(
      `Server pid ${pid} ready at ${origin} (log: ${path.relative(process.cwd(), logFile)})`,
    )

    let cookies: string[] = []
    if (selected.some((s) => s.signedIn)) {
      for (let n = 1; n <= sessionCount; n++) {
        cookies.push((await signInOverHttp(origin, benchPartnerEmail(n), BENCH_PASSWORD)).cookie)
      }
      for (const cookie of cookies) await expectOk(origin, '/portal', cookie)
      console.log(`Signed in ${cookies.length} distinct partner users.`)
    }

    let ceiling: number | null = null
    for (const scenario of selected) {
      process.stdout.write(`Running ${scenario.title} … `)
      const backgroundBusyBefore =
        waitIdleSeconds > 0 ? await waitForQuiet(pid, databaseName, waitIdleSeconds) : null
      const result = await runLoad({
        origin,
        path: scenario.path,
        connections,
        warmupSeconds,
        durationSeconds,
        cookies: scenario.signedIn ? cookies : undefined,
        serverPid: pid,
        databaseName,
      })
      if (scenario.id === 'healthz') ceiling = result.requestsPerSecond
      loads.push({
        ...scenario,
        ...result,
        ratioToCeiling: ceiling ? result.requestsPerSecond / ceiling : null,
        backgroundBusyBefore,
      })
      console.log(
        `${int(result.requestsPerSecond)} req/s, p95 ${ms(result.latencyMs.p95)} ms, ` +
          `app ${ms(result.serverCpuMsPerRequest)} + PG ${ms(result.postgresCpuMsPerRequest)} CPU ms/req` +
          (result.non2xx + result.errors > 0
            ? `, ${result.non2xx} non-2xx, ${result.errors} errors`
            : ''),
      )
    }
    cookies = []

    if (requested.has('sign-in')) {
      // Sequential and on an otherwise idle server: argon2id verification dominates; throughput
      // under concurrency would measure the hash cost and the throttle, not the app.
      process.stdout.write(`Timing ${signInCount} sequential sign-ins … `)
      const backgroundBusyBefore =
        waitIdleSeconds > 0 ? await waitForQuiet(pid, databaseName, waitIdleSeconds) : null
      const latencies: number[] = []
      const users = Math.min(benchLogins, signInCount)
      const before = cpuSnapshot(pid, databaseName)
      const t0 = performance.now()
      for (let i = 0; i < signInCount; i++) {
        latencies.push(
          (await signInOverHttp(origin, benchPartnerEmail((i % users) + 1), BENCH_PASSWORD)).ms,
        )
      }
      const seconds = (performance.now() - t0) / 1000
      const cpu = cpuBetween(before, cpuSnapshot(pid, databaseName))
      signIn = {
        signIns: signInCount,
        distinctUsers: users,
        seconds,
        perSecond: signInCount / seconds,
        latencyMs: summarise(latencies),
        cpu,
        serverCpuMsPerRequest: cpu ? cpu.serverMs / signInCount : null,
        postgresCpuMsPerRequest: cpu ? cpu.postgresMs / signInCount : null,
        backgroundBusyBefore,
      }
      console.log(`p50 ${ms(signIn.latencyMs.p50)} ms`)
    }
  } finally {
    await server?.stop()
  }

  const table = markdownTable(loads, signIn)
  console.log(`\n${table}\n`)
  const file = path.join(resultsDir, `${stamp}.json`)
  writeFileSync(
    file,
    JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        options: {
          durationSeconds,
          warmupSeconds,
          waitIdleSeconds,
          connections,
          sessionCount,
          signInCount,
        },
        environment,
        data: database.rows,
        scenarios: loads,
        signIn,
        markdown: table,
      },
      null,
      2,
    ),
  )
  console.log(`Results written to ${path.relative(process.cwd(), file)}`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
