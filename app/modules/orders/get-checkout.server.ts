import { randomUUID } from 'node:crypto'
import { and, asc, eq, gt, inArray } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { productLines, registrations } from '#db/schema/deals'
import { addDays, todayInShanghai } from '#app/modules/deals/deal-rules'
import { getDealSettings } from '#app/modules/deals/get-deal-settings.server'
import { heldByActor } from '#app/modules/deals/registration-access.server'
import { getBuyingPartner } from './cart-access.server'
import { findAddresses } from './find-addresses.server'
import { getCart, type CartView } from './get-cart.server'
import { getCreditExposure } from './get-credit-exposure.server'
import { maxRequestedDaysAhead, onAccountAllowed } from './order-rules'
import { priceCartLines } from './price-cart-lines.server'

export type GetCheckoutOptions = {
  actor: { id: string; email: string; role: 'partner_user' | 'partner_admin'; partnerId: string }
  cardPaymentsEnabled: boolean
  now?: Date
}

/** A registration the buyer may link, with what linking it would take off this cart. */
export type CheckoutRegistration = {
  id: string
  number: string
  prospectName: string
  productLineId: string
  productLineNameEn: string
  productLineNameZh: string
  protectionEndsAt: Date
  /** The cart's subtotal with the deal discount on this registration's product line. */
  subtotalWithDealMinor: number
}

/**
 * Everything the checkout page needs: the cart priced now, the partner's address book, the
 * registrations the buyer may link (its own, approved, protected, and on a product line in the
 * cart), which payment methods it may use with its credit position, and a fresh idempotency key
 * for this rendering of the form.
 */
export async function getCheckout(db: Database, options: GetCheckoutOptions) {
  const { actor } = options
  const now = options.now ?? new Date()
  const partner = await getBuyingPartner(db, actor.partnerId)
  const cart: CartView = await getCart(db, { actor, now })
  const cartLineIds = [...new Set(cart.lines.map((line) => line.productLineId))]

  const [addresses, dealSettings, exposureMinor, candidates] = await Promise.all([
    findAddresses(db, { partnerId: actor.partnerId }),
    getDealSettings(db),
    getCreditExposure(db, { partnerId: partner.id, currency: partner.currency }),
    cartLineIds.length
      ? db
          .select({
            id: registrations.id,
            number: registrations.number,
            prospectName: registrations.prospectName,
            productLineId: registrations.productLineId,
            productLineNameEn: productLines.nameEn,
            productLineNameZh: productLines.nameZh,
            protectionEndsAt: registrations.protectionEndsAt,
          })
          .from(registrations)
          .innerJoin(productLines, eq(productLines.id, registrations.productLineId))
          .where(
            and(
              heldByActor(actor),
              eq(registrations.status, 'approved'),
              gt(registrations.protectionEndsAt, now),
              inArray(registrations.productLineId, cartLineIds),
            ),
          )
          .orderBy(asc(registrations.protectionEndsAt))
          .limit(50)
      : Promise.resolve([]),
  ])

  const today = todayInShanghai(now)
  const withDeal = new Map<string, number>()
  for (const lineId of new Set(candidates.map((r) => r.productLineId))) {
    const prices = await priceCartLines(db, {
      partner: { id: partner.id, tier: partner.tier },
      lines: cart.lines,
      date: today,
      deal: { productLineId: lineId, discountBps: dealSettings.dealDiscountBps },
    })
    withDeal.set(
      lineId,
      [...prices.values()].reduce((sum, price) => sum + price.lineTotalMinor, 0),
    )
  }
  const registrationOptions: CheckoutRegistration[] = candidates.map((r) => ({
    ...r,
    protectionEndsAt: r.protectionEndsAt!,
    subtotalWithDealMinor: withDeal.get(r.productLineId) ?? cart.subtotalMinor,
  }))

  const onAccount =
    onAccountAllowed(partner) && partner.currency === (cart.currency ?? partner.currency)
  return {
    cart,
    addresses,
    registrations: registrationOptions,
    dealDiscountBps: dealSettings.dealDiscountBps,
    payment: {
      onAccount: {
        allowed: onAccount,
        creditLimitMinor: partner.creditLimitMinor,
        exposureMinor,
        availableMinor: Math.max(0, partner.creditLimitMinor - exposureMinor),
        currency: partner.currency,
        paymentTermsDays: partner.paymentTermsDays,
      },
      card: { allowed: options.cardPaymentsEnabled },
    },
    idempotencyKey: randomUUID(),
    today,
    latestRequestedDate: todayInShanghai(addDays(now, maxRequestedDaysAhead)),
  }
}

export type CheckoutView = Awaited<ReturnType<typeof getCheckout>>
