import type { Database } from '#db/client.server'
import { canReleaseCreditHold } from './fulfilment-rules'
import { moveOrder, type MoveOrderOptions } from './move-order.server'

export type ReleaseCreditHoldOptions = MoveOrderOptions

/**
 * Vendor staff accept an order over the partner's credit limit (credit_hold → submitted). Its
 * stock stays reserved; the order joins the queue of submitted orders and the buyer is told.
 */
export function releaseCreditHold(
  db: Database,
  options: ReleaseCreditHoldOptions,
): Promise<{ number: string }> {
  return moveOrder(db, options, {
    allowed: canReleaseCreditHold,
    to: 'submitted',
    stamp: 'submittedAt',
    eventType: 'credit_released',
    action: 'order.credit_released',
    template: 'order-credit-released',
    details: (order) => ({ totalMinor: order.totalMinor, currency: order.currency }),
  })
}
