import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createStripeGateway,
  type StripeGateway,
} from '#app/modules/payments/stripe-gateway.server'

/**
 * A local stand-in for api.stripe.com (and, with `hostedPages`, for checkout.stripe.com) that the REAL Stripe SDK talks to (host/port/protocol
 * options): it answers Checkout Session, expire and refund calls the way Stripe does, honours
 * Idempotency-Key (the same key replays the first answer; the same key with other parameters is
 * Stripe's idempotency error), and records every request so tests can check the idempotency key,
 * the amounts and the metadata the app sent.
 */

export type RecordedRequest = {
  method: string
  path: string
  idempotencyKey: string | null
  authorization: string | null
  /** The form body, nested as Stripe reads it (line_items[0][price_data][unit_amount] → …). */
  body: Record<string, unknown>
  rawBody: string
}

type StoredSession = {
  id: string
  object: 'checkout.session'
  url: string
  status: 'open' | 'complete' | 'expired'
  payment_status: 'unpaid' | 'paid'
  amount_total: number
  currency: string
  expires_at: number
  metadata: Record<string, string>
  client_reference_id: string | null
  payment_intent: string | null
  mode: string
  success_url: string | null
  cancel_url: string | null
}

export type FakeStripeOptions = {
  /**
   * Serve Stripe's hosted payment page too: the session's url opens a page on this server whose
   * "Pay" button completes the session, POSTs the signed checkout.session.completed event to
   * `webhookUrl` as Stripe does, and sends the buyer to the session's success_url.
   */
  hostedPages?: { webhookUrl: string }
  /** Listen on this port (0: any free one). */
  port?: number
}

export type FakeStripe = {
  gateway: StripeGateway
  /** http://127.0.0.1:<port>, for STRIPE_API_BASE. */
  apiBase: string
  secretKey: string
  webhookSecret: string
  requests: RecordedRequest[]
  sessions: Map<string, StoredSession>
  /** The buyer paid on Stripe's page: the session is complete and has a PaymentIntent. */
  completeSession: (sessionId: string) => StoredSession
  /** The next request to `path` answers this status and Stripe error instead. */
  failNext: (path: string, status: number, message: string) => void
  /** A signed webhook for an event of `type` about `object`, as Stripe would POST it. */
  signedEvent: (
    type: string,
    object: Record<string, unknown>,
    options?: { id?: string; timestamp?: number; secret?: string },
  ) => { payload: string; signature: string; eventId: string }
  close: () => Promise<void>
}

/** Parses Stripe's form encoding (a[b][0][c]=v) into nested objects and arrays. */
export function parseStripeForm(raw: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.split(/\[|\]\[|\]/).filter((p) => p !== '')
    let node: Record<string, unknown> = root
    parts.forEach((part, index) => {
      if (index === parts.length - 1) {
        node[part] = value
        return
      }
      const nextIsIndex = /^\d+$/.test(parts[index + 1]!)
      node[part] ??= nextIsIndex ? [] : {}
      node = node[part] as Record<string, unknown>
    })
  }
  return root
}

