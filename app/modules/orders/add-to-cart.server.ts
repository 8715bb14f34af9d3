import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { products } from '#db/schema/catalog'
import { cartItems, carts } from '#db/schema/orders'
import { normalizeSku } from '#app/modules/catalog/catalog-rules'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { partners } from '#db/schema/partners'
import { lockCart, partnerInactive, type CartActor } from './cart-access.server'
import { maxCartLines, maxLineQuantity } from './order-rules'
import { priceCartLines } from './price-cart-lines.server'
import { findAvailable } from './reserve-stock.server'

export type AddToCartItem = {
  sku: string
  quantity: number
  /** Where the request named it (a quick-order line number), echoed in problems. */
  line?: number
}

export type AddToCartProblem = {
  sku: string
  line?: number
  reason: 'sku_unknown' | 'product_inactive' | 'quantity_too_large' | 'too_many_lines'
}

export type AddToCartResult = {
  /** What was added, with the line's quantity afterwards. */
  added: { sku: string; name: string; quantity: number; lineQuantity: number; line?: number }[]
  problems: AddToCartProblem[]
}

export type AddToCartOptions = {
  actor: CartActor
  items: readonly AddToCartItem[]
  now?: Date
}

/**
 * Adds SKUs to the actor's cart: a SKU already in the cart gets the quantity added to its line.
 * Unknown and discontinued SKUs, and lines that would exceed the largest quantity or the line
 * limit, are reported and skipped; the rest are added. Each changed line records the net price and
 * availability the buyer sees now, so the cart can later say what changed.
 */
export async function addToCart(db: Database, options: AddToCartOptions): Promise<AddToCartResult> {
  const { actor } = options
  const now = options.now ?? new Date()
  const skus = [...new Set(options.items.map((item) => normalizeSku(item.sku)))]

  return db.transaction(async (tx) => {
    // One round trip: the partner, the cart locked, then the SKUs and the lines the cart holds
    // (read after the lock; a cart created by lockCart has none).
    const [[partner], cart, found, current] = await Promise.all([
      tx.select().from(partners).where(eq(partners.id, actor.partnerId)),
      lockCart(tx, actor),
      skus.length
        ? tx
            .select({
              id: products.id,
              sku: products.sku,
              name: products.name,
              active: products.active,
            })
            .from(products)
            .where(inArray(products.sku, skus))
        : [],
      tx
        .select({ productId: cartItems.productId, quantity: cartItems.quantity })
        .from(cartItems)
        .innerJoin(carts, eq(carts.id, cartItems.cartId))
        .where(and(eq(carts.userId, actor.id), eq(carts.partnerId, actor.partnerId))),
    ])
    if (!partner || partner.status !== 'active') throw partnerInactive()
    const bySku = new Map(found.map((product) => [product.sku, product]))
    const quantities = new Map(current.map((row) => [row.productId, row.quantity]))
    const inCartBefore = new Set(quantities.keys())

    const result: AddToCartResult = { added: [], problems: [] }
    const changed = new Map<string, number>()
    for (const item of options.items) {
      const sku = normalizeSku(item.sku)
      const product = bySku.get(sku)
      const problem = (reason: AddToCartProblem['reason']) =>
        result.problems.push({ sku, reason, ...(item.line ? { line: item.line } : {}) })
      if (!product) {
        problem('sku_unknown')
        continue
      }
      if (!product.active) {
        problem('product_inactive')
        continue
      }
      const before = quantities.get(product.id) ?? 0
      if (before === 0 && quantities.size >= maxCartLines) {
        problem('too_many_lines')
        continue
      }
      const after = before + item.quantity
      if (after > maxLineQuantity) {
        problem('quantity_too_large')
        continue
      }
      quantities.set(product.id, after)
      changed.set(product.id, after)
      result.added.push({
        sku,
        name: product.name,
        quantity: item.quantity,
        lineQuantity: after,
        ...(item.line ? { line: item.line } : {}),
      })
    }
    if (changed.size === 0) return result

    const lines = [...changed].map(([productId, quantity]) => ({ productId, quantity }))
    const [prices, available] = await Promise.all([
      priceCartLines(tx, {
        partner: { id: partner.id, tier: partner.tier },
        lines,
        date: todayInShanghai(now),
      }),
      findAvailable(
        tx,
        lines.map((line) => line.productId),
      ),
    ])
    const rows = lines.map((line, index) => {
      const price = prices.get(line.productId)!
      return {
        cartId: cart.id,
        productId: line.productId,
        quantity: line.quantity,
        seenUnitNetMinor: price.unitNetMinor,
        seenCurrency: price.currency,
        seenAvailable: available.get(line.productId) ?? 0,
        // New lines a millisecond apart: the cart (and the order) list them as they were named.
        ...(inCartBefore.has(line.productId) ? {} : { addedAt: new Date(now.getTime() + index) }),
        updatedAt: now,
      }
    })
    await tx
      .insert(cartItems)
      .values(rows)
      .onConflictDoUpdate({
        target: [cartItems.cartId, cartItems.productId],
        set: {
          quantity: sql`excluded.quantity`,
          seenUnitNetMinor: sql`excluded.seen_unit_net_minor`,
          seenCurrency: sql`excluded.seen_currency`,
          seenAvailable: sql`excluded.seen_available`,
          updatedAt: sql`excluded.updated_at`,
        },
      })
    return result
  })
}
