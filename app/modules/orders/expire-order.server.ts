import { and, eq, lte } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orders, payments } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import {
  addOrderEvent,
  buyerContact,
  portalOrderUrl,
  type LockedOrder,
} from './fulfilment-support.server'
import { releaseReservation } from './release-reservation.server'

export type ExpireOrderOptions = {
  /** The order, locked by the caller in this transaction. */
  order: LockedOrder
  now: Date
  origin: string
}

/**
 * Ends an order whose time ran out, releasing its reservation (ADR 0015):
 * - a card order still unpaid at its payment expiry becomes `expired`;
 * - an order on credit hold with no vendor decision by the hold's end is cancelled by expiry.
 * Returns false, changing nothing, when the order is not (or no longer) due. Used by the expiry
 * sweeper and by the payment webhook (a Checkout Session that expired at the order's deadline).
 */
export async function expireOrder(tx: Database, options: ExpireOrderOptions): Promise<boolean> {
  const { order, now } = options
  const dueForPayment =
    order.status === 'pending_payment' &&
    order.paymentStatus === 'unpaid' &&
    order.paymentExpiresAt !== null &&
    order.paymentExpiresAt <= now
  const dueForCredit =
    order.status === 'credit_hold' &&
    order.creditHoldExpiresAt !== null &&
    order.creditHoldExpiresAt <= now
  if (!dueForPayment && !dueForCredit) return false

  const released = await releaseReservation(tx, order.id, { now })
  if (dueForPayment) {
    await tx
      .update(orders)
      .set({ status: 'expired', expiredAt: now })
      .where(eq(orders.id, order.id))
    // Sessions that can no longer be paid; a late "expired" webhook finds them so already.
    await tx
      .update(payments)
      .set({ status: 'expired' })
      .where(
        and(
          eq(payments.orderId, order.id),
          eq(payments.status, 'open'),
          lte(payments.expiresAt, now),
        ),
      )
  } else {
    await tx
      .update(orders)
      .set({ status: 'cancelled', cancelledAt: now, cancelledById: null })
      .where(eq(orders.id, order.id))
  }
  const cause = dueForPayment ? 'payment' : 'credit_hold'
  const deadline = dueForPayment ? order.paymentExpiresAt! : order.creditHoldExpiresAt!
  await addOrderEvent(tx, {
    orderId: order.id,
    actorUserId: null,
    type: dueForPayment ? 'expired' : 'credit_hold_expired',
    fromStatus: order.status,
    toStatus: dueForPayment ? 'expired' : 'cancelled',
    details: {
      deadline: deadline.toISOString(),
      releasedUnits: released.reduce((sum, r) => sum + r.quantity, 0),
    },
    at: now,
  })
  await recordAudit(tx, {
    actor: null,
    action: dueForPayment ? 'order.expired' : 'order.credit_hold_expired',
    entityType: 'order',
    entityId: order.id,
    partnerId: order.partnerId,
    before: { status: order.status },
    after: { status: dueForPayment ? 'expired' : 'cancelled', deadline },
  })
  const buyer = await buyerContact(tx, order)
  if (buyer) {
    await enqueueEmail(tx, {
      to: buyer.email,
      locale: buyer.locale,
      template: 'order-expired',
      number: order.number,
      cause,
      url: portalOrderUrl(options.origin, order.id),
    })
  }
  return true
}
