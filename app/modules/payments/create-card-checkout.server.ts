import { and, asc, count, eq, inArray } from 'drizzle-orm'
import type Stripe from 'stripe'
import type { Database } from '#db/client.server'
import { orderEvents, orderLines, orders, payments } from '#db/schema/orders'
import { users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import {
  checkoutIdempotencyKey,
  checkoutSessionWindow,
  maxCheckoutLineItems,
} from '#app/modules/orders/fulfilment-rules'
import { addOrderEvent, lockOrder, staleOrder } from '#app/modules/orders/fulfilment-support.server'
import { AppError } from '#app/utils/app-error'
import { getStripeGateway, type StripeGateway } from './stripe-gateway.server'

export type CreateCardCheckoutOptions = {
  orderId: string
  /** The partner user paying: only an order of their own partner (another's is not found). */
  actor: { id: string; email: string; partnerId: string }
  /** The portal's public origin (APP_ORIGIN): where Stripe sends the buyer back. */
  origin: string
  ip?: string | null
  now?: Date
  /** Defaults to the configured Stripe account. */
  gateway?: StripeGateway | null
}

export type CreateCardCheckoutResult = {
  /** Stripe's hosted payment page: redirect the buyer there. */
  url: string
  checkoutSessionId: string
  expiresAt: Date
}

const cardUnavailable = () =>
  new AppError('conflict', {
    message: 'card payment is not configured',
    userMessage: 'fulfilment:errors.cardUnavailable',
  })

/**
 * Starts (or resumes) the card payment of a pending card order: a Stripe Checkout Session in the
 * order's currency and minor units, with the order id in its metadata and client reference, that
 * expires with the order's payment window. The order is paid only when the signed
 * checkout.session.completed webhook says so (handle-stripe-webhook.server.ts).
 *
 * A session still open is reused (a second click, a second tab, coming back from Stripe's cancel
 * page). Otherwise a new attempt is created with an idempotency key derived from the order id and
 * the attempt number, so a double click, a retry or a crash between Stripe's answer and our commit
 * still makes one session. Stripe is called outside any transaction; the order is re-checked,
 * locked, before the payment row is recorded.
 */
export async function createCardCheckout(
  db: Database,
  options: CreateCardCheckoutOptions,
): Promise<CreateCardCheckoutResult> {
  const now = options.now ?? new Date()
  const gateway = options.gateway === undefined ? getStripeGateway() : options.gateway

  // 1. The order as it is now (locked), the attempt, and the session's expiry.
  const plan = await db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const order = await lockOrder(txDb, options.orderId, { partnerId: options.actor.partnerId })
    assertAwaitingCardPayment(order)
    if (!gateway) throw cardUnavailable()
    if (order.paymentExpiresAt! <= now) {
      // Due for the sweeper: the stock is about to be released, so no new payment can start.
      throw new AppError('conflict', {
        message: `order ${order.number}: payment window closed`,
        userMessage: 'fulfilment:errors.paymentWindowClosed',
        params: { number: order.number },
      })
    }
    const attempts = await tx
      .select()
      .from(payments)
      .where(eq(payments.orderId, order.id))
      .orderBy(asc(payments.createdAt))
    const latest = attempts.at(-1)
    const resumable =
      latest && (latest.status === 'open' || latest.status === 'failed') && latest.expiresAt
        ? latest.expiresAt.getTime() > now.getTime() + 60_000
        : false
    if (resumable && latest) {
      return {
        order,
        resume: latest.checkoutSessionId,
        attempt: attempts.length,
        expiresAt: latest.expiresAt!,
      }
    }
    // Stripe keeps a failed answer for its key: after a refused attempt, the next uses a new one.
    const [failed] = await tx
      .select({ n: count() })
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.type, 'checkout_failed')))
    const attempt = attempts.length + Number(failed?.n ?? 0) + 1
    const window = checkoutSessionWindow(order.paymentExpiresAt!, now)
    if (window.extended) {
      // Less than Stripe's half hour was left: the order waits as long as the session can be paid.
      await tx
        .update(orders)
        .set({ paymentExpiresAt: window.expiresAt })
        .where(eq(orders.id, order.id))
      await addOrderEvent(txDb, {
        orderId: order.id,
        actorUserId: options.actor.id,
        type: 'payment_window_extended',
        details: {
          from: order.paymentExpiresAt!.toISOString(),
          to: window.expiresAt.toISOString(),
        },
        at: now,
      })
    }
    const lines = await tx
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, order.id))
      .orderBy(asc(orderLines.lineNo))
    const [buyer] = await tx
      .select({ email: users.email, locale: users.locale })
      .from(users)
      .where(eq(users.id, order.placedById))
    return {
      order,
      resume: null,
      attempt,
      expiresAt: window.expiresAt,
      lines,
      buyer: buyer ?? null,
    }
  })

  // 2. Stripe, outside the transaction.
  const stripe = gateway!.client
  if (plan.resume) {
    const session = await stripeCall(() => stripe.checkout.sessions.retrieve(plan.resume))
    if (session.status === 'open' && session.url) {
      return { url: session.url, checkoutSessionId: session.id, expiresAt: plan.expiresAt }
    }
    if (session.status === 'expired') {
      // Expired before its webhook arrived: note it, and start a new attempt (once: the row
      // is no longer open, so the next round does not come back here).
      await db
        .update(payments)
        .set({ status: 'expired' })
        .where(
          and(
            eq(payments.checkoutSessionId, session.id),
            inArray(payments.status, ['open', 'failed']),
          ),
        )
      return createCardCheckout(db, options)
    }
    // Paid on Stripe's page; the webhook that makes the order paid is on its way.
    throw new AppError('conflict', {
      message: `order ${plan.order.number}: Checkout Session ${session.id} is complete`,
      userMessage: 'fulfilment:errors.paymentInProgress',
      params: { number: plan.order.number },
    })
  }
  const { order } = plan
  const currency = order.currency.toLowerCase()
  const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] =
    plan.lines!.length + (order.shippingMinor > 0 ? 1 : 0) <= maxCheckoutLineItems
      ? [
          ...plan.lines!.map((line) => ({
            quantity: line.quantity,
            price_data: {
              currency,
              unit_amount: line.netUnitMinor,
              product_data: { name: `${line.sku} · ${line.name}`.slice(0, 250) },
            },
          })),
          ...(order.shippingMinor > 0
            ? [
                {
                  quantity: 1,
                  price_data: {
                    currency,
                    unit_amount: order.shippingMinor,
                    product_data: { name: 'Shipping' },
                  },
                },
              ]
            : []),
        ]
      : [
          {
            quantity: 1,
            price_data: {
              currency,
              unit_amount: order.totalMinor,
              product_data: { name: `Order ${order.number} (${plan.lines!.length} lines)` },
            },
          },
        ]
  const metadata = { orderId: order.id, orderNumber: order.number, attempt: String(plan.attempt) }
  const session = await stripeCall(
    () =>
      stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: order.id,
          metadata,
          payment_intent_data: { metadata, description: `Order ${order.number}` },
          line_items: lineItems,
          customer_email: plan.buyer?.email,
          locale: plan.buyer?.locale === 'zh-CN' ? 'zh' : 'en',
          expires_at: Math.floor(plan.expiresAt.getTime() / 1000),
          success_url: `${options.origin}/portal/orders/${order.id}?payment=success`,
          cancel_url: `${options.origin}/portal/orders/${order.id}?payment=cancelled`,
        },
        { idempotencyKey: checkoutIdempotencyKey(order.id, plan.attempt) },
      ),
    (message) =>
      db.transaction(async (tx) => {
        await addOrderEvent(tx as unknown as Database, {
          orderId: order.id,
          actorUserId: options.actor.id,
          type: 'checkout_failed',
          details: { attempt: plan.attempt, message: message.slice(0, 500) },
          at: now,
        })
      }),
  )
  if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a URL`)
  const expiresAt = new Date(session.expires_at * 1000)

  // 3. Record the attempt, unless the order ended meanwhile.
  const recorded = await db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const current = await lockOrder(txDb, order.id, { partnerId: options.actor.partnerId })
    if (current.status !== 'pending_payment' || current.paymentStatus !== 'unpaid') {
      return { ok: false as const, status: current.status }
    }
    const inserted = await tx
      .insert(payments)
      .values({
        orderId: order.id,
        checkoutSessionId: session.id,
        amountMinor: session.amount_total ?? order.totalMinor,
        currency: (session.currency ?? currency).toUpperCase(),
        status: 'open',
        expiresAt,
      })
      .onConflictDoNothing()
      .returning({ id: payments.id })
    if (inserted[0]) {
      await addOrderEvent(txDb, {
        orderId: order.id,
        actorUserId: options.actor.id,
        type: 'checkout_started',
        details: {
          paymentId: inserted[0].id,
          checkoutSessionId: session.id,
          attempt: plan.attempt,
          expiresAt: expiresAt.toISOString(),
        },
        at: now,
      })
      await recordAudit(txDb, {
        actor: options.actor,
        action: 'order.checkout_started',
        entityType: 'order',
        entityId: order.id,
        partnerId: order.partnerId,
        after: { checkoutSessionId: session.id, attempt: plan.attempt, expiresAt },
        ip: options.ip,
      })
    }
    return { ok: true as const }
  })
  if (!recorded.ok) {
    // Cancelled or expired while Stripe answered: close the session so it cannot be paid.
    await stripe.checkout.sessions.expire(session.id).catch(() => undefined)
    throw staleOrder(order.number, recorded.status)
  }
  return { url: session.url, checkoutSessionId: session.id, expiresAt }
}

/** Stripe unreachable or refusing: a message for the buyer (try again), never a crash page. */
async function stripeCall<T>(
  call: () => Promise<T>,
  onFailure?: (message: string) => Promise<unknown>,
): Promise<T> {
  try {
    return await call()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.warn('Stripe Checkout call failed:', message)
    await onFailure?.(message)
    throw new AppError('conflict', {
      message: `Stripe: ${message}`,
      userMessage: 'fulfilment:errors.stripeUnavailable',
    })
  }
}

function assertAwaitingCardPayment(order: {
  number: string
  status: (typeof orders.$inferSelect)['status']
  paymentMethod: string
  paymentStatus: string
  paymentExpiresAt: Date | null
}) {
  if (
    order.status !== 'pending_payment' ||
    order.paymentMethod !== 'card' ||
    order.paymentStatus !== 'unpaid' ||
    !order.paymentExpiresAt
  ) {
    throw new AppError('conflict', {
      message: `order ${order.number} is not awaiting a card payment (${order.status})`,
      userMessage: 'fulfilment:errors.notAwaitingPayment',
      params: { number: order.number, status: order.status },
    })
  }
}
