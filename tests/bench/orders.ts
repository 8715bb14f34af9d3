/**
 * Order placement benchmark (DESIGN.md §3): how many orders per second the portal places at 50
 * concurrent buyers, how close the HTTP path comes to the same work done straight against
 * PostgreSQL, and that a SKU many buyers race for is never oversold.
 *
 *   ceiling         — order placement without HTTP: each buyer's cart is filled with 1–3 SKUs by
 *                     one INSERT from this process, then placeOrder is called on a pool of the
 *                     server's size (the module function the checkout action calls, with no HTTP,
 *                     no session check and no Remix in between);
 *   http            — order placement through the production server: the cart filled the same
 *                     way, then POST /portal/checkout with a fresh idempotency key; placed orders
 *                     are counted in the database afterwards;
 *   rate            — the same through the server, with buyers arriving at --rate orders a second
 *                     (Poisson arrivals over the same buyers, an open loop) instead of 50 buyers
 *                     back to back; latency counts from the arrival;
 *   journey-ceiling — the whole buying cycle without HTTP: addToCart per SKU, then placeOrder;
 *   journey         — the whole buying cycle through the server: one POST /portal/cart
 *                     (intent=add) per SKU, as the catalog's buttons do, then the checkout;
 *   hot             — 100 buyers put the hot SKU (10 units over two warehouses) in their carts, then all
 *                     check out at once: exactly 10 orders may be placed and the rest told it is short.
 * Before the phases, an order history (--history orders, placed through placeOrder) is written
 * and the tables analysed: a portal in use has one, and plans made on an empty orders table
 * (seq scans of it, kept in each connection's prepared statements) would measure a first day.
 * Afterwards checkOrderConsistency and independent SQL checks of the books must find nothing.
 *
 *   npm run bench:orders -- [--duration 20] [--warmup 5] [--concurrency 50] [--pool 20]
 *     [--products 500] [--max-lines 3] [--hot-buyers 100] [--hot-units 10] [--history 5000]
 *     [--rate 150] [--web-concurrency <cores>] [--scenario ceiling,http,rate,journey-ceiling,journey,hot] [--database-url postgres://postgres@127.0.0.1:5432/cp_bench_orders]
 *     [--server-cpu-prof <dir>]
 *
 * Needs `npm run build`. Recreates its own database (the name must contain "bench"). Exits
 * non-zero when the books disagree or the hot SKU is oversold. Writes
 * tests/bench/results/<timestamp>.orders.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import postgres from 'postgres'
import { openDatabase } from '#db/client.server'
import { addToCart } from '#app/modules/orders/add-to-cart.server'
import { cartVersionOf } from '#app/modules/orders/order-rules'
import { placeOrder } from '#app/modules/orders/place-order.server'
import { parseArgs, positiveInt } from './bench-config'
import {
  addToCartOverHttp,
  cartLinesOf,
  checkoutOverHttp,
  type CartLineRequest,
} from './lib/checkout-http'
import {
  closedLoop,
  countersBetween,
  openLoop,
  databaseCounters,
  random,
  sampleWaits,
  type DatabaseCounters,
  type LoopRun,
  type WaitSample,
} from './lib/closed-loop'
import { backgroundBusy, cpuBetween, cpuSnapshot, type CpuUsage } from './lib/cpu'
import { signInOverHttp } from './lib/http'
import { checkBooks, checkHotSku, printBooks, type HotSkuReport } from './lib/order-checks'
import {
  BUYER_PASSWORD,
  databaseNameOf,
  seedOrdersDatabase,
  type OrdersFixture,
} from './lib/orders-data'
import { startServer } from './lib/server'
import { summarise, type LatencySummary } from './lib/stats'

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cp_bench_orders'
const resultsDir = path.resolve(import.meta.dirname, 'results')
const runId = Date.now().toString(36)

type PhaseName = 'ceiling' | 'http' | 'rate' | 'journey-ceiling' | 'journey'
const runsInThisProcess = (name: PhaseName) => name === 'ceiling' || name === 'journey-ceiling'

type PhaseResult = {
  name: PhaseName
  /** The rate phase: the arrival rate asked for, and arrivals that found every buyer busy. */
  offeredPerSecond?: number
  arrivalsThatWaited?: number
  durationS: number
  cycles: number
  outcomes: Record<string, number>
  /** Orders found in the database with this phase's idempotency keys (measured part only). */
  ordersInDatabase: number
  ordersPerSecond: number
  /** The checkout request (http) or the placeOrder call (ceiling). */
  checkoutMs: LatencySummary
  /** Adding the lines and checking out, end to end. */
  cycleMs: LatencySummary
  addMs: LatencySummary
  cpu: CpuUsage | null
  /** Share of the machine (all cores) busy with other people's work during the phase. */
  othersBusy: number | null
  appCpuMsPerOrder: number | null
  postgresCpuMsPerOrder: number | null
  runnerCpuMsPerOrder: number | null
  commitsPerOrder: number
  database: DatabaseCounters
  waits: WaitSample
}

