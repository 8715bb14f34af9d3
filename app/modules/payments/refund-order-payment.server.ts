import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orderEvents, orders, payments } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { refundIdempotencyKey, refundablePaymentIds } from '#app/modules/orders/fulfilment-rules'
import {
  addOrderEvent,
  adminOrderUrl,
  lockOrder,
  orderDeskContacts,
  type FulfilmentActor,
} from '#app/modules/orders/fulfilment-support.server'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { getStripeGateway, type StripeGateway } from './stripe-gateway.server'

export type RefundOrderPaymentOptions = {
  actor: FulfilmentActor
  orderId: string
  paymentId: string
  /** Origin for links in notification e-mails. */
  origin: string
  ip?: string | null
  now?: Date
  /** Defaults to the configured Stripe account. */
  gateway?: StripeGateway | null
}

export type RefundOutcome =
  | { outcome: 'requested'; refundId: string }
  | { outcome: 'already_requested'; refundId: string | null }
  | { outcome: 'failed'; message: string }
  | { outcome: 'unavailable' }

const notRefundable = () =>
  new AppError('conflict', {
    message: 'payment cannot be refunded',
    userMessage: 'fulfilment:errors.notRefundable',
  })

/**
 * Asks Stripe to refund one card payment in full: a paid order that was cancelled, a payment that
 * arrived after its order had ended, or a second payment for the same order. The Stripe call is
 * made outside any transaction, with an idempotency key per payment, so a retry (or a second
 * click) gets the same refund and never a second one. What Stripe answered is recorded on the
 * order (event and audit); the payment itself becomes "refunded" only when the signed
 * charge.refunded webhook confirms it. A refused or failed call is recorded and the order desk is
 * told, so the money is never forgotten.
 */
export async function refundOrderPayment(
  db: Database,
  options: RefundOrderPaymentOptions,
): Promise<RefundOutcome> {
  const now = options.now ?? new Date()
  if (!isUuid(options.orderId) || !isUuid(options.paymentId)) throw notRefundable()
  const gateway = options.gateway === undefined ? getStripeGateway() : options.gateway

  const [allPayments, previous] = await Promise.all([
    db
      .select()
      .from(payments)
      .where(eq(payments.orderId, options.orderId))
      .orderBy(asc(payments.createdAt)),
    db
      .select({ type: orderEvents.type, details: orderEvents.details })
      .from(orderEvents)
      .where(
        and(
          eq(orderEvents.orderId, options.orderId),
          inArray(orderEvents.type, ['refund_requested', 'refund_failed']),
          sql`${orderEvents.details}->>'paymentId' = ${options.paymentId}`,
        ),
      )
      .orderBy(asc(orderEvents.id)),
  ])
  const payment = allPayments.find((p) => p.id === options.paymentId)
  if (!payment || payment.status !== 'succeeded' || !payment.paymentIntentId) {
    if (payment?.status === 'refunded') return { outcome: 'already_requested', refundId: null }
    throw notRefundable()
  }
  // The order's status decides whether this payment may be given back (closed is for good).
  const [order] = await db
    .select({ status: orders.status })
    .from(orders)
    .where(eq(orders.id, options.orderId))
  if (!order || !refundablePaymentIds(order, allPayments).includes(payment.id)) {
    throw notRefundable()
  }
  const requested = previous.find((event) => event.type === 'refund_requested')
  if (requested) {
    const details = requested.details as { refundId?: string } | null
    return { outcome: 'already_requested', refundId: details?.refundId ?? null }
  }
  const attempt = previous.filter((event) => event.type === 'refund_failed').length + 1
  if (!gateway) {
    await recordFailure(db, options, payment, now, 'card payment is not configured')
    return { outcome: 'unavailable' }
  }

  let refund: { id: string; status: string | null; amount: number; currency: string }
  try {
    refund = await gateway.client.refunds.create(
      {
        payment_intent: payment.paymentIntentId,
        reason: 'requested_by_customer',
        metadata: { orderId: options.orderId, paymentId: payment.id },
      },
      { idempotencyKey: refundIdempotencyKey(payment.id, attempt) },
    )
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await recordFailure(db, options, payment, now, message)
    return { outcome: 'failed', message }
  }

  await db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const order = await lockOrder(txDb, options.orderId)
    await addOrderEvent(txDb, {
      orderId: order.id,
      actorUserId: options.actor.id,
      type: 'refund_requested',
      details: {
        paymentId: payment.id,
        refundId: refund.id,
        refundStatus: refund.status,
        amountMinor: refund.amount,
        currency: refund.currency.toUpperCase(),
      },
      at: now,
    })
    await recordAudit(txDb, {
      actor: options.actor,
      action: 'order.refund_requested',
      entityType: 'order',
      entityId: order.id,
      partnerId: order.partnerId,
      after: { paymentId: payment.id, refundId: refund.id, refundStatus: refund.status },
      ip: options.ip,
    })
  })
  return { outcome: 'requested', refundId: refund.id }
}

async function recordFailure(
  db: Database,
  options: RefundOrderPaymentOptions,
  payment: typeof payments.$inferSelect,
  now: Date,
  message: string,
) {
  await db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const order = await lockOrder(txDb, options.orderId)
    await addOrderEvent(txDb, {
      orderId: order.id,
      actorUserId: options.actor.id,
      type: 'refund_failed',
      details: { paymentId: payment.id, message: message.slice(0, 500) },
      at: now,
    })
    await recordAudit(txDb, {
      actor: options.actor,
      action: 'order.refund_failed',
      entityType: 'order',
      entityId: order.id,
      partnerId: order.partnerId,
      after: { paymentId: payment.id, message: message.slice(0, 500) },
      ip: options.ip,
    })
    for (const contact of await orderDeskContacts(txDb, order)) {
      await enqueueEmail(txDb, {
        to: contact.email,
        locale: contact.locale,
        template: 'order-needs-attention',
        number: order.number,
        partnerName: order.partnerName,
        reason: 'refund_failed',
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        url: adminOrderUrl(options.origin, order.id),
      })
    }
  })
}
