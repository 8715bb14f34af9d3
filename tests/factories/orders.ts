import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { stockLevels, type Product } from '#db/schema/catalog'
import {
  orderAllocations,
  orderEvents,
  orderLines,
  orders,
  partnerAddresses,
  payments,
  type NewOrder,
  type NewPartnerAddress,
  type Order,
  type OrderLine,
  type OrderStatus,
  type Payment,
  type PaymentRecordStatus,
} from '#db/schema/orders'
import { addToCart } from '#app/modules/orders/add-to-cart.server'
import { getCart } from '#app/modules/orders/get-cart.server'
import type { CheckoutInput } from '#app/modules/orders/order-rules'
import type { PlaceOrderActor } from '#app/modules/orders/place-order.server'
import { createProduct, createWarehouse } from './catalog'
import {
  createPartner,
  ensureRegions,
  type CreatePartnerOptions,
  type TestPartner,
} from './partners'
import { uniqueSuffix } from './unique'
import { createUser, type TestUser } from './users'

/** An address in the partner's address book (CN-SOUTH, Guangzhou, unless told otherwise). */
export async function createAddress(
  db: Database,
  values: Partial<Omit<NewPartnerAddress, 'id'>> & { partnerId: string },
) {
  await ensureRegions(db, [values.regionCode ?? 'CN-SOUTH'])
  const [address] = await db
    .insert(partnerAddresses)
    .values({
      label: `Warehouse ${uniqueSuffix()}`,
      recipient: 'Chen Jie',
      phone: '+86 20 8888 0000',
      regionCode: 'CN-SOUTH',
      city: 'Guangzhou',
      line1: '88 Huangpu Avenue',
      postalCode: '510000',
      ...values,
    })
    .returning()
  return address!
}

export type TestBuyer = Awaited<ReturnType<typeof createBuyer>>

/**
 * An active partner with on-account terms (a ¥1,000,000.00 limit unless told) and one buyer of
 * the given role, with one address in its address book.
 */
export async function createBuyer(
  db: Database,
  options: CreatePartnerOptions & { role?: 'partner_user' | 'partner_admin' } = {},
) {
  const { role = 'partner_user', ...partnerOptions } = options
  const partner = await createPartner(db, {
    creditLimitMinor: 1_000_000_00,
    paymentTermsDays: 30,
    regions: ['CN-EAST'],
    ...partnerOptions,
  })
  const user = await createUser(db, { role, partnerId: partner.id })
  const address = await createAddress(db, { partnerId: partner.id })
  const actor: PlaceOrderActor = {
    id: user.id,
    email: user.email,
    locale: null,
    role,
    partnerId: partner.id,
  }
  return { partner, user, address, actor }
}

/** Another buyer of the same partner. */
export async function createColleague(
  db: Database,
  buyer: TestBuyer,
  role: 'partner_user' | 'partner_admin' = 'partner_user',
): Promise<PlaceOrderActor> {
  const user = await createUser(db, { role, partnerId: buyer.partner.id })
  return { id: user.id, email: user.email, locale: null, role, partnerId: buyer.partner.id }
}

/** Puts SKUs in the buyer's cart through the real add-to-cart use case. */
export async function fillCart(
  db: Database,
  actor: { id: string; partnerId: string },
  items: { sku: string; quantity: number }[],
) {
  const result = await addToCart(db, { actor, items })
  if (result.problems.length > 0) {
    throw new Error(`fillCart: ${JSON.stringify(result.problems)}`)
  }
  return result
}

/** A checkout form for the buyer's cart as it is now, on account to the first address. */
export async function checkoutInput(
  db: Database,
  buyer: { actor: PlaceOrderActor; address: { id: string } },
  overrides: Partial<CheckoutInput> = {},
): Promise<CheckoutInput> {
  const cart = await getCart(db, { actor: buyer.actor })
  return {
    idempotencyKey: randomUUID(),
    cartVersion: cart.version,
    shippingAddressId: buyer.address.id,
    paymentMethod: 'on_account',
    poNumber: null,
    requestedDate: null,
    registrationId: null,
    buyerNote: null,
    ...overrides,
  }
}

/**
 * Orders in a given status, inserted directly (placing an order is another module's job), with
 * lines and per-warehouse allocations whose stock bookkeeping is consistent:
 * - pending payment, credit hold, submitted, confirmed: allocations reserved and
 *   stock_levels.reserved raised by their quantity;
 * - shipped, delivered: allocations shipped, the units gone from on hand;
 * - cancelled, expired: allocations released, stock untouched.
 */

const HOUR = 3_600_000

