/**
 * A buyer's requests as the browser sends them: "Add to cart" posts (intent=add to /portal/cart,
 * what the catalog and product pages post) and the checkout form post with its idempotency key.
 * The cart version is the fingerprint checkout would render for the cart the buyer just filled
 * (cartVersionOf over the lines added to an empty cart), so a changed cart is still refused.
 */
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { cartVersionOf } from '#app/modules/orders/order-rules'

export type CartLineRequest = { productId: string; sku: string; quantity: number }

export type HttpOutcome = { status: number; ms: number; location: string | null }

// node:http with kept-alive sockets: a lighter client than fetch, so that the load generator,
// which shares the machine with the server and PostgreSQL, takes less of it.
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 })

function post(
  origin: string,
  path: string,
  cookie: string,
  form: Record<string, string>,
  signal?: AbortSignal,
): Promise<HttpOutcome> {
  const body = new URLSearchParams(form).toString()
  const url = new URL(path, origin)
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        signal,
        headers: {
          origin,
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'accept-encoding': 'gzip, deflate, br',
          accept: 'text/html',
        },
      },
      (response) => {
        response.resume()
        response.on('error', reject)
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            ms: performance.now() - started,
            location: response.headers.location ?? null,
          }),
        )
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

/** POST /portal/cart intent=add; success is the redirect back with a success toast. */
export async function addToCartOverHttp(
  origin: string,
  cookie: string,
  line: CartLineRequest,
  signal?: AbortSignal,
): Promise<HttpOutcome> {
  return post(
    origin,
    '/portal/cart',
    cookie,
    { intent: 'add', sku: line.sku, quantity: String(line.quantity), redirectTo: '/portal/cart' },
    signal,
  )
}

export type CheckoutRequest = {
  idempotencyKey: string
  /** The lines the cart holds (added to an empty cart). */
  lines: readonly CartLineRequest[]
  shippingAddressId: string
  paymentMethod: 'on_account' | 'card'
  poNumber: string
}

/** POST /portal/checkout; a placed order answers 302 to /portal/orders/<id>, a shortage 409. */
export async function checkoutOverHttp(
  origin: string,
  cookie: string,
  request: CheckoutRequest,
  signal?: AbortSignal,
): Promise<HttpOutcome & { orderId: string | null }> {
  const outcome = await post(
    origin,
    '/portal/checkout',
    cookie,
    {
      idempotencyKey: request.idempotencyKey,
      cartVersion: cartVersionOf(request.lines),
      shippingAddressId: request.shippingAddressId,
      paymentMethod: request.paymentMethod,
      poNumber: request.poNumber,
      requestedDate: '',
      registrationId: '',
      buyerNote: '',
    },
    signal,
  )
  const placed =
    outcome.status === 302 && /^\/portal\/orders\/([0-9a-f-]{36})$/.exec(outcome.location ?? '')
  return { ...outcome, orderId: placed ? placed[1]! : null }
}

/** Merged by product: adding a SKU twice makes one cart line with the summed quantity. */
export function cartLinesOf(lines: readonly CartLineRequest[]): CartLineRequest[] {
  const merged = new Map<string, CartLineRequest>()
  for (const line of lines) {
    const seen = merged.get(line.productId)
    merged.set(line.productId, seen ? { ...seen, quantity: seen.quantity + line.quantity } : line)
  }
  return [...merged.values()]
}
