import { z } from 'zod'
import { supportedLocales, type SupportedLocale } from '#app/utils/i18n'

/** '' in the form means "follow the browser" and is stored as null. */
export const ProfileForm = z.object({
  name: z
    .string({ error: 'validation:required' })
    .trim()
    .min(1, 'validation:required')
    .max(100, 'validation:tooLong'),
  locale: z
    .enum(['', ...supportedLocales], { error: 'validation:invalidChoice' })
    .transform((value): SupportedLocale | null => (value === '' ? null : value)),
})
