import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orders } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { canDeliver } from './fulfilment-rules'
import {
  addOrderEvent,
  buyerContact,
  lockOrder,
  portalOrderUrl,
  staleOrder,
  type FulfilmentActor,
} from './fulfilment-support.server'

export type DeliverOrderOptions = {
  actor: FulfilmentActor
  orderId: string
  note?: string | null
  /** Origin for links in notification e-mails. */
  origin: string
  ip?: string | null
  now?: Date
}

/** Vendor staff record that a shipped order arrived (shipped → delivered); the buyer is told. */
export async function deliverOrder(
  db: Database,
  options: DeliverOrderOptions,
): Promise<{ number: string }> {
  const now = options.now ?? new Date()
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const order = await lockOrder(txDb, options.orderId)
    if (!canDeliver(order.status)) throw staleOrder(order.number, order.status)
    await tx
      .update(orders)
      .set({ status: 'delivered', deliveredAt: now })
      .where(eq(orders.id, order.id))
    await addOrderEvent(txDb, {
      orderId: order.id,
      actorUserId: options.actor.id,
      type: 'delivered',
      fromStatus: order.status,
      toStatus: 'delivered',
      note: options.note ?? null,
      at: now,
    })
    await recordAudit(txDb, {
      actor: options.actor,
      action: 'order.delivered',
      entityType: 'order',
      entityId: order.id,
      partnerId: order.partnerId,
      before: { status: order.status },
      after: { status: 'delivered', ...(options.note ? { note: options.note } : {}) },
      ip: options.ip,
    })
    const buyer = await buyerContact(txDb, order)
    if (buyer) {
      await enqueueEmail(txDb, {
        to: buyer.email,
        locale: buyer.locale,
        template: 'order-delivered',
        number: order.number,
        url: portalOrderUrl(options.origin, order.id),
      })
    }
    return { number: order.number }
  })
}
