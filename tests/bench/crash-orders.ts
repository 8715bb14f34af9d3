/**
 * Crash during order placement (DESIGN.md §3: no oversell, idempotent placing, payments processed
 * exactly once). The production server runs on PostgreSQL, its own database, with card payment
 * configured; buyers place orders (half on account, half by card, some with the scarce hot SKU)
 * and every card order is paid by a signed checkout.session.completed webhook, as Stripe sends it
 * after the buyer pays. In the middle of the load the server's node process is killed with
 * SIGKILL, so transactions die half done (three times per run unless told; each time once the
 * round has placed 8 orders, then 0–1.5 s later). The server is started again; every buyer whose checkout
 * got no answer sends it again with the same idempotency key (twice at once: a double click),
 * every webhook that got no answer is delivered again, and every delivered one once more (Stripe
 * retries). A short load follows, then the books are checked:
 *
 * - checkOrderConsistency and the SQL checks of lib/order-checks.ts (no order without lines, no
 *   reservation without an open order, stock_levels.reserved = Σ reserved allocations, …);
 * - every order a buyer was shown (302 to the order) exists, and every order in the database is
 *   one a buyer was shown: none lost, none that a retry would not find;
 * - each idempotency key made at most one order, and a retried key's answers name that order;
 * - every acknowledged payment webhook left its order paid with a succeeded payment, paid once;
 * - the hot SKU's order lines hold no more units than it has.
 *
 *   npm run bench:crash-orders -- [--buyers 20] [--kills 3] [--kill-after-orders 8]
 *     [--kill-after <s from the round's start>] [--after 3] [--seed 1]
 *     [--database-url postgres://postgres@127.0.0.1:5432/cp_bench_crash_orders]
 *
 * Card checkouts never reach Stripe (the order waits for payment; the Checkout Session is opened
 * from the order page), and the webhook handler needs no call to Stripe either, so no Stripe
 * stand-in is needed. Needs `npm run build`. Exits non-zero on any violation. Writes
 * tests/bench/results/<timestamp>.crash-orders.json.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import postgres from 'postgres'
import Stripe from 'stripe'
import { openDatabase } from '#db/client.server'
import { parseArgs, positiveInt } from './bench-config'
import {
  addToCartOverHttp,
  cartLinesOf,
  checkoutOverHttp,
  type CartLineRequest,
} from './lib/checkout-http'
import { random } from './lib/closed-loop'
import { signInOverHttp } from './lib/http'
import { checkBooks, printBooks } from './lib/order-checks'
import {
  BUYER_PASSWORD,
  databaseNameOf,
  seedOrdersDatabase,
  type OrdersFixture,
} from './lib/orders-data'
import { startServer, type RunningServer } from './lib/server'

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cp_bench_crash_orders'
const resultsDir = path.resolve(import.meta.dirname, 'results')
const runId = Date.now().toString(36)

// Card payment on: checkout offers it. Nothing here ever reaches api.stripe.com.
const stripeEnv = {
  STRIPE_SECRET_KEY: `sk_test_bench${randomBytes(8).toString('hex')}`,
  STRIPE_WEBHOOK_SECRET: `whsec_bench${randomBytes(8).toString('hex')}`,
}
const stripe = new Stripe(stripeEnv.STRIPE_SECRET_KEY)

type Method = 'on_account' | 'card'

type Checkout = {
  worker: number
  key: string
  lines: CartLineRequest[]
  method: Method
  /** The order the buyer was shown (a 302 to it), once there is one. */
  orderId: string | null
  /** Answers after the restart, when it was retried. */
  retryAnswers?: string[]
}

type Webhook = { orderId: string; eventId: string; payload: string; answers: string[] }

class ServerGone extends Error {}

const CONNECTION_FAILURES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ECONNABORTED'])

/** A request that failed because the server is not there (killed, or not yet back). */
function isConnectionFailure(error: unknown): boolean {
  if (error instanceof TypeError) return true // fetch
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  return (
    error.name === 'TimeoutError' ||
    error.name === 'AbortError' ||
    (typeof code === 'string' && CONNECTION_FAILURES.has(code))
  )
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isConnectionFailure(error)) throw new ServerGone('no answer')
    throw error
  }
}