function fmt(n: number | null | undefined, digits = 1) {
  return n !== null && n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '–'
}

/** 1 to maxLines distinct catalog SKUs, 1–5 units each. */
function pickLines(fixture: OrdersFixture, next: () => number, maxLines: number) {
  const count = 1 + Math.floor(next() * maxLines)
  const chosen = new Map<string, CartLineRequest>()
  while (chosen.size < count) {
    const product = fixture.products[Math.floor(next() * fixture.products.length)]!
    chosen.set(product.id, {
      ...product,
      productId: product.id,
      quantity: 1 + Math.floor(next() * 5),
    })
  }
  return [...chosen.values()]
}

async function countOrders(sql: postgres.Sql, keyPrefix: string) {
  const [row] = await sql<{ orders: number; lines: number }[]>`
    select count(distinct o.id)::int as orders, count(l.id)::int as lines
    from orders o join order_lines l on l.order_id = o.id
    where o.idempotency_key like ${`${keyPrefix}%`}`
  return row!
}

async function main() {
  const options = parseArgs(process.argv.slice(2), [
    'database-url',
    'duration',
    'warmup',
    'concurrency',
    'pool',
    'products',
    'max-lines',
    'hot-buyers',
    'hot-units',
    'history',
    'rate',
    'web-concurrency',
    'scenario',
    'server-cpu-prof',
  ])
  const databaseUrl = options.get('database-url') ?? DEFAULT_DATABASE_URL
  const databaseName = databaseNameOf(databaseUrl)
  const durationS = positiveInt(options.get('duration'), 20, 'duration')
  const warmupS = Number(options.get('warmup') ?? 5)
  const concurrency = positiveInt(options.get('concurrency'), 50, 'concurrency')
  const poolMax = positiveInt(options.get('pool'), 20, 'pool')
  const productCount = positiveInt(options.get('products'), 500, 'products')
  const maxLines = positiveInt(options.get('max-lines'), 3, 'max-lines')
  const hotBuyers = positiveInt(options.get('hot-buyers'), 100, 'hot-buyers')
  const hotUnits = positiveInt(options.get('hot-units'), 10, 'hot-units')
  // --history 0: no history (the tables as the seed leaves them).
  const historyOrders =
    options.get('history') === '0' ? 0 : positiveInt(options.get('history'), 5000, 'history')
  const rate = positiveInt(options.get('rate'), 150, 'rate')
  // Server processes (WEB_CONCURRENCY): by default one per core, as a deployment would run them.
  const webConcurrency = positiveInt(
    options.get('web-concurrency'),
    os.cpus().length,
    'web-concurrency',
  )
  const scenarios = new Set(
    (options.get('scenario') ?? 'ceiling,http,rate,journey-ceiling,journey,hot').split(','),
  )
  if (poolMax * webConcurrency + 2 > 60) {
    throw new Error('--pool × --web-concurrency: keep the bench under 60 connections')
  }

  mkdirSync(resultsDir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const logFile = path.join(resultsDir, `${stamp}.orders.server.log`)
  const loadBefore = os.loadavg()

  const t0 = performance.now()
  const fixture = await seedOrdersDatabase(databaseUrl, {
    buyers: Math.max(concurrency, scenarios.has('hot') ? hotBuyers : 0),
    products: productCount,
    hotUnits,
  })
  console.log(
    `Database ${databaseName}: ${fixture.buyers.length} on-account buyers (one partner each), ` +
      `${fixture.products.length} SKUs in 2 warehouses, hot SKU ${fixture.hot.sku} with ` +
      `${hotUnits} units; seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  )
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  const results: PhaseResult[] = []
  let hotReport: (HotSkuReport & { answers: Record<string, number> }) | null = null
  let background: number | null = null

  /** Runs `work` for the warm-up (discarded) and the measured duration, with CPU and waits. */
  async function measured(
    name: PhaseName,
    appPid: number,
    work: (
      record: { checkout: number[]; cycle: number[]; add: number[] },
      keyPrefix: string,
    ) => (worker: number, cycle: number, arrivedAt?: number) => Promise<string>,
    loop: (
      seconds: number,
      work: (worker: number, cycle: number, arrivedAt?: number) => Promise<string>,
    ) => Promise<LoopRun & { waited?: number }> = (seconds, w) =>
      closedLoop(concurrency, seconds, w),
  ): Promise<PhaseResult> {
    // Every phase starts from empty carts.
    await sql`delete from cart_items`
    const discard = { checkout: [], cycle: [], add: [] }
    if (warmupS > 0) await loop(warmupS, work(discard, `${name}-warm-${runId}-`))
    const record = { checkout: [] as number[], cycle: [] as number[], add: [] as number[] }
    const keyPrefix = `${name}-${runId}-`
    const stopSampling = sampleWaits(databaseUrl, databaseName)
    const countersBefore = await databaseCounters(sql, databaseName)
    const before = cpuSnapshot(appPid, databaseName)
    const run = await loop(durationS, work(record, keyPrefix))
    const cpu = cpuBetween(before, cpuSnapshot(appPid, databaseName))
    const counters = countersBetween(countersBefore, await databaseCounters(sql, databaseName))
    const waits = await stopSampling()
    const placed = await countOrders(sql, keyPrefix)
    const perOrder = (ms: number | undefined) =>
      ms === undefined || placed.orders === 0 ? null : ms / placed.orders
    const result: PhaseResult = {
      name,
      ...(name === 'rate' && { offeredPerSecond: rate, arrivalsThatWaited: run.waited ?? 0 }),
      durationS: run.elapsedS,
      cycles: run.cycles,
      outcomes: run.outcomes,
      ordersInDatabase: placed.orders,
      ordersPerSecond: placed.orders / run.elapsedS,
      checkoutMs: summarise(record.checkout),
      cycleMs: summarise(record.cycle),
      addMs: summarise(record.add),
      cpu,
      // In the ceiling the app is this process: count its CPU once.
      othersBusy: cpu
        ? Math.max(
            0,
            cpu.machineBusy -
              (cpu.postgresMs + cpu.runnerMs + (runsInThisProcess(name) ? 0 : cpu.serverMs)) /
                (run.elapsedS * 1000 * os.cpus().length),
          )
        : null,
      appCpuMsPerOrder: perOrder(runsInThisProcess(name) ? cpu?.runnerMs : cpu?.serverMs),
      postgresCpuMsPerOrder: perOrder(cpu?.postgresMs),
      runnerCpuMsPerOrder: runsInThisProcess(name) ? null : perOrder(cpu?.runnerMs),
      commitsPerOrder: placed.orders === 0 ? NaN : counters.commits / placed.orders,
      database: counters,
      waits,
    }
    console.log(`${name}: ${JSON.stringify(result)}`)
    return result
  }

  // Fills a buyer's empty cart with these lines in one statement, as a finished "add to cart"
  // leaves it (the placement phases measure checking out, not filling the cart).
  const filler = postgres(databaseUrl, { max: 10, onnotice: () => {} })
  for (const buyer of fixture.buyers) {
    await filler`insert into carts (user_id, partner_id)
                 values (${buyer.actor.id}, ${buyer.actor.partnerId})
                 on conflict (user_id) do nothing`
  }
  const fillCart = async (buyer: OrdersFixture['buyers'][number], lines: CartLineRequest[]) => {
    await filler`
      insert into cart_items (cart_id, product_id, quantity, seen_unit_net_minor, seen_currency,
                              seen_available)
      select c.id, p.id, v.quantity, p.list_price_minor, p.currency, 0
      from carts c
      cross join unnest(${filler.array(lines.map((l) => l.productId))}::uuid[],
                        ${filler.array(lines.map((l) => l.quantity))}::int[]) as v(product_id, quantity)
      join products p on p.id = v.product_id
      where c.user_id = ${buyer.actor.id}`
  }
  const checkoutInput = (
    buyer: OrdersFixture['buyers'][number],
    key: string,
    cycle: number,
    lines: CartLineRequest[],
  ) => ({
    idempotencyKey: key,
    cartVersion: cartVersionOf(cartLinesOf(lines)),
    shippingAddressId: buyer.addressId,
    paymentMethod: 'on_account' as const,
    poNumber: `PO-${cycle}`,
    requestedDate: null,
    registrationId: null,
    buyerNote: null,
  })

  // The order history, then ANALYZE: what the planner sees on a portal in use.
  if (historyOrders > 0) {
    const started = performance.now()
    const connection = await openDatabase({ url: databaseUrl, poolMax: 8 })
    try {
      let placedSoFar = 0
      const workers = Math.min(8, fixture.buyers.length)
      // Each worker has buyers of its own: one cart is never filled by two at once.
      const perWorker = Math.floor(fixture.buyers.length / workers)
      await Promise.all(
        Array.from({ length: workers }, async (_, worker) => {
          const next = random(9000 + worker)
          for (let cycle = 0; placedSoFar < historyOrders; cycle++) {
            placedSoFar++
            const buyer = fixture.buyers[worker + workers * (cycle % perWorker)]!
            const lines = pickLines(fixture, next, maxLines)
            await fillCart(buyer, cartLinesOf(lines))
            const result = await placeOrder(connection.db, {
              actor: buyer.actor,
              input: checkoutInput(buyer, `history-${runId}-${worker}-${cycle}`, cycle, lines),
              cardPaymentsEnabled: false,
              origin: 'http://127.0.0.1',
            })
            if (!result.ok) throw new Error(`history order refused: ${JSON.stringify(result)}`)
          }
        }),
      )
    } finally {
      await connection.close()
    }
    await sql`delete from cart_items`
    await sql`vacuum analyze`
    await sql`checkpoint`
    console.log(
      `Order history: ${historyOrders} orders placed, then VACUUM ANALYZE, in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    )
  }

  // The ceilings: the module functions on a pool, in this process.
  if (scenarios.has('ceiling') || scenarios.has('journey-ceiling')) {
    background = await backgroundBusy(process.pid, databaseName)
    const connection = await openDatabase({ url: databaseUrl, poolMax })
    try {
      for (const name of ['ceiling', 'journey-ceiling'] as const) {
        if (!scenarios.has(name)) continue
        results.push(
          await measured(name, process.pid, (record, keyPrefix) => {
            const nextOf = new Map<number, () => number>()
            return async (worker, cycle) => {
              const buyer = fixture.buyers[worker]!
              let next = nextOf.get(worker)
              if (!next) nextOf.set(worker, (next = random(worker + 1)))
              const lines = pickLines(fixture, next, maxLines)
              const started = performance.now()
              if (name === 'ceiling') {
                await fillCart(buyer, cartLinesOf(lines))
              } else {
                await addToCart(connection.db, {
                  actor: buyer.actor,
                  items: lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
                })
              }
              const added = performance.now()
              const result = await placeOrder(connection.db, {
                actor: buyer.actor,
                input: checkoutInput(buyer, `${keyPrefix}${cycle}`, cycle, lines),
                cardPaymentsEnabled: false,
                origin: 'http://127.0.0.1',
              })
              const done = performance.now()
              record.add.push(added - started)
              record.checkout.push(done - added)
              record.cycle.push(done - started)
              return result.ok ? `placed ${result.status}` : 'shortage'
            }
          }),
        )
      }
    } finally {
      await connection.close()
    }
  }

  if (['http', 'rate', 'journey', 'hot'].some((name) => scenarios.has(name))) {
    // --server-cpu-prof <dir>: the server writes a V8 CPU profile there when it stops.
    const profileDir = options.get('server-cpu-prof')
    const server = await startServer({
      databaseUrl,
      logFile,
      poolMax,
      env: { WEB_CONCURRENCY: String(webConcurrency) },
      ...(profileDir && {
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`],
      }),
    })
    console.log(
      `Server pid ${server.pid} (${webConcurrency} process${webConcurrency > 1 ? 'es' : ''}, ` +
        `pool ${poolMax} each) at ${server.origin} (log ${path.relative('.', logFile)})`,
    )
    try {
      const cookies: string[] = []
      for (const buyer of fixture.buyers) {
        cookies.push((await signInOverHttp(server.origin, buyer.email, BUYER_PASSWORD)).cookie)
      }
      background ??= await backgroundBusy(server.pid, databaseName)

      for (const name of ['http', 'rate', 'journey'] as const) {
        if (!scenarios.has(name)) continue
        // The rate phase: buyers arrive at --rate a second (an open loop over the same buyers).
        const loop =
          name === 'rate'
            ? (seconds: number, work: Parameters<typeof openLoop>[3]) =>
                openLoop(rate, seconds, concurrency, work, 7)
            : undefined
        results.push(
          await measured(
            name,
            server.pid,
            (record, keyPrefix) => {
              const nextOf = new Map<number, () => number>()
              return async (worker, cycle, arrivedAt) => {
                const buyer = fixture.buyers[worker]!
                const cookie = cookies[worker]!
                let next = nextOf.get(worker)
                if (!next) nextOf.set(worker, (next = random(1000 + worker)))
                const lines = pickLines(fixture, next, maxLines)
                // In the rate phase, from the buyer's arrival: a wait for a free buyer counts.
                const started = arrivedAt ?? performance.now()
                if (name !== 'journey') {
                  await fillCart(buyer, cartLinesOf(lines))
                } else {
                  for (const line of lines) {
                    const added = await addToCartOverHttp(server.origin, cookie, line)
                    record.add.push(added.ms)
                    if (added.status !== 302) return `add HTTP ${added.status}`
                  }
                }
                const checkout = await checkoutOverHttp(server.origin, cookie, {
                  idempotencyKey: `${keyPrefix}${cycle}`,
                  lines: cartLinesOf(lines),
                  shippingAddressId: buyer.addressId,
                  paymentMethod: 'on_account',
                  poNumber: `PO-${cycle}`,
                })
                record.checkout.push(name === 'rate' ? performance.now() - started : checkout.ms)
                record.cycle.push(performance.now() - started)
                return checkout.orderId ? 'placed' : `checkout HTTP ${checkout.status}`
              }
            },
            loop,
          ),
        )
      }

      // Oversell: every hot buyer holds the hot SKU in its cart, then all check out at once.
      if (scenarios.has('hot')) {
        const hotBuyerList = fixture.buyers.slice(0, hotBuyers)
        await Promise.all(
          hotBuyerList.map(async (_, n) => {
            const cookie = cookies[n]!
            const cleared = await fetch(`${server.origin}/portal/cart`, {
              method: 'POST',
              redirect: 'manual',
              headers: {
                origin: server.origin,
                cookie,
                'content-type': 'application/x-www-form-urlencoded',
              },
              body: new URLSearchParams({ intent: 'clear' }),
            })
            await cleared.arrayBuffer()
            const added = await addToCartOverHttp(server.origin, cookie, {
              productId: fixture.hot.id,
              sku: fixture.hot.sku,
              quantity: 1,
            })
            if (added.status !== 302) throw new Error(`hot add: HTTP ${added.status}`)
          }),
        )
        const answers: Record<string, number> = {}
        await Promise.all(
          hotBuyerList.map(async (buyer, n) => {
            const checkout = await checkoutOverHttp(server.origin, cookies[n]!, {
              idempotencyKey: `hot-${runId}-${n}`,
              lines: [{ productId: fixture.hot.id, sku: fixture.hot.sku, quantity: 1 }],
              shippingAddressId: buyer.addressId,
              paymentMethod: 'on_account',
              poNumber: `HOT-${n}`,
            })
            const answer = checkout.orderId ? 'placed' : `HTTP ${checkout.status}`
            answers[answer] = (answers[answer] ?? 0) + 1
          }),
        )
        hotReport = { ...(await checkHotSku(sql, fixture.hot)), answers }
        console.log(`hot: ${JSON.stringify(hotReport)}`)
      }
    } finally {
      await server.stop()
    }
  }

  const books = await (async () => {
    const connection = await openDatabase({ url: databaseUrl, poolMax: 2 })
    try {
      return await checkBooks(connection.db, sql)
    } finally {
      await connection.close()
    }
  })()
  const [{ orders: totalOrders }] = await sql<{ orders: number }[]>`
    select count(*)::int as orders from orders`
  await sql.end({ timeout: 5 })
  await filler.end({ timeout: 5 })
  const loadAfter = os.loadavg()

  const phase = (name: PhaseName) => results.find((r) => r.name === name)
  const ratioOf = (httpName: PhaseName, ceilingName: PhaseName) => {
    const [h, c] = [phase(httpName), phase(ceilingName)]
    return h && c ? h.ordersPerSecond / c.ordersPerSecond : null
  }
  const ratio = ratioOf('http', 'ceiling')
  const journeyRatio = ratioOf('journey', 'journey-ceiling')
  const file = path.join(resultsDir, `${stamp}.orders.json`)
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        databaseName,
        machine: {
          cpus: os.cpus().length,
          loadavgBefore: loadBefore,
          loadavgAfter: loadAfter,
          backgroundBusy: background,
        },
        options: {
          durationS,
          warmupS,
          concurrency,
          poolMax,
          productCount,
          maxLines,
          hotBuyers,
          hotUnits,
          webConcurrency,
          rate,
          historyOrders,
        },
        results,
        ratioHttpToCeiling: ratio,
        ratioJourneyToCeiling: journeyRatio,
        hot: hotReport,
        totalOrders,
        books,
      },
      null,
      2,
    ),
  )

  console.log(
    `\nMachine: ${os.cpus().length} CPUs, load average ${loadBefore.map((n) => n.toFixed(2)).join(' ')} before, ` +
      `${loadAfter.map((n) => n.toFixed(2)).join(' ')} after; others' work ${fmt(background === null ? null : background * 100, 0)} % busy when idle`,
  )
  console.log(
    '\n| Phase | orders/s | checkout p50 / p95 / p99 ms | cycle p50 / p95 / p99 ms | add p95 ms | app CPU ms/order | PG CPU ms/order | commits/order | machine busy (others) |',
  )
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of results) {
    console.log(
      `| ${r.name} | ${fmt(r.ordersPerSecond)} | ${fmt(r.checkoutMs.p50)} / ${fmt(r.checkoutMs.p95)} / ${fmt(r.checkoutMs.p99)} | ` +
        `${fmt(r.cycleMs.p50)} / ${fmt(r.cycleMs.p95)} / ${fmt(r.cycleMs.p99)} | ${fmt(r.addMs.p95)} | ` +
        `${fmt(r.appCpuMsPerOrder, 2)} | ${fmt(r.postgresCpuMsPerOrder, 2)} | ${fmt(r.commitsPerOrder, 1)} | ${fmt(r.cpu ? r.cpu.machineBusy * 100 : null, 0)} % (${fmt(r.othersBusy === null ? null : r.othersBusy * 100, 0)} %) |`,
    )
  }
  for (const r of results) {
    console.log(
      `${r.name}: outcomes ${JSON.stringify(r.outcomes)}; waits ${JSON.stringify(r.waits.meanBackends)}`,
    )
  }
  for (const r of results) {
    // What the CPU per order allows if the app and PostgreSQL had every core to themselves.
    const perOrder = (r.appCpuMsPerOrder ?? NaN) + (r.postgresCpuMsPerOrder ?? NaN)
    console.log(
      `${r.name}: ${fmt(perOrder, 1)} CPU ms per order (app + PostgreSQL) → at most ` +
        `${fmt((os.cpus().length * 1000) / perOrder, 0)} orders/s on ${os.cpus().length} idle cores`,
    )
  }
  if (ratio !== null) console.log(`\nPlacement: HTTP / ceiling = ${fmt(ratio * 100)} %`)
  if (journeyRatio !== null) {
    console.log(`Journey: HTTP / ceiling = ${fmt(journeyRatio * 100)} %`)
  }
  const ratePhase = phase('rate')
  if (ratePhase) {
    console.log(
      `Rate: ${fmt(ratePhase.offeredPerSecond)} orders/s offered, ${fmt(ratePhase.ordersPerSecond)} placed; ` +
        `from arrival to placed order p50 / p95 / p99 ${fmt(ratePhase.checkoutMs.p50)} / ` +
        `${fmt(ratePhase.checkoutMs.p95)} / ${fmt(ratePhase.checkoutMs.p99)} ms; ` +
        `${ratePhase.arrivalsThatWaited} of ${ratePhase.cycles} arrivals found all ${concurrency} buyers busy`,
    )
  }
  if (hotReport) {
    console.log(
      `Hot SKU: ${hotReport.units} units, answers ${JSON.stringify(hotReport.answers)}; on hand ${hotReport.onHand}, ` +
        `reserved ${hotReport.reserved}, reserved allocations ${hotReport.allocationsReserved}, ` +
        `order-line units ${hotReport.orderLineUnits} in ${hotReport.ordersWithHotLine} orders, ` +
        `oversold ${hotReport.oversold} → ${hotReport.ok ? 'OK' : 'VIOLATION'}`,
    )
  }
  console.log(`Books over ${totalOrders} orders:`)
  printBooks(books)
  console.log(`Results: ${path.relative('.', file)}`)
  const unverified = results.filter(
    (r) => !runsInThisProcess(r.name) && r.ordersInDatabase !== (r.outcomes.placed ?? 0),
  )
  for (const r of unverified) {
    console.error(
      `${r.name}: ${r.outcomes.placed} redirects to an order but ${r.ordersInDatabase} orders`,
    )
  }
  const httpVerified = unverified.length === 0
  if (!books.ok || (hotReport && !hotReport.ok) || !httpVerified) process.exit(1)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exit(1)
})
