import { describe, expect, test } from 'vitest'
import { AddressForm } from '#app/modules/orders/address-rules'

const address = {
  label: 'Kwun Tong warehouse',
  recipient: 'Eric Leung',
  phone: '+852 2345 6789',
  regionCode: 'CN-SOUTH',
  city: 'Hong Kong',
  line1: '88 Hoi Bun Road',
  postalCode: '999077',
}

describe('the address form', () => {
  test('an unticked default box, as the browser holds it (false) or posts it (absent), is "not default"', () => {
    expect(AddressForm.safeParse({ ...address, isDefault: false })).toMatchObject({
      success: true,
      data: { isDefault: false },
    })
    expect(AddressForm.safeParse(address)).toMatchObject({
      success: true,
      data: { isDefault: false, line2: null },
    })
  })

  test('a ticked box is "default", whether posted ("on") or held (true)', () => {
    expect(AddressForm.parse({ ...address, isDefault: 'on' }).isDefault).toBe(true)
    expect(AddressForm.parse({ ...address, isDefault: true }).isDefault).toBe(true)
  })

  test('a phone number without digits is refused beside the phone field', () => {
    const result = AddressForm.safeParse({ ...address, phone: 'call the office' })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['phone', 'orders:addresses.phoneInvalid'],
    ])
  })
})
