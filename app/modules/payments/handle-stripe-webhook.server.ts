import { and, desc, eq, inArray, ne } from 'drizzle-orm'
import type Stripe from 'stripe'
import type { Database } from '#db/client.server'
import { orders, payments, stripeEvents, type Payment } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import type { PaymentAttentionReason } from '#app/modules/notifications/fulfilment-email-templates'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { expireOrder } from '#app/modules/orders/expire-order.server'
import {
  addOrderEvent,
  adminOrderUrl,
  buyerContact,
  lockOrder,
  orderDeskContacts,
  portalOrderUrl,
  type LockedOrder,
} from '#app/modules/orders/fulfilment-support.server'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { getStripeGateway, type StripeGateway } from './stripe-gateway.server'

export type HandleStripeWebhookOptions = {
  /** The request body exactly as received: the signature covers these bytes. */
  payload: string | Buffer
  /** The Stripe-Signature header. */
  signature: string | null
  /** Origin for links in notification e-mails. */
  origin: string
  now?: Date
  /** Defaults to the configured Stripe account. */
  gateway?: StripeGateway | null
}

export type HandleStripeWebhookResult = {
  eventId: string
  type: string
  /** processed: first delivery, acted on; duplicate: seen before, nothing done; ignored: not ours. */
  outcome: 'processed' | 'duplicate' | 'ignored'
}

const badSignature = (message: string) =>
  new AppError('bad_request', { message, userMessage: 'fulfilment:webhook.badSignature' })

/**
 * The Stripe webhook (ADR 0015). The signature is verified over the raw body with the endpoint's
 * secret and Stripe's 5-minute tolerance; a bad signature or a stale timestamp is refused (400) and
 * nothing changes. A verified event is stored in stripe_events with INSERT … ON CONFLICT DO
 * NOTHING in the same transaction as its processing, so an event is acted on exactly once: a
 * replay (Stripe retries, a duplicate delivery, an attacker re-sending a captured request) finds
 * the row and is a no-op; a failure rolls both back and Stripe's retry processes it again.
 *
 * - checkout.session.completed (paid), checkout.session.async_payment_succeeded: the payment
 *   succeeded; a pending card order is paid and submitted (pending_payment → submitted).
 * - checkout.session.async_payment_failed, payment_intent.payment_failed: the attempt failed;
 *   the order keeps waiting (the buyer may try again) until its own payment expiry.
 * - checkout.session.expired: the attempt expired; the order expires now if its own payment
 *   window is over too, else it keeps waiting for a new attempt.
 * - charge.refunded: the payment was refunded; the order's payment status follows.
 * A payment for an order that is no longer awaiting one (cancelled, expired, already paid, or
 * not for the amount) is recorded, never lost, and flagged for the order desk.
 */
export async function handleStripeWebhook(
  db: Database,
  options: HandleStripeWebhookOptions,
): Promise<HandleStripeWebhookResult> {
  const now = options.now ?? new Date()
  const gateway = options.gateway === undefined ? getStripeGateway() : options.gateway
  if (!options.signature) throw badSignature('missing Stripe-Signature header')
  if (!gateway) {
    throw new AppError('conflict', {
      message: 'a signed Stripe webhook arrived but Stripe is not configured',
      userMessage: 'fulfilment:errors.cardUnavailable',
    })
  }
  let event: Stripe.Event
  try {
    event = gateway.client.webhooks.constructEvent(
      options.payload,
      options.signature,
      gateway.webhookSecret,
      gateway.toleranceSeconds,
      undefined,
      now.getTime(),
    )
  } catch (error) {
    throw badSignature(error instanceof Error ? error.message : 'signature verification failed')
  }

  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const stored = await tx
      .insert(stripeEvents)
      .values({ eventId: event.id, type: event.type, receivedAt: now, processedAt: now })
      .onConflictDoNothing()
      .returning({ eventId: stripeEvents.eventId })
    if (stored.length === 0) {
      return { eventId: event.id, type: event.type, outcome: 'duplicate' as const }
    }
    const context: EventContext = { tx: txDb, now, origin: options.origin, eventId: event.id }
    let acted = false
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
        acted =
          event.data.object.payment_status === 'paid' ||
          event.data.object.payment_status === 'no_payment_required'
            ? await sessionPaid(context, event.data.object)
            : await sessionAwaitingPayment(context, event.data.object)
        break
      case 'checkout.session.async_payment_failed':
        acted = await attemptFailed(context, {
          session: event.data.object,
          reason: 'async payment failed',
        })
        break
      case 'checkout.session.expired':
        acted = await sessionExpired(context, event.data.object)
        break
      case 'payment_intent.payment_failed':
        acted = await paymentIntentFailed(context, event.data.object)
        break
      case 'charge.refunded':
        acted = await chargeRefunded(context, event.data.object)
        break
      default:
        acted = false
    }
    return { eventId: event.id, type: event.type, outcome: acted ? 'processed' : 'ignored' }
  })
}

