import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { cartItems } from '#db/schema/orders'
import { lockCart, type CartActor } from './cart-access.server'

export type ClearCartOptions = { actor: CartActor }

/** Empties the actor's cart; returns how many lines it held. */
export async function clearCart(db: Database, options: ClearCartOptions): Promise<number> {
  return db.transaction(async (tx) => {
    const cart = await lockCart(tx, options.actor)
    const removed = await tx
      .delete(cartItems)
      .where(eq(cartItems.cartId, cart.id))
      .returning({ id: cartItems.id })
    return removed.length
  })
}
