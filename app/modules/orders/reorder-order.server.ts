import { and, asc, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { products } from '#db/schema/catalog'
import { orderLines, orders } from '#db/schema/orders'
import { isUuid } from '#app/utils/ids'
import { addToCart, type AddToCartResult } from './add-to-cart.server'
import { orderNotFound, visibleToActor, type OrderActor } from './order-access.server'

export type ReorderOrderOptions = { actor: OrderActor; orderId: string; now?: Date }

/**
 * Puts a past order's lines back in the actor's cart, in their quantities, at today's prices (the
 * cart shows them for review). Products no longer sold are reported, not added.
 */
export async function reorderOrder(
  db: Database,
  options: ReorderOrderOptions,
): Promise<AddToCartResult & { number: string }> {
  if (!isUuid(options.orderId)) throw orderNotFound()
  const [order] = await db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(and(eq(orders.id, options.orderId), visibleToActor(options.actor)))
  if (!order) throw orderNotFound()
  const lines = await db
    .select({ sku: products.sku, quantity: orderLines.quantity, line: orderLines.lineNo })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.lineNo))
  const result = await addToCart(db, { actor: options.actor, items: lines, now: options.now })
  return { ...result, number: order.number }
}
