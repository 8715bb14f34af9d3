import { eq, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { orders } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { AppError } from '#app/utils/app-error'
import { canShip } from './fulfilment-rules'
import {
  addOrderEvent,
  buyerContact,
  lockOrder,
  portalOrderUrl,
  staleOrder,
  type FulfilmentActor,
} from './fulfilment-support.server'

export type ShipOrderOptions = {
  actor: FulfilmentActor
  orderId: string
  carrier: string
  trackingNumber: string
  /** Origin for links in notification e-mails. */
  origin: string
  ip?: string | null
  now?: Date
}

/**
 * Vendor staff hand a confirmed order to the carrier (confirmed → shipped): the reserved units
 * leave stock in the warehouses they were reserved in (on hand and reserved −= quantity each),
 * the allocations become shipped, and the buyer gets the carrier and tracking number.
 */
export async function shipOrder(
  db: Database,
  options: ShipOrderOptions,
): Promise<{ number: string }> {
  const now = options.now ?? new Date()
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const order = await lockOrder(txDb, options.orderId)
    if (!canShip(order.status)) throw staleOrder(order.number, order.status)
    const shipped = await takeReservedStock(txDb, order.id, now)
    await tx
      .update(orders)
      .set({
        status: 'shipped',
        shippedAt: now,
        carrier: options.carrier,
        trackingNumber: options.trackingNumber,
      })
      .where(eq(orders.id, order.id))
    await addOrderEvent(txDb, {
      orderId: order.id,
      actorUserId: options.actor.id,
      type: 'shipped',
      fromStatus: order.status,
      toStatus: 'shipped',
      details: {
        carrier: options.carrier,
        trackingNumber: options.trackingNumber,
        units: shipped.reduce((sum, row) => sum + row.quantity, 0),
      },
      at: now,
    })
    await recordAudit(txDb, {
      actor: options.actor,
      action: 'order.shipped',
      entityType: 'order',
      entityId: order.id,
      partnerId: order.partnerId,
      before: {
        status: order.status,
        carrier: order.carrier,
        trackingNumber: order.trackingNumber,
      },
      after: {
        status: 'shipped',
        carrier: options.carrier,
        trackingNumber: options.trackingNumber,
      },
      ip: options.ip,
    })
    const buyer = await buyerContact(txDb, order)
    if (buyer) {
      await enqueueEmail(txDb, {
        to: buyer.email,
        locale: buyer.locale,
        template: 'order-shipped',
        number: order.number,
        carrier: options.carrier,
        trackingNumber: options.trackingNumber,
        url: portalOrderUrl(options.origin, order.id),
      })
    }
    return { number: order.number }
  })
}

type ReservedRow = {
  order_line_id: string
  product_id: string
  warehouse_id: string
  quantity: number
}

/**
 * Takes the order's reserved units out of stock, locking rows in the order every stock writer
 * uses (product id, warehouse sort order, code, id). Refuses when the reservation does not cover
 * every line in full: shipping less than ordered is not something this action may do silently.
 */
async function takeReservedStock(tx: Database, orderId: string, now: Date) {
  const rows = await queryRows<ReservedRow>(
    tx,
    sql`select a.order_line_id::text as order_line_id, a.product_id::text as product_id,
          a.warehouse_id::text as warehouse_id, a.quantity::int as quantity
        from order_allocations a join warehouses w on w.id = a.warehouse_id
        where a.order_id = ${orderId}::uuid and a.status = 'reserved'
        order by a.product_id, w.sort_order, w.code, w.id
        for update of a`,
  )
  const short = await queryRows<{ line_no: number }>(
    tx,
    sql`select l.line_no::int as line_no from order_lines l
        where l.order_id = ${orderId}::uuid
          and l.quantity <> coalesce((select sum(a.quantity) from order_allocations a
            where a.order_line_id = l.id and a.status = 'reserved'), 0)
        order by l.line_no`,
  )
  if (short.length > 0) {
    throw new AppError('conflict', {
      message: `order ${orderId}: lines ${short.map((s) => s.line_no).join(', ')} not fully reserved`,
      userMessage: 'fulfilment:errors.reservationIncomplete',
      params: { lines: short.map((s) => s.line_no).join(', ') },
    })
  }
  for (const row of rows) {
    const updated = await queryRows<{ on_hand: number }>(
      tx,
      sql`update stock_levels
          set on_hand = on_hand - ${row.quantity}::int, reserved = reserved - ${row.quantity}::int,
            updated_at = now()
          where product_id = ${row.product_id}::uuid and warehouse_id = ${row.warehouse_id}::uuid
          returning on_hand`,
    )
    if (updated.length !== 1) {
      throw new Error(
        `shipOrder: no stock row for product ${row.product_id} in warehouse ${row.warehouse_id}`,
      )
    }
  }
  await tx.execute(
    sql`update order_allocations set status = 'shipped', shipped_at = ${now.toISOString()}::timestamptz
        where order_id = ${orderId}::uuid and status = 'reserved'`,
  )
  return rows.map((row) => ({ ...row, quantity: Number(row.quantity) }))
}
