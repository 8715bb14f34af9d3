import { asc, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { catalogSettings, products, productStock } from '#db/schema/catalog'
import { cartItems } from '#db/schema/orders'
import { availabilityFor, type Availability } from '#app/modules/catalog/catalog-rules'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import type { PriceSource, PriceStep } from '#app/modules/pricing/price-rules'
import { findCartId, getBuyingPartner, type CartActor } from './cart-access.server'
import { cartLineNotices, isLineOrderable, type CartLineNotice } from './cart-rules'
import { cartVersionOf } from './order-rules'
import { priceCartLines } from './price-cart-lines.server'
import { findAvailable } from './reserve-stock.server'

export type GetCartOptions = {
  actor: CartActor
  /** With the deal discount on one product line (checkout's preview of a linked registration). */
  deal?: { productLineId: string; discountBps: number } | null
  now?: Date
}

export type CartLine = {
  itemId: string
  productId: string
  productLineId: string
  sku: string
  name: string
  unit: string
  quantity: number
  active: boolean
  listUnitMinor: number
  unitNetMinor: number
  lineTotalMinor: number
  currency: string
  priceSource: PriceSource
  priceSteps: PriceStep[]
  availability: Availability
  notices: CartLineNotice[]
  orderable: boolean
  addedAt: Date
}

export type CartView = {
  lines: CartLine[]
  /** Null for an empty cart; a cart in several currencies cannot be checked out. */
  currency: string | null
  mixedCurrencies: boolean
  listTotalMinor: number
  subtotalMinor: number
  /** Fingerprint of the lines (product × quantity); checkout carries it. */
  version: string
  /** Every line can be ordered as it is. */
  orderable: boolean
}

/**
 * The actor's cart as the buyer should see it now: each line's net price for the partner at its
 * quantity (the same rules as placing the order), availability as the vendor shows it, and what
 * changed since the line was added (price, availability, discontinued).
 */
export async function getCart(db: Database, options: GetCartOptions): Promise<CartView> {
  const { actor } = options
  const now = options.now ?? new Date()
  const empty: CartView = {
    lines: [],
    currency: null,
    mixedCurrencies: false,
    listTotalMinor: 0,
    subtotalMinor: 0,
    version: cartVersionOf([]),
    orderable: false,
  }
  const cartId = await findCartId(db, actor)
  if (!cartId) return empty
  const partner = await getBuyingPartner(db, actor.partnerId)

  const [items, [display]] = await Promise.all([
    db
      .select({
        itemId: cartItems.id,
        productId: cartItems.productId,
        quantity: cartItems.quantity,
        seenUnitNetMinor: cartItems.seenUnitNetMinor,
        seenCurrency: cartItems.seenCurrency,
        addedAt: cartItems.addedAt,
        productLineId: products.productLineId,
        sku: products.sku,
        name: products.name,
        unit: products.unit,
        active: products.active,
        restockDate: productStock.restockDate,
      })
      .from(cartItems)
      .innerJoin(products, eq(products.id, cartItems.productId))
      .leftJoin(productStock, eq(productStock.productId, cartItems.productId))
      .where(eq(cartItems.cartId, cartId))
      .orderBy(asc(cartItems.addedAt), asc(cartItems.id)),
    db.select().from(catalogSettings).limit(1),
  ])
  if (items.length === 0) return empty

  const [prices, available] = await Promise.all([
    priceCartLines(db, {
      partner: { id: partner.id, tier: partner.tier },
      lines: items,
      date: todayInShanghai(now),
      deal: options.deal,
    }),
    findAvailable(
      db,
      items.map((item) => item.productId),
    ),
  ])

  const lines: CartLine[] = items.map((item) => {
    const price = prices.get(item.productId)!
    const free = available.get(item.productId) ?? 0
    const availability = availabilityFor({
      available: free,
      display: display?.availabilityDisplay ?? 'exact',
      lowStockThreshold: display?.lowStockThreshold ?? 10,
      restockDate: item.restockDate,
    })
    return {
      itemId: item.itemId,
      productId: item.productId,
      productLineId: item.productLineId,
      sku: item.sku,
      name: item.name,
      unit: item.unit,
      quantity: item.quantity,
      active: item.active,
      listUnitMinor: price.listPriceMinor,
      unitNetMinor: price.unitNetMinor,
      lineTotalMinor: price.lineTotalMinor,
      currency: price.currency,
      priceSource: price.source,
      priceSteps: price.steps,
      availability,
      notices: cartLineNotices({
        active: item.active,
        quantity: item.quantity,
        unitNetMinor: price.unitNetMinor,
        currency: price.currency,
        seenUnitNetMinor: item.seenUnitNetMinor,
        seenCurrency: item.seenCurrency,
        availability,
        available: free,
      }),
      orderable: isLineOrderable({ active: item.active, quantity: item.quantity, available: free }),
      addedAt: item.addedAt,
    }
  })
  const currencies = new Set(lines.map((line) => line.currency))
  return {
    lines,
    currency: lines[0]!.currency,
    mixedCurrencies: currencies.size > 1,
    listTotalMinor: lines.reduce((sum, l) => sum + l.listUnitMinor * l.quantity, 0),
    subtotalMinor: lines.reduce((sum, l) => sum + l.lineTotalMinor, 0),
    version: cartVersionOf(items),
    orderable: currencies.size === 1 && lines.every((line) => line.orderable),
  }
}
