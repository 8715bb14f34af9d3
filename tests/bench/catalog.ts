/**
 * Catalog benchmark (DESIGN.md §2 at 100 000 SKUs): what showing every product at the partner's
 * own price costs.
 *
 *   SQL — the catalog page's queries built from `netPriceJoin` (tests/bench/lib/catalog-sql.ts),
 *         priced and unpriced, by name, searched and by price, timed with EXPLAIN ANALYZE at full
 *         scale; every shape of a page is checked to return the same rows. The indexes the
 *         price sort needs are tried inside a transaction that is rolled back.
 *   HTTP — through the production server with autocannon: GET /portal/catalog (by name),
 *         ?q=<fragment> and ?sort=price as partner users whose partners have contract prices,
 *         against the CEILING measured in the same run: GET /admin/products as a vendor admin,
 *         a page of the same 25 products whose loader does no pricing. Target: every catalog
 *         page ≥ 70 % of the ceiling's throughput.
 *
 *   npm run bench:catalog -- [--scenario sql,http] [--q "light curtain"] [--duration 20]
 *     [--warmup 10] [--connections 50] [--sessions 20] [--repeat 15] [--wait-idle 60]
 *     [--index-experiment true|false] [--database-url postgres://…/cp_bench]
 *
 * Needs generated data (`npm run bench:generate -- --scale target`) and, for HTTP, `npm run
 * build` of a tree with the catalog routes. Traffic goes only to 127.0.0.1; every run is bounded
 * by its duration and repeat counts. Writes tests/bench/results/<timestamp>.catalog.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import postgres from 'postgres'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import {
  BENCH_ADMIN_EMAIL,
  BENCH_PASSWORD,
  benchPartnerEmail,
  DEFAULT_BENCH_DATABASE_URL,
  parseArgs,
  positiveInt,
  scales,
} from './bench-config'
import { backgroundBusy } from './lib/cpu'
import {
  catalogQueryShapes,
  countQuery,
  inlineQuery,
  proposedIndexes,
  toQuery,
  type CatalogPageKind,
  type CatalogPageOptions,
  type CatalogQueryShape,
} from './lib/catalog-sql'
import { signInOverHttp } from './lib/http'
import { runLoad, type LoadResult } from './lib/load'
import { startServer, type RunningServer } from './lib/server'
import { summarise, type LatencySummary } from './lib/stats'

const resultsDir = path.resolve(import.meta.dirname, 'results')
/** The product target: a priced catalog page keeps at least this share of the ceiling. */
const TARGET_SHARE = 0.7
const QUIET_BUSY = 0.25

type Actor = { email: string; partnerId: string; code: string; tier: PartnerTier }

type SqlTiming = {
  shape: string
  page: CatalogPageKind
  title: string
  priced: boolean
  recommended: boolean
  withProposedIndexes: boolean
  runs: number
  /** Planning + execution, as EXPLAIN (ANALYZE, TIMING OFF) reports them. */
  totalMs: LatencySummary
  /** The best run: on a shared machine the closest to the query's own cost. */
  bestMs: number
  planningMs: number
  executionMs: number
  rows: number
  /** Shared buffers (8 kB pages) the execution read: the work done, whatever the machine's load. */
  buffers: number
  /** Same ordered ids as the page's first shape and, priced, the same prices as every other. */
  sameRows: boolean | null
  sql: string
  plan: string
}

type HttpScenario = {
  id: 'ceiling' | 'catalog' | 'filtered' | 'search' | 'price'
  title: string
  path: string
  role: 'admin' | 'partner'
}

type HttpOutcome = HttpScenario &
  LoadResult & { ratioToCeiling: number | null; backgroundBusyBefore: number | null }

function usage(): string {
  return [
    'Usage: npm run bench:catalog -- [options]',
    '  --scenario          sql, http or both (default sql,http)',
    '  --q                 search fragment for ?q= and the SQL search (default "light curtain")',
    '  --duration          measured seconds per HTTP scenario (default 20)',
    '  --warmup            discarded warm-up seconds per HTTP scenario (default 10)',
    '  --connections       concurrent HTTP connections (default 50)',
    '  --sessions          signed-in partner users to rotate (default 20, at most 50)',
    '  --repeat            EXPLAIN ANALYZE runs per SQL shape (default 15; slow shapes stop after 15 s)',
    '  --index-experiment  also time the price sort with the proposed indexes (default true)',
    '  --wait-idle         seconds to wait for a quiet machine before each scenario (default 60)',
    `  --database-url      bench database (default ${DEFAULT_BENCH_DATABASE_URL})`,
  ].join('\n')
}