export type OrderLineSpec = {
  /** An existing product (its stock row in `warehouseId` must exist); else a new one. */
  product?: Product
  quantity?: number
  /** Net unit price in minor units (default: 80 % of the product's list price). */
  netUnitMinor?: number
  /** Where the line's units are reserved; default: all in the order's warehouse. */
  allocations?: { warehouseId: string; quantity: number }[]
  /** On hand given to a new product in the order's warehouse (default: quantity + 10). */
  onHand?: number
}

export type CreateOrderOptions = {
  status?: OrderStatus
  paymentMethod?: 'on_account' | 'card'
  paymentStatus?: 'unpaid' | 'paid' | 'refunded'
  partner?: TestPartner | { id: string }
  /** A partner user of the partner; created when absent. */
  buyer?: TestUser
  lines?: OrderLineSpec[]
  /** The warehouse new products get stock in (created when absent). */
  warehouseId?: string
  shippingMinor?: number
  currency?: string
  poNumber?: string | null
  placedAt?: Date
  paymentExpiresAt?: Date | null
  creditHoldExpiresAt?: Date | null
  /** A card payment attempt to record with the order. */
  payment?: {
    status: PaymentRecordStatus
    checkoutSessionId?: string
    paymentIntentId?: string | null
    amountMinor?: number
    expiresAt?: Date | null
  }
  overrides?: Partial<NewOrder>
}

export type TestOrder = {
  order: Order
  lines: OrderLine[]
  partner: { id: string }
  buyer: TestUser
  warehouseId: string
  products: Product[]
  payment: Payment | null
}

const reservingStatuses: OrderStatus[] = [
  'pending_payment',
  'credit_hold',
  'submitted',
  'confirmed',
]

async function nextOrderNumber(db: Database): Promise<string> {
  const [row] = await queryRows<{ seq: string }>(
    db,
    sql`select nextval('order_number_seq')::text as seq`,
  )
  return `SO-26${String(Number(row!.seq)).padStart(4, '0')}`
}

