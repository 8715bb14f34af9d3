import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orders, type OrderStatus } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import type { knownAuditActions } from '#app/modules/audit/audit-rules'
import {
  addOrderEvent,
  buyerContact,
  lockOrder,
  portalOrderUrl,
  staleOrder,
  type FulfilmentActor,
  type LockedOrder,
} from './fulfilment-support.server'

export type MoveOrderOptions = {
  actor: FulfilmentActor
  orderId: string
  note?: string | null
  /** Origin for links in notification e-mails. */
  origin: string
  ip?: string | null
  now?: Date
}

/** One vendor step that only changes the order's status, told to the buyer by e-mail. */
export type OrderStep = {
  allowed: (status: OrderStatus) => boolean
  to: OrderStatus
  /** The order's timestamp column of the new status. */
  stamp: 'confirmedAt' | 'deliveredAt' | 'submittedAt'
  eventType: string
  action: (typeof knownAuditActions)[number]
  template: 'order-confirmed' | 'order-delivered' | 'order-credit-released'
  details?: (order: LockedOrder) => Record<string, unknown>
}

/**
 * Moves an order one step with the order row locked: re-checked against its status now (a
 * stale page is refused, nothing changes), then the status and its timestamp, the history
 * entry, the audit row and the buyer's e-mail, all in one transaction.
 */
export async function moveOrder(
  db: Database,
  options: MoveOrderOptions,
  step: OrderStep,
): Promise<{ number: string }> {
  const now = options.now ?? new Date()
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const order = await lockOrder(txDb, options.orderId)
    if (!step.allowed(order.status)) throw staleOrder(order.number, order.status)
    await tx
      .update(orders)
      .set({ status: step.to, [step.stamp]: now })
      .where(eq(orders.id, order.id))
    await addOrderEvent(txDb, {
      orderId: order.id,
      actorUserId: options.actor.id,
      type: step.eventType,
      fromStatus: order.status,
      toStatus: step.to,
      note: options.note ?? null,
      ...(step.details ? { details: step.details(order) } : {}),
      at: now,
    })
    await recordAudit(txDb, {
      actor: options.actor,
      action: step.action,
      entityType: 'order',
      entityId: order.id,
      partnerId: order.partnerId,
      before: { status: order.status },
      after: { status: step.to, ...(options.note ? { note: options.note } : {}) },
      ip: options.ip,
    })
    const buyer = await buyerContact(txDb, order)
    if (buyer) {
      await enqueueEmail(txDb, {
        to: buyer.email,
        locale: buyer.locale,
        template: step.template,
        number: order.number,
        url: portalOrderUrl(options.origin, order.id),
      })
    }
    return { number: order.number }
  })
}