type EventContext = { tx: Database; now: Date; origin: string; eventId: string }

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === 'string' ? value : (value?.id ?? null)

/** The order a session pays: our metadata first, the client reference as a fallback. */
function orderIdOfSession(session: Stripe.Checkout.Session): string | null {
  const id = session.metadata?.orderId ?? session.client_reference_id
  return isUuid(id) ? id : null
}

async function lockOrderOrNull(tx: Database, orderId: string | null) {
  if (!orderId) return null
  return lockOrder(tx, orderId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null
    throw error
  })
}

/** The payment row of a session, created from the session when ours was never recorded. */
async function paymentOfSession(
  context: EventContext,
  order: LockedOrder,
  session: Stripe.Checkout.Session,
): Promise<Payment> {
  const [existing] = await context.tx
    .select()
    .from(payments)
    .where(and(eq(payments.provider, 'stripe'), eq(payments.checkoutSessionId, session.id)))
    .for('update')
  if (existing) return existing
  // The buyer reached Stripe but our record of the attempt was lost (a crash after Stripe
  // answered): the session itself says what it was for.
  const [created] = await context.tx
    .insert(payments)
    .values({
      orderId: order.id,
      checkoutSessionId: session.id,
      amountMinor: session.amount_total ?? order.totalMinor,
      currency: (session.currency ?? order.currency).toUpperCase(),
      status: 'open',
      expiresAt: session.expires_at ? new Date(session.expires_at * 1000) : null,
    })
    .returning()
  return created!
}

async function sessionPaid(context: EventContext, session: Stripe.Checkout.Session) {
  const { tx, now } = context
  const order = await lockOrderOrNull(tx, orderIdOfSession(session))
  if (!order) return false
  const payment = await paymentOfSession(context, order, session)
  if (payment.status === 'succeeded' || payment.status === 'refunded') return false
  const amountMinor = session.amount_total ?? payment.amountMinor
  const currency = (session.currency ?? payment.currency).toUpperCase()
  await tx
    .update(payments)
    .set({
      status: 'succeeded',
      succeededAt: now,
      paymentIntentId: idOf(session.payment_intent) ?? payment.paymentIntentId,
      amountMinor,
      currency,
      failureReason: null,
    })
    .where(eq(payments.id, payment.id))

  const matches = amountMinor === order.totalMinor && currency === order.currency
  const details = {
    paymentId: payment.id,
    checkoutSessionId: session.id,
    amountMinor,
    currency,
    eventId: context.eventId,
  }
  if (order.status === 'pending_payment' && order.paymentStatus === 'unpaid' && matches) {
    await tx
      .update(orders)
      .set({ status: 'submitted', submittedAt: now, paymentStatus: 'paid', paidAt: now })
      .where(eq(orders.id, order.id))
    await addOrderEvent(tx, {
      orderId: order.id,
      actorUserId: null,
      type: 'paid',
      fromStatus: 'pending_payment',
      toStatus: 'submitted',
      details,
      at: now,
    })
    await recordAudit(tx, {
      actor: null,
      action: 'order.paid',
      entityType: 'order',
      entityId: order.id,
      partnerId: order.partnerId,
      before: { status: 'pending_payment', paymentStatus: 'unpaid' },
      after: { status: 'submitted', paymentStatus: 'paid', ...details },
    })
    const buyer = await buyerContact(tx, order)
    if (buyer) {
      await enqueueEmail(tx, {
        to: buyer.email,
        locale: buyer.locale,
        template: 'order-paid',
        number: order.number,
        amountMinor,
        currency,
        url: portalOrderUrl(context.origin, order.id),
      })
    }
    return true
  }

  // Money arrived that the order cannot use as it is: record it on the order, never lose it.
  const reason: PaymentAttentionReason =
    order.paymentStatus === 'paid'
      ? 'duplicate_payment'
      : !matches
        ? 'amount_mismatch'
        : 'paid_after_close'
  if (order.paymentStatus !== 'paid') {
    await tx
      .update(orders)
      .set({ paymentStatus: 'paid', paidAt: now })
      .where(eq(orders.id, order.id))
  }
  await flagForAttention(context, order, { reason, amountMinor, currency, details })
  return true
}

