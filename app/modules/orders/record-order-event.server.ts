import type { Database } from '#db/client.server'
import { orderEvents, type OrderStatus } from '#db/schema/orders'

export type RecordOrderEventOptions = {
  orderId: string
  /** Null for the system (expiry sweeper, payment webhook). */
  actorUserId: string | null
  type: string
  fromStatus?: OrderStatus | null
  toStatus?: OrderStatus | null
  note?: string | null
  details?: Record<string, unknown> | null
  at?: Date
}

/** One entry in an order's history; call it in the transaction that makes the change. */
export async function recordOrderEvent(db: Database, options: RecordOrderEventOptions) {
  await db.insert(orderEvents).values({
    orderId: options.orderId,
    actorUserId: options.actorUserId,
    type: options.type,
    fromStatus: options.fromStatus ?? null,
    toStatus: options.toStatus ?? null,
    note: options.note ?? null,
    details: options.details ?? null,
    ...(options.at ? { createdAt: options.at } : {}),
  })
}
