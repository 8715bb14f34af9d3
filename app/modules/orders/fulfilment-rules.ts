import { z } from 'zod'

/**
 * Pure rules of the vendor's side of ordering (DESIGN.md §3): which action an order allows in
 * which status, the action forms, the order queue's URL query, and the card-payment windows.
 * Browser-safe: shared by the pages (to show the right buttons) and the modules (which re-check
 * with the order row locked). The database enums are repeated so this file does not pull the
 * drizzle schema into the client bundle.
 */

export const fulfilmentOrderStatuses = [
  'pending_payment',
  'credit_hold',
  'submitted',
  'confirmed',
  'shipped',
  'delivered',
  'cancelled',
  'expired',
] as const
export type FulfilmentOrderStatus = (typeof fulfilmentOrderStatuses)[number]

export const fulfilmentPaymentMethods = ['on_account', 'card'] as const
export type FulfilmentPaymentMethod = (typeof fulfilmentPaymentMethods)[number]
export type FulfilmentPaymentStatus = 'unpaid' | 'paid' | 'refunded'

/** The order still holds reserved stock in these statuses (placed, not yet shipped or ended). */
export const stockHoldingStatuses: readonly FulfilmentOrderStatus[] = [
  'pending_payment',
  'credit_hold',
  'submitted',
  'confirmed',
]

/** Ended without shipping. */
export const closedStatuses: readonly FulfilmentOrderStatus[] = ['cancelled', 'expired']

export const vendorOrderIntents = {
  confirm: 'confirm',
  ship: 'ship',
  deliver: 'deliver',
  cancel: 'cancel',
  releaseCreditHold: 'release-credit-hold',
  refund: 'refund',
} as const
export type VendorOrderIntent = (typeof vendorOrderIntents)[keyof typeof vendorOrderIntents]

/** The status each transition starts from (cancel has several). */
export const transitionFrom = {
  confirm: ['submitted'],
  ship: ['confirmed'],
  deliver: ['shipped'],
  releaseCreditHold: ['credit_hold'],
  // Before shipping only: once goods have left, a return is a different process.
  cancel: ['pending_payment', 'credit_hold', 'submitted', 'confirmed'],
} as const satisfies Record<string, readonly FulfilmentOrderStatus[]>

export function canConfirm(status: FulfilmentOrderStatus) {
  return (transitionFrom.confirm as readonly string[]).includes(status)
}
export function canShip(status: FulfilmentOrderStatus) {
  return (transitionFrom.ship as readonly string[]).includes(status)
}
export function canDeliver(status: FulfilmentOrderStatus) {
  return (transitionFrom.deliver as readonly string[]).includes(status)
}
export function canReleaseCreditHold(status: FulfilmentOrderStatus) {
  return (transitionFrom.releaseCreditHold as readonly string[]).includes(status)
}
export function canCancelAsVendor(status: FulfilmentOrderStatus) {
  return (transitionFrom.cancel as readonly string[]).includes(status)
}

/**
 * A card payment that arrived for an order that can no longer use it: the order was cancelled or
 * expired meanwhile (paid too late). The money is recorded on the order; vendor staff decide
 * (normally a refund). Shown as "needs attention" in the queue.
 */
export function needsPaymentAttention(order: {
  status: FulfilmentOrderStatus
  paymentStatus: FulfilmentPaymentStatus
}): boolean {
  return (
    order.paymentStatus === 'paid' && (closedStatuses as readonly string[]).includes(order.status)
  )
}

/**
 * Which succeeded payments vendor staff may refund on their own: every one of a closed order,
 * and on a live order every one but the first (a second payment for the same order is a
 * duplicate). Cancelling a paid order refunds its payments as part of the cancellation.
 */
export function refundablePaymentIds(
  order: { status: FulfilmentOrderStatus },
  payments: readonly { id: string; status: string; succeededAt: Date | string | null }[],
): string[] {
  const succeeded = payments
    .filter((p) => p.status === 'succeeded')
    .sort((a, b) => new Date(a.succeededAt ?? 0).getTime() - new Date(b.succeededAt ?? 0).getTime())
  if ((closedStatuses as readonly string[]).includes(order.status))
    return succeeded.map((p) => p.id)
  return succeeded.slice(1).map((p) => p.id)
}

