import { randomUUID } from 'node:crypto'
import { and, eq, gt, sql, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { catalogSettings } from '#db/schema/catalog'
import { registrations } from '#db/schema/deals'
import { queryRows } from '#db/execute.server'
import {
  orders,
  type OrderStatus as DbOrderStatus,
  type PaymentMethod as DbPaymentMethod,
  type ShippingAddressSnapshot,
} from '#db/schema/orders'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { auditRowOf } from '#app/modules/audit/record-audit.server'
import { availabilityFor, type AvailabilityBand } from '#app/modules/catalog/catalog-rules'
import { addDays, todayInShanghai } from '#app/modules/deals/deal-rules'
import { getDealSettings } from '#app/modules/deals/get-deal-settings.server'
import { heldByActor } from '#app/modules/deals/registration-access.server'
import { outboxRowOf } from '#app/modules/notifications/enqueue-email.server'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { priceRulesFrom, priceWithRules } from '#app/modules/pricing/find-price-rules.server'
import type { NetPrice } from '#app/modules/pricing/price-rules'
import { AppError, constraintOf, sqlStateOf } from '#app/utils/app-error'
import { addressSummary } from './address-rules'
import { creditExposureOf } from './get-credit-exposure.server'
import { getOrderSettings } from './get-order-settings.server'
import {
  cartVersionOf,
  fitsCreditLimit,
  formatOrderNumber,
  maxRequestedDaysAhead,
  onAccountAllowed,
  type CheckoutInput,
  type OrderStatus,
  type PaymentMethod,
} from './order-rules'
import { lockStock, pgArray, planReservation, takeStock } from './reserve-stock.server'

// order-rules.ts repeats the enums for the browser; these fail to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const statusesMatch: Same<OrderStatus, DbOrderStatus> = true
const methodsMatch: Same<PaymentMethod, DbPaymentMethod> = true
void statusesMatch
void methodsMatch

export type PlaceOrderActor = {
  id: string
  email: string
  locale: string | null
  role: 'partner_user' | 'partner_admin'
  partnerId: string
}

export type PlaceOrderOptions = {
  actor: PlaceOrderActor
  /** The checkout form: no prices and no lines; the cart in the database is what is ordered. */
  input: CheckoutInput
  /** Card payment is offered only where Stripe is configured. */
  cardPaymentsEnabled: boolean
  /** Origin for links in e-mails. */
  origin: string
  ip?: string | null
  now?: Date
}

/** A cart line that cannot be ordered as it is, and what is available now. */
export type OrderShortage = {
  productId: string
  sku: string
  name: string
  requested: number
  /** Null where the vendor shows availability only as a band. */
  available: number | null
  band: AvailabilityBand
  reason: 'insufficient' | 'inactive'
}

export type PlacedOrder = {
  ok: true
  orderId: string
  number: string
  status: 'submitted' | 'credit_hold' | 'pending_payment'
  /** True when this key had already placed the order (a double click, a retry, a replay). */
  replayed: boolean
}

export type PlaceOrderResult = PlacedOrder | { ok: false; shortages: OrderShortage[] }

/** Thrown inside the transaction so that a shortage rolls every reservation back. */
class ShortageAbort extends Error {
  constructor(readonly shortages: OrderShortage[]) {
    super('stock shortage')
  }
}

const fieldError = (field: keyof CheckoutInput, userMessage: string) =>
  new AppError('invalid', { userMessage, field })

/**
 * Places the buyer's cart as an order, in one transaction (ADR 0013):
 *
 * 1. the partner row and the buyer's cart are locked (orders of one partner queue here; other
 *    partners do not wait), then the idempotency key is looked up: a replay returns the order it
 *    placed;
 * 2. the cart must be what checkout showed (`cartVersion`);
 * 3. the address and the registration must be the buyer partner's own; every line is priced
 *    again on the server (a price from the browser is never read), with the deal discount on
 *    the registration's product line;
 * 4. the cart's stock rows are locked in a fixed order (reserve-stock.server.ts) and every line
 *    is reserved by conditional updates; if any line falls short, everything rolls back and the
 *    result lists every short line with what is available;
 * 5. on account: open unpaid on-account orders + this one against the credit limit, and over it
 *    the order waits on credit hold (stock stays reserved) for a vendor decision; card: the order
 *    waits for payment until its expiry;
 * 6. the order, its numbered lines with price source and steps, the allocations, the history,
 *    the audit row and the e-mails are written, and the ordered lines leave the cart.
 *
 * The statements go to the database in three batches whatever the cart holds (ADR 0017): the
 * locks with every read after them, then the stock take with the writes, then the commit; each
 * statement still runs after the one before it, on the same connection. The unique (partner, idempotency key) index is the guarantee
 * behind step 1: a concurrent twin that slips past the lookup fails on it and returns the order
 * that won.
 */
export async function placeOrder(
  db: Database,
  options: PlaceOrderOptions,
): Promise<PlaceOrderResult> {
  const { actor, input } = options
  const now = options.now ?? new Date()
  try {
    return await db.transaction((tx) => placeInTransaction(tx, options, now))
  } catch (error) {
    if (error instanceof ShortageAbort) return { ok: false, shortages: error.shortages }
    if (sqlStateOf(error) === '23505' && constraintOf(error) === 'orders_idempotency_key') {
      const twin = await findByKey(db, actor.partnerId, input.idempotencyKey)
      if (twin) return twin
    }
    throw error
  }
}

async function findByKey(
  db: Database,
  partnerId: string,
  idempotencyKey: string,
): Promise<PlacedOrder | null> {
  const [row] = await db
    .select({ id: orders.id, number: orders.number, status: orders.status })
    .from(orders)
    .where(and(eq(orders.partnerId, partnerId), eq(orders.idempotencyKey, idempotencyKey)))
    .limit(1)
  return row ? replayOf(row) : null
}

const replayOf = (row: { id: string; number: string; status: string }): PlacedOrder => ({
  ok: true,
  orderId: row.id,
  number: row.number,
  status: row.status as PlacedOrder['status'],
  replayed: true,
})

type CartItem = {
  productId: string
  quantity: number
  sku: string
  name: string
  unit: string
  active: boolean
  productLineId: string
  listPriceMinor: number
  currency: string
}

type PricedLine = CartItem & {
  lineId: string
  price: NetPrice
  dealDiscountApplied: boolean
}

type LockedPartner = {
  id: string
  name: string
  status: string
  tier: PartnerTier
  currency: string
  credit_limit_minor: string
  payment_terms_days: number
  channel_manager_id: string | null
  cart_id: string
}

/** The partner row and the buyer's cart, locked (every checkout of the partner waits here). */
async function lockPartnerAndCart(tx: Database, actor: PlaceOrderActor) {
  const [row] = await queryRows<LockedPartner>(
    tx,
    sql`select p.id::text as id, p.name, p.status, p.tier, p.currency,
          p.credit_limit_minor::text as credit_limit_minor, p.payment_terms_days,
          p.channel_manager_id::text as channel_manager_id, c.id::text as cart_id
        from partners p join carts c on c.partner_id = p.id and c.user_id = ${actor.id}
        where p.id = ${actor.partnerId}
        for no key update of p for update of c`,
  )
  return row ?? null
}

/** Why there is no partner and cart to lock: an inactive partner, or nothing in the cart yet. */
async function noCart(tx: Database, actor: PlaceOrderActor): Promise<never> {
  const [partner] = await tx
    .select({ status: partners.status })
    .from(partners)
    .where(eq(partners.id, actor.partnerId))
  if (!partner || partner.status !== 'active') {
    throw new AppError('forbidden', { userMessage: 'orders:checkout.partnerInactive' })
  }
  throw new AppError('conflict', { userMessage: 'orders:checkout.cartEmpty' })
}

/** The buyer's cart row, as a subquery. */
const cartOf = (actor: PlaceOrderActor) =>
  sql`(select id from carts where user_id = ${actor.id} and partner_id = ${actor.partnerId})`

type CheckoutReads = {
  replay: { id: string; number: string; status: string } | null
  items: CartItem[]
  address: (ShippingAddressSnapshot & { id: string }) | null
  contracts: {
    productId: string
    priceMinor: number
    currency: string
    validFrom: string
    validTo: string | null
  }[]
  sku_breaks: PriceBreakRow[]
  line_breaks: PriceBreakRow[]
  discounts: { productLineId: string; discountBps: number }[]
  exposure: string | null
  /** The order number's sequence value, drawn whatever happens next (numbers may skip). */
  seq: string
}

type PriceBreakRow = {
  productId: string | null
  productLineId: string | null
  minQuantity: number
  priceMinor: number | null
  currency: string | null
  discountBps: number | null
}

/**
 * Everything checkout reads once the partner and cart are locked, in one statement: the replay
 * under this key, the cart's lines with their products, the address if it is the partner's, the
 * rules that price the lines on `today` (its contract prices, its tier's volume breaks and tier
 * discounts) and, for an on-account order, the partner's open exposure in its credit currency.
 */
async function readCheckout(
  tx: Database,
  actor: PlaceOrderActor,
  input: CheckoutInput,
  today: string,
): Promise<CheckoutReads> {
  const cart = cartOf(actor)
  const partner = {
    id: actor.partnerId,
    tier: sql`(select tier from partners where id = ${actor.partnerId})`,
    currency: sql`(select currency from partners where id = ${actor.partnerId})`,
  }
  const cartProducts = sql`select product_id from cart_items where cart_id = ${cart}`
  const cartLines = sql`select p.product_line_id from cart_items ci
                        join products p on p.id = ci.product_id where ci.cart_id = ${cart}`
  const date = sql`${today}::date`
  /** The rule row (alias `t`) is valid on `today`. */
  const validOn = (t: 'b' | 'c' | 'd') => {
    const alias = sql.raw(t)
    return sql`${alias}.valid_from <= ${date}
      and (${alias}.valid_to is null or ${alias}.valid_to >= ${date})`
  }
  /** The partner tier's volume breaks valid today that meet `target`. */
  const volumeBreaks = (target: SQL) =>
    sql`(select coalesce(json_agg(json_build_object('productId', b.product_id,
           'productLineId', b.product_line_id, 'minQuantity', b.min_quantity,
           'priceMinor', b.price_minor, 'currency', b.currency, 'discountBps', b.discount_bps)), '[]')
         from volume_breaks b
         where b.tier = ${partner.tier} and ${target} and ${validOn('b')})`
  const [row] = await queryRows<CheckoutReads>(
    tx,
    sql`select
      (select json_build_object('id', o.id, 'number', o.number, 'status', o.status)
         from orders o
         where o.partner_id = ${partner.id} and o.idempotency_key = ${input.idempotencyKey}) as replay,
      (select coalesce(json_agg(json_build_object(
           'productId', p.id, 'quantity', ci.quantity, 'sku', p.sku, 'name', p.name,
           'unit', p.unit, 'active', p.active, 'productLineId', p.product_line_id,
           'listPriceMinor', p.list_price_minor, 'currency', p.currency)
           order by ci.added_at, ci.id), '[]')
         from cart_items ci join products p on p.id = ci.product_id
         where ci.cart_id = ${cart}) as items,
      (select json_build_object('id', a.id, 'label', a.label, 'recipient', a.recipient,
           'phone', a.phone, 'regionCode', a.region_code, 'city', a.city, 'line1', a.line1,
           'line2', a.line2, 'postalCode', a.postal_code)
         from partner_addresses a
         where a.id = ${input.shippingAddressId} and a.partner_id = ${partner.id}) as address,
      (select coalesce(json_agg(json_build_object('productId', c.product_id,
           'priceMinor', c.price_minor, 'currency', c.currency,
           'validFrom', c.valid_from, 'validTo', c.valid_to)), '[]')
         from contract_prices c
         where c.partner_id = ${partner.id} and c.product_id in (${cartProducts})
           and ${validOn('c')}) as contracts,
      ${volumeBreaks(sql`b.product_id in (${cartProducts})`)} as sku_breaks,
      ${volumeBreaks(sql`b.product_line_id in (${cartLines})`)} as line_breaks,
      (select coalesce(json_agg(json_build_object('productLineId', d.product_line_id,
           'discountBps', d.discount_bps)), '[]')
         from tier_discounts d
         where d.tier = ${partner.tier} and d.product_line_id in (${cartLines})
           and ${validOn('d')}) as discounts,
      case when ${input.paymentMethod === 'on_account'}::boolean then
        ${creditExposureOf(partner.id, partner.currency)}
      end as exposure,
      nextval('order_number_seq')::text as seq`,
  )
  return row!
}

async function placeInTransaction(
  tx: Database,
  options: PlaceOrderOptions,
  now: Date,
): Promise<PlacedOrder> {
  const { actor, input } = options
  const today = todayInShanghai(now)

  // 1. One checkout per partner at a time: the credit check below must see every earlier order.
  // The reads run after the locks (a twin that placed the order meanwhile is seen), and the
  // cart's stock rows are locked after them in the fixed order, in the same round trip.
  const [partner, reads, stock] = await Promise.all([
    lockPartnerAndCart(tx, actor),
    readCheckout(tx, actor, input, today),
    lockStock(tx, sql`select product_id from cart_items where cart_id = ${cartOf(actor)}`),
  ])
  if (!partner) return noCart(tx, actor)
  if (partner.status !== 'active') {
    throw new AppError('forbidden', { userMessage: 'orders:checkout.partnerInactive' })
  }
  const creditLimitMinor = Number(partner.credit_limit_minor)
  if (reads.replay) return replayOf(reads.replay)

  // 2. The buyer's own cart, as checkout showed it.
  const items = reads.items.map((item) => ({
    ...item,
    listPriceMinor: Number(item.listPriceMinor),
  }))
  if (items.length === 0) {
    throw new AppError('conflict', { userMessage: 'orders:checkout.cartEmpty' })
  }
  if (cartVersionOf(items) !== input.cartVersion) {
    throw new AppError('conflict', { userMessage: 'orders:checkout.cartChanged' })
  }

  // 3. The buyer partner's own address and registration; anything else is refused.
  const address = reads.address
  if (!address) throw fieldError('shippingAddressId', 'orders:checkout.addressInvalid')

  if (input.requestedDate !== null) {
    const latest = todayInShanghai(addDays(now, maxRequestedDaysAhead))
    if (input.requestedDate < today || input.requestedDate > latest) {
      throw fieldError('requestedDate', 'orders:checkout.dateOutOfRange')
    }
  }

  let deal: { registrationId: string; productLineId: string; discountBps: number } | null = null
  if (input.registrationId !== null) {
    const [registration] = await tx
      .select({ id: registrations.id, productLineId: registrations.productLineId })
      .from(registrations)
      .where(
        and(
          eq(registrations.id, input.registrationId),
          heldByActor(actor),
          eq(registrations.status, 'approved'),
          gt(registrations.protectionEndsAt, now),
        ),
      )
    if (!registration) throw fieldError('registrationId', 'orders:checkout.registrationInvalid')
    if (!items.some((item) => item.productLineId === registration.productLineId)) {
      throw fieldError('registrationId', 'orders:checkout.registrationNoLine')
    }
    const settings = await getDealSettings(tx)
    deal = {
      registrationId: registration.id,
      productLineId: registration.productLineId,
      discountBps: settings.dealDiscountBps,
    }
  }

  // Products no longer sold cannot be ordered; say so with the other lines' availability.
  // How availability is shown is read only when there is a shortage to describe.
  type Short = { item: CartItem; available: number; reason: OrderShortage['reason'] }
  const describe = async (short: Short[]): Promise<OrderShortage[]> => {
    const [display] = await tx.select().from(catalogSettings).limit(1)
    return short.map(({ item, available, reason }) => {
      const availability = availabilityFor({
        available,
        display: display?.availabilityDisplay ?? 'exact',
        lowStockThreshold: display?.lowStockThreshold ?? 10,
        restockDate: null,
      })
      return {
        productId: item.productId,
        sku: item.sku,
        name: item.name,
        requested: item.quantity,
        available: availability.available,
        band: availability.band,
        reason,
      }
    })
  }
  const plan = planReservation(items, stock)
  if (items.some((item) => !item.active)) {
    const short = plan.ok ? new Map() : new Map(plan.shortages.map((s) => [s.productId, s]))
    throw new ShortageAbort(
      await describe(
        items.flatMap((item): Short[] => {
          if (!item.active) return [{ item, available: 0, reason: 'inactive' }]
          const s = short.get(item.productId)
          return s ? [{ item, available: s.available, reason: 'insufficient' }] : []
        }),
      ),
    )
  }

  // Prices from the server's rules only, on today's date in Shanghai.
  const rules = priceRulesFrom(
    { id: partner.id, tier: partner.tier },
    today,
    items.map((item) => ({ ...item, id: item.productId })),
    {
      contracts: reads.contracts,
      volumeBreaks: [...reads.sku_breaks, ...reads.line_breaks],
      tierDiscounts: reads.discounts,
    },
  )
  const lines: PricedLine[] = items.map((item) => {
    const dealApplies = deal !== null && item.productLineId === deal.productLineId
    const price = priceWithRules(
      rules,
      item.productId,
      item.quantity,
      dealApplies ? deal!.discountBps : null,
    )
    if (!price) throw new Error(`product ${item.productId} could not be priced`)
    return { ...item, lineId: randomUUID(), price, dealDiscountApplied: dealApplies }
  })
  const currency = lines[0]!.price.currency
  if (lines.some((line) => line.price.currency !== currency)) {
    throw new AppError('conflict', { userMessage: 'orders:checkout.mixedCurrency' })
  }
  const listTotalMinor = lines.reduce((sum, l) => sum + l.price.listPriceMinor * l.quantity, 0)
  const subtotalMinor = lines.reduce((sum, l) => sum + l.price.lineTotalMinor, 0)
  const totalMinor = subtotalMinor
  if (!Number.isSafeInteger(listTotalMinor) || !Number.isSafeInteger(totalMinor)) {
    throw new AppError('invalid', { userMessage: 'orders:checkout.totalTooLarge' })
  }

  // The payment method the partner may use.
  if (input.paymentMethod === 'on_account') {
    if (!onAccountAllowed({ paymentTermsDays: partner.payment_terms_days, creditLimitMinor })) {
      throw fieldError('paymentMethod', 'orders:checkout.onAccountUnavailable')
    }
    if (partner.currency !== currency) {
      throw fieldError('paymentMethod', 'orders:checkout.onAccountCurrency')
    }
  } else if (!options.cardPaymentsEnabled) {
    throw fieldError('paymentMethod', 'orders:checkout.cardUnavailable')
  }

  // 4. Reserve, or roll back and say what is available.
  if (!plan.ok) {
    const byProduct = new Map(items.map((item) => [item.productId, item]))
    throw new ShortageAbort(
      await describe(
        plan.shortages.map((s) => ({
          item: byProduct.get(s.productId)!,
          available: s.available,
          reason: 'insufficient' as const,
        })),
      ),
    )
  }
  const number = formatOrderNumber(Number(reads.seq), today)

  // 5. Credit (on account) or a payment window (card). The vendor's windows are read only when
  // the order waits (credit hold, card payment).
  let status: PlacedOrder['status']
  let creditHoldExpiresAt: Date | null = null
  let paymentExpiresAt: Date | null = null
  const exposureMinor = Number(reads.exposure ?? 0)
  if (input.paymentMethod === 'on_account') {
    if (fitsCreditLimit({ exposureMinor, totalMinor, creditLimitMinor })) {
      status = 'submitted'
    } else {
      status = 'credit_hold'
      const settings = await getOrderSettings(tx)
      creditHoldExpiresAt = new Date(now.getTime() + settings.creditHoldHours * 3_600_000)
    }
  } else {
    status = 'pending_payment'
    const settings = await getOrderSettings(tx)
    paymentExpiresAt = new Date(now.getTime() + settings.cardPaymentMinutes * 60_000)
  }

  // 6. The order and everything that goes with it, in one statement.
  const orderId = randomUUID()
  const shippingAddress: ShippingAddressSnapshot = {
    label: address.label,
    recipient: address.recipient,
    phone: address.phone,
    regionCode: address.regionCode,
    city: address.city,
    line1: address.line1,
    line2: address.line2,
    postalCode: address.postalCode,
  }
  const emails: Record<string, unknown>[] = [
    outboxRowOf({
      to: actor.email,
      locale: actor.locale,
      template: 'order-placed',
      number,
      status,
      lineCount: lines.length,
      totalMinor,
      currency,
      poNumber: input.poNumber,
      shipTo: `${address.label} — ${addressSummary(address)}`,
      until: creditHoldExpiresAt ?? paymentExpiresAt,
      url: `${options.origin}/portal/orders/${orderId}`,
    }),
  ]
  if (status === 'credit_hold' && partner.channel_manager_id) {
    const [manager] = await tx
      .select({ email: users.email, locale: users.locale, status: users.status })
      .from(users)
      .where(eq(users.id, partner.channel_manager_id))
    if (manager && manager.status === 'active') {
      emails.push(
        outboxRowOf({
          to: manager.email,
          locale: manager.locale,
          template: 'order-credit-hold',
          number,
          partnerName: partner.name,
          totalMinor,
          exposureMinor,
          creditLimitMinor,
          currency,
          until: creditHoldExpiresAt!,
          url: `${options.origin}/admin/orders/${orderId}`,
        }),
      )
    }
  }
  const lineIdOf = new Map(lines.map((line) => [line.productId, line.lineId]))
  // The take and the writes go together: a take that failed throws and rolls the writes back.
  await Promise.all([
    takeStock(tx, plan.allocations),
    writeOrder(tx, {
      cartId: partner.cart_id,
      now,
      order: {
        id: orderId,
        number,
        partner_id: partner.id,
        placed_by_id: actor.id,
        status,
        payment_method: input.paymentMethod,
        po_number: input.poNumber,
        requested_date: input.requestedDate,
        buyer_note: input.buyerNote,
        shipping_address_id: address.id,
        shipping_address: shippingAddress,
        registration_id: deal?.registrationId ?? null,
        deal_discount_bps: deal?.discountBps ?? null,
        currency,
        list_total_minor: listTotalMinor,
        subtotal_minor: subtotalMinor,
        total_minor: totalMinor,
        idempotency_key: input.idempotencyKey,
        credit_hold_expires_at: creditHoldExpiresAt,
        payment_expires_at: paymentExpiresAt,
        placed_at: now,
        submitted_at: status === 'submitted' ? now : null,
        credit_hold_at: status === 'credit_hold' ? now : null,
      },
      lines: lines.map((line, index) => ({
        id: line.lineId,
        order_id: orderId,
        line_no: index + 1,
        product_id: line.productId,
        product_line_id: line.productLineId,
        sku: line.sku,
        name: line.name,
        unit: line.unit,
        quantity: line.quantity,
        list_unit_minor: line.price.listPriceMinor,
        net_unit_minor: line.price.unitNetMinor,
        line_total_minor: line.price.lineTotalMinor,
        price_source: line.price.source,
        price_steps: line.price.steps,
        deal_discount_applied: line.dealDiscountApplied,
      })),
      allocations: plan.allocations.map((allocation) => ({
        order_line_id: lineIdOf.get(allocation.productId)!,
        order_id: orderId,
        product_id: allocation.productId,
        warehouse_id: allocation.warehouseId,
        quantity: allocation.quantity,
      })),
      event: {
        order_id: orderId,
        actor_user_id: actor.id,
        type: 'placed',
        to_status: status,
        details: status === 'credit_hold' ? { exposureMinor, creditLimitMinor, currency } : null,
        created_at: now,
      },
      audit: snakeCase(
        auditRowOf({
          actor,
          action: 'order.placed',
          entityType: 'order',
          entityId: orderId,
          partnerId: partner.id,
          after: {
            number,
            status,
            paymentMethod: input.paymentMethod,
            totalMinor,
            currency,
            lines: lines.length,
            poNumber: input.poNumber,
            registrationId: deal?.registrationId ?? null,
          },
          ip: options.ip,
        }),
      ),
      emails: emails.map(snakeCase),
      orderedProductIds: lines.map((line) => line.productId),
    }),
  ])

  return { ok: true, orderId, number, status, replayed: false }
}

const snakeCase = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`),
      value,
    ]),
  )

// The columns each insert of writeOrder sets; the rest keep their defaults.
const ORDER_COLUMNS = sql.raw(
  'id, number, partner_id, placed_by_id, status, payment_method, po_number, requested_date, ' +
    'buyer_note, shipping_address_id, shipping_address, registration_id, deal_discount_bps, ' +
    'currency, list_total_minor, subtotal_minor, total_minor, idempotency_key, ' +
    'credit_hold_expires_at, payment_expires_at, placed_at, submitted_at, credit_hold_at',
)
const LINE_COLUMNS = sql.raw(
  'id, order_id, line_no, product_id, product_line_id, sku, name, unit, quantity, ' +
    'list_unit_minor, net_unit_minor, line_total_minor, price_source, price_steps, ' +
    'deal_discount_applied',
)
const ALLOCATION_COLUMNS = sql.raw('order_line_id, order_id, product_id, warehouse_id, quantity')
const EVENT_COLUMNS = sql.raw('order_id, actor_user_id, type, to_status, details, created_at')
const AUDIT_COLUMNS = sql.raw(
  'actor_user_id, actor_email, partner_id, action, entity_type, entity_id, before, after, ip',
)
const OUTBOX_COLUMNS = sql.raw('to_email, subject, body_text, template, locale')

type OrderWrite = {
  cartId: string
  now: Date
  order: Record<string, unknown>
  lines: Record<string, unknown>[]
  allocations: Record<string, unknown>[]
  event: Record<string, unknown>
  audit: Record<string, unknown>
  emails: Record<string, unknown>[]
  orderedProductIds: string[]
}

/**
 * Writes the order, its lines and allocations, its first history entry, the audit row and the
 * e-mails, and takes the ordered lines out of the (locked) cart: one statement of data-modifying
 * CTEs, each row built from JSON by the table's own row type. Foreign keys are checked at the end
 * of the statement, when every row exists.
 */
async function writeOrder(tx: Database, write: OrderWrite) {
  const json = (value: unknown) => sql`${JSON.stringify(value)}::json`
  await tx.execute(sql`
    with new_order as (
      insert into orders (${ORDER_COLUMNS})
      select ${ORDER_COLUMNS} from json_populate_record(null::orders, ${json(write.order)})
    ), new_lines as (
      insert into order_lines (${LINE_COLUMNS})
      select ${LINE_COLUMNS} from json_populate_recordset(null::order_lines, ${json(write.lines)})
    ), new_allocations as (
      insert into order_allocations (${ALLOCATION_COLUMNS})
      select ${ALLOCATION_COLUMNS}
      from json_populate_recordset(null::order_allocations, ${json(write.allocations)})
    ), new_event as (
      insert into order_events (${EVENT_COLUMNS})
      select ${EVENT_COLUMNS} from json_populate_record(null::order_events, ${json(write.event)})
    ), new_audit as (
      insert into audit_log (${AUDIT_COLUMNS})
      select ${AUDIT_COLUMNS} from json_populate_record(null::audit_log, ${json(write.audit)})
    ), new_emails as (
      insert into email_outbox (${OUTBOX_COLUMNS})
      select ${OUTBOX_COLUMNS}
      from json_populate_recordset(null::email_outbox, ${json(write.emails)})
    ), ordered as (
      delete from cart_items
      where cart_id = ${write.cartId}
        and product_id = any(${pgArray(write.orderedProductIds)}::uuid[])
    )
    update carts set updated_at = ${write.now.toISOString()}::timestamptz
    where id = ${write.cartId}`)
}