async function flagForAttention(
  context: EventContext,
  order: LockedOrder,
  flag: {
    reason: PaymentAttentionReason
    amountMinor: number
    currency: string
    details: Record<string, unknown>
  },
) {
  const { tx, now } = context
  await addOrderEvent(tx, {
    orderId: order.id,
    actorUserId: null,
    type: 'payment_needs_attention',
    details: { ...flag.details, reason: flag.reason, orderStatus: order.status },
    at: now,
  })
  await recordAudit(tx, {
    actor: null,
    action: 'order.payment_needs_attention',
    entityType: 'order',
    entityId: order.id,
    partnerId: order.partnerId,
    after: { reason: flag.reason, orderStatus: order.status, ...flag.details },
  })
  for (const contact of await orderDeskContacts(tx, order)) {
    await enqueueEmail(tx, {
      to: contact.email,
      locale: contact.locale,
      template: 'order-needs-attention',
      number: order.number,
      partnerName: order.partnerName,
      reason: flag.reason,
      amountMinor: flag.amountMinor,
      currency: flag.currency,
      url: adminOrderUrl(context.origin, order.id),
    })
  }
}

/** Completed with a payment still on its way (bank debits): note its PaymentIntent, wait. */
async function sessionAwaitingPayment(context: EventContext, session: Stripe.Checkout.Session) {
  const order = await lockOrderOrNull(context.tx, orderIdOfSession(session))
  if (!order) return false
  const payment = await paymentOfSession(context, order, session)
  const paymentIntentId = idOf(session.payment_intent)
  if (paymentIntentId && !payment.paymentIntentId) {
    await context.tx.update(payments).set({ paymentIntentId }).where(eq(payments.id, payment.id))
  }
  return true
}

async function sessionExpired(context: EventContext, session: Stripe.Checkout.Session) {
  const { tx, now } = context
  const order = await lockOrderOrNull(tx, orderIdOfSession(session))
  if (!order) return false
  const payment = await paymentOfSession(context, order, session)
  if (payment.status === 'open' || payment.status === 'failed') {
    await tx.update(payments).set({ status: 'expired' }).where(eq(payments.id, payment.id))
    await addOrderEvent(tx, {
      orderId: order.id,
      actorUserId: null,
      type: 'payment_expired',
      details: { paymentId: payment.id, checkoutSessionId: session.id },
      at: now,
    })
  }
  // The order's own deadline decides (ADR 0015): over → it expires now, without waiting for the
  // sweeper; not yet → the buyer may still start a new attempt.
  await expireOrder(tx, { order, now, origin: context.origin })
  return true
}

