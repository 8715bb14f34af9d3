import { and, eq, or } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orderEvents, orders, type OrderStatus } from '#db/schema/orders'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'

/**
 * Small pieces shared by the vendor's order actions, the payment webhook and the expiry sweeper:
 * the locked order, the history entry, who hears about a change, and the refusals.
 */

export type FulfilmentActor = { id: string; email: string }

export const orderNotFound = () =>
  new AppError('not_found', {
    message: 'order not found',
    userMessage: 'fulfilment:errors.orderNotFound',
  })

/**
 * Refusal when an action meets an order that moved on since the page was drawn (another manager
 * was faster, the sweeper expired it, a payment arrived): a clear message, nothing changed.
 */
export const staleOrder = (number: string, status: OrderStatus) =>
  new AppError('conflict', {
    message: `order ${number} is ${status}`,
    userMessage: 'fulfilment:errors.stale',
    params: { number, status },
  })

export type LockedOrder = typeof orders.$inferSelect & {
  partnerName: string
  partnerChannelManagerId: string | null
}

/** The order with its partner's name, locked (FOR UPDATE) for the rest of the transaction. */
export async function lockOrder(
  tx: Database,
  orderId: string,
  scope: { partnerId?: string } = {},
): Promise<LockedOrder> {
  if (!isUuid(orderId)) throw orderNotFound()
  const [row] = await tx
    .select({
      order: orders,
      partnerName: partners.name,
      partnerChannelManagerId: partners.channelManagerId,
    })
    .from(orders)
    .innerJoin(partners, eq(partners.id, orders.partnerId))
    .where(
      scope.partnerId
        ? and(eq(orders.id, orderId), eq(orders.partnerId, scope.partnerId))
        : eq(orders.id, orderId),
    )
    .for('update', { of: orders })
  if (!row) throw orderNotFound()
  return {
    ...row.order,
    partnerName: row.partnerName,
    partnerChannelManagerId: row.partnerChannelManagerId,
  }
}

export type OrderEventInput = {
  orderId: string
  /** Null for the system (the expiry sweeper, a payment webhook). */
  actorUserId: string | null
  type: string
  fromStatus?: OrderStatus | null
  toStatus?: OrderStatus | null
  note?: string | null
  details?: Record<string, unknown> | null
  at: Date
}

/** One entry in the order's history; in the transaction of the change. */
export async function addOrderEvent(tx: Database, event: OrderEventInput): Promise<void> {
  await tx.insert(orderEvents).values({
    orderId: event.orderId,
    actorUserId: event.actorUserId,
    type: event.type,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    note: event.note ?? null,
    details: event.details ?? null,
    createdAt: event.at,
  })
}

export type Contact = { email: string; locale: string | null }

/** The partner user who placed the order, when still active (a disabled account gets nothing). */
export async function buyerContact(tx: Database, order: { placedById: string }) {
  const [user] = await tx
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.id, order.placedById), eq(users.status, 'active')))
  return user ?? null
}

/**
 * Vendor staff who must hear about an order that needs a decision: the partner's channel manager
 * and every active admin (both work the order queue).
 */
export async function orderDeskContacts(
  tx: Database,
  order: { partnerChannelManagerId: string | null },
): Promise<Contact[]> {
  const rows = await tx
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(
      and(
        eq(users.status, 'active'),
        order.partnerChannelManagerId
          ? or(eq(users.role, 'admin'), eq(users.id, order.partnerChannelManagerId))
          : eq(users.role, 'admin'),
      ),
    )
  return rows
}

/** Where the buyer follows the order (the partner's order page) and where vendor staff do. */
export const portalOrderUrl = (origin: string, orderId: string) =>
  `${origin}/portal/orders/${orderId}`
export const adminOrderUrl = (origin: string, orderId: string) =>
  `${origin}/admin/orders/${orderId}`