/** A submitted on-account order of one line (3 units) unless told otherwise. */
export async function createOrder(
  db: Database,
  options: CreateOrderOptions = {},
): Promise<TestOrder> {
  const status = options.status ?? 'submitted'
  const paymentMethod =
    options.paymentMethod ?? (status === 'pending_payment' ? 'card' : 'on_account')
  const placedAt = options.placedAt ?? new Date()
  const partner = options.partner ?? (await createPartner(db, { creditLimitMinor: 100_000_000 }))
  const buyer =
    options.buyer ?? (await createUser(db, { role: 'partner_user', partnerId: partner.id }))
  const warehouseId = options.warehouseId ?? (await createWarehouse(db)).id
  const currency = options.currency ?? 'CNY'
  const specs = options.lines ?? [{}]

  const products: Product[] = []
  const prepared: {
    product: Product
    quantity: number
    netUnitMinor: number
    allocations: { warehouseId: string; quantity: number }[]
  }[] = []
  for (const spec of specs) {
    const quantity = spec.quantity ?? 3
    const product =
      spec.product ??
      (await createProduct(db, {
        currency,
        stock: { onHand: spec.onHand ?? quantity + 10, warehouseId },
      }))
    products.push(product)
    prepared.push({
      product,
      quantity,
      netUnitMinor: spec.netUnitMinor ?? Math.round(Number(product.listPriceMinor) * 0.8),
      allocations: spec.allocations ?? [{ warehouseId, quantity }],
    })
  }
  const subtotal = prepared.reduce((sum, l) => sum + l.netUnitMinor * l.quantity, 0)
  const listTotal = prepared.reduce(
    (sum, l) => sum + Number(l.product.listPriceMinor) * l.quantity,
    0,
  )
  const shippingMinor = options.shippingMinor ?? 0

  const paid =
    options.paymentStatus ?? (options.payment?.status === 'succeeded' ? 'paid' : 'unpaid')
  const at = (offsetHours: number) => new Date(placedAt.getTime() + offsetHours * HOUR)
  const reached = (s: OrderStatus) => {
    const order: OrderStatus[] = ['submitted', 'confirmed', 'shipped', 'delivered']
    return order.indexOf(status) >= order.indexOf(s) && order.indexOf(s) >= 0
  }
  const [order] = await db
    .insert(orders)
    .values({
      number: await nextOrderNumber(db),
      partnerId: partner.id,
      placedById: buyer.id,
      status,
      paymentMethod,
      paymentStatus: paid,
      poNumber: options.poNumber === undefined ? `PO-${uniqueSuffix()}` : options.poNumber,
      shippingAddress: {
        label: 'Main warehouse',
        recipient: 'Wang Fang',
        phone: '+86 21 5555 0101',
        regionCode: 'CN-EAST',
        city: 'Shanghai',
        line1: '88 Zhangjiang Road',
        line2: null,
        postalCode: '201203',
      },
      currency,
      listTotalMinor: listTotal,
      subtotalMinor: subtotal,
      shippingMinor,
      totalMinor: subtotal + shippingMinor,
      idempotencyKey: `factory-${uniqueSuffix()}`,
      placedAt,
      paymentExpiresAt:
        options.paymentExpiresAt !== undefined
          ? options.paymentExpiresAt
          : paymentMethod === 'card'
            ? at(1)
            : null,
      creditHoldExpiresAt:
        options.creditHoldExpiresAt !== undefined
          ? options.creditHoldExpiresAt
          : status === 'credit_hold'
            ? at(72)
            : null,
      creditHoldAt: status === 'credit_hold' ? placedAt : null,
      submittedAt: reached('submitted') ? placedAt : null,
      confirmedAt: reached('confirmed') ? at(1) : null,
      shippedAt: reached('shipped') ? at(2) : null,
      carrier: reached('shipped') ? 'SF Express' : null,
      trackingNumber: reached('shipped') ? `SF${uniqueSuffix().replace('-', '')}` : null,
      deliveredAt: reached('delivered') ? at(48) : null,
      cancelledAt: status === 'cancelled' ? at(1) : null,
      expiredAt: status === 'expired' ? at(1) : null,
      paidAt: paid === 'unpaid' ? null : at(0.1),
      ...options.overrides,
    })
    .returning()

  const allocationStatus = reservingStatuses.includes(status)
    ? 'reserved'
    : status === 'shipped' || status === 'delivered'
      ? 'shipped'
      : 'released'
  const lines: OrderLine[] = []
  for (const [index, line] of prepared.entries()) {
    const [inserted] = await db
      .insert(orderLines)
      .values({
        orderId: order!.id,
        lineNo: index + 1,
        productId: line.product.id,
        productLineId: line.product.productLineId,
        sku: line.product.sku,
        name: line.product.name,
        unit: line.product.unit,
        quantity: line.quantity,
        listUnitMinor: Number(line.product.listPriceMinor),
        netUnitMinor: line.netUnitMinor,
        lineTotalMinor: line.netUnitMinor * line.quantity,
        priceSource:
          line.netUnitMinor === Number(line.product.listPriceMinor) ? 'list' : 'tier_discount',
        priceSteps: [
          { kind: 'list', unitMinor: Number(line.product.listPriceMinor) },
          { kind: 'tier_discount', unitMinor: line.netUnitMinor },
        ],
      })
      .returning()
    lines.push(inserted!)
    for (const allocation of line.allocations) {
      await db.insert(orderAllocations).values({
        orderLineId: inserted!.id,
        orderId: order!.id,
        productId: line.product.id,
        warehouseId: allocation.warehouseId,
        quantity: allocation.quantity,
        status: allocationStatus,
        releasedAt: allocationStatus === 'released' ? at(1) : null,
        shippedAt: allocationStatus === 'shipped' ? at(2) : null,
      })
      const where = and(
        eq(stockLevels.productId, line.product.id),
        eq(stockLevels.warehouseId, allocation.warehouseId),
      )
      if (allocationStatus === 'reserved') {
        await db
          .update(stockLevels)
          .set({ reserved: sql`${stockLevels.reserved} + ${allocation.quantity}` })
          .where(where)
      } else if (allocationStatus === 'shipped') {
        await db
          .update(stockLevels)
          .set({ onHand: sql`${stockLevels.onHand} - ${allocation.quantity}` })
          .where(where)
      }
    }
  }

  await db.insert(orderEvents).values({
    orderId: order!.id,
    actorUserId: buyer.id,
    type: 'placed',
    toStatus: status === 'credit_hold' || status === 'pending_payment' ? status : 'submitted',
    createdAt: placedAt,
  })

  let payment: Payment | null = null
  if (options.payment) {
    const [row] = await db
      .insert(payments)
      .values({
        orderId: order!.id,
        checkoutSessionId: options.payment.checkoutSessionId ?? `cs_test_${uniqueSuffix()}`,
        paymentIntentId: options.payment.paymentIntentId ?? null,
        amountMinor: options.payment.amountMinor ?? order!.totalMinor,
        currency,
        status: options.payment.status,
        expiresAt: options.payment.expiresAt ?? order!.paymentExpiresAt ?? at(1),
        succeededAt: options.payment.status === 'succeeded' ? at(0.1) : null,
      })
      .returning()
    payment = row!
  }
  return { order: order!, lines, partner, buyer, warehouseId, products, payment }
}

/** One stock row, as the tests read it. */
export async function stockOf(db: Database, productId: string, warehouseId: string) {
  const [row] = await db
    .select({ onHand: stockLevels.onHand, reserved: stockLevels.reserved })
    .from(stockLevels)
    .where(and(eq(stockLevels.productId, productId), eq(stockLevels.warehouseId, warehouseId)))
  return row!
}