const ms = (value: number | null | undefined, digits = 1) =>
  value !== null && value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '–'
const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? '–' : `${Math.round(share * 100)} %`

/** Partner users (bench logins) whose partners have a contract price valid today. */
async function findActors(sql: postgres.Sql, count: number, date: string): Promise<Actor[]> {
  const emails = Array.from({ length: scales.small.benchPartnerLogins }, (_, i) =>
    benchPartnerEmail(i + 1),
  )
  const rows = await sql<Actor[]>`
    select u.email, p.id as "partnerId", p.code, p.tier
    from users u join partners p on p.id = u.partner_id
    where u.email in ${sql(emails)} and u.status = 'active' and p.status = 'active'
      and exists (
        select 1 from contract_prices cp
        where cp.partner_id = p.id and cp.valid_from <= ${date}::date
          and (cp.valid_to is null or cp.valid_to >= ${date}::date)
      )
    order by u.email
    limit ${count}`
  if (rows.length === 0) {
    throw new Error(
      'No bench partner has contract prices: run `npm run bench:generate -- --scale target` ' +
        '(the catalog step adds them).',
    )
  }
  return rows
}

type JsonPlan = {
  'QUERY PLAN': {
    'Planning Time': number
    'Execution Time': number
    Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number }
  }[]
}

/** One EXPLAIN ANALYZE: times, and the 8 kB buffers the execution touched (load-independent). */
async function explainOnce(
  sql: postgres.Sql | postgres.ReservedSql,
  text: string,
  params: unknown[],
) {
  const [row] = await sql.unsafe<JsonPlan[]>(
    `explain (analyze, timing off, buffers, format json) ${text}`,
    params as postgres.ParameterOrJSON<never>[],
  )
  const plan = row!['QUERY PLAN'][0]!
  return {
    planning: plan['Planning Time'],
    execution: plan['Execution Time'],
    buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'],
  }
}

async function timeShape(
  sql: postgres.Sql | postgres.ReservedSql,
  shape: CatalogQueryShape,
  options: CatalogPageOptions,
  repeat: number,
  withProposedIndexes: boolean,
  reference: Map<string, string>,
  /** Net price and source by product id, from the first priced shape that returned it. */
  prices: Map<string, string>,
): Promise<SqlTiming> {
  const query = toQuery(shape.build(options))
  // The result itself: the same ordered rows as the first shape of this page, and with prices,
  // the same price and source per product as the first priced shape.
  const rows = await sql.unsafe<
    { id: string; unit_net_minor?: string | number; price_source?: string }[]
  >(query.sql, query.params as postgres.ParameterOrJSON<never>[])
  const ids = rows.map((r) => r.id).join(',')
  // Prices do not change which products a by-name page shows; by price, priced shapes agree
  // with each other (list-price order is another order).
  const referenceKey = shape.page.includes('price') ? `${shape.page}:${shape.priced}` : shape.page
  if (!reference.has(referenceKey)) reference.set(referenceKey, ids)
  let samePrices = true
  if (shape.priced) {
    for (const row of rows) {
      const price = `${row.unit_net_minor} ${row.price_source}`
      const known = prices.get(row.id)
      if (known === undefined) prices.set(row.id, price)
      else if (known !== price) samePrices = false
    }
  }
  const textPlan = await sql.unsafe<{ 'QUERY PLAN': string }[]>(
    `explain (analyze, buffers, costs off) ${query.sql}`,
    query.params as postgres.ParameterOrJSON<never>[],
  )
  const totals: number[] = []
  const planning: number[] = []
  const execution: number[] = []
  let buffers = 0
  const started = performance.now()
  for (let i = 0; i < repeat; i++) {
    const t = await explainOnce(sql, query.sql, query.params)
    planning.push(t.planning)
    execution.push(t.execution)
    totals.push(t.planning + t.execution)
    buffers = t.buffers
    if (i >= 2 && performance.now() - started > 15_000) break
  }
  const median = (values: number[]) => summarise(values).p50
  return {
    shape: shape.id,
    page: shape.page,
    title: shape.title,
    priced: shape.priced,
    recommended: shape.recommended ?? false,
    withProposedIndexes,
    runs: totals.length,
    totalMs: summarise(totals),
    bestMs: Math.min(...totals),
    planningMs: median(planning),
    executionMs: median(execution),
    rows: rows.length,
    buffers,
    sameRows: reference.get(referenceKey) === ids && samePrices,
    sql: inlineQuery(shape.build(options)),
    plan: textPlan.map((r) => r['QUERY PLAN']).join('\n'),
  }
}