function sessionPaid(orderId: string, totalMinor: number, currency: string, eventId: string) {
  const session = {
    id: `cs_bench_${eventId}`,
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: 'paid',
    amount_total: totalMinor,
    currency: currency.toLowerCase(),
    client_reference_id: orderId,
    metadata: { orderId },
    payment_intent: `pi_bench_${eventId}`,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
  }
  return JSON.stringify({
    id: `evt_bench_${eventId}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    type: 'checkout.session.completed',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: session },
  })
}

/** Delivers (or re-delivers) a webhook, signed now as Stripe signs each delivery. */
async function deliver(origin: string, webhook: Webhook): Promise<string> {
  const signature = stripe.webhooks.generateTestHeaderString({
    payload: webhook.payload,
    secret: stripeEnv.STRIPE_WEBHOOK_SECRET,
  })
  const { status, text } = await guarded(async () => {
    const response = await fetch(`${origin}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: webhook.payload,
      signal: AbortSignal.timeout(30_000),
    })
    return { status: response.status, text: await response.text() }
  })
  const answer =
    status === 200
      ? ((JSON.parse(text) as { outcome?: string }).outcome ?? '200')
      : `HTTP ${status}`
  webhook.answers.push(answer)
  return answer
}

async function clearCart(origin: string, cookie: string) {
  await guarded(async () => {
    const response = await fetch(`${origin}/portal/cart`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'clear' }),
      signal: AbortSignal.timeout(30_000),
    })
    await response.arrayBuffer()
  })
}

function pickLines(fixture: OrdersFixture, next: () => number): CartLineRequest[] {
  const count = 1 + Math.floor(next() * 3)
  const chosen = new Map<string, CartLineRequest>()
  while (chosen.size < count) {
    const product = fixture.products[Math.floor(next() * fixture.products.length)]!
    chosen.set(product.id, {
      productId: product.id,
      sku: product.sku,
      quantity: 1 + Math.floor(next() * 5),
    })
  }
  // One cart in four also wants the scarce SKU: those checkouts contend on its stock rows.
  if (next() < 0.25) {
    chosen.set(fixture.hot.id, {
      productId: fixture.hot.id,
      sku: fixture.hot.sku,
      quantity: 1 + Math.floor(next() * 2),
    })
  }
  return [...chosen.values()]
}

