import { describe, expect, test } from 'vitest'
import { cartLineNotices, cartReturnPath, isLineOrderable } from '#app/modules/orders/cart-rules'
import {
  buyerMayCancel,
  cartVersionOf,
  CheckoutForm,
  fitsCreditLimit,
  formatOrderNumber,
  onAccountAllowed,
  orderStatuses,
  parseOrderListQuery,
} from '#app/modules/orders/order-rules'

describe('order numbers', () => {
  test.each([
    [1, '2026-11-30', 'SO-260001'],
    [42, '2027-01-01', 'SO-270042'],
    [12345, '2026-05-05', 'SO-2612345'],
  ])('sequence %i on %s → %s', (sequence, date, number) => {
    expect(formatOrderNumber(sequence, date)).toBe(number)
  })
  test('a non-positive sequence is a bug, not a number', () => {
    expect(() => formatOrderNumber(0, '2026-01-01')).toThrow()
  })
})

describe('cart version', () => {
  const a = { productId: 'a', quantity: 1 }
  const b = { productId: 'b', quantity: 2 }
  test('the same lines in any order have the same version; any change changes it', () => {
    expect(cartVersionOf([a, b])).toBe(cartVersionOf([b, a]))
    expect(cartVersionOf([a, b])).not.toBe(cartVersionOf([a, { ...b, quantity: 3 }]))
    expect(cartVersionOf([a, b])).not.toBe(cartVersionOf([a]))
    expect(cartVersionOf([])).not.toBe(cartVersionOf([a]))
  })
})

describe('credit', () => {
  test.each([
    [{ paymentTermsDays: 30, creditLimitMinor: 1 }, true],
    [{ paymentTermsDays: 0, creditLimitMinor: 1_000_000 }, false],
    [{ paymentTermsDays: 30, creditLimitMinor: 0 }, false],
  ])('on account for %j: %s', (partner, allowed) => {
    expect(onAccountAllowed(partner)).toBe(allowed)
  })
  test.each([
    [0, 100, 100, true],
    [50, 50, 100, true],
    [50, 51, 100, false],
    [100, 1, 100, false],
  ])(
    'exposure %i + order %i against limit %i fits: %s',
    (exposureMinor, totalMinor, creditLimitMinor, fits) => {
      expect(fitsCreditLimit({ exposureMinor, totalMinor, creditLimitMinor })).toBe(fits)
    },
  )
})

describe('what the buyer may still do', () => {
  test.each(
    orderStatuses.map((s) => [s, ['pending_payment', 'credit_hold', 'submitted'].includes(s)]),
  )('%s: cancel %s', (status, allowed) => {
    expect(buyerMayCancel(status as (typeof orderStatuses)[number])).toBe(allowed)
  })
})

describe('checkout form', () => {
  const valid = {
    idempotencyKey: '0b8f5a8e-2f7e-4b0c-9a53-2b1d1c9c0f11',
    cartVersion: '2-deadbeef',
    shippingAddressId: '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f',
    paymentMethod: 'on_account',
  }
  test('has no field for a price, a total or a line: posting one changes nothing', () => {
    const parsed = CheckoutForm.safeParse({
      ...valid,
      unitNetMinor: '1',
      totalMinor: '1',
      price: '0.01',
      lines: 'HT-PX-M12:1:0.01',
    })
    expect(parsed.success).toBe(true)
    expect(Object.keys(parsed.data!).sort()).toEqual(
      [
        'buyerNote',
        'cartVersion',
        'idempotencyKey',
        'paymentMethod',
        'poNumber',
        'registrationId',
        'requestedDate',
        'shippingAddressId',
      ].sort(),
    )
  })
  test.each([
    ['shippingAddressId', '', 'orders:checkout.addressRequired'],
    ['shippingAddressId', 'not-a-uuid', 'validation:invalidChoice'],
    ['paymentMethod', 'cash', 'orders:checkout.paymentRequired'],
    ['requestedDate', '2026-02-30', 'orders:checkout.dateInvalid'],
    ['idempotencyKey', 'short', 'orders:checkout.keyMissing'],
    ['poNumber', 'x'.repeat(51), 'validation:tooLong'],
  ])('%s = %j → %s', (field, value, message) => {
    const parsed = CheckoutForm.safeParse({ ...valid, [field]: value })
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues.find((i) => i.path[0] === field)?.message).toBe(message)
  })
  test('blank optional fields are null', () => {
    const parsed = CheckoutForm.parse({
      ...valid,
      poNumber: ' ',
      requestedDate: '',
      registrationId: '',
    })
    expect(parsed).toMatchObject({ poNumber: null, requestedDate: null, registrationId: null })
  })
})

describe('order list query', () => {
  test('junk is ignored, not an error', () => {
    expect(parseOrderListQuery(new URLSearchParams('page=-4&status=bogus&q=%00SO-26'))).toEqual({
      q: 'SO-26',
      status: null,
      page: 1,
    })
  })
})

describe('cart line notices', () => {
  const exact = (available: number) => ({
    display: 'exact' as const,
    available,
    band: available > 0 ? ('in_stock' as const) : ('out' as const),
    restockDate: available > 0 ? null : '2026-12-24',
  })
  const base = {
    active: true,
    quantity: 5,
    unitNetMinor: 100,
    currency: 'CNY',
    seenUnitNetMinor: 100,
    seenCurrency: 'CNY',
    availability: exact(50),
    available: 50,
  }
  test.each([
    ['nothing changed', {}, []],
    ['price went up', { unitNetMinor: 120 }, [{ kind: 'price_up', seenUnitNetMinor: 100 }]],
    ['price went down', { unitNetMinor: 80 }, [{ kind: 'price_down', seenUnitNetMinor: 100 }]],
    [
      'fewer available than asked',
      { availability: exact(3), available: 3 },
      [{ kind: 'only_available', available: 3 }],
    ],
    [
      'none available',
      { availability: exact(0), available: 0 },
      [{ kind: 'out_of_stock', restockDate: '2026-12-24' }],
    ],
    ['discontinued', { active: false, unitNetMinor: 999 }, [{ kind: 'inactive' }]],
    [
      'banded display hides the count',
      {
        availability: {
          display: 'banded' as const,
          available: null,
          band: 'low' as const,
          restockDate: null,
        },
        available: 2,
      },
      [{ kind: 'only_available', available: null }],
    ],
  ])('%s', (_name, change, notices) => {
    expect(cartLineNotices({ ...base, ...change })).toEqual(notices)
  })
  test('orderable only when sold and enough available', () => {
    expect(isLineOrderable({ active: true, quantity: 5, available: 5 })).toBe(true)
    expect(isLineOrderable({ active: true, quantity: 6, available: 5 })).toBe(false)
    expect(isLineOrderable({ active: false, quantity: 1, available: 5 })).toBe(false)
  })
})

describe('add-to-cart return path', () => {
  test.each([
    ['/portal/catalog?q=plc', '/portal/catalog?q=plc'],
    ['/portal', '/portal'],
    ['https://evil.example/portal', '/portal/cart'],
    ['//evil.example', '/portal/cart'],
    ['/admin/partners', '/portal/cart'],
    ['/portalx', '/portal/cart'],
    ['', '/portal/cart'],
  ])('%j → %s', (to, path) => {
    expect(cartReturnPath(to)).toBe(path)
  })
})
