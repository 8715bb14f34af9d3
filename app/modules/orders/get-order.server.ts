import { and, asc, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { productLines, registrations } from '#db/schema/deals'
import { orderEvents, orderLines, orders, payments } from '#db/schema/orders'
import { partners, regions } from '#db/schema/partners'
import { users } from '#db/schema/users'
import type { PriceStep } from '#app/modules/pricing/price-rules'
import { isUuid } from '#app/utils/ids'
import { orderNotFound, visibleToActor, type OrderActor } from './order-access.server'
import { buyerMayCancel, type OrderStatus } from './order-rules'

export type GetOrderOptions = { actor: OrderActor; orderId: string }

/** Who did it, as a partner may see it: vendor staff by role only, the system without a name. */
export type OrderHistoryActor =
  | { kind: 'partner'; name: string }
  | { kind: 'vendor'; role: 'channel_manager' | 'admin' }
  | { kind: 'system' }

export type OrderDetail = Awaited<ReturnType<typeof getOrder>>

/** Facts in event details a partner may see (credit figures are the partner's own). */
const shownDetails = new Set([
  'exposureMinor',
  'creditLimitMinor',
  'currency',
  'carrier',
  'trackingNumber',
])

/**
 * One order the actor may see, with its lines (price source and steps), its history, the
 * shipping address as placed, the linked registration and what the buyer may still do.
 */
export async function getOrder(db: Database, options: GetOrderOptions) {
  if (!isUuid(options.orderId)) throw orderNotFound()
  const [row] = await db
    .select({
      order: orders,
      partnerName: partners.name,
      partnerCode: partners.code,
      placedByName: users.name,
      placedByEmail: users.email,
    })
    .from(orders)
    .innerJoin(partners, eq(partners.id, orders.partnerId))
    .innerJoin(users, eq(users.id, orders.placedById))
    .where(and(eq(orders.id, options.orderId), visibleToActor(options.actor)))
  if (!row) throw orderNotFound()
  const { order } = row

  const [lines, events, region, registration, payment] = await Promise.all([
    db
      .select({
        id: orderLines.id,
        lineNo: orderLines.lineNo,
        productId: orderLines.productId,
        sku: orderLines.sku,
        name: orderLines.name,
        unit: orderLines.unit,
        quantity: orderLines.quantity,
        listUnitMinor: orderLines.listUnitMinor,
        netUnitMinor: orderLines.netUnitMinor,
        lineTotalMinor: orderLines.lineTotalMinor,
        priceSource: orderLines.priceSource,
        priceSteps: orderLines.priceSteps,
        dealDiscountApplied: orderLines.dealDiscountApplied,
        productLineNameEn: productLines.nameEn,
        productLineNameZh: productLines.nameZh,
      })
      .from(orderLines)
      .innerJoin(productLines, eq(productLines.id, orderLines.productLineId))
      .where(eq(orderLines.orderId, order.id))
      .orderBy(asc(orderLines.lineNo)),
    db
      .select({
        id: orderEvents.id,
        type: orderEvents.type,
        fromStatus: orderEvents.fromStatus,
        toStatus: orderEvents.toStatus,
        note: orderEvents.note,
        details: orderEvents.details,
        at: orderEvents.createdAt,
        actorName: users.name,
        actorRole: users.role,
      })
      .from(orderEvents)
      .leftJoin(users, eq(users.id, orderEvents.actorUserId))
      .where(eq(orderEvents.orderId, order.id))
      .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id)),
    db
      .select({ nameEn: regions.nameEn, nameZh: regions.nameZh })
      .from(regions)
      .where(eq(regions.code, order.shippingAddress.regionCode)),
    order.registrationId
      ? db
          .select({
            id: registrations.id,
            number: registrations.number,
            prospectName: registrations.prospectName,
          })
          .from(registrations)
          .where(eq(registrations.id, order.registrationId))
      : Promise.resolve([]),
    db
      .select({ status: payments.status, succeededAt: payments.succeededAt })
      .from(payments)
      .where(eq(payments.orderId, order.id))
      .orderBy(asc(payments.createdAt)),
  ])

  const history = events.map((event) => {
    const actor: OrderHistoryActor =
      event.actorRole === 'channel_manager' || event.actorRole === 'admin'
        ? { kind: 'vendor', role: event.actorRole }
        : event.actorName
          ? { kind: 'partner', name: event.actorName }
          : { kind: 'system' }
    const details =
      event.details && typeof event.details === 'object' && !Array.isArray(event.details)
        ? Object.fromEntries(
            Object.entries(event.details as Record<string, unknown>).filter(
              ([key, value]) =>
                shownDetails.has(key) && ['string', 'number'].includes(typeof value),
            ),
          )
        : {}
    return {
      id: event.id,
      type: event.type,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      note: event.note,
      at: event.at,
      actor,
      details: details as Record<string, string | number>,
    }
  })

  return {
    order: {
      id: order.id,
      number: order.number,
      status: order.status as OrderStatus,
      paymentMethod: order.paymentMethod,
      paymentStatus: order.paymentStatus,
      poNumber: order.poNumber,
      requestedDate: order.requestedDate,
      buyerNote: order.buyerNote,
      currency: order.currency,
      listTotalMinor: order.listTotalMinor,
      subtotalMinor: order.subtotalMinor,
      shippingMinor: order.shippingMinor,
      totalMinor: order.totalMinor,
      dealDiscountBps: order.dealDiscountBps,
      creditHoldExpiresAt: order.creditHoldExpiresAt,
      paymentExpiresAt: order.paymentExpiresAt,
      carrier: order.carrier,
      trackingNumber: order.trackingNumber,
      cancelReason: order.cancelReason,
      placedAt: order.placedAt,
      shippedAt: order.shippedAt,
      deliveredAt: order.deliveredAt,
      cancelledAt: order.cancelledAt,
    },
    partner: { name: row.partnerName, code: row.partnerCode },
    placedBy: { name: row.placedByName, email: row.placedByEmail },
    shippingAddress: {
      ...order.shippingAddress,
      regionNameEn: region[0]?.nameEn ?? order.shippingAddress.regionCode,
      regionNameZh: region[0]?.nameZh ?? order.shippingAddress.regionCode,
    },
    registration: registration[0] ?? null,
    payments: payment,
    lines: lines.map((line) => ({ ...line, priceSteps: line.priceSteps as PriceStep[] })),
    history,
    allowed: { cancel: buyerMayCancel(order.status), reorder: lines.length > 0 },
  }
}
