import { and, eq, inArray } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orders, payments } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import {
  refundOrderPayment,
  type RefundOutcome,
} from '#app/modules/payments/refund-order-payment.server'
import { getStripeGateway, type StripeGateway } from '#app/modules/payments/stripe-gateway.server'
import { canCancelAsVendor } from './fulfilment-rules'
import {
  addOrderEvent,
  buyerContact,
  lockOrder,
  portalOrderUrl,
  staleOrder,
  type FulfilmentActor,
} from './fulfilment-support.server'
import { releaseReservation } from './release-reservation.server'

export type CancelOrderAsVendorOptions = {
  actor: FulfilmentActor
  orderId: string
  /** Told to the buyer and kept in the history. */
  reason: string
  /** Origin for links in notification e-mails. */
  origin: string
  ip?: string | null
  now?: Date
  /** Defaults to the configured Stripe account (refunds, closing open Checkout Sessions). */
  gateway?: StripeGateway | null
}

export type CancelOrderAsVendorResult = {
  number: string
  /** One per card payment that was refunded (requested from Stripe) with the cancellation. */
  refunds: RefundOutcome[]
}

/**
 * Vendor staff cancel an order before it ships, with a reason: from pending payment, credit hold
 * (the "cancel" of a credit-hold decision), submitted or confirmed. In one transaction with the
 * order locked: the order is cancelled, its reservation released, the history, audit and the
 * buyer's e-mail written. After commit, Stripe is asked to refund every card payment the order
 * holds, and to close a Checkout Session still open so the buyer can no longer pay it.
 */
export async function cancelOrderAsVendor(
  db: Database,
  options: CancelOrderAsVendorOptions,
): Promise<CancelOrderAsVendorResult> {
  const now = options.now ?? new Date()
  const gateway = options.gateway === undefined ? getStripeGateway() : options.gateway

  const cancelled = await db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const order = await lockOrder(txDb, options.orderId)
    if (!canCancelAsVendor(order.status)) throw staleOrder(order.number, order.status)
    const released = await releaseReservation(txDb, order.id, { now })
    await tx
      .update(orders)
      .set({
        status: 'cancelled',
        cancelledAt: now,
        cancelledById: options.actor.id,
        cancelReason: options.reason,
      })
      .where(eq(orders.id, order.id))
    const orderPayments = await tx
      .select({ id: payments.id, status: payments.status, sessionId: payments.checkoutSessionId })
      .from(payments)
      .where(
        and(
          eq(payments.orderId, order.id),
          inArray(payments.status, ['open', 'failed', 'succeeded']),
        ),
      )
    const paid = orderPayments.filter((p) => p.status === 'succeeded')
    await addOrderEvent(txDb, {
      orderId: order.id,
      actorUserId: options.actor.id,
      type: 'cancelled',
      fromStatus: order.status,
      toStatus: 'cancelled',
      note: options.reason,
      details: {
        releasedUnits: released.reduce((sum, r) => sum + r.quantity, 0),
        refundDue: paid.length > 0,
      },
      at: now,
    })
    await recordAudit(txDb, {
      actor: options.actor,
      action: 'order.cancelled',
      entityType: 'order',
      entityId: order.id,
      partnerId: order.partnerId,
      before: { status: order.status },
      after: { status: 'cancelled', cancelReason: options.reason },
      ip: options.ip,
    })
    const buyer = await buyerContact(txDb, order)
    if (buyer) {
      await enqueueEmail(txDb, {
        to: buyer.email,
        locale: buyer.locale,
        template: 'order-cancelled-by-vendor',
        number: order.number,
        reason: options.reason,
        refund: paid.length > 0,
        url: portalOrderUrl(options.origin, order.id),
      })
    }
    return {
      number: order.number,
      paidPaymentIds: paid.map((p) => p.id),
      openSessionIds: orderPayments.filter((p) => p.status !== 'succeeded').map((p) => p.sessionId),
    }
  })

  // After commit: Stripe calls never hold a transaction open, and the cancellation stands even
  // when Stripe is unreachable (a failed refund is recorded and can be retried from the page).
  if (gateway) {
    for (const sessionId of cancelled.openSessionIds) {
      await gateway.client.checkout.sessions.expire(sessionId).catch((error: unknown) => {
        // An already completed or expired session cannot be expired: nothing to close.
        console.warn(`Could not expire Checkout Session ${sessionId}:`, String(error))
      })
    }
  }
  const refunds: RefundOutcome[] = []
  for (const paymentId of cancelled.paidPaymentIds) {
    refunds.push(
      await refundOrderPayment(db, {
        actor: options.actor,
        orderId: options.orderId,
        paymentId,
        origin: options.origin,
        ip: options.ip,
        now,
        gateway,
      }),
    )
  }
  return { number: cancelled.number, refunds }
}
