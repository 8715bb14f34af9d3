import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { cartItems } from '#db/schema/orders'
import { isUuid } from '#app/utils/ids'
import { cartLineGone, lockCart, type CartActor } from './cart-access.server'

export type RemoveCartItemOptions = { actor: CartActor; itemId: string }

/** Takes a line out of the actor's own cart; another user's line is not found. */
export async function removeCartItem(db: Database, options: RemoveCartItemOptions) {
  if (!isUuid(options.itemId)) throw cartLineGone()
  return db.transaction(async (tx) => {
    const cart = await lockCart(tx, options.actor)
    const removed = await tx
      .delete(cartItems)
      .where(and(eq(cartItems.id, options.itemId), eq(cartItems.cartId, cart.id)))
      .returning({ productId: cartItems.productId })
    if (removed.length === 0) throw cartLineGone()
    return { productId: removed[0]!.productId }
  })
}
