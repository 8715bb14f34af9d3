import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { cartItems } from '#db/schema/orders'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { isUuid } from '#app/utils/ids'
import { cartLineGone, getBuyingPartner, lockCart, type CartActor } from './cart-access.server'
import { priceCartLines } from './price-cart-lines.server'
import { findAvailable } from './reserve-stock.server'

export type UpdateCartItemOptions = {
  actor: CartActor
  itemId: string
  quantity: number
  now?: Date
}

/**
 * Sets a line's quantity in the actor's own cart. The line then records the net price at the new
 * quantity and today's availability as "seen": a change the buyer made is not a change to warn of.
 * Another user's line is not found.
 */
export async function updateCartItem(db: Database, options: UpdateCartItemOptions) {
  const { actor } = options
  const now = options.now ?? new Date()
  if (!isUuid(options.itemId)) throw cartLineGone()
  const partner = await getBuyingPartner(db, actor.partnerId)
  return db.transaction(async (tx) => {
    const cart = await lockCart(tx, actor)
    const [item] = await tx
      .select({ id: cartItems.id, productId: cartItems.productId })
      .from(cartItems)
      .where(and(eq(cartItems.id, options.itemId), eq(cartItems.cartId, cart.id)))
    if (!item) throw cartLineGone()
    const line = { productId: item.productId, quantity: options.quantity }
    const [prices, available] = await Promise.all([
      priceCartLines(tx, {
        partner: { id: partner.id, tier: partner.tier },
        lines: [line],
        date: todayInShanghai(now),
      }),
      findAvailable(tx, [item.productId]),
    ])
    const price = prices.get(item.productId)!
    await tx
      .update(cartItems)
      .set({
        quantity: options.quantity,
        seenUnitNetMinor: price.unitNetMinor,
        seenCurrency: price.currency,
        seenAvailable: available.get(item.productId) ?? 0,
        updatedAt: now,
      })
      .where(eq(cartItems.id, item.id))
    return { productId: item.productId, quantity: options.quantity }
  })
}
