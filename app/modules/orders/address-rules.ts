import { z } from 'zod'

/** The partner's address book form (partner admins keep it; checkout picks from it). */

const cleaned = (value: string) => value.replace(/\p{Cc}/gu, ' ').trim()

const required = (max: number) =>
  z
    .string({ error: 'validation:required' })
    .transform(cleaned)
    .pipe(z.string().min(1, 'validation:required').max(max, 'validation:tooLong'))

const optional = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => cleaned(value ?? ''))
    .pipe(z.string().max(max, 'validation:tooLong'))

export const AddressForm = z.object({
  label: required(60),
  recipient: required(100),
  phone: required(30).refine(
    (value) => /^\+?[0-9][0-9 ()-]{4,28}$/.test(value),
    'orders:addresses.phoneInvalid',
  ),
  regionCode: z
    .string({ error: 'validation:invalidChoice' })
    .trim()
    .min(1, 'validation:invalidChoice')
    .max(20, 'validation:invalidChoice'),
  city: required(60),
  line1: required(200),
  line2: optional(200).transform((value) => (value === '' ? null : value)),
  postalCode: optional(20).refine(
    (value) => value === '' || /^[A-Za-z0-9 -]{2,20}$/.test(value),
    'orders:addresses.postalCodeInvalid',
  ),
  // A posted form sends "on" or nothing; the browser's form state holds a boolean.
  isDefault: z
    .union([z.string(), z.boolean()])
    .optional()
    .transform((value) => value === true || value === 'on' || value === '1' || value === 'true'),
})
export type AddressInput = z.output<typeof AddressForm>

export const addressIntents = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  makeDefault: 'make-default',
} as const

/** One line for lists and pickers: "Recipient · city, line 1". */
export function addressSummary(address: { recipient: string; city: string; line1: string }) {
  return `${address.recipient} · ${address.city}, ${address.line1}`
}
