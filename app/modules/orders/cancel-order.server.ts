import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orders } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { orderNotFound, visibleToActor, type OrderActor } from './order-access.server'
import { buyerMayCancel, type OrderStatus } from './order-rules'
import { recordOrderEvent } from './record-order-event.server'
import { releaseReservation } from './release-reservation.server'

export type CancelOrderOptions = {
  actor: OrderActor
  orderId: string
  reason: string | null
  ip?: string | null
  now?: Date
}

/**
 * The buyer cancels an order the vendor has not confirmed yet (submitted, on credit hold or
 * waiting for card payment): its reserved stock is released warehouse by warehouse, in the same
 * transaction as the status change, its history and audit row.
 */
export async function cancelOrder(db: Database, options: CancelOrderOptions) {
  const { actor } = options
  const now = options.now ?? new Date()
  if (!isUuid(options.orderId)) throw orderNotFound()
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select({ id: orders.id, number: orders.number, status: orders.status })
      .from(orders)
      .where(and(eq(orders.id, options.orderId), visibleToActor(actor)))
      .for('update')
    if (!order) throw orderNotFound()
    const from = order.status as OrderStatus
    if (!buyerMayCancel(from)) {
      throw new AppError('conflict', {
        userMessage: 'orders:detail.cannotCancel',
        params: { status: from },
      })
    }
    const released = await releaseReservation(tx, order.id, { now })
    await tx
      .update(orders)
      .set({
        status: 'cancelled',
        cancelledAt: now,
        cancelledById: actor.id,
        cancelReason: options.reason,
        updatedAt: now,
      })
      .where(eq(orders.id, order.id))
    await recordOrderEvent(tx, {
      orderId: order.id,
      actorUserId: actor.id,
      type: 'cancelled',
      fromStatus: from,
      toStatus: 'cancelled',
      note: options.reason,
      at: now,
    })
    await recordAudit(tx, {
      actor,
      action: 'order.cancelled',
      entityType: 'order',
      entityId: order.id,
      partnerId: actor.partnerId,
      before: { status: from },
      after: {
        status: 'cancelled',
        reason: options.reason,
        releasedUnits: released.reduce((sum, r) => sum + r.quantity, 0),
      },
      ip: options.ip,
    })
    return { orderId: order.id, number: order.number }
  })
}
