import type { Database } from '#db/client.server'
import { canDeliver } from './fulfilment-rules'
import { moveOrder, type MoveOrderOptions } from './move-order.server'

export type DeliverOrderOptions = MoveOrderOptions

/** Vendor staff record that a shipped order arrived (shipped → delivered); the buyer is told. */
export function deliverOrder(
  db: Database,
  options: DeliverOrderOptions,
): Promise<{ number: string }> {
  return moveOrder(db, options, {
    allowed: canDeliver,
    to: 'delivered',
    stamp: 'deliveredAt',
    eventType: 'delivered',
    action: 'order.delivered',
    template: 'order-delivered',
  })
}
