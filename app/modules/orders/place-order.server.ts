import { and, asc, eq, gt, inArray } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { catalogSettings, products } from '#db/schema/catalog'
import { registrations } from '#db/schema/deals'
import {
  cartItems,
  carts,
  orderAllocations,
  orderLines,
  orders,
  partnerAddresses,
  type OrderStatus as DbOrderStatus,
  type PaymentMethod as DbPaymentMethod,
  type ShippingAddressSnapshot,
} from '#db/schema/orders'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { availabilityFor, type AvailabilityBand } from '#app/modules/catalog/catalog-rules'
import { addDays, todayInShanghai } from '#app/modules/deals/deal-rules'
import { getDealSettings } from '#app/modules/deals/get-deal-settings.server'
import { heldByActor } from '#app/modules/deals/registration-access.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { findPriceRules, priceWithRules } from '#app/modules/pricing/find-price-rules.server'
import type { NetPrice } from '#app/modules/pricing/price-rules'
import { AppError, constraintOf, sqlStateOf } from '#app/utils/app-error'
import { addressSummary } from './address-rules'
import { getCreditExposure } from './get-credit-exposure.server'
import { getOrderSettings } from './get-order-settings.server'
import { nextOrderNumber } from './order-number.server'
import {
  cartVersionOf,
  fitsCreditLimit,
  maxRequestedDaysAhead,
  onAccountAllowed,
  type CheckoutInput,
  type OrderStatus,
  type PaymentMethod,
} from './order-rules'
import { recordOrderEvent } from './record-order-event.server'
import { findAvailable, reserveStock } from './reserve-stock.server'

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
 * 1. the partner row is locked (orders of one partner queue here; other partners do not wait),
 *    then the idempotency key is looked up again: a replay returns the order it placed;
 * 2. the cart is locked and must be what checkout showed (`cartVersion`);
 * 3. the address and the registration must be the buyer partner's own; every line is priced
 *    again on the server (a price from the browser is never read), with the deal discount on
 *    the registration's product line;
 * 4. stock is reserved line by line in a fixed order (reserve-stock.server.ts); if any line falls
 *    short, everything rolls back and the result lists every short line with what is available;
 * 5. on account: open unpaid on-account orders + this one against the credit limit, and over it
 *    the order waits on credit hold (stock stays reserved) for a vendor decision; card: the order
 *    waits for payment until its expiry;
 * 6. the order, its numbered lines with price source and steps, the allocations, the history,
 *    the audit row and the e-mails are written, and the ordered lines leave the cart.
 *
 * The unique (partner, idempotency key) index is the guarantee behind step 1: a concurrent twin
 * that slips past the lookup fails on it and returns the order that won.
 */
export async function placeOrder(
  db: Database,
  options: PlaceOrderOptions,
): Promise<PlaceOrderResult> {
  const { actor, input } = options
  const now = options.now ?? new Date()

  const existing = await findByKey(db, actor.partnerId, input.idempotencyKey)
  if (existing) return existing

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
  if (!row) return null
  return {
    ok: true,
    orderId: row.id,
    number: row.number,
    status: row.status as PlacedOrder['status'],
    replayed: true,
  }
}

type PricedLine = {
  productId: string
  productLineId: string
  sku: string
  name: string
  unit: string
  quantity: number
  price: NetPrice
  dealDiscountApplied: boolean
}

