import { describe, expect, test } from 'vitest'
import {
  PriceRuleError,
  applyBps,
  defaultDealDiscountBps,
  explainPrice,
  resolveNetPrice,
  type PriceInputs,
  type PriceRuleErrorReason,
  type PriceSource,
} from '#app/modules/pricing/price-rules'

// A gold partner buying switch SW-24 (product line "switches"), list price ¥1,200.00.
const base: PriceInputs = {
  sku: 'SW-24',
  listPriceMinor: 1_200_00,
  currency: 'CNY',
  productLineId: 'switches',
  tier: 'gold',
  quantity: 1,
  date: '2026-11-25',
  contractPrices: [
    // December only, both ends inclusive.
    {
      sku: 'SW-24',
      priceMinor: 800_00,
      currency: 'CNY',
      validFrom: '2026-12-01',
      validTo: '2026-12-31',
    },
    // Another SKU's contract never prices SW-24.
    { sku: 'RT-8', priceMinor: 1_00, currency: 'CNY', validFrom: '2026-01-01', validTo: null },
  ],
  volumeBreaks: [
    { tier: 'gold', productLineId: 'switches', minQuantity: 10, discountBps: 3200 },
    { tier: 'gold', productLineId: 'switches', minQuantity: 50, discountBps: 3500 },
    { tier: 'gold', sku: 'SW-24', minQuantity: 100, priceMinor: 750_00, currency: 'CNY' },
    // Other tiers' and other lines' breaks never apply to a gold partner's switch.
    { tier: 'silver', productLineId: 'switches', minQuantity: 1, discountBps: 9000 },
    { tier: 'gold', productLineId: 'routers', minQuantity: 1, discountBps: 9000 },
  ],
  tierDiscounts: [
    { tier: 'platinum', productLineId: 'switches', discountBps: 3500 },
    { tier: 'gold', productLineId: 'switches', discountBps: 3000 },
    { tier: 'silver', productLineId: 'switches', discountBps: 2000 },
    { tier: 'registered', productLineId: 'switches', discountBps: 1000 },
    { tier: 'gold', productLineId: 'routers', discountBps: 9000 },
  ],
}

function price(overrides: Partial<PriceInputs>) {
  return resolveNetPrice({ ...base, ...overrides })
}

describe('source: the first rule that applies', () => {
  test.each<[string, Partial<PriceInputs>, PriceSource, number]>([
    ['gold tier discount 30 %', {}, 'tier_discount', 840_00],
    ['platinum tier discount 35 %', { tier: 'platinum' }, 'tier_discount', 780_00],
    ['silver tier discount 20 %', { tier: 'silver', volumeBreaks: [] }, 'tier_discount', 960_00],
    ['silver: its own tier’s break (90 % from 1 unit)', { tier: 'silver' }, 'volume_break', 120_00],
    ['registered tier discount 10 %', { tier: 'registered' }, 'tier_discount', 1_080_00],
    ['no tier discount for the line → list', { productLineId: 'cameras' }, 'list', 1_200_00],
    [
      'no rules at all → list',
      { contractPrices: [], volumeBreaks: [], tierDiscounts: [] },
      'list',
      1_200_00,
    ],
    ['contract beats a volume break', { date: '2026-12-15', quantity: 100 }, 'contract', 800_00],
    ['contract beats the tier discount', { date: '2026-12-15' }, 'contract', 800_00],
    [
      'contract above list still wins',
      { date: '2026-12-15', listPriceMinor: 700_00 },
      'contract',
      800_00,
    ],
    ['volume break beats the tier discount', { quantity: 10 }, 'volume_break', 816_00],
    ['another SKU: only its own contract applies', { sku: 'RT-8' }, 'contract', 1_00],
  ])('%s', (_name, overrides, source, unitNetMinor) => {
    const net = price(overrides)
    expect(net.source).toBe(source)
    expect(net.unitNetMinor).toBe(unitNetMinor)
    expect(net.lineTotalMinor).toBe(unitNetMinor * net.quantity)
  })

  test('the steps explain the price: list, then the rule', () => {
    expect(price({}).steps).toEqual([
      { kind: 'list', amountMinor: 1_200_00, detail: {} },
      {
        kind: 'tier_discount',
        amountMinor: 840_00,
        detail: { tier: 'gold', productLineId: 'switches', discountBps: 3000 },
      },
    ])
  })
})

