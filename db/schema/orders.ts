import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { createdAt, id, timestamps } from './columns'
import { products, warehouses } from './catalog'
import { productLines, registrations } from './deals'
import { partners, regions } from './partners'
import { users } from './users'

/**
 * Ordering (DESIGN.md §3). An order's stock is reserved in `stock_levels` (reserved ≤ on hand, a
 * CHECK) and every reserved unit is traced in `order_allocations`, so cancelling, expiring and
 * shipping touch exactly the warehouses the order took from. ADR 0013 explains the reservation,
 * credit and idempotency rules.
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
export const paymentMethods = ['on_account', 'card'] as const
export const paymentStatuses = ['unpaid', 'paid', 'refunded'] as const
export const priceSources = ['contract', 'volume_break', 'tier_discount', 'list'] as const
export const allocationStatuses = ['reserved', 'released', 'shipped'] as const
export const paymentRecordStatuses = ['open', 'succeeded', 'failed', 'expired', 'refunded'] as const

export const orderStatus = pgEnum('order_status', orderStatuses)
export const paymentMethod = pgEnum('payment_method', paymentMethods)
export const paymentStatus = pgEnum('payment_status', paymentStatuses)
export const priceSource = pgEnum('price_source', priceSources)
export const allocationStatus = pgEnum('allocation_status', allocationStatuses)
export const paymentRecordStatus = pgEnum('payment_record_status', paymentRecordStatuses)

/** Order numbers SO-YYNNNN: the year's two digits, then this sequence (gap-tolerant, never reused). */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1 })

