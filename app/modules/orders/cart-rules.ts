import { z } from 'zod'
import { safeRedirectPath } from '#app/modules/auth/auth-rules'
import type { Availability } from '#app/modules/catalog/catalog-rules'
import { maxLineQuantity } from './order-rules'

/**
 * Cart rules with no I/O: the forms of the cart page and of the add-to-cart action the catalog
 * posts, and what the cart tells the buyer about a line ("price changed since you added it",
 * "only 3 available").
 */

export const cartIntents = {
  add: 'add',
  update: 'update',
  remove: 'remove',
  clear: 'clear',
} as const

const quantity = z.preprocess(
  (value) => (typeof value === 'string' ? value.normalize('NFKC').trim() : value),
  z
    .string({ error: 'orders:cart.quantityInvalid' })
    .regex(/^\d{1,9}$/, 'orders:cart.quantityInvalid')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, 'orders:cart.quantityInvalid')
        .max(maxLineQuantity, 'orders:cart.quantityTooLarge'),
    ),
)

/** Where an add-to-cart goes back to: a portal page, or the cart. */
export function cartReturnPath(redirectTo: string | null | undefined): string {
  const path = safeRedirectPath(redirectTo, '/portal/cart')
  return path === '/portal' || path.startsWith('/portal/') || path.startsWith('/portal?')
    ? path
    : '/portal/cart'
}

/** Add a SKU to the cart (the catalog's "Add to cart" buttons post this to /portal/cart). */
export const AddToCartForm = z.object({
  intent: z.literal(cartIntents.add),
  sku: z
    .string({ error: 'validation:required' })
    .trim()
    .min(1, 'validation:required')
    .max(64, 'orders:cart.skuUnknown'),
  quantity,
  redirectTo: z.string().max(2000).optional(),
})
export type AddToCartInput = z.output<typeof AddToCartForm>

export const UpdateCartItemForm = z.object({
  intent: z.literal(cartIntents.update),
  itemId: z.uuid({ error: 'orders:cart.lineGone' }),
  quantity,
})
export type UpdateCartItemInput = z.output<typeof UpdateCartItemForm>

export const RemoveCartItemForm = z.object({
  intent: z.literal(cartIntents.remove),
  itemId: z.uuid({ error: 'orders:cart.lineGone' }),
})

export type CartLineNotice =
  | { kind: 'price_up' | 'price_down'; seenUnitNetMinor: number }
  | { kind: 'only_available'; available: number | null }
  | { kind: 'out_of_stock'; restockDate: string | null }
  | { kind: 'inactive' }

/**
 * What changed since the buyer added the line (or last changed its quantity), and whether the
 * quantity can be had: a price that moved (same currency), a line that asks for more than is
 * available, a product that is out or no longer sold. Banded availability never shows a count.
 */
export function cartLineNotices(line: {
  active: boolean
  quantity: number
  unitNetMinor: number
  currency: string
  seenUnitNetMinor: number
  seenCurrency: string
  availability: Availability
  /** The exact number available, also under banded display (compared, never shown). */
  available: number
}): CartLineNotice[] {
  if (!line.active) return [{ kind: 'inactive' }]
  const notices: CartLineNotice[] = []
  if (line.currency === line.seenCurrency && line.unitNetMinor !== line.seenUnitNetMinor) {
    notices.push({
      kind: line.unitNetMinor > line.seenUnitNetMinor ? 'price_up' : 'price_down',
      seenUnitNetMinor: line.seenUnitNetMinor,
    })
  }
  if (line.available <= 0) {
    notices.push({ kind: 'out_of_stock', restockDate: line.availability.restockDate })
  } else if (line.available < line.quantity) {
    notices.push({ kind: 'only_available', available: line.availability.available })
  }
  return notices
}

/** Whether a line can go to checkout as it is (sold, and enough available). */
export function isLineOrderable(line: { active: boolean; quantity: number; available: number }) {
  return line.active && line.available >= line.quantity
}
