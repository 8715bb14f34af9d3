import { z } from 'zod'
import type { AvailabilityDisplay } from './catalog-rules'

/**
 * How partners see stock (vendor admins set it): the exact count or a band (in stock / low /
 * out), and the threshold at or below which a SKU reads "low". The range is the database's CHECK
 * catalog_settings_threshold.
 */

export const availabilityDisplays = ['exact', 'banded'] as const satisfies AvailabilityDisplay[]
export const lowStockThresholdRange = { min: 0, max: 1_000_000 } as const

export const CatalogSettingsForm = z.object({
  availabilityDisplay: z.enum(availabilityDisplays, { error: 'validation:invalidChoice' }),
  lowStockThreshold: z
    .string({ error: 'products:settings.validation.threshold' })
    .trim()
    .regex(/^\d{1,7}$/, 'products:settings.validation.threshold')
    .transform(Number)
    .refine(
      (n) => n >= lowStockThresholdRange.min && n <= lowStockThresholdRange.max,
      'products:settings.validation.threshold',
    ),
})
export type CatalogSettingsFormInput = z.input<typeof CatalogSettingsForm>
export type CatalogSettingsInput = z.output<typeof CatalogSettingsForm>
