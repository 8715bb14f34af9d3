/**
 * Deal registration benchmark (DESIGN.md §1 at 1 000 000 registrations):
 *
 *   (a) `register-http` — POST /portal/registrations/new through the production server, a new
 *       prospect per request, bounded concurrency; 302/303 redirects count as successes and the
 *       number of new registrations is checked against them afterwards;
 *   (b) `register-sql` — the ceiling, in the same run: the same rows (registration + lock rows +
 *       its "submitted" event, one transaction) issued straight to PostgreSQL with postgres.js at
 *       the same concurrency and duration;
 *   (c) `check-http` — POST /portal/registrations/check (the blind check) with a mix of held,
 *       free and own prospects, plus EXPLAIN ANALYZE of the holder lookup.
 *
 *   npx tsx tests/bench/deals.ts [--database-url postgres://…/cp_bench] [--duration 20]
 *     [--concurrency 20] [--users 20]
 *
 * Needs `npm run build` and generated data (`npm run bench:generate -- --scale target`). It raises
 * deal_settings.availability_checks_per_hour to 10 000 in the bench database (the default 30 per
 * user and hour would refuse almost every check) and writes a JSON summary next to run.ts's.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import postgres from 'postgres'
import { prospectKeysOf } from '#app/modules/deals/prospect-rules'
import {
  BENCH_PASSWORD,
  benchPartnerEmail,
  DEFAULT_BENCH_DATABASE_URL,
  parseArgs,
} from './bench-config'
import { cpuBetween, cpuSnapshot, type CpuUsage } from './lib/cpu'
import { signInOverHttp } from './lib/http'
import { startServer } from './lib/server'
import { summarise, type LatencySummary } from './lib/stats'
import { benchUscc } from './steps/registrations'

type Actor = {
  email: string
  userId: string
  partnerId: string
  cookie: string
  territories: { regionCode: string; industries: string[] | null }[]
}

type ScenarioResult = {
  name: string
  durationS: number
  requests: number
  successes: number
  failures: Record<string, number>
  requestsPerSecond: number
  latencyMs: LatencySummary
  cpu: CpuUsage | null
  /** Per-scenario extras (check answers, verification). */
  notes: Record<string, unknown>
}

const resultsDir = path.resolve(import.meta.dirname, 'results')
const runId = Date.now().toString(36)
const productLineIds: string[] = []

/** Runs `work` from `concurrency` loops until `durationS` is over; times every call. */
async function closedLoop(
  concurrency: number,
  durationS: number,
  work: (worker: number, i: number) => Promise<string>,
): Promise<{ latencies: number[]; outcomes: Record<string, number>; elapsedS: number }> {
  const latencies: number[] = []
  const outcomes: Record<string, number> = {}
  let counter = 0
  const started = performance.now()
  const deadline = started + durationS * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const i = counter++
        const t0 = performance.now()
        let outcome: string
        try {
          outcome = await work(worker, i)
        } catch (error) {
          outcome = `error: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`
        }
        latencies.push(performance.now() - t0)
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
      }
    }),
  )
  return { latencies, outcomes, elapsedS: (performance.now() - started) / 1000 }
}

function result(
  name: string,
  run: Awaited<ReturnType<typeof closedLoop>>,
  isSuccess: (outcome: string) => boolean,
  cpu: CpuUsage | null,
  notes: Record<string, unknown> = {},
): ScenarioResult {
  const successes = Object.entries(run.outcomes)
    .filter(([o]) => isSuccess(o))
    .reduce((s, [, n]) => s + n, 0)
  const failures = Object.fromEntries(Object.entries(run.outcomes).filter(([o]) => !isSuccess(o)))
  return {
    name,
    durationS: run.elapsedS,
    requests: run.latencies.length,
    successes,
    failures,
    requestsPerSecond: successes / run.elapsedS,
    latencyMs: summarise(run.latencies),
    cpu,
    notes,
  }
}

/** A prospect no generated row and no other request uses (tag keeps runs and scenarios apart). */
function freshProspect(tag: string, i: number) {
  // Enterprise numbers above the generator's range (≤ 1 000 000), distinct per scenario, run
  // (mostly: 1 000 slots) and request (< 100 000 per scenario).
  const tagIndex = ['http', 'sql', 'check'].indexOf(tag) + 1
  const serial =
    100_000_000 * tagIndex + (Number.parseInt(runId.slice(-4), 36) % 1000) * 100_000 + i
  return {
    name: `Bench ${tag} ${runId} ${i} Automation Co., Ltd.`,
    taxId: i % 2 === 0 ? benchUscc('440300', serial) : null,
    domain: i % 3 === 0 ? `bench-${tag}-${runId}-${i}.com.cn` : null,
  }
}