let counter = 0
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const nextId = (prefix: string) => `${prefix}_test_${++counter}${randomBytes(4).toString('hex')}`

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const requests: RecordedRequest[] = []
  const sessions = new Map<string, StoredSession>()
  const sessionsByIntent = new Map<string, StoredSession>()
  const idempotent = new Map<
    string,
    { rawBody: string; path: string; status: number; body: unknown }
  >()
  const failures = new Map<string, { status: number; message: string }>()

  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': nextId('req') })
    res.end(JSON.stringify(body))
  }
  const stripeError = (message: string, type = 'invalid_request_error') => ({
    error: { type, message },
  })

  const route = (method: string, path: string, body: Record<string, unknown>) => {
    const failure = failures.get(path)
    if (failure) {
      failures.delete(path)
      return { status: failure.status, body: stripeError(failure.message, 'api_error') }
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const items =
        (body.line_items as { quantity: string; price_data: Record<string, any> }[]) ?? []
      const session: StoredSession = {
        id: nextId('cs'),
        object: 'checkout.session',
        url: '',
        status: 'open',
        payment_status: 'unpaid',
        amount_total: items.reduce(
          (sum, item) => sum + Number(item.quantity) * Number(item.price_data.unit_amount),
          0,
        ),
        currency: String(items[0]?.price_data.currency ?? 'cny'),
        expires_at: Number(body.expires_at ?? Math.floor(Date.now() / 1000) + 86_400),
        metadata: (body.metadata as Record<string, string>) ?? {},
        client_reference_id: (body.client_reference_id as string) ?? null,
        payment_intent: null,
        mode: String(body.mode),
        success_url: (body.success_url as string) ?? null,
        cancel_url: (body.cancel_url as string) ?? null,
      }
      session.url = options.hostedPages
        ? `${apiBase}/c/pay/${session.id}`
        : `https://checkout.stripe.test/c/pay/${session.id}`
      sessions.set(session.id, session)
      return { status: 200, body: session }
    }
    const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path)
    if (sessionMatch) {
      const session = sessions.get(sessionMatch[1]!)
      if (!session) return { status: 404, body: stripeError(`No such checkout.session`) }
      if (method === 'GET' && !sessionMatch[2]) return { status: 200, body: session }
      if (method === 'POST' && sessionMatch[2]) {
        if (session.status !== 'open') {
          return {
            status: 400,
            body: stripeError('Only Checkout Sessions with a status in [open] can be expired.'),
          }
        }
        session.status = 'expired'
        return { status: 200, body: session }
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = String(body.payment_intent ?? '')
      const session = sessionsByIntent.get(intent)
      if (!session) return { status: 404, body: stripeError(`No such payment_intent: '${intent}'`) }
      return {
        status: 200,
        body: {
          id: nextId('re'),
          object: 'refund',
          status: 'succeeded',
          amount: session.amount_total,
          currency: session.currency,
          payment_intent: intent,
          metadata: body.metadata ?? {},
        },
      }
    }
    return { status: 404, body: stripeError(`Unrecognized request URL (${method}: ${path})`) }
  }

  const server = http.createServer((req, res) => {
    let rawBody = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (rawBody += chunk))
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!
      const method = req.method ?? 'GET'
      const hosted = /^\/c\/pay\/([^/]+)$/.exec(path)
      if (hosted && options.hostedPages) {
        void hostedPage(res, method, hosted[1]!, options.hostedPages.webhookUrl)
        return
      }
      const body = parseStripeForm(rawBody)
      const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null
      requests.push({
        method,
        path,
        idempotencyKey,
        authorization: (req.headers.authorization as string | undefined) ?? null,
        body,
        rawBody,
      })
      if (idempotencyKey && method === 'POST') {
        const previous = idempotent.get(idempotencyKey)
        if (previous) {
          if (previous.rawBody !== rawBody || previous.path !== path) {
            return answer(
              res,
              400,
              stripeError(
                'Keys for idempotent requests can only be used with the same parameters they were first used with.',
                'idempotency_error',
              ),
            )
          }
          return answer(res, previous.status, previous.body)
        }
      }
      const result = route(method, path, body)
      // Like Stripe, the first answer is kept for the key, failures included.
      if (idempotencyKey && method === 'POST') {
        idempotent.set(idempotencyKey, { rawBody, path, ...result })
      }
      answer(res, result.status, result.body)
    })
  })
  /** Stripe's payment page, reduced to what a buyer does there: pay, or go back. */
  const hostedPage = async (
    res: http.ServerResponse,
    method: string,
    sessionId: string,
    webhookUrl: string,
  ) => {
    const session = sessions.get(sessionId)
    if (!session) {
      res.writeHead(404, { 'content-type': 'text/plain' })
      return res.end('No such payment page')
    }
    if (method === 'POST' && session.status === 'open') {
      const paid = completeSession(sessionId)
      const event = signedEvent('checkout.session.completed', paid)
      const delivered = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
        body: event.payload,
      })
      if (!delivered.ok) {
        res.writeHead(502, { 'content-type': 'text/plain' })
        return res.end(`The webhook answered ${delivered.status}`)
      }
      res.writeHead(303, { location: session.success_url ?? '/' })
      return res.end()
    }
    const amount = (session.amount_total / 100).toFixed(2)
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pay · Test checkout</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:4rem auto">
<h1>Test checkout</h1>
<p>Order ${escapeHtml(session.client_reference_id ?? '')}</p>
<p data-testid="amount">${escapeHtml(session.currency.toUpperCase())} ${amount}</p>
${
  session.status === 'open'
    ? `<form method="post"><button type="submit">Pay</button></form>`
    : `<p>This payment page is ${escapeHtml(session.status)}.</p>`
}
${session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Back to the shop</a></p>` : ''}
</body></html>`)
  }

  server.listen(options.port ?? 0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const { port } = server.address() as AddressInfo
  const apiBase = `http://127.0.0.1:${port}`
  const secretKey = 'sk_test_fakeStripeKey'
  const webhookSecret = 'whsec_fakeStripeSigningSecret'
  // No retries: a failure the test planted must reach the code under test.
  const gateway = createStripeGateway({ secretKey, webhookSecret, apiBase, maxNetworkRetries: 0 })

  function completeSession(sessionId: string): StoredSession {
    const session = sessions.get(sessionId)
    if (!session) throw new Error(`fake Stripe: no session ${sessionId}`)
    session.status = 'complete'
    session.payment_status = 'paid'
    session.payment_intent ??= nextId('pi')
    sessionsByIntent.set(session.payment_intent, session)
    return { ...session }
  }
  function signedEvent(
    type: string,
    object: Record<string, unknown>,
    options: { id?: string; timestamp?: number; secret?: string } = {},
  ) {
    const eventId = options.id ?? nextId('evt')
    const payload = JSON.stringify(
      {
        id: eventId,
        object: 'event',
        api_version: '2026-10-28.endive',
        created: options.timestamp ?? Math.floor(Date.now() / 1000),
        type,
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        data: { object },
      },
      null,
      2,
    )
    const signature = gateway.client.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? webhookSecret,
      timestamp: options.timestamp,
    })
    return { payload, signature, eventId }
  }

  return {
    gateway,
    apiBase,
    secretKey,
    webhookSecret,
    requests,
    sessions,
    completeSession,
    failNext(path, status, message) {
      failures.set(path, { status, message })
    },
    signedEvent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
