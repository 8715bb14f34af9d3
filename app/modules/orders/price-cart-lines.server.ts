import type { Database } from '#db/client.server'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { findPriceRules, priceWithRules } from '#app/modules/pricing/find-price-rules.server'
import type { NetPrice } from '#app/modules/pricing/price-rules'

export type PriceCartLinesOptions = {
  partner: { id: string; tier: PartnerTier }
  lines: readonly { productId: string; quantity: number }[]
  /** The pricing date: a calendar date in Asia/Shanghai. */
  date: string
  /** With the deal discount on these product lines (checkout's preview of a linked registration). */
  deal?: { productLineId: string; discountBps: number } | null
}

/**
 * Net prices of cart lines for the partner, each at its own quantity, from the same rules and
 * pure function as order placement (ADR 0008). Keyed by product id.
 */
export async function priceCartLines(
  db: Database,
  options: PriceCartLinesOptions,
): Promise<Map<string, NetPrice>> {
  const prices = new Map<string, NetPrice>()
  if (options.lines.length === 0) return prices
  const rules = await findPriceRules(db, {
    partner: options.partner,
    productIds: options.lines.map((line) => line.productId),
    date: options.date,
  })
  for (const line of options.lines) {
    const product = rules.products.get(line.productId)
    const dealBps =
      options.deal && product?.productLineId === options.deal.productLineId
        ? options.deal.discountBps
        : null
    const price = priceWithRules(rules, line.productId, line.quantity, dealBps)
    if (price) prices.set(line.productId, price)
  }
  return prices
}