/** A partner's address book; partner admins keep it, checkout picks from it. */
export const partnerAddresses = pgTable(
  'partner_addresses',
  {
    id: id(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    /** How the partner names it, e.g. "Guangzhou warehouse". */
    label: text().notNull(),
    recipient: text().notNull(),
    phone: text().notNull(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    city: text().notNull(),
    line1: text().notNull(),
    line2: text(),
    postalCode: text().notNull().default(''),
    isDefault: boolean().notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    index('partner_addresses_partner_idx').on(t.partnerId, t.label),
    uniqueIndex('partner_addresses_one_default')
      .on(t.partnerId)
      .where(sql`${t.isDefault}`),
    uniqueIndex('partner_addresses_label_key').on(t.partnerId, sql`lower(${t.label})`),
    check(
      'partner_addresses_required',
      sql`btrim(${t.label}) <> '' and btrim(${t.recipient}) <> '' and btrim(${t.phone}) <> ''
        and btrim(${t.city}) <> '' and btrim(${t.line1}) <> ''`,
    ),
  ],
)

/** One cart per user: it lives in the database, so it survives sign-out and a second device. */
export const carts = pgTable(
  'carts',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    ...timestamps(),
  },
  (t) => [uniqueIndex('carts_user_key').on(t.userId), index('carts_partner_idx').on(t.partnerId)],
)

/**
 * A cart line. The net unit price and the availability the buyer saw when adding it (or last
 * changing its quantity) are kept, so the cart can say what changed since.
 */
export const cartItems = pgTable(
  'cart_items',
  {
    id: id(),
    cartId: uuid()
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
    seenUnitNetMinor: bigint({ mode: 'number' }).notNull(),
    seenCurrency: char({ length: 3 }).notNull(),
    seenAvailable: integer().notNull(),
    addedAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    uniqueIndex('cart_items_product_key').on(t.cartId, t.productId),
    check('cart_items_quantity', sql`${t.quantity} between 1 and 1000000`),
    check('cart_items_seen_price_nonneg', sql`${t.seenUnitNetMinor} >= 0`),
    check('cart_items_seen_available_nonneg', sql`${t.seenAvailable} >= 0`),
  ],
)

/** The shipping address as it was when the order was placed (the address book may change later). */
export type ShippingAddressSnapshot = {
  label: string
  recipient: string
  phone: string
  regionCode: string
  city: string
  line1: string
  line2: string | null
  postalCode: string
}

export const orders = pgTable(
  'orders',
  {
    id: id(),
    /** Human reference, e.g. "SO-260001". */
    number: text().notNull(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id),
    placedById: uuid()
      .notNull()
      .references(() => users.id),
    status: orderStatus().notNull(),
    paymentMethod: paymentMethod().notNull(),
    paymentStatus: paymentStatus().notNull().default('unpaid'),
    poNumber: text(),
    /** The delivery date the buyer asked for (a calendar date), if any. */
    requestedDate: date({ mode: 'string' }),
    buyerNote: text(),
    /** The address-book entry chosen; the snapshot below is what the order ships to. */
    shippingAddressId: uuid().references(() => partnerAddresses.id, { onDelete: 'set null' }),
    shippingAddress: jsonb().$type<ShippingAddressSnapshot>().notNull(),
    /** The buyer partner's own approved registration this order is linked to (deal price). */
    registrationId: uuid().references(() => registrations.id),
    /** The deal discount applied to the registration's product line, when linked. */
    dealDiscountBps: integer(),
    currency: char({ length: 3 }).notNull(),
    /** Σ quantity × list unit price: what the order would cost at list. */
    listTotalMinor: bigint({ mode: 'number' }).notNull(),
    /** Σ line totals (net). */
    subtotalMinor: bigint({ mode: 'number' }).notNull(),
    shippingMinor: bigint({ mode: 'number' }).notNull().default(0),
    totalMinor: bigint({ mode: 'number' }).notNull(),
    /** The checkout's key: a double click, a retry or a replay finds the order instead of a twin. */
    idempotencyKey: text().notNull(),
    /** Credit hold: stock stays reserved until then, waiting for the vendor's decision. */
    creditHoldExpiresAt: timestamp({ withTimezone: true }),
    /** Card orders: unpaid by then, the order expires and its stock is released. */
    paymentExpiresAt: timestamp({ withTimezone: true }),
    carrier: text(),
    trackingNumber: text(),
    cancelReason: text(),
    cancelledById: uuid().references(() => users.id),
    placedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp({ withTimezone: true }),
    creditHoldAt: timestamp({ withTimezone: true }),
    confirmedAt: timestamp({ withTimezone: true }),
    shippedAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    expiredAt: timestamp({ withTimezone: true }),
    paidAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    uniqueIndex('orders_idempotency_key').on(t.partnerId, t.idempotencyKey),
    index('orders_partner_placed_idx').on(t.partnerId, t.placedAt),
    index('orders_placed_by_idx').on(t.placedById, t.placedAt),
    index('orders_status_placed_idx').on(t.status, t.placedAt),
    // Contribution's period scans: orders_placed_idx, created in migration 0017.
    index('orders_registration_idx')
      .on(t.registrationId)
      .where(sql`${t.registrationId} is not null`),
    // The credit check: a partner's open, unpaid on-account orders.
    index('orders_open_credit_idx')
      .on(t.partnerId)
      .where(
        sql`${t.paymentMethod} = 'on_account' and ${t.paymentStatus} = 'unpaid' and ${t.status} not in ('cancelled', 'expired')`,
      ),
    index('orders_credit_hold_expiry_idx')
      .on(t.creditHoldExpiresAt)
      .where(sql`${t.status} = 'credit_hold'`),
    index('orders_payment_expiry_idx')
      .on(t.paymentExpiresAt)
      .where(sql`${t.status} = 'pending_payment'`),
    check('orders_number_format', sql`${t.number} ~ '^SO-[0-9]{6,}$'`),
    check('orders_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      'orders_money_nonneg',
      sql`${t.listTotalMinor} >= 0 and ${t.subtotalMinor} >= 0 and ${t.shippingMinor} >= 0 and ${t.totalMinor} >= 0`,
    ),
    check('orders_total', sql`${t.totalMinor} = ${t.subtotalMinor} + ${t.shippingMinor}`),
    check(
      'orders_deal_discount',
      sql`(${t.registrationId} is null) = (${t.dealDiscountBps} is null)
        and (${t.dealDiscountBps} is null or ${t.dealDiscountBps} between 0 and 10000)`,
    ),
    check('orders_idempotency_key_format', sql`length(${t.idempotencyKey}) between 8 and 100`),
    check(
      'orders_pending_payment_is_card',
      sql`${t.status} <> 'pending_payment' or (${t.paymentMethod} = 'card' and ${t.paymentExpiresAt} is not null)`,
    ),
    check(
      'orders_credit_hold_is_on_account',
      sql`${t.status} <> 'credit_hold' or (${t.paymentMethod} = 'on_account' and ${t.creditHoldExpiresAt} is not null)`,
    ),
    check(
      'orders_shipped_at',
      sql`${t.status} not in ('shipped', 'delivered') or ${t.shippedAt} is not null`,
    ),
    check('orders_delivered_at', sql`${t.status} <> 'delivered' or ${t.deliveredAt} is not null`),
    check('orders_cancelled_at', sql`${t.status} <> 'cancelled' or ${t.cancelledAt} is not null`),
    check('orders_expired_at', sql`${t.status} <> 'expired' or ${t.expiredAt} is not null`),
    check('orders_paid_at', sql`${t.paymentStatus} = 'unpaid' or ${t.paidAt} is not null`),
  ],
)

/**
 * A line as ordered: the product's SKU, name and unit at that moment, and the price with its
 * source and steps (ADR 0008), so a price is always explainable.
 */
export const orderLines = pgTable(
  'order_lines',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: smallint().notNull(),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    /** Kept for contribution by product line, as the product was classified when ordered. */
    productLineId: uuid()
      .notNull()
      .references(() => productLines.id),
    sku: text().notNull(),
    name: text().notNull(),
    unit: text().notNull(),
    quantity: integer().notNull(),
    listUnitMinor: bigint({ mode: 'number' }).notNull(),
    netUnitMinor: bigint({ mode: 'number' }).notNull(),
    lineTotalMinor: bigint({ mode: 'number' }).notNull(),
    priceSource: priceSource().notNull(),
    /** The PriceStep[] of resolveNetPrice: list first, each rule, the deal discount last. */
    priceSteps: jsonb().notNull(),
    /** True when the linked registration's deal discount is in this line's price. */
    dealDiscountApplied: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('order_lines_line_no_key').on(t.orderId, t.lineNo),
    index('order_lines_product_idx').on(t.productId),
    // order_lines_contribution_idx (order_id) INCLUDE (line_total_minor, product_line_id) is in
    // migration 0017: drizzle cannot declare INCLUDE columns.
    check('order_lines_quantity', sql`${t.quantity} >= 1`),
    check('order_lines_line_no', sql`${t.lineNo} >= 1`),
    check(
      'order_lines_money_nonneg',
      sql`${t.listUnitMinor} >= 0 and ${t.netUnitMinor} >= 0 and ${t.lineTotalMinor} >= 0`,
    ),
    check('order_lines_total', sql`${t.lineTotalMinor} = ${t.netUnitMinor} * ${t.quantity}`),
  ],
)