async function attemptFailed(
  context: EventContext,
  attempt: {
    session?: Stripe.Checkout.Session
    paymentIntent?: Stripe.PaymentIntent
    reason: string
  },
) {
  const { tx, now } = context
  const orderId = attempt.session
    ? orderIdOfSession(attempt.session)
    : (attempt.paymentIntent?.metadata?.orderId ?? null)
  const order = await lockOrderOrNull(tx, isUuid(orderId) ? orderId : null)
  if (!order) return false
  const paymentIntentId = attempt.paymentIntent?.id ?? idOf(attempt.session?.payment_intent)
  let payment: Payment | undefined
  if (attempt.session) {
    payment = await paymentOfSession(context, order, attempt.session)
  } else {
    // Known by its PaymentIntent, else the order's latest attempt still in play.
    ;[payment] = paymentIntentId
      ? await tx
          .select()
          .from(payments)
          .where(
            and(eq(payments.provider, 'stripe'), eq(payments.paymentIntentId, paymentIntentId)),
          )
          .for('update')
      : []
    if (!payment) {
      ;[payment] = await tx
        .select()
        .from(payments)
        .where(and(eq(payments.orderId, order.id), inArray(payments.status, ['open', 'failed'])))
        .orderBy(desc(payments.createdAt))
        .limit(1)
        .for('update')
    }
  }
  if (!payment || payment.status === 'succeeded' || payment.status === 'refunded') return false
  await tx
    .update(payments)
    .set({
      status: 'failed',
      failedAt: now,
      failureReason: attempt.reason.slice(0, 500),
      paymentIntentId: payment.paymentIntentId ?? paymentIntentId,
    })
    .where(eq(payments.id, payment.id))
  await addOrderEvent(tx, {
    orderId: order.id,
    actorUserId: null,
    type: 'payment_failed',
    details: { paymentId: payment.id, reason: attempt.reason.slice(0, 500) },
    at: now,
  })
  if (order.status === 'pending_payment' && order.paymentExpiresAt) {
    const buyer = await buyerContact(tx, order)
    if (buyer) {
      await enqueueEmail(tx, {
        to: buyer.email,
        locale: buyer.locale,
        template: 'order-payment-failed',
        number: order.number,
        reason: attempt.reason,
        until: order.paymentExpiresAt,
        url: portalOrderUrl(context.origin, order.id),
      })
    }
  }
  return true
}

function paymentIntentFailed(context: EventContext, paymentIntent: Stripe.PaymentIntent) {
  const error = paymentIntent.last_payment_error
  return attemptFailed(context, {
    paymentIntent,
    reason: error?.message ?? error?.decline_code ?? error?.code ?? 'payment failed',
  })
}

async function chargeRefunded(context: EventContext, charge: Stripe.Charge) {
  const { tx, now } = context
  const paymentIntentId = idOf(charge.payment_intent)
  if (!paymentIntentId) return false
  const [found] = await tx
    .select({ orderId: payments.orderId })
    .from(payments)
    .where(and(eq(payments.provider, 'stripe'), eq(payments.paymentIntentId, paymentIntentId)))
  if (!found) return false
  // Lock order first, then payment: the order every writer takes them in.
  const order = await lockOrder(tx, found.orderId)
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.provider, 'stripe'), eq(payments.paymentIntentId, paymentIntentId)))
    .for('update')
  if (!payment) return false
  const currency = charge.currency.toUpperCase()
  const details = {
    paymentId: payment.id,
    amountRefundedMinor: charge.amount_refunded,
    currency,
    eventId: context.eventId,
  }
  if (!charge.refunded) {
    // Part of the charge given back (from Stripe's dashboard): noted, the payment stands.
    await addOrderEvent(tx, {
      orderId: order.id,
      actorUserId: null,
      type: 'partially_refunded',
      details,
      at: now,
    })
    return true
  }
  if (payment.status === 'refunded') return false
  await tx
    .update(payments)
    .set({ status: 'refunded', refundedAt: now })
    .where(eq(payments.id, payment.id))
  const [stillPaid] = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(
      and(
        eq(payments.orderId, order.id),
        eq(payments.status, 'succeeded'),
        ne(payments.id, payment.id),
      ),
    )
    .limit(1)
  const paymentStatus = stillPaid ? order.paymentStatus : 'refunded'
  if (paymentStatus !== order.paymentStatus) {
    await tx.update(orders).set({ paymentStatus }).where(eq(orders.id, order.id))
  }
  await addOrderEvent(tx, {
    orderId: order.id,
    actorUserId: null,
    type: 'refunded',
    details,
    at: now,
  })
  await recordAudit(tx, {
    actor: null,
    action: 'order.refunded',
    entityType: 'order',
    entityId: order.id,
    partnerId: order.partnerId,
    before: { paymentStatus: order.paymentStatus },
    after: { paymentStatus, ...details },
  })
  const buyer = await buyerContact(tx, order)
  if (buyer) {
    await enqueueEmail(tx, {
      to: buyer.email,
      locale: buyer.locale,
      template: 'order-refunded',
      number: order.number,
      amountMinor: charge.amount_refunded,
      currency,
      url: portalOrderUrl(context.origin, order.id),
    })
  }
  return true
}