async function runSql(
  sql: postgres.Sql,
  actor: Actor,
  q: string,
  repeat: number,
  indexExperiment: boolean,
) {
  const date = todayInShanghai(new Date())
  const base = { partnerId: actor.partnerId, tier: actor.tier, date }
  const optionsFor = (page: CatalogPageKind): CatalogPageOptions =>
    page === 'search' || page === 'search-price' ? { ...base, q } : base
  const timings: SqlTiming[] = []
  // Each page's rows as its first shape returns them; every other shape must return the same.
  const reference = new Map<string, string>()
  const prices = new Map<string, string>()
  const run = async (
    shape: CatalogQueryShape,
    withIndexes: boolean,
    connection: postgres.Sql | postgres.ReservedSql = sql,
  ) => {
    process.stdout.write(`  ${shape.id}${withIndexes ? ' (+ indexes)' : ''} … `)
    const timing = await timeShape(
      connection,
      shape,
      optionsFor(shape.page),
      repeat,
      withIndexes,
      reference,
      prices,
    )
    timings.push(timing)
    console.log(
      `${ms(timing.totalMs.p50, 2)} ms median (${timing.runs} runs, planning ${ms(timing.planningMs, 2)})` +
        `${timing.sameRows ? '' : '  ROWS OR PRICES DIFFER from the first shape of this page'}`,
    )
  }
  for (const shape of catalogQueryShapes) await run(shape, false)

  if (indexExperiment) {
    // Created inside a transaction and rolled back: the bench database keeps its schema.
    console.log(`  with the proposed indexes (created in a transaction, rolled back afterwards):`)
    for (const statement of proposedIndexes) console.log(`    ${statement}`)
    const reserved = await sql.reserve()
    try {
      await reserved`begin`
      for (const statement of proposedIndexes) await reserved.unsafe(statement)
      await reserved`analyze products, volume_breaks`
      for (const shape of catalogQueryShapes) {
        // Pricing every product stays slow whatever the indexes; those shapes were timed above.
        if (shape.pricesEverything || (!shape.priced && !shape.page.includes('price'))) continue
        if (shape.priced && !shape.recommended && !shape.needsIndex) continue
        await run(shape, true, reserved)
      }
    } finally {
      await reserved`rollback`.catch(() => {})
      reserved.release()
    }
  }

  const counts: Record<string, { bestMs: number; medianMs: number; buffers: number }> = {}
  for (const [label, options] of [
    ['all active products', base],
    [`search "${q}"`, { ...base, q }],
  ] as const) {
    const query = toQuery(countQuery(options))
    const totals: number[] = []
    let buffers = 0
    for (let i = 0; i < Math.min(repeat, 10); i++) {
      const t = await explainOnce(sql, query.sql, query.params)
      totals.push(t.planning + t.execution)
      buffers = t.buffers
    }
    counts[label] = { bestMs: Math.min(...totals), medianMs: summarise(totals).p50, buffers }
  }
  return { date, actor, q, timings, counts }
}