// ------------------------------------------------------------------------------------------------
// Card payment windows (Stripe Checkout)

/** Stripe accepts a Checkout Session expiry between 30 minutes and 24 hours after creation. */
export const checkoutMinLifetimeMs = 30 * 60_000
export const checkoutMaxLifetimeMs = 24 * 60 * 60_000
/** Head room above Stripe's minimum, for the time the request takes and clocks that differ. */
const checkoutMarginMs = 60_000

/**
 * When a new Checkout Session for the order expires: with the order's own payment window, so a
 * session never outlives the order it pays. When less than Stripe's 30 minutes remain, the order's
 * window is extended to the session's (the buyer clicked "pay" in time and must get a usable
 * session); the extension is at most half an hour, and only when a new session is needed.
 */
export function checkoutSessionWindow(
  paymentExpiresAt: Date,
  now: Date,
): { expiresAt: Date; extended: boolean } {
  const minimum = now.getTime() + checkoutMinLifetimeMs + checkoutMarginMs / 2
  const maximum = now.getTime() + checkoutMaxLifetimeMs - checkoutMarginMs
  const wanted = paymentExpiresAt.getTime()
  const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000)
  if (wanted >= minimum) return { expiresAt: seconds(Math.min(wanted, maximum)), extended: false }
  return {
    expiresAt: seconds(now.getTime() + checkoutMinLifetimeMs + checkoutMarginMs),
    extended: true,
  }
}

/**
 * Stripe idempotency keys: a double click, a retry or a crash between Stripe's answer and our
 * commit creates one session per attempt and one refund per payment, never two. A refund that
 * failed gets a new key for its retry (Stripe replays a failed answer for the same key); a full
 * refund cannot be made twice, so a retry after an answer we never saw is refused by Stripe.
 */
export const checkoutIdempotencyKey = (orderId: string, attempt: number) =>
  `order-${orderId}-checkout-${attempt}`
export const refundIdempotencyKey = (paymentId: string, attempt: number) =>
  `payment-${paymentId}-refund-${attempt}`

/** Stripe Checkout takes at most 100 line items in payment mode; longer orders go as one line. */
export const maxCheckoutLineItems = 100

// ------------------------------------------------------------------------------------------------
// Action forms

const cleaned = (value: string) => value.replace(/\p{Cc}/gu, ' ').trim()

const requiredText = (max: number, message = 'validation:required') =>
  z
    .string({ error: message })
    .transform(cleaned)
    .pipe(z.string().min(1, message).max(max, 'validation:tooLong'))

const optionalNote = z
  .string()
  .optional()
  .transform((value) => cleaned(value ?? ''))
  .pipe(z.string().max(500, 'validation:tooLong'))
  .transform((value) => (value ? value : null))

export const ConfirmOrderForm = z.object({ note: optionalNote })
export const DeliverOrderForm = z.object({ note: optionalNote })
export const ReleaseCreditHoldForm = z.object({ note: optionalNote })

export const ShipOrderForm = z.object({
  carrier: requiredText(60, 'fulfilment:validation.carrierRequired'),
  trackingNumber: requiredText(40, 'fulfilment:validation.trackingRequired').pipe(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _/-]{2,39}$/, 'fulfilment:validation.trackingInvalid'),
  ),
})
export type ShipOrderInput = z.output<typeof ShipOrderForm>

export const CancelOrderAsVendorForm = z.object({
  reason: requiredText(500, 'fulfilment:validation.reasonRequired'),
})

export const RefundPaymentForm = z.object({
  paymentId: z
    .string()
    .trim()
    .pipe(z.uuid({ error: 'validation:invalidChoice' })),
})

/** Carriers offered as suggestions in the ship form (any other name may be typed). */
export const commonCarriers = [
  'SF Express',
  'JD Logistics',
  'ZTO Express',
  'YTO Express',
  'Deppon Logistics',
  'China Post EMS',
  'DHL',
  'Own fleet',
] as const

// ------------------------------------------------------------------------------------------------
// The order queue: every filter lives in the URL; bad values fall back to "no filter".

export const orderQueuePageSize = 25