async function main() {
  const options = parseArgs(process.argv.slice(2), [
    'database-url',
    'buyers',
    'kill-after',
    'after',
    'seed',
    'hot-units',
    'kills',
    'kill-after-orders',
  ])
  const databaseUrl = options.get('database-url') ?? DEFAULT_DATABASE_URL
  const databaseName = databaseNameOf(databaseUrl)
  const buyerCount = positiveInt(options.get('buyers'), 20, 'buyers')
  const seed = positiveInt(options.get('seed'), 1, 'seed')
  const next = random(seed)
  // How often the server dies, and when in each round's load: 2–6 s in unless told.
  const kills = positiveInt(options.get('kills'), 3, 'kills')
  const killAfterOption = options.has('kill-after') ? Number(options.get('kill-after')) : null
  // Unless --kill-after says when, a round's kill waits until this many orders of the round are
  // placed (the restarted server is warm and busy), then 0–1.5 s more.
  const killAfterOrders = positiveInt(options.get('kill-after-orders'), 8, 'kill-after-orders')
  const afterS = Number(options.get('after') ?? 3)
  const hotUnits = positiveInt(options.get('hot-units'), 30, 'hot-units')
  mkdirSync(resultsDir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const violations: string[] = []

  const fixture = await seedOrdersDatabase(databaseUrl, {
    buyers: buyerCount,
    products: 200,
    hotUnits,
  })
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} })
  console.log(
    `Database ${databaseName}: ${buyerCount} buyers (even: on account, odd: card), ` +
      `${fixture.products.length} SKUs, hot SKU with ${hotUnits} units; ${kills} kills`,
  )

  let server: RunningServer = await startServer({
    databaseUrl,
    logFile: path.join(resultsDir, `${stamp}.crash-orders.server-1.log`),
    env: stripeEnv,
  })
  const cookies: string[] = []
  for (const buyer of fixture.buyers) {
    cookies.push((await signInOverHttp(server.origin, buyer.email, BUYER_PASSWORD)).cookie)
  }

  const checkouts: Checkout[] = []
  const webhooks: Webhook[] = []
  const tally: Record<string, number> = {}
  const count = (label: string) => (tally[label] = (tally[label] ?? 0) + 1)
  type InFlight = { checkouts: Checkout[]; adds: number; webhooks: Webhook[] }
  let inFlight: InFlight = { checkouts: [], adds: 0, webhooks: [] }

  /** A payment webhook for the order, as Stripe sends it once the buyer has paid. */
  async function paymentFor(orderId: string): Promise<Webhook> {
    const [order] = await sql<{ total: string; currency: string }[]>`
      select total_minor::text as total, currency from orders where id = ${orderId}`
    const eventId = `${runId}_${webhooks.length}`
    const webhook: Webhook = {
      orderId,
      eventId,
      payload: sessionPaid(orderId, Number(order!.total), order!.currency, eventId),
      answers: [],
    }
    webhooks.push(webhook)
    return webhook
  }

  /** One buyer's cycles until `until` says stop; a dead server ends the loop. */
  async function buyerLoop(worker: number, origin: string, until: () => boolean, phase: string) {
    const buyer = fixture.buyers[worker]!
    const cookie = cookies[worker]!
    const method: Method = worker % 2 === 0 ? 'on_account' : 'card'
    const rng = random(seed * 1000 + worker * 37 + phase.length * 7919 + phase.charCodeAt(1))
    let cycle = 0
    while (!until()) {
      const lines = pickLines(fixture, rng)
      let stage: 'add' | 'checkout' | 'pay' | 'clear' = 'add'
      let current: Checkout | null = null
      let webhook: Webhook | null = null
      try {
        for (const line of lines) {
          const added = await guarded(() =>
            addToCartOverHttp(origin, cookie, line, AbortSignal.timeout(30_000)),
          )
          if (added.status !== 302) count(`add HTTP ${added.status}`)
        }
        stage = 'checkout'
        current = {
          worker,
          key: `crash-${runId}-${phase}-${worker}-${cycle++}`,
          lines: cartLinesOf(lines),
          method,
          orderId: null,
        }
        checkouts.push(current)
        const answer = await guarded(() =>
          checkoutOverHttp(
            origin,
            cookie,
            {
              idempotencyKey: current!.key,
              lines: current!.lines,
              shippingAddressId: buyer.addressId,
              paymentMethod: method,
              poNumber: `CRASH-${worker}-${cycle}`,
            },
            AbortSignal.timeout(30_000),
          ),
        )
        if (answer.orderId) {
          current.orderId = answer.orderId
          count(`placed ${method}`)
          if (method === 'card') {
            stage = 'pay'
            webhook = await paymentFor(answer.orderId)
            await deliver(origin, webhook)
          }
        } else {
          count(`checkout HTTP ${answer.status}`)
          stage = 'clear'
          await clearCart(origin, cookie)
        }
      } catch (error) {
        if (!(error instanceof ServerGone)) throw error
        if (stage === 'add') inFlight.adds++
        if (stage === 'checkout' && current) inFlight.checkouts.push(current)
        if (stage === 'pay' && webhook) inFlight.webhooks.push(webhook)
        return
      }
    }
  }

  type Round = {
    round: number
    serverPid: number
    /** Seconds waited after the round's first orders (or from its start, with --kill-after). */
    killAfterS: number
    /** Seconds from the round's start to the kill. */
    killedAtS: number
    placedBeforeKill: number
    openTransactionsAtKill: number
    inFlight: { checkouts: number; adds: number; webhooks: number }
    retried: { committedBeforeKill: number; placedOnRetry: number; refusedOnRetry: number }
    retryAnswers: { key: string; method: Method; answers: string[] | undefined }[]
  }
  const rounds: Round[] = []
  let logNo = 1

  // 1–2, once per kill: load, SIGKILL in the middle of it, restart, retries.
  for (let round = 1; round <= kills; round++) {
    const serverPid = server.pid
    const cmdline = readFileSync(`/proc/${serverPid}/cmdline`, 'utf8').split('\0')
    if (!cmdline[0]!.endsWith('node') || !cmdline.includes('server/index.ts')) {
      throw new Error(`pid ${serverPid} is not the server's node process: ${cmdline.join(' ')}`)
    }
    const killAfterS = killAfterOption ?? Number((next() * 1.5).toFixed(2))
    const placedBefore = checkouts.filter((c) => c.orderId).length
    inFlight = { checkouts: [], adds: 0, webhooks: [] }
    let killedAt = 0
    const roundStarted = performance.now()
    const killer = (async () => {
      const waitUntil = performance.now() + 120_000
      while (
        killAfterOption === null &&
        checkouts.filter((c) => c.orderId).length - placedBefore < killAfterOrders &&
        performance.now() < waitUntil
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      await new Promise((resolve) => setTimeout(resolve, killAfterS * 1000))
      // The transactions open at this instant: what the kill interrupts.
      const [open] = await sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where datname = ${databaseName} and xact_start is not null
          and application_name = 'channel-portal'`
      process.kill(serverPid, 'SIGKILL')
      killedAt = performance.now()
      return open!.n
    })()
    const deadOrigin = server.origin
    await Promise.all(
      fixture.buyers.map((_, worker) => buyerLoop(worker, deadOrigin, () => false, `r${round}`)),
    )
    const openTransactionsAtKill = await killer
    await server.stop()
    const placedBeforeKill = checkouts.filter((c) => c.orderId).length - placedBefore
    console.log(
      `Round ${round}: killed pid ${serverPid} (SIGKILL) ` +
        `${((killedAt - roundStarted) / 1000).toFixed(2)} s into the load: ` +
        `${placedBeforeKill} orders placed, ${openTransactionsAtKill} transactions open, ` +
        `${inFlight.checkouts.length} checkouts, ${inFlight.adds} adds and ` +
        `${inFlight.webhooks.length} webhooks without an answer`,
    )

    // Restart; the unanswered checkouts again (twice at once), the unanswered webhooks again,
    // and every delivered webhook once more (Stripe retries whatever it is unsure of).
    server = await startServer({
      databaseUrl,
      logFile: path.join(resultsDir, `${stamp}.crash-orders.server-${++logNo}.log`),
      env: stripeEnv,
    })
    const origin = server.origin
    const committedBeforeRetry = new Set(
      (await sql<{ key: string }[]>`select idempotency_key as key from orders`).map((r) => r.key),
    )
    await Promise.all(
      inFlight.checkouts.map(async (checkout) => {
        const buyer = fixture.buyers[checkout.worker]!
        const request = {
          idempotencyKey: checkout.key,
          lines: checkout.lines,
          shippingAddressId: buyer.addressId,
          paymentMethod: checkout.method,
          poNumber: `CRASH-RETRY-${checkout.worker}`,
        }
        const answers = await Promise.all(
          [0, 1].map(() => checkoutOverHttp(origin, cookies[checkout.worker]!, request)),
        )
        checkout.retryAnswers = answers.map((a) => a.orderId ?? `HTTP ${a.status}`)
        const ids = new Set(answers.map((a) => a.orderId).filter((id) => id !== null))
        if (ids.size > 1) violations.push(`retried key ${checkout.key} answered two orders`)
        checkout.orderId = [...ids][0] ?? null
        if (!checkout.orderId) await clearCart(origin, cookies[checkout.worker]!)
        if (checkout.orderId && checkout.method === 'card') {
          const paid = webhooks.some((w) => w.orderId === checkout.orderId)
          if (!paid) await deliver(origin, await paymentFor(checkout.orderId))
        }
      }),
    )
    for (const webhook of inFlight.webhooks) await deliver(origin, webhook)
    for (const webhook of webhooks) {
      if (!inFlight.webhooks.includes(webhook)) await deliver(origin, webhook)
    }
    // Buyers whose add-to-cart got no answer start again from an empty cart.
    await Promise.all(cookies.map((cookie) => clearCart(origin, cookie)))
    const retried = inFlight.checkouts
    rounds.push({
      round,
      serverPid,
      killAfterS,
      killedAtS: (killedAt - roundStarted) / 1000,
      placedBeforeKill,
      openTransactionsAtKill,
      inFlight: {
        checkouts: retried.length,
        adds: inFlight.adds,
        webhooks: inFlight.webhooks.length,
      },
      retried: {
        committedBeforeKill: retried.filter((c) => committedBeforeRetry.has(c.key)).length,
        placedOnRetry: retried.filter((c) => c.orderId && !committedBeforeRetry.has(c.key)).length,
        refusedOnRetry: retried.filter((c) => !c.orderId).length,
      },
      retryAnswers: retried.map((c) => ({ key: c.key, method: c.method, answers: c.retryAnswers })),
    })
    const r = rounds.at(-1)!.retried
    console.log(
      `  retried ${retried.length} keys (each twice at once): ${r.committedBeforeKill} had ` +
        `committed before the kill (replayed), ${r.placedOnRetry} placed on retry, ` +
        `${r.refusedOnRetry} refused`,
    )
  }

  // 3. The restarted server takes orders as before.
  const origin = server.origin
  const afterUntil = performance.now() + afterS * 1000
  const tallyBefore = { ...tally }
  await Promise.all(
    fixture.buyers.map((_, worker) =>
      buyerLoop(worker, origin, () => performance.now() > afterUntil, 'after'),
    ),
  )
  await server.stop()
  const afterRestart = Object.fromEntries(
    Object.entries(tally).map(([k, v]) => [k, v - (tallyBefore[k] ?? 0)]),
  )

  // 4. The books.
  const connection = await openDatabase({ url: databaseUrl, poolMax: 2 })
  const books = await checkBooks(connection.db, sql)
  await connection.close()

  const shown = checkouts.filter((c) => c.orderId)
  const dbOrders = await sql<
    { id: string; key: string; status: string; payment_method: string; payment_status: string }[]
  >`select id::text, idempotency_key as key, status::text, payment_method::text,
      payment_status::text from orders`
  const byId = new Map(dbOrders.map((o) => [o.id, o]))
  const shownIds = new Set(shown.map((c) => c.orderId!))
  for (const c of shown) {
    const row = byId.get(c.orderId!)
    if (!row) violations.push(`order ${c.orderId} shown to the buyer is missing`)
    else if (row.key !== c.key)
      violations.push(`order ${c.orderId} has key ${row.key}, not ${c.key}`)
  }
  for (const o of dbOrders) {
    if (!shownIds.has(o.id))
      violations.push(`order ${o.id} (key ${o.key}) was never shown to a buyer`)
  }
  const keyCounts = new Map<string, number>()
  for (const o of dbOrders) keyCounts.set(o.key, (keyCounts.get(o.key) ?? 0) + 1)
  for (const [key, n] of keyCounts) if (n > 1) violations.push(`key ${key}: ${n} orders`)

  const paidEvents = await sql<{ order_id: string; n: number }[]>`
    select order_id::text, count(*)::int as n from order_events where type = 'paid' group by 1`
  const paidCount = new Map(paidEvents.map((r) => [r.order_id, r.n]))
  const payments = await sql<{ order_id: string; status: string }[]>`
    select order_id::text, status::text from payments`
  for (const webhook of webhooks) {
    const acknowledged = webhook.answers.some((a) => a === 'processed' || a === 'duplicate')
    const order = byId.get(webhook.orderId)
    if (!acknowledged) violations.push(`webhook ${webhook.eventId} never acknowledged`)
    if (acknowledged && order?.payment_status !== 'paid') {
      violations.push(
        `order ${webhook.orderId}: payment acknowledged, order ${order?.payment_status}`,
      )
    }
    if (!payments.some((p) => p.order_id === webhook.orderId && p.status === 'succeeded')) {
      violations.push(`order ${webhook.orderId}: no succeeded payment`)
    }
    if ((paidCount.get(webhook.orderId) ?? 0) !== 1) {
      violations.push(
        `order ${webhook.orderId}: ${paidCount.get(webhook.orderId) ?? 0} 'paid' events`,
      )
    }
    if (webhook.answers.filter((a) => a === 'processed').length > 1) {
      violations.push(`webhook ${webhook.eventId} processed more than once`)
    }
  }
  const [hot] = await sql<{ units: number }[]>`
    select coalesce(sum(l.quantity), 0)::int as units from order_lines l
    join orders o on o.id = l.order_id
    where l.product_id = ${fixture.hot.id} and o.status not in ('cancelled', 'expired')`
  if (hot!.units > hotUnits) violations.push(`hot SKU oversold: ${hot!.units} of ${hotUnits}`)
  if (!books.ok) violations.push('the books disagree (see above)')
  await sql.end({ timeout: 5 })

  const summary = {
    at: new Date().toISOString(),
    databaseName,
    options: {
      buyerCount,
      seed,
      kills,
      killAfterS: killAfterOption,
      killAfterOrders,
      afterS,
      hotUnits,
    },
    rounds,
    retried: {
      keys: rounds.reduce((n, r) => n + r.inFlight.checkouts, 0),
      committedBeforeKill: rounds.reduce((n, r) => n + r.retried.committedBeforeKill, 0),
      placedOnRetry: rounds.reduce((n, r) => n + r.retried.placedOnRetry, 0),
      refusedOnRetry: rounds.reduce((n, r) => n + r.retried.refusedOnRetry, 0),
    },
    webhooks: {
      delivered: webhooks.length,
      answers: webhooks.reduce<Record<string, number>>((acc, w) => {
        for (const a of w.answers) acc[a] = (acc[a] ?? 0) + 1
        return acc
      }, {}),
    },
    afterRestart,
    orders: {
      total: dbOrders.length,
      paid: dbOrders.filter((o) => o.payment_status === 'paid').length,
      byStatus: dbOrders.reduce<Record<string, number>>((acc, o) => {
        acc[o.status] = (acc[o.status] ?? 0) + 1
        return acc
      }, {}),
    },
    hotUnitsOrdered: hot!.units,
    books,
    violations,
  }
  const file = path.join(resultsDir, `${stamp}.crash-orders.json`)
  writeFileSync(file, JSON.stringify(summary, null, 2))

  console.log(
    `${kills} kills; retried ${summary.retried.keys} keys: ${summary.retried.committedBeforeKill} ` +
      `had committed before the kill (replayed), ${summary.retried.placedOnRetry} placed on retry, ` +
      `${summary.retried.refusedOnRetry} refused (shortage)`,
  )
  console.log(
    `Webhooks: ${webhooks.length} payments, answers ${JSON.stringify(summary.webhooks.answers)}`,
  )
  console.log(`After restart: ${JSON.stringify(afterRestart)}`)
  console.log(
    `Orders: ${dbOrders.length} (${summary.orders.paid} paid) ${JSON.stringify(summary.orders.byStatus)}; ` +
      `hot SKU ${hot!.units} of ${hotUnits} units ordered`,
  )
  printBooks(books)
  if (violations.length > 0) {
    console.error(`VIOLATIONS (${violations.length}):\n  ${violations.slice(0, 30).join('\n  ')}`)
  } else {
    console.log('No violations.')
  }
  console.log(`Results: ${path.relative('.', file)}`)
  process.exit(violations.length > 0 ? 1 : 0)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exit(1)
})