describe('contract validity (dates inclusive, Asia/Shanghai calendar dates)', () => {
  test.each<[string, string, PriceSource, number]>([
    ['the day before it starts', '2026-11-30', 'tier_discount', 840_00],
    ['the day it starts', '2026-12-01', 'contract', 800_00],
    ['the day it ends', '2026-12-31', 'contract', 800_00],
    ['the day after it ends', '2027-01-01', 'tier_discount', 840_00],
  ])('%s (%s)', (_name, date, source, unitNetMinor) => {
    const net = price({ date })
    expect(net.source).toBe(source)
    expect(net.unitNetMinor).toBe(unitNetMinor)
  })

  test('an open-ended contract applies years later', () => {
    const net = price({
      date: '2031-06-30',
      contractPrices: [
        {
          sku: 'SW-24',
          priceMinor: 900_00,
          currency: 'CNY',
          validFrom: '2026-01-01',
          validTo: null,
        },
      ],
    })
    expect(net.source).toBe('contract')
    expect(net.steps[1]).toEqual({
      kind: 'contract',
      amountMinor: 900_00,
      detail: { validFrom: '2026-01-01', validTo: null },
    })
  })

  test('overlapping contracts: the one that started last wins', () => {
    const net = price({
      date: '2026-12-15',
      contractPrices: [
        ...base.contractPrices,
        {
          sku: 'SW-24',
          priceMinor: 950_00,
          currency: 'CNY',
          validFrom: '2026-12-10',
          validTo: null,
        },
      ],
    })
    expect(net.unitNetMinor).toBe(950_00)
  })
})

describe('volume breaks: highest minQuantity ≤ quantity; the SKU’s own break before the line’s', () => {
  test.each<[number, PriceSource, number, 'sku' | 'product_line' | null]>([
    [9, 'tier_discount', 840_00, null], // one below the first break
    [10, 'volume_break', 816_00, 'product_line'], // exactly on it: 32 % off list
    [49, 'volume_break', 816_00, 'product_line'],
    [50, 'volume_break', 780_00, 'product_line'], // 35 %
    [99, 'volume_break', 780_00, 'product_line'],
    [100, 'volume_break', 750_00, 'sku'], // the SKU's fixed price
    [500, 'volume_break', 750_00, 'sku'],
  ])('quantity %i → %s %i', (quantity, source, unitNetMinor, appliesTo) => {
    const net = price({ quantity })
    expect(net.source).toBe(source)
    expect(net.unitNetMinor).toBe(unitNetMinor)
    expect(net.lineTotalMinor).toBe(unitNetMinor * quantity)
    const step = net.steps.find((s) => s.kind === 'volume_break')
    expect(step?.kind === 'volume_break' ? step.detail.appliesTo : null).toBe(appliesTo)
  })

  test('a SKU break wins over a product-line break with a higher minQuantity', () => {
    const net = price({
      quantity: 60,
      volumeBreaks: [
        { tier: 'gold', sku: 'SW-24', minQuantity: 5, priceMinor: 1_000_00, currency: 'CNY' },
        { tier: 'gold', productLineId: 'switches', minQuantity: 50, discountBps: 5000 },
      ],
    })
    expect(net.unitNetMinor).toBe(1_000_00)
  })

  test('below the SKU’s first break the product line’s break still applies', () => {
    const net = price({
      quantity: 20,
      volumeBreaks: [
        { tier: 'gold', sku: 'SW-24', minQuantity: 100, priceMinor: 700_00, currency: 'CNY' },
        { tier: 'gold', productLineId: 'switches', minQuantity: 10, discountBps: 3200 },
      ],
    })
    expect(net.steps[1]).toEqual({
      kind: 'volume_break',
      amountMinor: 816_00,
      detail: { appliesTo: 'product_line', minQuantity: 10, discountBps: 3200 },
    })
  })
})

describe('deal discount on top of any source (default 5 %)', () => {
  test.each<[string, Partial<PriceInputs>, PriceSource, number, number]>([
    ['on the tier discount', {}, 'tier_discount', 840_00, 798_00],
    ['on a contract price', { date: '2026-12-01' }, 'contract', 800_00, 760_00],
    ['on a volume break', { quantity: 10 }, 'volume_break', 816_00, 775_20],
    ['on the list price', { productLineId: 'cameras' }, 'list', 1_200_00, 1_140_00],
  ])('%s', (_name, overrides, source, beforeMinor, unitNetMinor) => {
    const net = price({ ...overrides, dealDiscountBps: defaultDealDiscountBps })
    expect(net.source).toBe(source)
    expect(net.steps.at(-2)?.amountMinor).toBe(beforeMinor)
    expect(net.steps.at(-1)).toEqual({
      kind: 'deal_discount',
      amountMinor: unitNetMinor,
      detail: { discountBps: 500 },
    })
    expect(net.unitNetMinor).toBe(unitNetMinor)
  })

  test.each([null, undefined])('no linked registration (%s) → no deal step', (dealDiscountBps) => {
    const net = price({ dealDiscountBps })
    expect(net.steps.map((s) => s.kind)).toEqual(['list', 'tier_discount'])
  })
})

