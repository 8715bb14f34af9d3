import { z } from 'zod'
import { isCalendarDate } from '#app/modules/pricing/price-rules'

/**
 * Pure ordering rules (DESIGN.md §3) shared by the browser and the server: statuses, the checkout
 * form, order numbers, the list query, what a buyer may still do with an order. The database enums
 * are repeated so that this file does not pull the drizzle schema into the client bundle;
 * place-order.server.ts fails to compile if they drift.
 */

export const orderStatuses = [
  'pending_payment',
  'credit_hold',
  'submitted',
  'confirmed',
  'shipped',
  'delivered',
  'cancelled',
  'expired',
] as const
export type OrderStatus = (typeof orderStatuses)[number]

export const paymentMethods = ['on_account', 'card'] as const
export type PaymentMethod = (typeof paymentMethods)[number]

export const paymentStatuses = ['unpaid', 'paid', 'refunded'] as const
export type PaymentStatus = (typeof paymentStatuses)[number]

/** Statuses in which the order still holds reserved stock (not yet shipped, not ended). */
export const reservingStatuses: readonly OrderStatus[] = [
  'pending_payment',
  'credit_hold',
  'submitted',
  'confirmed',
]

/** The buyer may cancel until the vendor has confirmed the order. */
export function buyerMayCancel(status: OrderStatus): boolean {
  return status === 'pending_payment' || status === 'credit_hold' || status === 'submitted'
}

/** Largest quantity on one line; more is a typing mistake or a probe, not an order. */
export const maxLineQuantity = 100_000
/** Lines in one cart (and so in one order). */
export const maxCartLines = 200

/** "SO-260001": the year's last two digits (Asia/Shanghai), then the sequence, at least 4 digits. */
export function formatOrderNumber(sequence: number, shanghaiDate: string): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new Error(`order sequence must be a positive integer: ${sequence}`)
  }
  return `SO-${shanghaiDate.slice(2, 4)}${String(sequence).padStart(4, '0')}`
}

/** A stable short fingerprint of the cart's lines, so checkout notices a cart changed meanwhile. */
export function cartVersionOf(lines: readonly { productId: string; quantity: number }[]): string {
  const text = [...lines]
    .map((line) => `${line.productId}:${line.quantity}`)
    .sort()
    .join('|')
  // FNV-1a, 32 bit: not a secret, only a change detector.
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return `${lines.length}-${hash.toString(16).padStart(8, '0')}`
}

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value

const optionalText = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((value) => value.replace(/\p{Cc}/gu, ' ').trim())
      .pipe(z.string().max(max, 'validation:tooLong'))
      .optional()
      .transform((value) => (value ? value : null)),
  )

const uuidText = z
  .string()
  .trim()
  .pipe(z.uuid({ error: 'validation:invalidChoice' }))

/**
 * The checkout form. It carries no price and no line: the server re-prices the buyer's own cart.
 * `idempotencyKey` is generated when the checkout page is rendered; `cartVersion` is the cart's
 * fingerprint then.
 */
export const CheckoutForm = z.object({
  idempotencyKey: z
    .string({ error: 'orders:checkout.keyMissing' })
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, 'orders:checkout.keyMissing'),
  cartVersion: z.string({ error: 'orders:checkout.cartChanged' }).trim().max(40),
  shippingAddressId: z.preprocess(
    blankToUndefined,
    z.string({ error: 'orders:checkout.addressRequired' }).pipe(uuidText),
  ),
  paymentMethod: z.enum(paymentMethods, { error: 'orders:checkout.paymentRequired' }),
  poNumber: optionalText(50),
  requestedDate: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine(isCalendarDate, 'orders:checkout.dateInvalid')
      .optional()
      .transform((value) => value ?? null),
  ),
  registrationId: z.preprocess(
    blankToUndefined,
    uuidText.optional().transform((value) => value ?? null),
  ),
  buyerNote: optionalText(1000),
})
export type CheckoutInput = z.output<typeof CheckoutForm>

/** How far ahead a delivery date may be requested. */
export const maxRequestedDaysAhead = 365

// ------------------------------------------------------------------------------------------------
// The partner's order list

export const ordersPageSize = 25

export type OrderListQuery = {
  q: string
  status: OrderStatus | null
  page: number
}

const pick = <T extends string>(allowed: readonly T[], value: string | null): T | null =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null

/** The list's URL query; anything malformed is ignored rather than an error. */
export function parseOrderListQuery(params: URLSearchParams): OrderListQuery {
  const page = Number.parseInt(params.get('page') ?? '', 10)
  return {
    q: (params.get('q') ?? '')
      .replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, 100),
    status: pick(orderStatuses, params.get('status')),
    page: Number.isFinite(page) && page >= 1 && page <= 100_000 ? page : 1,
  }
}

export function orderListSearch(query: OrderListQuery, changes: Partial<OrderListQuery> = {}) {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  if (next.q) params.set('q', next.q)
  if (next.status) params.set('status', next.status)
  if (next.page > 1) params.set('page', String(next.page))
  const search = params.toString()
  return search ? `?${search}` : ''
}

/** Badge colours by status, for every order list and page. */
export const orderStatusColor: Record<
  OrderStatus,
  'green' | 'red' | 'amber' | 'blue' | 'slate' | 'violet'
> = {
  pending_payment: 'amber',
  credit_hold: 'amber',
  submitted: 'blue',
  confirmed: 'violet',
  shipped: 'blue',
  delivered: 'green',
  cancelled: 'slate',
  expired: 'slate',
}

export const CancelOrderForm = z.object({ reason: optionalText(500) })
export type CancelOrderInput = z.output<typeof CancelOrderForm>

/**
 * On account needs credit terms: payment terms of at least a day and a credit limit above zero.
 * (A partner with terms but a zero limit would see every order on credit hold: it has no credit.)
 */
export function onAccountAllowed(partner: { paymentTermsDays: number; creditLimitMinor: number }) {
  return partner.paymentTermsDays > 0 && partner.creditLimitMinor > 0
}

/** Whether an on-account order of `totalMinor` fits: open unpaid on-account orders + it ≤ limit. */
export function fitsCreditLimit(options: {
  exposureMinor: number
  totalMinor: number
  creditLimitMinor: number
}) {
  return options.exposureMinor + options.totalMinor <= options.creditLimitMinor
}

/** The fields the buyer fills in; the key and cart version are hidden inputs set by the server. */
export const CheckoutFields = CheckoutForm.omit({ idempotencyKey: true, cartVersion: true })
