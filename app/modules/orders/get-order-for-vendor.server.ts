import { asc, eq, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '#db/client.server'
import { warehouses } from '#db/schema/catalog'
import { registrations } from '#db/schema/deals'
import { orderAllocations, orderEvents, orderLines, orders, payments } from '#db/schema/orders'
import { partners, regions } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { isVendorStaff, type Role } from '#app/utils/permissions'
import { isUuid } from '#app/utils/ids'
import {
  canCancelAsVendor,
  canConfirm,
  canDeliver,
  canReleaseCreditHold,
  canShip,
  needsPaymentAttention,
  refundablePaymentIds,
} from './fulfilment-rules'
import { orderNotFound } from './fulfilment-support.server'

export type GetOrderForVendorOptions = {
  /** Vendor staff only: anyone else gets not-found. */
  actor: { id: string; role: Role }
  orderId: string
}

/**
 * Everything vendor staff need to work an order: the order and its partner, who placed it, the
 * lines with their price source and steps, where each line's stock is reserved (or shipped
 * from), every card payment attempt, the history with actor names, and which actions its status
 * allows now (the action re-checks with the row locked).
 */
export async function getOrderForVendor(db: Database, options: GetOrderForVendorOptions) {
  if (!isVendorStaff(options.actor.role) || !isUuid(options.orderId)) throw orderNotFound()
  const placer = alias(users, 'placer')
  const canceller = alias(users, 'canceller')
  const manager = alias(users, 'manager')
  const [row] = await db
    .select({
      order: orders,
      partner: {
        id: partners.id,
        name: partners.name,
        code: partners.code,
        kind: partners.kind,
        tier: partners.tier,
        creditLimitMinor: partners.creditLimitMinor,
        currency: partners.currency,
        paymentTermsDays: partners.paymentTermsDays,
      },
      channelManagerName: manager.name,
      placedBy: { name: placer.name, email: placer.email },
      cancelledByName: canceller.name,
      registration: {
        id: registrations.id,
        number: registrations.number,
        prospectName: registrations.prospectName,
      },
      shippingRegion: { nameEn: regions.nameEn, nameZh: regions.nameZh },
    })
    .from(orders)
    .innerJoin(partners, eq(partners.id, orders.partnerId))
    .innerJoin(placer, eq(placer.id, orders.placedById))
    .leftJoin(canceller, eq(canceller.id, orders.cancelledById))
    .leftJoin(manager, eq(manager.id, partners.channelManagerId))
    .leftJoin(registrations, eq(registrations.id, orders.registrationId))
    .leftJoin(regions, eq(regions.code, sql`${orders.shippingAddress}->>'regionCode'`))
    .where(eq(orders.id, options.orderId))
  if (!row) throw orderNotFound()
  const id = row.order.id
  const actor = alias(users, 'actor')

  const [lines, allocations, events, paymentRows] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(asc(orderLines.lineNo)),
    db
      .select({
        orderLineId: orderAllocations.orderLineId,
        quantity: orderAllocations.quantity,
        status: orderAllocations.status,
        warehouseCode: warehouses.code,
        warehouseName: warehouses.name,
        warehouseNameZh: warehouses.nameZh,
      })
      .from(orderAllocations)
      .innerJoin(warehouses, eq(warehouses.id, orderAllocations.warehouseId))
      .where(eq(orderAllocations.orderId, id))
      .orderBy(asc(warehouses.sortOrder), asc(warehouses.code)),
    db
      .select({
        id: orderEvents.id,
        type: orderEvents.type,
        fromStatus: orderEvents.fromStatus,
        toStatus: orderEvents.toStatus,
        note: orderEvents.note,
        details: orderEvents.details,
        createdAt: orderEvents.createdAt,
        actorName: actor.name,
        actorRole: actor.role,
      })
      .from(orderEvents)
      .leftJoin(actor, eq(actor.id, orderEvents.actorUserId))
      .where(eq(orderEvents.orderId, id))
      .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id)),
    db.select().from(payments).where(eq(payments.orderId, id)).orderBy(asc(payments.createdAt)),
  ])

  const order = {
    ...row.order,
    listTotalMinor: Number(row.order.listTotalMinor),
    subtotalMinor: Number(row.order.subtotalMinor),
    shippingMinor: Number(row.order.shippingMinor),
    totalMinor: Number(row.order.totalMinor),
  }
  const refundable = refundablePaymentIds(order, paymentRows)
  return {
    order,
    partner: {
      ...row.partner,
      creditLimitMinor: Number(row.partner.creditLimitMinor),
      channelManagerName: row.channelManagerName,
    },
    placedBy: row.placedBy,
    cancelledByName: row.cancelledByName,
    registration: row.registration?.id ? row.registration : null,
    /** The delivery region's names (the address keeps only its code). */
    shippingRegion: row.shippingRegion?.nameEn ? row.shippingRegion : null,
    lines: lines.map((line) => ({
      ...line,
      listUnitMinor: Number(line.listUnitMinor),
      netUnitMinor: Number(line.netUnitMinor),
      lineTotalMinor: Number(line.lineTotalMinor),
      allocations: allocations
        .filter((a) => a.orderLineId === line.id)
        .map(({ orderLineId: _line, ...a }) => a),
    })),
    events,
    payments: paymentRows.map((p) => ({
      ...p,
      amountMinor: Number(p.amountMinor),
      refundable: refundable.includes(p.id),
    })),
    needsAttention: needsPaymentAttention(order) || refundable.length > 0,
    actions: {
      confirm: canConfirm(order.status),
      ship: canShip(order.status),
      deliver: canDeliver(order.status),
      releaseCreditHold: canReleaseCreditHold(order.status),
      cancel: canCancelAsVendor(order.status),
    },
  }
}

export type OrderForVendor = Awaited<ReturnType<typeof getOrderForVendor>>
