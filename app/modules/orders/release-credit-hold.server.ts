import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orders } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { canReleaseCreditHold } from './fulfilment-rules'
import {
  addOrderEvent,
  buyerContact,
  lockOrder,
  portalOrderUrl,
  staleOrder,
  type FulfilmentActor,
} from './fulfilment-support.server'

export type ReleaseCreditHoldOptions = {
  actor: FulfilmentActor
  orderId: string
  note?: string | null
  /** Origin for links in notification e-mails. */
  origin: string
  ip?: string | null
  now?: Date
}

/**
 * Vendor staff accept an order over the partner's credit limit (credit_hold → submitted). Its
 * stock stays reserved; the order joins the queue of submitted orders and the buyer is told.
 */
export async function releaseCreditHold(
  db: Database,
  options: ReleaseCreditHoldOptions,
): Promise<{ number: string }> {
  const now = options.now ?? new Date()
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const order = await lockOrder(txDb, options.orderId)
    if (!canReleaseCreditHold(order.status)) throw staleOrder(order.number, order.status)
    await tx
      .update(orders)
      .set({ status: 'submitted', submittedAt: now })
      .where(eq(orders.id, order.id))
    await addOrderEvent(txDb, {
      orderId: order.id,
      actorUserId: options.actor.id,
      type: 'credit_released',
      fromStatus: 'credit_hold',
      toStatus: 'submitted',
      note: options.note ?? null,
      details: { totalMinor: order.totalMinor, currency: order.currency },
      at: now,
    })
    await recordAudit(txDb, {
      actor: options.actor,
      action: 'order.credit_released',
      entityType: 'order',
      entityId: order.id,
      partnerId: order.partnerId,
      before: { status: 'credit_hold' },
      after: { status: 'submitted', ...(options.note ? { note: options.note } : {}) },
      ip: options.ip,
    })
    const buyer = await buyerContact(txDb, order)
    if (buyer) {
      await enqueueEmail(txDb, {
        to: buyer.email,
        locale: buyer.locale,
        template: 'order-credit-released',
        number: order.number,
        url: portalOrderUrl(options.origin, order.id),
      })
    }
    return { number: order.number }
  })
}
