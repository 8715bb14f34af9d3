import { z } from 'zod'
import { isUuid } from '#app/utils/ids'

/** Warehouses the vendor ships from (vendor admins keep the list). */

export const warehouseCodePattern = /^[A-Z0-9][A-Z0-9-]{0,15}$/
/** sort_order is a smallint. */
export const maxWarehouseSortOrder = 32_767

const name = (max: number) =>
  z
    .string({ error: 'validation:required' })
    .transform((v) =>
      v
        .replace(/\p{Cc}/gu, ' ')
        .trim()
        .replace(/\s+/g, ' '),
    )
    .pipe(z.string().min(1, 'validation:required').max(max, 'validation:tooLong'))

export const WarehouseForm = z.object({
  code: z
    .string({ error: 'validation:required' })
    .transform((v) => v.normalize('NFKC').trim().toUpperCase())
    .pipe(
      z
        .string()
        .min(1, 'validation:required')
        .regex(warehouseCodePattern, 'products:warehouses.validation.code'),
    ),
  name: name(100),
  nameZh: name(100),
  sortOrder: z
    .string({ error: 'products:warehouses.validation.sortOrder' })
    .trim()
    .regex(/^\d{1,5}$/, 'products:warehouses.validation.sortOrder')
    .transform(Number)
    .refine((n) => n <= maxWarehouseSortOrder, 'products:warehouses.validation.sortOrder'),
  active: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((v) => v === true || v === 'on' || v === 'true'),
})
export type WarehouseFormInput = z.input<typeof WarehouseForm>
export type WarehouseFormData = z.output<typeof WarehouseForm>

/** Which warehouse an edit is for: an id from the page (vendor data, no partner scope). */
export const WarehouseIdField = z.object({
  warehouseId: z.string().trim().refine(isUuid, 'products:warehouses.validation.unknown'),
})
