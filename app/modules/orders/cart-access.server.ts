import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { cartItems, carts } from '#db/schema/orders'
import { partners } from '#db/schema/partners'
import { AppError } from '#app/utils/app-error'

/** Who owns a cart: one partner user (the cart is theirs alone, on any device). */
export type CartActor = { id: string; partnerId: string }

/**
 * The actor's cart row, created when missing and locked for the rest of the caller's transaction,
 * so cart writes and placing an order never interleave on one cart.
 */
export async function lockCart(tx: Database, actor: CartActor): Promise<{ id: string }> {
  const locked = () =>
    tx
      .select({ id: carts.id, partnerId: carts.partnerId })
      .from(carts)
      .where(eq(carts.userId, actor.id))
      .for('update')
  // Almost every call finds the cart: the insert runs only for a user's first one.
  let [cart] = await locked()
  if (!cart) {
    await tx
      .insert(carts)
      .values({ userId: actor.id, partnerId: actor.partnerId })
      .onConflictDoNothing({ target: carts.userId })
    ;[cart] = await locked()
  }
  if (!cart) throw new Error('cart row vanished under its lock')
  if (cart.partnerId !== actor.partnerId) {
    // A user never changes partner today; if one did, the old partner's cart must not follow.
    await tx.delete(cartItems).where(eq(cartItems.cartId, cart.id))
    await tx.update(carts).set({ partnerId: actor.partnerId }).where(eq(carts.id, cart.id))
  }
  return { id: cart.id }
}

/** The actor's cart id, without creating one (null when the user never added anything). */
export async function findCartId(db: Database, actor: CartActor): Promise<string | null> {
  const [cart] = await db
    .select({ id: carts.id })
    .from(carts)
    .where(and(eq(carts.userId, actor.id), eq(carts.partnerId, actor.partnerId)))
  return cart?.id ?? null
}

/** The partner a cart is priced for; a suspended partner cannot shop. */
export async function getBuyingPartner(db: Database, partnerId: string) {
  const [partner] = await db.select().from(partners).where(eq(partners.id, partnerId))
  if (!partner || partner.status !== 'active') throw partnerInactive()
  return partner
}

export const partnerInactive = () =>
  new AppError('forbidden', { userMessage: 'orders:checkout.partnerInactive' })

export const cartLineGone = () =>
  new AppError('not_found', { userMessage: 'orders:cart.lineGone', field: 'quantity' })
