/**
 * A buyer's requests as the browser sends them: "Add to cart" posts (intent=add to /portal/cart,
 * what the catalog and product pages post) and the checkout form post with its idempotency key.
 * The cart version is the fingerprint checkout would render for the cart the buyer just filled
 * (cartVersionOf over the lines added to an empty cart), so a changed cart is still refused.
 */
import { performance } from 'node:perf_hooks'
import { cartVersionOf } from '#app/modules/orders/order-rules'

export type CartLineRequest = { productId: string; sku: string; quantity: number }

export type HttpOutcome = { status: number; ms: number; location: string | null }

async function post(
  origin: string,
  path: string,
  cookie: string,
  form: Record<string, string>,
  signal?: AbortSignal,
): Promise<HttpOutcome> {
  const started = performance.now()
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin,
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
      'accept-encoding': 'gzip, deflate, br',
      accept: 'text/html',
    },
    body: new URLSearchParams(form),
    signal,
  })
  await response.arrayBuffer()
  return {
    status: response.status,
    ms: performance.now() - started,
    location: response.headers.get('location'),
  }
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
