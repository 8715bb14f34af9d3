import { and, eq, type SQL } from 'drizzle-orm'
import { orders } from '#db/schema/orders'
import { AppError } from '#app/utils/app-error'

/**
 * Who sees which orders on the partner side: a partner admin its whole organisation's, a partner
 * user the ones it placed. Anything else is not found, so an id from another partner reveals
 * nothing.
 */
export type OrderActor = {
  id: string
  email: string
  role: 'partner_user' | 'partner_admin'
  partnerId: string
}

export function visibleToActor(actor: OrderActor): SQL {
  return actor.role === 'partner_admin'
    ? eq(orders.partnerId, actor.partnerId)
    : and(eq(orders.partnerId, actor.partnerId), eq(orders.placedById, actor.id))!
}

export function orderNotFound() {
  return new AppError('not_found', {
    message: 'order not found in the actor scope',
    userMessage: 'orders:errors.notFound',
  })
}