describe('applyBps: the one rounding, half away from zero, exact', () => {
  test.each([
    [999, 3333, 333], // 332.9667
    [999, 6667, 666], // 666.0333: 999 less 33.33 %
    [10, 2500, 3], // 2.5 → 3
    [10, 7500, 8], // 7.5 → 8
    [1, 5000, 1], // 0.5 → 1
    [3, 4999, 1], // 1.4997 → 1
    [3, 5001, 2], // 1.5003 → 2
    [-5, 5000, -3], // −2.5 → −3 (away from zero, not up)
    [-1, 4999, 0],
    [0, 3000, 0],
    [12_345, 0, 0],
    [12_345, 10_000, 12_345],
    [Number.MAX_SAFE_INTEGER, 10_000, Number.MAX_SAFE_INTEGER], // no float overflow
    [Number.MAX_SAFE_INTEGER, 5000, 4_503_599_627_370_496], // …5.5 → …6
  ])('%i × %i bps → %i', (amountMinor, bps, expected) => {
    expect(applyBps(amountMinor, bps)).toBe(expected)
  })

  test.each([-1, 10_001, 12.5, Number.NaN])('bps %s is rejected', (bps) => {
    expect(() => applyBps(100, bps)).toThrow(PriceRuleError)
  })
})

describe('rounding in resolution: once per step, line total never rounded again', () => {
  test.each<[string, Partial<PriceInputs>, number, number]>([
    ['999 less 33.33 %', { listPriceMinor: 999, tierDiscounts: [tier(3333)] }, 666, 666],
    [
      '15 less 50 % rounds the paid price half up: 7.5 → 8',
      { listPriceMinor: 15, tierDiscounts: [tier(5000)] },
      8,
      8,
    ],
    ['1 fen less 50 % is still 1 fen', { listPriceMinor: 1, tierDiscounts: [tier(5000)] }, 1, 1],
    ['100 % off is 0, never negative', { tierDiscounts: [tier(10_000)] }, 0, 0],
    [
      'per step: 15 → 8 (50 %) → 8 (5 % of 8 = 7.6), not 7 (7.125)',
      { listPriceMinor: 15, tierDiscounts: [tier(5000)], dealDiscountBps: 500 },
      8,
      8,
    ],
    [
      'line total = unit × quantity: 8 × 2 = 16, not 15',
      { listPriceMinor: 15, tierDiscounts: [tier(5000)], quantity: 2 },
      8,
      16,
    ],
    [
      'JPY has no minor digits: ¥1,000 less 33.33 % = ¥667',
      {
        currency: 'JPY',
        listPriceMinor: 1000,
        contractPrices: [],
        volumeBreaks: [],
        tierDiscounts: [tier(3333)],
      },
      667,
      667,
    ],
  ])('%s', (_name, overrides, unitNetMinor, lineTotalMinor) => {
    const net = price(overrides)
    expect(net.unitNetMinor).toBe(unitNetMinor)
    expect(net.lineTotalMinor).toBe(lineTotalMinor)
  })

  function tier(discountBps: number) {
    return { tier: 'gold' as const, productLineId: 'switches', discountBps }
  }
})