/**
 * Which warehouse each reserved unit of a line came from. Cancel and expiry release exactly these
 * (reserved −= quantity); shipping takes them out of stock (on hand and reserved −= quantity).
 */
export const orderAllocations = pgTable(
  'order_allocations',
  {
    orderLineId: uuid()
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id),
    /** Denormalised from the line, so an order's allocations are one index scan. */
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    quantity: integer().notNull(),
    status: allocationStatus().notNull().default('reserved'),
    createdAt: createdAt(),
    releasedAt: timestamp({ withTimezone: true }),
    shippedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orderLineId, t.warehouseId] }),
    index('order_allocations_order_idx').on(t.orderId),
    index('order_allocations_reserved_idx')
      .on(t.productId, t.warehouseId)
      .where(sql`${t.status} = 'reserved'`),
    check('order_allocations_quantity', sql`${t.quantity} >= 1`),
    check(
      'order_allocations_status_times',
      sql`(${t.status} <> 'released' or ${t.releasedAt} is not null)
        and (${t.status} <> 'shipped' or ${t.shippedAt} is not null)`,
    ),
  ],
)

/** An order's history: every transition and note, who and when. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** Null for the system (the expiry sweeper, a payment webhook). */
    actorUserId: uuid().references(() => users.id),
    /** placed, credit_hold, released, confirmed, shipped, delivered, cancelled, expired, paid… */
    type: text().notNull(),
    fromStatus: orderStatus(),
    toStatus: orderStatus(),
    note: text(),
    details: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.createdAt)],
)