async function placeInTransaction(
  tx: Database,
  options: PlaceOrderOptions,
  now: Date,
): Promise<PlacedOrder> {
  const { actor, input } = options
  const today = todayInShanghai(now)

  // 1. One checkout per partner at a time: the credit check below must see every earlier order.
  const [partner] = await tx
    .select()
    .from(partners)
    .where(eq(partners.id, actor.partnerId))
    .for('no key update')
  if (!partner || partner.status !== 'active') {
    throw new AppError('forbidden', { userMessage: 'orders:checkout.partnerInactive' })
  }
  const replay = await findByKey(tx, actor.partnerId, input.idempotencyKey)
  if (replay) return replay

  // 2. The buyer's own cart, as checkout showed it.
  const [cart] = await tx
    .select({ id: carts.id })
    .from(carts)
    .where(and(eq(carts.userId, actor.id), eq(carts.partnerId, actor.partnerId)))
    .for('update')
  const items = cart
    ? await tx
        .select({
          productId: cartItems.productId,
          quantity: cartItems.quantity,
          sku: products.sku,
          name: products.name,
          unit: products.unit,
          active: products.active,
          productLineId: products.productLineId,
        })
        .from(cartItems)
        .innerJoin(products, eq(products.id, cartItems.productId))
        .where(eq(cartItems.cartId, cart.id))
        .orderBy(asc(cartItems.addedAt), asc(cartItems.id))
    : []
  if (!cart || items.length === 0) {
    throw new AppError('conflict', { userMessage: 'orders:checkout.cartEmpty' })
  }
  if (cartVersionOf(items) !== input.cartVersion) {
    throw new AppError('conflict', { userMessage: 'orders:checkout.cartChanged' })
  }

  // 3. The buyer partner's own address and registration; anything else is refused.
  const [address] = await tx
    .select()
    .from(partnerAddresses)
    .where(
      and(
        eq(partnerAddresses.id, input.shippingAddressId),
        eq(partnerAddresses.partnerId, actor.partnerId),
      ),
    )
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
  type Short = { item: (typeof items)[number]; available: number; reason: OrderShortage['reason'] }
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
  if (items.some((item) => !item.active)) {
    const available = await findAvailable(
      tx,
      items.map((item) => item.productId),
    )
    throw new ShortageAbort(
      await describe(
        items.flatMap((item): Short[] => {
          const free = available.get(item.productId) ?? 0
          if (!item.active) return [{ item, available: 0, reason: 'inactive' }]
          return free < item.quantity ? [{ item, available: free, reason: 'insufficient' }] : []
        }),
      ),
    )
  }

  // Prices from the server's rules only, on today's date in Shanghai.
  const rules = await findPriceRules(tx, {
    partner: { id: partner.id, tier: partner.tier },
    productIds: items.map((item) => item.productId),
    date: today,
  })
  const lines: PricedLine[] = items.map((item) => {
    const dealApplies = deal !== null && item.productLineId === deal.productLineId
    const price = priceWithRules(
      rules,
      item.productId,
      item.quantity,
      dealApplies ? deal!.discountBps : null,
    )
    if (!price) throw new Error(`product ${item.productId} could not be priced`)
    return { ...item, price, dealDiscountApplied: dealApplies }
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
    if (!onAccountAllowed(partner)) {
      throw fieldError('paymentMethod', 'orders:checkout.onAccountUnavailable')
    }
    if (partner.currency !== currency) {
      throw fieldError('paymentMethod', 'orders:checkout.onAccountCurrency')
    }
  } else if (!options.cardPaymentsEnabled) {
    throw fieldError('paymentMethod', 'orders:checkout.cardUnavailable')
  }

  // 4. Reserve, or roll back and say what is available.
  const reservation = await reserveStock(
    tx,
    lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
  )
  if (!reservation.ok) {
    const byProduct = new Map(items.map((item) => [item.productId, item]))
    throw new ShortageAbort(
      await describe(
        reservation.shortages.map((s) => ({
          item: byProduct.get(s.productId)!,
          available: s.available,
          reason: 'insufficient' as const,
        })),
      ),
    )
  }

  // 5. Credit (on account) or a payment window (card). The vendor's windows are read only when
  // the order waits (credit hold, card payment).
  let status: PlacedOrder['status']
  let creditHoldExpiresAt: Date | null = null
  let paymentExpiresAt: Date | null = null
  let exposureMinor = 0
  if (input.paymentMethod === 'on_account') {
    exposureMinor = await getCreditExposure(tx, { partnerId: partner.id, currency })
    if (
      fitsCreditLimit({ exposureMinor, totalMinor, creditLimitMinor: partner.creditLimitMinor })
    ) {
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

  // 6. The order and everything that goes with it.
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
  const number = await nextOrderNumber(tx, now)
  const [order] = await tx
    .insert(orders)
    .values({
      number,
      partnerId: partner.id,
      placedById: actor.id,
      status,
      paymentMethod: input.paymentMethod,
      poNumber: input.poNumber,
      requestedDate: input.requestedDate,
      buyerNote: input.buyerNote,
      shippingAddressId: address.id,
      shippingAddress,
      registrationId: deal?.registrationId ?? null,
      dealDiscountBps: deal?.discountBps ?? null,
      currency,
      listTotalMinor,
      subtotalMinor,
      totalMinor,
      idempotencyKey: input.idempotencyKey,
      creditHoldExpiresAt,
      paymentExpiresAt,
      placedAt: now,
      submittedAt: status === 'submitted' ? now : null,
      creditHoldAt: status === 'credit_hold' ? now : null,
    })
    .returning({ id: orders.id })
  const orderId = order!.id

  const inserted = await tx
    .insert(orderLines)
    .values(
      lines.map((line, index) => ({
        orderId,
        lineNo: index + 1,
        productId: line.productId,
        productLineId: line.productLineId,
        sku: line.sku,
        name: line.name,
        unit: line.unit,
        quantity: line.quantity,
        listUnitMinor: line.price.listPriceMinor,
        netUnitMinor: line.price.unitNetMinor,
        lineTotalMinor: line.price.lineTotalMinor,
        priceSource: line.price.source,
        priceSteps: line.price.steps,
        dealDiscountApplied: line.dealDiscountApplied,
      })),
    )
    .returning({ id: orderLines.id, productId: orderLines.productId })
  const lineIdOf = new Map(inserted.map((row) => [row.productId, row.id]))
  await tx.insert(orderAllocations).values(
    reservation.allocations.map((allocation) => ({
      orderLineId: lineIdOf.get(allocation.productId)!,
      orderId,
      productId: allocation.productId,
      warehouseId: allocation.warehouseId,
      quantity: allocation.quantity,
    })),
  )

  await recordOrderEvent(tx, {
    orderId,
    actorUserId: actor.id,
    type: 'placed',
    toStatus: status,
    at: now,
    details:
      status === 'credit_hold'
        ? { exposureMinor, creditLimitMinor: partner.creditLimitMinor, currency }
        : null,
  })
  await recordAudit(tx, {
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
  })

  const url = `${options.origin}/portal/orders/${orderId}`
  await enqueueEmail(tx, {
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
    url,
  })
  if (status === 'credit_hold' && partner.channelManagerId) {
    const [manager] = await tx
      .select({ email: users.email, locale: users.locale, status: users.status })
      .from(users)
      .where(eq(users.id, partner.channelManagerId))
    if (manager && manager.status === 'active') {
      await enqueueEmail(tx, {
        to: manager.email,
        locale: manager.locale,
        template: 'order-credit-hold',
        number,
        partnerName: partner.name,
        totalMinor,
        exposureMinor,
        creditLimitMinor: partner.creditLimitMinor,
        currency,
        until: creditHoldExpiresAt!,
        url: `${options.origin}/admin/orders/${orderId}`,
      })
    }
  }

  // The ordered lines leave the cart (the cart row is locked, so nothing changed them meanwhile).
  await tx.delete(cartItems).where(
    and(
      eq(cartItems.cartId, cart.id),
      inArray(
        cartItems.productId,
        lines.map((line) => line.productId),
      ),
    ),
  )
  await tx.update(carts).set({ updatedAt: now }).where(eq(carts.id, cart.id))

  return { ok: true, orderId, number, status, replayed: false }
}