/** A status tab, or the orders that need a vendor decision about money. */
export const orderQueueTabs = ['all', ...fulfilmentOrderStatuses, 'attention'] as const
export type OrderQueueTab = (typeof orderQueueTabs)[number]

export type OrderQueueQuery = {
  tab: OrderQueueTab
  /** Order number, PO number, partner name or code (substring). */
  q: string
  partnerId: string | null
  paymentMethod: FulfilmentPaymentMethod | null
  /** Placed on or after this day (Asia/Shanghai), YYYY-MM-DD. */
  from: string | null
  /** Placed on or before this day (Asia/Shanghai), YYYY-MM-DD. */
  to: string | null
  page: number
}

export type ParsedOrderQueueQuery = {
  query: OrderQueueQuery
  /** i18n keys by field, for values that were ignored. */
  fieldErrors: Partial<Record<'from' | 'to', string>>
  /** What the user typed into the date fields, shown back even when ignored. */
  values: { from: string; to: string }
}

const pick = <T extends string>(options: readonly T[], value: string | null): T | null =>
  value !== null && (options as readonly string[]).includes(value) ? (value as T) : null

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A real calendar day written YYYY-MM-DD, between 2000 and 2999. */
export function isQueueDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const [year, month, day] = value.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    year >= 2000 &&
    year <= 2999 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  )
}

/** Reads the queue's URL query. Never throws: a bad value is dropped (dates get a message). */
export function parseOrderQueueQuery(params: URLSearchParams): ParsedOrderQueueQuery {
  const page = params.get('page') ?? ''
  const partnerId = params.get('partner')?.trim() ?? ''
  const fieldErrors: ParsedOrderQueueQuery['fieldErrors'] = {}
  const day = (name: 'from' | 'to') => {
    const raw = (params.get(name) ?? '').trim()
    if (!raw) return null
    if (isQueueDay(raw)) return raw
    fieldErrors[name] = 'fulfilment:queue.filters.invalidDate'
    return null
  }
  const from = day('from')
  let to = day('to')
  if (from && to && from > to) {
    fieldErrors.to = 'fulfilment:queue.filters.toBeforeFrom'
    to = null
  }
  const query: OrderQueueQuery = {
    tab: pick(orderQueueTabs, params.get('status')) ?? 'all',
    q: (params.get('q') ?? '')
      .replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, 100),
    partnerId: uuidPattern.test(partnerId) ? partnerId.toLowerCase() : null,
    paymentMethod: pick(fulfilmentPaymentMethods, params.get('payment')),
    from,
    to,
    page: /^\d{1,6}$/.test(page) ? Math.max(1, Number(page)) : 1,
  }
  return {
    query,
    fieldErrors,
    values: {
      from: (params.get('from') ?? '').slice(0, 40),
      to: (params.get('to') ?? '').slice(0, 40),
    },
  }
}

/** The query string of a queue view; defaults are left out so links stay short. */
export function orderQueueSearch(query: OrderQueueQuery, changes: Partial<OrderQueueQuery> = {}) {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  if (next.tab !== 'all') params.set('status', next.tab)
  if (next.q) params.set('q', next.q)
  if (next.partnerId) params.set('partner', next.partnerId)
  if (next.paymentMethod) params.set('payment', next.paymentMethod)
  if (next.from) params.set('from', next.from)
  if (next.to) params.set('to', next.to)
  if (next.page > 1) params.set('page', String(next.page))
  const search = params.toString()
  return search ? `?${search}` : ''
}

/** Work tabs read oldest first (first in, first out); the others newest first. */
export function queueReadsOldestFirst(tab: OrderQueueTab): boolean {
  return tab === 'credit_hold' || tab === 'submitted' || tab === 'confirmed' || tab === 'attention'
}

/** Badge colours by status, for the queue and the order page. */
export const fulfilmentStatusColor: Record<
  FulfilmentOrderStatus,
  'green' | 'red' | 'amber' | 'blue' | 'slate' | 'violet'
> = {
  pending_payment: 'amber',
  credit_hold: 'red',
  submitted: 'blue',
  confirmed: 'violet',
  shipped: 'blue',
  delivered: 'green',
  cancelled: 'slate',
  expired: 'slate',
}