function sqlTable(timings: SqlTiming[], ceilingMs: number): string {
  const lines = [
    '| Page | Query shape | best ms | median ms | p95 ms | planning ms | buffers | best vs fastest unpriced same page | best vs ceiling query | rows ok |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ]
  for (const t of timings) {
    // The fastest unpriced shape of the same page: what the page costs without prices.
    const unpricedBest = Math.min(
      ...timings.filter((u) => u.page === t.page && !u.priced).map((u) => u.bestMs),
    )
    const ratio = (value: number | undefined) =>
      value ? `${(t.bestMs / value).toFixed(1)} ×` : '–'
    lines.push(
      `| ${t.page} | ${t.recommended ? '**' : ''}${t.shape}${t.recommended ? '**' : ''}${t.withProposedIndexes ? ' (+ indexes)' : ''} | ` +
        `${ms(t.bestMs, 2)} | ${ms(t.totalMs.p50, 2)} | ${ms(t.totalMs.p95, 2)} | ${ms(t.planningMs, 2)} | ` +
        `${t.buffers.toLocaleString('en')} | ` +
        `${t.priced ? ratio(unpricedBest) : '–'} | ${ratio(ceilingMs)} | ${t.sameRows ? 'yes' : 'NO'} |`,
    )
  }
  return lines.join('\n')
}

async function waitForQuiet(pid: number, databaseName: string, maxSeconds: number) {
  const deadline = Date.now() + maxSeconds * 1000
  let busy = await backgroundBusy(pid, databaseName)
  while (busy !== null && busy > QUIET_BUSY && Date.now() < deadline) {
    busy = await backgroundBusy(pid, databaseName)
  }
  if (busy !== null && busy > QUIET_BUSY) {
    process.stdout.write(`(machine still ${percent(busy)} busy) `)
  }
  return busy
}

/**
 * GET each scenario's page once; fails with one clear message naming every page that does not
 * answer 200 (the catalog and products routes may not be in this build yet).
 */
async function expectPages(
  origin: string,
  pages: readonly { path: string; cookie: string; who: string }[],
): Promise<string[]> {
  const bodies: string[] = []
  const missing: string[] = []
  const wrong: string[] = []
  for (const page of pages) {
    const response = await fetch(`${origin}${page.path}`, {
      redirect: 'manual',
      headers: { cookie: page.cookie },
    })
    bodies.push(await response.text())
    if (response.status === 404) missing.push(`GET ${page.path} (${page.who})`)
    else if (response.status !== 200) {
      const location = response.headers.get('location')
      wrong.push(
        `GET ${page.path} (${page.who}) answered ${response.status}${location ? ` → ${location}` : ''}`,
      )
    }
  }
  if (missing.length > 0) {
    throw new Error(
      `Not in this build (404): ${missing.join(', ')}. The HTTP part needs the partner catalog ` +
        '(/portal/catalog) and the vendor products list (/admin/products): merge them, run ' +
        '`npm run build`, then run this again. `--scenario sql` runs the SQL part alone.',
    )
  }
  if (wrong.length > 0) throw new Error(`Expected 200: ${wrong.join('; ')}`)
  return bodies
}

async function runHttp(
  databaseUrl: string,
  actors: Actor[],
  q: string,
  options: {
    durationSeconds: number
    warmupSeconds: number
    connections: number
    waitIdleSeconds: number
    logFile: string
    expectedFirstSku: string | null
    /** A product line's id for the filtered page. */
    filterLineId: string
  },
): Promise<HttpOutcome[]> {
  const databaseName = decodeURIComponent(new URL(databaseUrl).pathname.slice(1))
  const scenarios: HttpScenario[] = [
    {
      id: 'ceiling',
      title: 'GET /admin/products (vendor admin, no pricing) — ceiling',
      path: '/admin/products',
      role: 'admin',
    },
    {
      id: 'catalog',
      title: 'GET /portal/catalog (by name)',
      path: '/portal/catalog',
      role: 'partner',
    },
    {
      id: 'filtered',
      title: 'GET /portal/catalog?line=…&inStock=1 (one line, in stock)',
      path: `/portal/catalog?line=${options.filterLineId}&inStock=1`,
      role: 'partner',
    },
    {
      id: 'search',
      title: `GET /portal/catalog?q=${q}`,
      path: `/portal/catalog?q=${encodeURIComponent(q)}`,
      role: 'partner',
    },
    {
      id: 'price',
      title: 'GET /portal/catalog?sort=price',
      path: '/portal/catalog?sort=price',
      role: 'partner',
    },
  ]
  let server: RunningServer | undefined
  const stopOnSignal = (signal: NodeJS.Signals) => {
    console.error(`${signal}: stopping the server…`)
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130))
  }
  process.once('SIGINT', stopOnSignal)
  process.once('SIGTERM', stopOnSignal)
  const outcomes: HttpOutcome[] = []
  try {
    server = await startServer({ databaseUrl, logFile: options.logFile })
    const { origin, pid } = server
    console.log(
      `Server pid ${pid} at ${origin} (log ${path.relative(process.cwd(), options.logFile)})`,
    )
    const admin = (await signInOverHttp(origin, BENCH_ADMIN_EMAIL, BENCH_PASSWORD)).cookie
    const partnerCookies: string[] = []
    for (const actor of actors) {
      partnerCookies.push((await signInOverHttp(origin, actor.email, BENCH_PASSWORD)).cookie)
    }
    console.log(
      `Signed in ${BENCH_ADMIN_EMAIL} and ${partnerCookies.length} partner users ` +
        `(${actors.map((a) => a.code).join(', ')}), all with contract prices.`,
    )
    const bodies = await expectPages(
      origin,
      scenarios.map((scenario) => ({
        path: scenario.path,
        cookie: scenario.role === 'admin' ? admin : partnerCookies[0]!,
        who: scenario.role === 'admin' ? 'vendor admin' : 'partner user',
      })),
    )
    const catalogBody = bodies[scenarios.findIndex((s) => s.id === 'catalog')]!
    if (options.expectedFirstSku && !catalogBody.includes(options.expectedFirstSku)) {
      console.warn(
        `Note: /portal/catalog does not show ${options.expectedFirstSku}, the first active product ` +
          'by name in SQL: the page may sort or filter differently from the SQL measured here.',
      )
    }

    // The ceiling before and after the catalog scenarios; ratios use their mean, so a machine
    // that got busier or quieter during the run shows as a gap between the two.
    const order: HttpScenario[] = [
      ...scenarios,
      { ...scenarios[0]!, title: `${scenarios[0]!.title} (again)` },
    ]
    let ceiling: number | null = null
    for (const scenario of order) {
      process.stdout.write(`Running ${scenario.title} … `)
      const backgroundBusyBefore =
        options.waitIdleSeconds > 0
          ? await waitForQuiet(pid, databaseName, options.waitIdleSeconds)
          : null
      const result = await runLoad({
        origin,
        path: scenario.path,
        connections: options.connections,
        warmupSeconds: options.warmupSeconds,
        durationSeconds: options.durationSeconds,
        cookies: scenario.role === 'admin' ? [admin] : partnerCookies,
        serverPid: pid,
        databaseName,
      })
      if (scenario.id === 'ceiling' && ceiling === null) ceiling = result.requestsPerSecond
      outcomes.push({ ...scenario, ...result, ratioToCeiling: null, backgroundBusyBefore })
      console.log(
        `${result.requestsPerSecond.toFixed(1)} req/s, p95 ${ms(result.latencyMs.p95)} ms, ` +
          `app ${ms(result.serverCpuMsPerRequest)} + PG ${ms(result.postgresCpuMsPerRequest)} CPU ms/req` +
          (result.non2xx + result.errors > 0
            ? `, ${result.non2xx} non-2xx, ${result.errors} errors`
            : ''),
      )
    }
  } finally {
    await server?.stop()
  }
  const ceilings = outcomes.filter((o) => o.id === 'ceiling').map((o) => o.requestsPerSecond)
  const ceiling = ceilings.reduce((s, v) => s + v, 0) / Math.max(1, ceilings.length)
  for (const outcome of outcomes) {
    outcome.ratioToCeiling = ceiling > 0 ? outcome.requestsPerSecond / ceiling : null
  }
  return outcomes
}