function registrationForm(actor: Actor, i: number): URLSearchParams {
  const prospect = freshProspect('http', i)
  const territory = actor.territories[i % actor.territories.length]!
  return new URLSearchParams({
    prospectName: prospect.name,
    prospectTaxId: prospect.taxId ?? '',
    prospectDomain: prospect.domain ?? '',
    contactName: 'Bench Contact',
    contactEmail: 'buyer@bench-contact.example',
    contactPhone: '',
    regionCode: territory.regionCode,
    industry: territory.industries?.[0] ?? 'manufacturing',
    productLineId: productLineIds[i % productLineIds.length]!,
    estimatedValue: String(50_000 + (i % 1000) * 100),
    currency: 'CNY',
    expectedCloseDate: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
    notes: '',
    fulfilmentPartnerId: '',
  })
}

function fmt(n: number, digits = 1) {
  return Number.isFinite(n) ? n.toFixed(digits) : '–'
}

async function main() {
  const options = parseArgs(process.argv.slice(2), [
    'database-url',
    'duration',
    'concurrency',
    'users',
    'scenario',
  ])
  const databaseUrl = options.get('database-url') ?? DEFAULT_BENCH_DATABASE_URL
  const durationS = Number(options.get('duration') ?? 20)
  const concurrency = Number(options.get('concurrency') ?? 20)
  const userCount = Number(options.get('users') ?? 20)
  const scenarios = new Set(
    (options.get('scenario') ?? 'register-http,register-sql,check-http').split(','),
  )
  const databaseName = decodeURIComponent(new URL(databaseUrl).pathname.slice(1))
  const sql = postgres(databaseUrl, { max: concurrency, onnotice: () => {} })
  mkdirSync(resultsDir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const logFile = path.join(resultsDir, `${stamp}.deals.server.log`)
  const results: ScenarioResult[] = []
  const explains: Record<string, string> = {}

  const [{ n: existing }] = await sql<{ n: number }[]>`select count(*)::int as n from registrations`
  console.log(`Database ${databaseName}: ${existing.toLocaleString('en')} registrations`)
  // The default (30 checks per user and hour) would turn the check scenario into 429s.
  await sql`update deal_settings set availability_checks_per_hour = 10000 where id = 1`
  productLineIds.push(
    ...(await sql<{ id: string }[]>`select id from product_lines where active order by code`).map(
      (r) => r.id,
    ),
  )

  const server = await startServer({ databaseUrl, logFile })
  console.log(`Server pid ${server.pid} at ${server.origin} (log ${path.relative('.', logFile)})`)
  try {
    const actors: Actor[] = []
    for (let n = 1; n <= userCount; n++) {
      const email = benchPartnerEmail(n)
      const { cookie } = await signInOverHttp(server.origin, email, BENCH_PASSWORD)
      const [user] = await sql<{ id: string; partnerId: string }[]>`
        select id, partner_id as "partnerId" from users where email = ${email}`
      const territories = await sql<{ regionCode: string; industries: string[] | null }[]>`
        select region_code as "regionCode", industries from partner_territories
        where partner_id = ${user!.partnerId} order by region_code`
      actors.push({ email, userId: user!.id, partnerId: user!.partnerId, cookie, territories })
    }

    // (a) Registration through the HTTP action.
    if (scenarios.has('register-http')) {
      const before = cpuSnapshot(server.pid, databaseName)
      const run = await closedLoop(concurrency, durationS, async (worker, i) => {
        const actor = actors[worker % actors.length]!
        const response = await fetch(`${server.origin}/portal/registrations/new`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            origin: server.origin,
            cookie: actor.cookie,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: registrationForm(actor, i),
        })
        await response.arrayBuffer()
        return `HTTP ${response.status}`
      })
      const cpu = cpuBetween(before, cpuSnapshot(server.pid, databaseName))
      const [{ n: created }] = await sql<{ n: number }[]>`
        select count(*)::int as n from registrations
        where prospect_name like ${`Bench http ${runId} %`}`
      const r = result('register-http', run, (o) => o === 'HTTP 302' || o === 'HTTP 303', cpu, {
        newRegistrations: created,
      })
      r.notes.verified = created === r.successes
      results.push(r)
      console.log(`register-http: ${JSON.stringify(r)}`)
    }

    // (b) The ceiling: the same INSERTs straight to PostgreSQL.
    if (scenarios.has('register-sql')) {
      const before = cpuSnapshot(server.pid, databaseName)
      const run = await closedLoop(concurrency, durationS, async (worker, i) => {
        const actor = actors[worker % actors.length]!
        const prospect = freshProspect('sql', i)
        const keys = prospectKeysOf({
          taxId: prospect.taxId,
          domain: prospect.domain,
          companyName: prospect.name,
        }).map((k) => k.key)
        const productLineId = productLineIds[i % productLineIds.length]!
        const territory = actor.territories[i % actor.territories.length]!
        const now = new Date()
        await sql.begin(async (tx) => {
          const [{ seq }] = await tx<{ seq: string }[]>`
            select nextval('registration_number_seq')::text as seq`
          const [registration] = await tx<{ id: string }[]>`
            insert into registrations (number, partner_id, created_by_id, prospect_name,
              prospect_tax_id, prospect_domain, prospect_key, contact_name, contact_email,
              region_code, industry, product_line_id, estimated_value_minor, currency,
              expected_close_date, status, submitted_at)
            values (${`R-${seq!.padStart(6, '0')}`},
              ${actor.partnerId}, ${actor.userId}, ${prospect.name}, ${prospect.taxId},
              ${prospect.domain}, ${keys[0]!}, 'Bench Contact', 'buyer@bench-contact.example',
              ${territory.regionCode}, ${territory.industries?.[0] ?? 'manufacturing'},
              ${productLineId}, ${(50_000 + (i % 1000) * 100) * 100}, 'CNY',
              ${new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10)}, 'pending',
              ${now})
            returning id`
          await tx`
            insert into registration_locks ${tx(
              keys.map((key) => ({
                registration_id: registration!.id,
                prospect_key: key,
                product_line_id: productLineId,
                partner_id: actor.partnerId,
                locked_from: now,
                locked_until: null,
              })),
            )}`
          await tx`
            insert into registration_events (registration_id, actor_user_id, type, to_status,
              to_stage, rule, created_at)
            values (${registration!.id}, ${actor.userId}, 'submitted', 'pending', 'registered',
              'time_priority', ${now})`
        })
        return 'committed'
      })
      const cpu = cpuBetween(before, cpuSnapshot(server.pid, databaseName))
      const r = result('register-sql', run, (o) => o === 'committed', cpu)
      results.push(r)
      console.log(`register-sql: ${JSON.stringify(r)}`)
    }

    // (c) The blind check: held, free and own prospects.
    if (scenarios.has('check-http')) {
      type Query = { taxId: string; domain: string; name: string; productLineId: string }
      const asQuery = (r: {
        name: string
        taxId: string | null
        domain: string | null
        productLineId: string
      }): Query => ({
        name: r.name,
        taxId: r.taxId ?? '',
        domain: r.domain ?? '',
        productLineId: r.productLineId,
      })
      const sample = (partnerId: string, own: boolean) => sql<
        { name: string; taxId: string | null; domain: string | null; productLineId: string }[]
      >`
        select prospect_name as name, prospect_tax_id as "taxId", prospect_domain as domain,
          product_line_id as "productLineId"
        from registrations
        where status in ('pending', 'approved')
          and (protection_ends_at is null or protection_ends_at > now())
          and ${own ? sql`partner_id = ${partnerId}` : sql`partner_id <> ${partnerId}`}
          and prospect_name like 'Prospect %'
        order by number
        offset ${own ? 0 : Math.floor(Math.random() * 10_000)} limit 50`
      const held = new Map<string, Query[]>()
      const own = new Map<string, Query[]>()
      for (const actor of actors) {
        held.set(actor.partnerId, (await sample(actor.partnerId, false)).map(asQuery))
        own.set(actor.partnerId, (await sample(actor.partnerId, true)).map(asQuery))
      }
      const answers: Record<string, number> = {}
      const before = cpuSnapshot(server.pid, databaseName)
      const run = await closedLoop(concurrency, durationS, async (worker, i) => {
        const actor = actors[(worker + Math.floor(i / 97)) % actors.length]!
        const ownList = own.get(actor.partnerId)!
        // 40 % held by another partner, 40 % free, 20 % the actor's own (when it has any).
        const kind = i % 5 < 2 ? 'held' : i % 5 < 4 || ownList.length === 0 ? 'free' : 'own'
        let query: Query
        if (kind === 'held') {
          const list = held.get(actor.partnerId)!
          query = list[i % list.length]!
        } else if (kind === 'own') {
          query = ownList[i % ownList.length]!
        } else {
          const p = freshProspect('check', i)
          query = {
            name: p.name,
            taxId: p.taxId ?? '',
            domain: p.domain ?? '',
            productLineId: i % 2 === 0 ? productLineIds[i % productLineIds.length]! : '',
          }
        }
        const response = await fetch(`${server.origin}/portal/registrations/check`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            origin: server.origin,
            cookie: actor.cookie,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: new URLSearchParams(query),
        })
        const text = await response.text()
        let answer = '?'
        try {
          answer = (JSON.parse(text) as { result?: string }).result ?? '?'
        } catch {
          answer = 'not json'
        }
        const tally = `${kind}→${answer}`
        answers[tally] = (answers[tally] ?? 0) + 1
        return `HTTP ${response.status}`
      })
      const cpu = cpuBetween(before, cpuSnapshot(server.pid, databaseName))
      results.push(result('check-http', run, (o) => o === 'HTTP 200', cpu, { answers }))
      console.log(`check-http: ${JSON.stringify(results.at(-1))}`)

      // The holder lookup as checkAvailability issues it (Drizzle's SQL, literal values).
      const probe = held.get(actors[0]!.partnerId)![0]!
      const keys = prospectKeysOf({
        taxId: probe.taxId || null,
        domain: probe.domain || null,
        companyName: probe.name,
      }).map((k) => k.key)
      const plan = async (label: string, query: postgres.PendingQuery<postgres.Row[]>) => {
        const rows = await query
        explains[label] = rows.map((r) => r['QUERY PLAN'] as string).join('\n')
        console.log(`\n${label}\n${explains[label]}`)
      }
      await plan(
        'holder lookup',
        sql`explain (analyze, buffers, costs off)
          select l.registration_id, l.partner_id, r.number
          from registration_locks l join registrations r on r.id = l.registration_id
          where l.active = true and l.prospect_key in ${sql(keys)}
            and l.product_line_id = ${probe.productLineId}
            and (l.locked_until is null or l.locked_until > now())
          order by l.locked_from`,
      )
      await plan(
        'existing-customer lookup',
        sql`explain (analyze, buffers, costs off)
          select 1 from registration_locks l join registrations r on r.id = l.registration_id
          where l.prospect_key in ${sql(keys)} and l.product_line_id = ${probe.productLineId}
            and r.status = 'won' and r.partner_id <> ${actors[0]!.partnerId}
          limit 1`,
      )
      await plan(
        'rate-limit count',
        sql`explain (analyze, buffers, costs off)
          select count(*) from availability_checks
          where user_id = ${actors[0]!.userId} and created_at > now() - interval '1 hour'`,
      )
    }
  } finally {
    await server.stop()
  }

  const [{ n: after }] = await sql<{ n: number }[]>`select count(*)::int as n from registrations`
  await sql.end({ timeout: 5 })
  const file = path.join(resultsDir, `${stamp}.deals.json`)
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        databaseName,
        registrationsBefore: existing,
        registrationsAfter: after,
        options: { durationS, concurrency, userCount },
        results,
        explains,
      },
      null,
      2,
    ),
  )
  console.log('\n| Scenario | req/s | p50 ms | p95 ms | p99 ms | ok | failed | server CPU ms/req |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of results) {
    const failed = Object.values(r.failures).reduce((s, n) => s + n, 0)
    const serverPerReq = r.cpu ? r.cpu.serverMs / Math.max(1, r.requests) : NaN
    console.log(
      `| ${r.name} | ${fmt(r.requestsPerSecond)} | ${fmt(r.latencyMs.p50)} | ${fmt(r.latencyMs.p95)} | ${fmt(r.latencyMs.p99)} | ${r.successes} | ${failed} | ${fmt(serverPerReq, 2)} |`,
    )
  }
  const http = results.find((r) => r.name === 'register-http')
  const direct = results.find((r) => r.name === 'register-sql')
  if (http && direct) {
    console.log(
      `\nregister-http / register-sql = ${fmt((100 * http.requestsPerSecond) / direct.requestsPerSecond)} %`,
    )
  }
  console.log(`Results: ${path.relative('.', file)}`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exit(1)
})
