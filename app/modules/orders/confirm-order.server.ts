import type { Database } from '#db/client.server'
import { canConfirm } from './fulfilment-rules'
import { moveOrder, type MoveOrderOptions } from './move-order.server'

export type ConfirmOrderOptions = MoveOrderOptions

/** Vendor staff accept a submitted order (submitted → confirmed); the buyer is told. */
export function confirmOrder(
  db: Database,
  options: ConfirmOrderOptions,
): Promise<{ number: string }> {
  return moveOrder(db, options, {
    allowed: canConfirm,
    to: 'confirmed',
    stamp: 'confirmedAt',
    eventType: 'confirmed',
    action: 'order.confirmed',
    template: 'order-confirmed',
  })
}
