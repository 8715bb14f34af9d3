import { z } from 'zod'
import { isCalendarDate } from '#app/modules/pricing/price-rules'
import { isUuid } from '#app/utils/ids'

/**
 * A manual stock change in one warehouse (DESIGN.md §2): a signed change in on hand (received
 * goods are positive, written-off goods negative), a reason that is kept, and the expected restock
 * date partners see while the SKU is out. The database's CHECK constraints stock_levels_* remain
 * the guarantee that on hand never falls below zero or below what orders have reserved.
 */

/** The largest change one adjustment may make, either way. */
export const maxStockChange = 1_000_000
/** on_hand is a 32-bit integer column. */
export const maxOnHand = 2_147_483_647
export const maxReasonLength = 500

export const StockAdjustmentForm = z
  .object({
    warehouseId: z
      .string({ error: 'products:stock.validation.warehouse' })
      .trim()
      .refine(isUuid, 'products:stock.validation.warehouse')
      .transform((v) => v.toLowerCase()),
    change: z
      .string({ error: 'products:stock.validation.change' })
      .transform((v) =>
        v
          .trim()
          .replace(/^\+/, '')
          .replace(/[\s,_]/g, '')
          .replace(/^−/, '-'),
      )
      .refine((v) => /^-?\d{1,7}$/.test(v), 'products:stock.validation.change')
      .transform(Number)
      .refine((v) => Math.abs(v) <= maxStockChange, 'products:stock.validation.changeTooLarge'),
    reason: z
      .string({ error: 'products:stock.validation.reason' })
      .transform((v) =>
        v
          .replace(/\p{Cc}/gu, ' ')
          .trim()
          .replace(/\s+/g, ' '),
      )
      .pipe(
        z
          .string()
          .min(1, 'products:stock.validation.reason')
          .max(maxReasonLength, 'validation:tooLong'),
      ),
    restockDate: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim())
      .refine((v) => v === '' || isCalendarDate(v), 'products:stock.validation.restockDate')
      .transform((v) => (v === '' ? null : v)),
  })
  .transform((v) => ({ ...v, change: Object.is(v.change, -0) ? 0 : v.change }))
export type StockAdjustmentFormInput = z.input<typeof StockAdjustmentForm>
export type StockAdjustmentFormData = z.output<typeof StockAdjustmentForm>

export type StockRefusal =
  | { kind: 'below_zero'; onHand: number }
  | { kind: 'below_reserved'; onHand: number; reserved: number; maxWriteOff: number }
  | { kind: 'too_large'; maxReceipt: number }
  | { kind: 'nothing_to_change' }

/**
 * Why an adjustment cannot apply to the current row, or null when it can. Shown next to the
 * change field with the numbers the user needs to correct it.
 */
export function stockAdjustmentRefusal(current: {
  onHand: number
  reserved: number
  change: number
  restockDateChanges: boolean
}): StockRefusal | null {
  const { onHand, reserved, change } = current
  if (change === 0 && !current.restockDateChanges) return { kind: 'nothing_to_change' }
  const after = onHand + change
  if (after > maxOnHand) return { kind: 'too_large', maxReceipt: maxOnHand - onHand }
  if (after < reserved) {
    return reserved === 0
      ? { kind: 'below_zero', onHand }
      : { kind: 'below_reserved', onHand, reserved, maxWriteOff: Math.max(0, onHand - reserved) }
  }
  return null
}

/** The i18n key and values of a refusal, for the field message. */
export function stockRefusalMessage(refusal: StockRefusal): {
  key: string
  values: Record<string, number>
} {
  switch (refusal.kind) {
    case 'below_zero':
      return { key: 'products:stock.validation.belowZero', values: { onHand: refusal.onHand } }
    case 'below_reserved':
      return {
        key: 'products:stock.validation.belowReserved',
        values: {
          onHand: refusal.onHand,
          reserved: refusal.reserved,
          max: refusal.maxWriteOff,
        },
      }
    case 'too_large':
      return { key: 'products:stock.validation.tooLarge', values: { max: refusal.maxReceipt } }
    case 'nothing_to_change':
      return { key: 'products:stock.validation.nothingToChange', values: {} }
  }
}