describe('bad input is rejected, never priced', () => {
  const usdContract = {
    sku: 'SW-24',
    priceMinor: 100_00,
    currency: 'USD',
    validFrom: '2027-01-01',
    validTo: null,
  }
  test.each<[string, Partial<PriceInputs>, PriceRuleErrorReason]>([
    ['zero quantity', { quantity: 0 }, 'invalid_quantity'],
    ['negative quantity', { quantity: -1 }, 'invalid_quantity'],
    ['fractional quantity', { quantity: 1.5 }, 'invalid_quantity'],
    ['NaN quantity', { quantity: Number.NaN }, 'invalid_quantity'],
    ['negative list price', { listPriceMinor: -1 }, 'invalid_amount'],
    ['fractional list price', { listPriceMinor: 10.5 }, 'invalid_amount'],
    ['lower-case currency', { currency: 'cny' }, 'invalid_currency'],
    // Checked even when the contract is not valid on the date: bad data fails loudly.
    ['contract in another currency', { contractPrices: [usdContract] }, 'currency_mismatch'],
    [
      'volume break price in another currency',
      {
        volumeBreaks: [
          { tier: 'gold', sku: 'SW-24', minQuantity: 1, priceMinor: 1, currency: 'USD' },
        ],
      },
      'currency_mismatch',
    ],
    [
      'volume break price without a currency',
      { volumeBreaks: [{ tier: 'gold', sku: 'SW-24', minQuantity: 1, priceMinor: 1 }] },
      'invalid_currency',
    ],
    [
      'tier discount over 100 %',
      { tierDiscounts: [{ tier: 'gold', productLineId: 'switches', discountBps: 10_001 }] },
      'invalid_bps',
    ],
    [
      'negative tier discount',
      { tierDiscounts: [{ tier: 'gold', productLineId: 'switches', discountBps: -1 }] },
      'invalid_bps',
    ],
    [
      'fractional bps',
      { tierDiscounts: [{ tier: 'gold', productLineId: 'switches', discountBps: 2.5 }] },
      'invalid_bps',
    ],
    [
      'volume break discount over 100 %',
      {
        volumeBreaks: [
          { tier: 'gold', productLineId: 'switches', minQuantity: 1, discountBps: 10_001 },
        ],
      },
      'invalid_bps',
    ],
    ['deal discount over 100 %', { dealDiscountBps: 10_001 }, 'invalid_bps'],
    ['negative deal discount', { dealDiscountBps: -500 }, 'invalid_bps'],
    ['impossible date', { date: '2026-02-30' }, 'invalid_date'],
    ['date in another format', { date: '2026/12/01' }, 'invalid_date'],
    [
      'contract ending before it starts',
      {
        contractPrices: [
          { ...usdContract, currency: 'CNY', validFrom: '2027-02-01', validTo: '2027-01-31' },
        ],
      },
      'invalid_rule',
    ],
    [
      'negative contract price',
      { contractPrices: [{ ...usdContract, currency: 'CNY', priceMinor: -1 }] },
      'invalid_amount',
    ],
    [
      'volume break with both price and discount',
      {
        volumeBreaks: [
          {
            tier: 'gold',
            sku: 'SW-24',
            minQuantity: 1,
            priceMinor: 1,
            currency: 'CNY',
            discountBps: 100,
          },
        ],
      },
      'invalid_rule',
    ],
    [
      'volume break naming both a SKU and a line',
      {
        volumeBreaks: [
          {
            tier: 'gold',
            sku: 'SW-24',
            productLineId: 'switches',
            minQuantity: 1,
            discountBps: 100,
          },
        ],
      },
      'invalid_rule',
    ],
    [
      'volume break at 0 units',
      { volumeBreaks: [{ tier: 'gold', sku: 'SW-24', minQuantity: 0, discountBps: 100 }] },
      'invalid_quantity',
    ],
    [
      'two volume breaks at the same quantity',
      {
        volumeBreaks: [
          { tier: 'gold', sku: 'SW-24', minQuantity: 10, discountBps: 100 },
          { tier: 'gold', sku: 'SW-24', minQuantity: 10, discountBps: 200 },
        ],
      },
      'ambiguous_rule',
    ],
    [
      'two tier discounts for the line',
      {
        tierDiscounts: [
          { tier: 'gold', productLineId: 'switches', discountBps: 3000 },
          { tier: 'gold', productLineId: 'switches', discountBps: 2000 },
        ],
      },
      'ambiguous_rule',
    ],
    [
      'line total beyond 2^53',
      { listPriceMinor: Number.MAX_SAFE_INTEGER, productLineId: 'cameras', quantity: 2 },
      'invalid_amount',
    ],
  ])('%s', (_name, overrides, reason) => {
    expect(() => price(overrides)).toThrow(
      expect.objectContaining({ name: 'PriceRuleError', reason }),
    )
  })

  test('another SKU’s contract in another currency is not this price’s business', () => {
    const net = price({ contractPrices: [{ ...usdContract, sku: 'RT-8' }] })
    expect(net.unitNetMinor).toBe(840_00)
  })
})

describe('explainPrice', () => {
  test('list 1,200.00 → gold tier −30 % → 840.00 → deal −5 % → 798.00', () => {
    const parts = explainPrice(price({ dealDiscountBps: 500 }), (minor) => (minor / 100).toFixed(2))
    expect(parts).toEqual([
      {
        kind: 'list',
        amountMinor: 1_200_00,
        amountText: '1200.00',
        changeMinor: 0,
        discountBps: null,
      },
      {
        kind: 'tier_discount',
        amountMinor: 840_00,
        amountText: '840.00',
        changeMinor: -360_00,
        discountBps: 3000,
      },
      {
        kind: 'deal_discount',
        amountMinor: 798_00,
        amountText: '798.00',
        changeMinor: -42_00,
        discountBps: 500,
      },
    ])
  })

  test('a fixed price has no percentage; the default format is money in English', () => {
    const parts = explainPrice(price({ quantity: 100 }))
    expect(parts[1]).toMatchObject({
      kind: 'volume_break',
      changeMinor: -450_00,
      discountBps: null,
    })
    expect(parts[1]!.amountText).toContain('750.00')
  })
})