function httpTable(outcomes: HttpOutcome[]): string {
  const lines = [
    '| Scenario | req/s | vs ceiling | target ≥ 70 % | p50 ms | p95 ms | p99 ms | non-2xx + errors | app CPU ms/req | PG CPU ms/req | machine busy (others) |',
    '|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const o of outcomes) {
    const verdict =
      o.id === 'ceiling' ? '–' : (o.ratioToCeiling ?? 0) >= TARGET_SHARE ? 'met' : 'MISSED'
    lines.push(
      `| ${o.title} | ${o.requestsPerSecond.toFixed(1)} | ${percent(o.ratioToCeiling)} | ${verdict} | ` +
        `${ms(o.latencyMs.p50)} | ${ms(o.latencyMs.p95)} | ${ms(o.latencyMs.p99)} | ` +
        `${o.non2xx + o.errors} | ${ms(o.serverCpuMsPerRequest)} | ${ms(o.postgresCpuMsPerRequest)} | ` +
        `${percent(o.cpu?.machineBusy)} (${percent(o.cpu?.otherBusy)}) |`,
    )
  }
  return lines.join('\n')
}

async function main() {
  const args = process.argv.slice(2)
  if (args.includes('--help')) {
    console.log(usage())
    return
  }
  const options = parseArgs(args, [
    'scenario',
    'q',
    'duration',
    'warmup',
    'connections',
    'sessions',
    'repeat',
    'index-experiment',
    'wait-idle',
    'database-url',
  ])
  const scenarios = new Set((options.get('scenario') ?? 'sql,http').split(',').map((s) => s.trim()))
  for (const s of scenarios) {
    if (s !== 'sql' && s !== 'http') throw new Error(`Unknown scenario "${s}"\n${usage()}`)
  }
  const q = options.get('q') ?? 'light curtain'
  const nonNegative = (name: string, fallback: number) =>
    options.get(name) === '0' ? 0 : positiveInt(options.get(name), fallback, name)
  const durationSeconds = positiveInt(options.get('duration'), 20, 'duration')
  const warmupSeconds = nonNegative('warmup', 10)
  const connections = positiveInt(options.get('connections'), 50, 'connections')
  const sessions = positiveInt(options.get('sessions'), 20, 'sessions')
  if (sessions > scales.small.benchPartnerLogins) {
    throw new Error(`--sessions can be at most ${scales.small.benchPartnerLogins}`)
  }
  const repeat = positiveInt(options.get('repeat'), 15, 'repeat')
  const indexExperiment = (options.get('index-experiment') ?? 'true') !== 'false'
  const waitIdleSeconds = nonNegative('wait-idle', 60)
  const databaseUrl = options.get('database-url') ?? DEFAULT_BENCH_DATABASE_URL

  const startedAt = new Date()
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-')
  mkdirSync(resultsDir, { recursive: true })
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} })
  try {
    const [data] = await sql<
      { products: number; active: number; contracts: number; stock: number; size: string }[]
    >`
      select (select count(*) from products)::int as products,
             (select count(*) from products where active)::int as active,
             (select count(*) from contract_prices)::int as contracts,
             (select count(*) from stock_levels)::int as stock,
             pg_size_pretty(pg_database_size(current_database())) as size`
    if (!data || data.products === 0) {
      throw new Error(
        'No catalog in the bench database: run `npm run bench:generate -- --scale target`.',
      )
    }
    console.log(
      `Catalog ${startedAt.toISOString()}: ${data.products.toLocaleString('en')} products ` +
        `(${data.active.toLocaleString('en')} active), ${data.stock.toLocaleString('en')} stock levels, ` +
        `${data.contracts.toLocaleString('en')} contract prices; database ${data.size}; ` +
        `${os.cpus().length} CPUs, load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    )
    const date = todayInShanghai(new Date())
    const actors = await findActors(sql, sessions, date)

    let sqlPart: Awaited<ReturnType<typeof runSql>> | null = null
    if (scenarios.has('sql')) {
      const actor = actors[0]!
      console.log(`SQL as ${actor.code} (${actor.tier}) on ${date}, search "${q}":`)
      sqlPart = await runSql(sql, actor, q, repeat, indexExperiment)
    }

    let http: HttpOutcome[] = []
    if (scenarios.has('http')) {
      const [first] = await sql<{ sku: string }[]>`
        select sku from products where active order by name, id limit 1`
      const [line] = await sql<{ id: string }[]>`
        select id from product_lines where active order by code limit 1`
      http = await runHttp(databaseUrl, actors, q, {
        durationSeconds,
        warmupSeconds,
        connections,
        waitIdleSeconds,
        logFile: path.join(resultsDir, `${stamp}.catalog.server.log`),
        expectedFirstSku: first?.sku ?? null,
        filterLineId: line!.id,
      })
    }

    if (sqlPart) {
      const ceilingMs = sqlPart.timings.find((t) => t.shape === 'name/unpriced')!.bestMs
      console.log(`\n${sqlTable(sqlPart.timings, ceilingMs)}`)
      console.log(
        `\nPager totals (count(*)): ${Object.entries(sqlPart.counts)
          .map(
            ([label, c]) =>
              `${label}: best ${ms(c.bestMs, 2)} ms, median ${ms(c.medianMs, 2)} ms, ${c.buffers} buffers`,
          )
          .join(', ')}`,
      )
    }
    if (http.length > 0) console.log(`\n${httpTable(http)}`)
    const file = path.join(resultsDir, `${stamp}.catalog.json`)
    writeFileSync(
      file,
      JSON.stringify(
        {
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          options: {
            q,
            durationSeconds,
            warmupSeconds,
            connections,
            sessions,
            repeat,
            indexExperiment,
          },
          environment: { node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg() },
          data,
          sql: sqlPart,
          http,
        },
        null,
        2,
      ),
    )
    console.log(`\nResults: ${path.relative(process.cwd(), file)}`)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
