import { and, asc, eq, lte, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orders } from '#db/schema/orders'
import { partners } from '#db/schema/partners'
import { expireOrder } from './expire-order.server'

export type SweepOrderExpiryOptions = {
  now?: Date
  /** Origin for links in notification e-mails. */
  origin: string
  /** Orders claimed per transaction. */
  batchSize?: number
}

export type SweepOrderExpiryResult = {
  /** Card orders unpaid at their payment expiry: expired, stock released. */
  expiredUnpaid: number
  /** Orders on credit hold past the hold's end: cancelled by expiry, stock released. */
  expiredCreditHolds: number
}

/**
 * The time-driven ordering rules of DESIGN §3, run every minute on every app server: unpaid card
 * orders expire and credit holds nobody decided end, each releasing its reservation. Due orders
 * are claimed in batches with FOR UPDATE SKIP LOCKED, one transaction per batch; expireOrder
 * re-checks each locked row, so parallel sweepers (and a vendor acting at the same moment) never
 * end an order twice and never release its stock twice. A second run finds nothing to do.
 */
export async function sweepOrderExpiry(
  db: Database,
  options: SweepOrderExpiryOptions,
): Promise<SweepOrderExpiryResult> {
  const now = options.now ?? new Date()
  const batchSize = options.batchSize ?? 50
  const expiredUnpaid = await inBatches(db, batchSize, (tx) =>
    expireBatch(tx, { now, origin: options.origin, batchSize, kind: 'pending_payment' }),
  )
  const expiredCreditHolds = await inBatches(db, batchSize, (tx) =>
    expireBatch(tx, { now, origin: options.origin, batchSize, kind: 'credit_hold' }),
  )
  return { expiredUnpaid, expiredCreditHolds }
}

type BatchOutcome = { claimed: number; processed: number }

async function inBatches(
  db: Database,
  batchSize: number,
  runBatch: (tx: Database) => Promise<BatchOutcome>,
): Promise<number> {
  let total = 0
  for (;;) {
    const outcome = await db.transaction((tx) => runBatch(tx as unknown as Database))
    total += outcome.processed
    // A short batch means the rest is done or held by another sweeper, which will finish it.
    if (outcome.claimed < batchSize || outcome.processed === 0) return total
  }
}

async function expireBatch(
  tx: Database,
  context: {
    now: Date
    origin: string
    batchSize: number
    kind: 'pending_payment' | 'credit_hold'
  },
): Promise<BatchOutcome> {
  const { now, kind } = context
  const deadline = kind === 'pending_payment' ? orders.paymentExpiresAt : orders.creditHoldExpiresAt
  // The partial indexes orders_payment_expiry_idx / orders_credit_hold_expiry_idx serve this.
  const rows = await tx
    .select({
      order: orders,
      partnerName: partners.name,
      partnerChannelManagerId: partners.channelManagerId,
    })
    .from(orders)
    .innerJoin(partners, eq(partners.id, orders.partnerId))
    .where(
      and(
        eq(orders.status, kind),
        lte(deadline, now),
        // A paid order never expires for want of payment (it waits for a vendor decision).
        kind === 'pending_payment' ? eq(orders.paymentStatus, 'unpaid') : undefined,
      ),
    )
    .orderBy(asc(deadline))
    .limit(context.batchSize)
    .for('update', { of: orders, skipLocked: true })

  if (rows.length === 0) return { claimed: 0, processed: 0 }
  await lockStockOf(
    tx,
    rows.map((row) => row.order.id),
  )
  let processed = 0
  for (const row of rows) {
    const order = {
      ...row.order,
      partnerName: row.partnerName,
      partnerChannelManagerId: row.partnerChannelManagerId,
    }
    if (await expireOrder(tx, { order, now, origin: context.origin })) processed++
  }
  return { claimed: rows.length, processed }
}

/**
 * Locks, up front and in the one global order every stock writer uses (product id, then the
 * warehouse's sort order, code and id), every stock row the batch's orders hold reservations in.
 * Releasing order by order would take them in a different order across the batch and could
 * deadlock with a checkout or a vendor action; taken all at once in that order, it cannot.
 */
async function lockStockOf(tx: Database, orderIds: string[]) {
  await tx.execute(
    sql`select 1 from stock_levels s join warehouses w on w.id = s.warehouse_id
        where (s.product_id, s.warehouse_id) in (
          select a.product_id, a.warehouse_id from order_allocations a
          where a.order_id in (${sql.join(
            orderIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )}) and a.status = 'reserved')
        order by s.product_id, w.sort_order, w.code, w.id
        for update of s`,
  )
}