/** A card payment attempt (one Stripe Checkout Session). The order is paid only by a signed webhook. */
export const payments = pgTable(
  'payments',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id),
    provider: text().notNull().default('stripe'),
    checkoutSessionId: text().notNull(),
    paymentIntentId: text(),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    currency: char({ length: 3 }).notNull(),
    status: paymentRecordStatus().notNull().default('open'),
    /** When the Checkout Session stops accepting payment. */
    expiresAt: timestamp({ withTimezone: true }),
    succeededAt: timestamp({ withTimezone: true }),
    failedAt: timestamp({ withTimezone: true }),
    /** Stripe's reason when a payment failed, for the buyer and vendor staff. */
    failureReason: text(),
    refundedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('payments_checkout_session_key').on(t.provider, t.checkoutSessionId),
    uniqueIndex('payments_payment_intent_key')
      .on(t.provider, t.paymentIntentId)
      .where(sql`${t.paymentIntentId} is not null`),
    index('payments_order_idx').on(t.orderId),
    check('payments_provider', sql`${t.provider} in ('stripe')`),
    check('payments_amount_nonneg', sql`${t.amountMinor} >= 0`),
    check('payments_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
)

/** Every Stripe webhook event once: the primary key makes processing exactly-once. */
export const stripeEvents = pgTable('stripe_events', {
  eventId: text().primaryKey(),
  type: text().notNull(),
  receivedAt: createdAt(),
  processedAt: timestamp({ withTimezone: true }),
})

/** Ordering options a vendor admin sets. Exactly one row (id = 1). */
export const orderSettings = pgTable(
  'order_settings',
  {
    id: smallint().primaryKey().default(1),
    /** How long an order on credit hold keeps its stock reserved, waiting for the vendor. */
    creditHoldHours: integer().notNull().default(72),
    /** How long a card order waits for payment before it expires and releases its stock. */
    cardPaymentMinutes: integer().notNull().default(60),
    ...timestamps(),
  },
  (t) => [
    check('order_settings_single_row', sql`${t.id} = 1`),
    check(
      'order_settings_ranges',
      sql`${t.creditHoldHours} between 1 and 720 and ${t.cardPaymentMinutes} between 30 and 1440`,
    ),
  ],
)

export type PartnerAddress = typeof partnerAddresses.$inferSelect
export type NewPartnerAddress = typeof partnerAddresses.$inferInsert
export type Cart = typeof carts.$inferSelect
export type CartItem = typeof cartItems.$inferSelect
export type Order = typeof orders.$inferSelect
export type NewOrder = typeof orders.$inferInsert
export type OrderLine = typeof orderLines.$inferSelect
export type NewOrderLine = typeof orderLines.$inferInsert
export type OrderAllocation = typeof orderAllocations.$inferSelect
export type OrderEvent = typeof orderEvents.$inferSelect
export type Payment = typeof payments.$inferSelect
export type NewPayment = typeof payments.$inferInsert
export type StripeEvent = typeof stripeEvents.$inferSelect
export type OrderSettings = typeof orderSettings.$inferSelect
export type OrderStatus = (typeof orderStatuses)[number]
export type PaymentMethod = (typeof paymentMethods)[number]
export type PaymentStatus = (typeof paymentStatuses)[number]
export type AllocationStatus = (typeof allocationStatuses)[number]
export type PaymentRecordStatus = (typeof paymentRecordStatuses)[number]
