import { describe, expect, test } from 'vitest'
import { contractPriceForm } from '#app/modules/pricing/contract-price-rules'
import {
  canWithdrawPolicy,
  isAddressedBy,
  planTierDiscountChange,
  planWithdrawRow,
  policyPhase,
  publishPricePolicyForm,
  type DatedDiscountRow,
} from '#app/modules/pricing/price-policy-rules'
import {
  bpsToPercentInput,
  endDateProblem,
  parsePercentToBps,
  shiftDay,
  validityOn,
} from '#app/modules/pricing/price-validity-rules'
import { volumeBreakForm } from '#app/modules/pricing/volume-break-rules'
import { toFieldErrors } from '#app/utils/forms'

const row = (
  id: string,
  validFrom: string,
  validTo: string | null,
  discountBps = 3000,
): DatedDiscountRow => ({ id, validFrom, validTo, discountBps, policyId: null })

describe('planTierDiscountChange', () => {
  test('ends the row in force the day before; the new row takes the rest of its validity', () => {
    expect(planTierDiscountChange([row('a', '2026-01-01', null)], '2026-12-15', 3200)).toEqual({
      ok: true,
      close: { id: 'a', validTo: '2026-12-14', previousValidTo: null },
      insert: { validFrom: '2026-12-15', validTo: null },
      previousBps: 3000,
    })
    // The row in force already ends before a later change: the new row stops there too.
    const rows = [row('a', '2026-01-01', '2026-12-31'), row('b', '2027-01-01', null, 3500)]
    expect(planTierDiscountChange(rows, '2026-12-15', 3200)).toMatchObject({
      close: { id: 'a', validTo: '2026-12-14' },
      insert: { validFrom: '2026-12-15', validTo: '2026-12-31' },
    })
  })

  test('the first of a month, a leap day, the first of a year', () => {
    for (const [date, before] of [
      ['2026-03-01', '2026-02-28'],
      ['2028-03-01', '2028-02-29'],
      ['2027-01-01', '2026-12-31'],
    ]) {
      const plan = planTierDiscountChange([row('a', '2000-01-01', null)], date!, 1)
      expect(plan.ok && plan.close?.validTo).toBe(before)
    }
  })

  test('no row in force: from the date to the day before the next row, or open-ended', () => {
    expect(
      planTierDiscountChange([row('b', '2027-01-01', null)], '2026-12-15', 3200),
    ).toMatchObject({ close: null, insert: { validTo: '2026-12-31' }, previousBps: null })
    expect(
      planTierDiscountChange([row('a', '2026-01-01', '2026-06-30')], '2026-12-15', 3200),
    ).toMatchObject({ close: null, insert: { validTo: null } })
    expect(planTierDiscountChange([], '2026-12-15', 3200)).toMatchObject({
      insert: { validFrom: '2026-12-15', validTo: null },
    })
  })

  test('a row starting on the date, or the same discount, is refused', () => {
    const sameDay = row('b', '2026-12-15', null, 3500)
    expect(
      planTierDiscountChange([row('a', '2026-01-01', '2026-12-14'), sameDay], '2026-12-15', 3200),
    ).toEqual({ ok: false, reason: 'same_date', existing: sameDay })
    expect(
      planTierDiscountChange([row('a', '2026-01-01', null)], '2026-12-15', 3000),
    ).toMatchObject({ ok: false, reason: 'unchanged' })
  })
})

describe('planWithdrawRow', () => {
  test('the row ending the day before runs on to the removed row’s end', () => {
    const removed = row('n', '2026-12-15', '2026-12-31')
    expect(planWithdrawRow([row('a', '2026-01-01', '2026-12-14'), removed], removed)).toEqual({
      extend: { id: 'a', validTo: '2026-12-31' },
    })
    expect(planWithdrawRow([removed], removed)).toEqual({ extend: null })
  })
})

describe('policy phase and withdrawal', () => {
  test.each([
    ['published', '2026-12-15', '2026-12-14', 'scheduled', true],
    ['published', '2026-12-15', '2026-12-15', 'in_force', false],
    ['published', '2026-12-15', '2027-01-01', 'in_force', false],
    ['withdrawn', '2026-12-15', '2026-12-01', 'withdrawn', false],
    ['draft', '2026-12-15', '2026-12-01', 'draft', false],
  ] as const)(
    '%s, effective %s, on %s: %s',
    (status, effectiveFrom, today, phase, withdrawable) => {
      expect(policyPhase({ status, effectiveFrom }, today)).toBe(phase)
      expect(canWithdrawPolicy({ status, effectiveFrom }, today)).toBe(withdrawable)
    },
  )

  test('addressed: active partners in the tiers, all tiers when none listed, or the one partner', () => {
    const gold = { id: 'p1', tier: 'gold' as const, status: 'active' as const }
    expect(isAddressedBy({ partnerId: null, audienceTiers: [] }, gold)).toBe(true)
    expect(isAddressedBy({ partnerId: null, audienceTiers: ['gold'] }, gold)).toBe(true)
    expect(isAddressedBy({ partnerId: null, audienceTiers: ['silver'] }, gold)).toBe(false)
    expect(
      isAddressedBy({ partnerId: null, audienceTiers: [] }, { ...gold, status: 'suspended' }),
    ).toBe(false)
    expect(isAddressedBy({ partnerId: 'p1', audienceTiers: [] }, gold)).toBe(true)
    expect(isAddressedBy({ partnerId: 'p2', audienceTiers: [] }, gold)).toBe(false)
  })
})

describe('dates and percentages', () => {
  test.each([
    ['32', 3200],
    ['12.5', 1250],
    ['7,25 %', 725],
    ['0', 0],
    ['100', 10000],
    ['100.01', null],
    ['12.345', null],
    ['-5', null],
    ['abc', null],
    ['', null],
  ])('percent %j → %j bps', (text, bps) => {
    expect(parsePercentToBps(text)).toBe(bps)
  })

  test('basis points back to an input value', () => {
    expect([3200, 1250, 725, 5].map(bpsToPercentInput)).toEqual(['32', '12.5', '7.25', '0.05'])
  })

  test('days shift across months and years; validity by day', () => {
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01')
    expect(shiftDay('2028-03-01', -1)).toBe('2028-02-29')
    const period = { validFrom: '2026-12-01', validTo: '2026-12-31' }
    expect(
      ['2026-11-30', '2026-12-01', '2026-12-31', '2027-01-01'].map((d) => validityOn(period, d)),
    ).toEqual(['future', 'current', 'current', 'past'])
  })

  test.each([
    [{ validFrom: '2026-11-01', validTo: null }, '2026-11-30', null],
    [{ validFrom: '2026-11-01', validTo: null }, '2026-11-29', 'pricing:validity.endInPast'],
    [{ validFrom: '2026-12-10', validTo: null }, '2026-12-05', 'pricing:validity.endBeforeStart'],
    [
      { validFrom: '2026-11-01', validTo: '2026-12-20' },
      '2026-12-20',
      'pricing:validity.endNotEarlier',
    ],
    [
      { validFrom: '2026-01-01', validTo: '2026-06-30' },
      '2026-12-05',
      'pricing:validity.alreadyEnded',
    ],
  ])('ending %j on %s (today 2026-12-01): %s', (period, validTo, problem) => {
    expect(endDateProblem(period, validTo, '2026-12-01')).toBe(problem)
  })
})

describe('forms', () => {
  const today = '2026-12-01'
  const line = '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f'

  test('a plain form post (flat keys) and the browser’s nested values parse alike', () => {
    const schema = publishPricePolicyForm(today)
    const flat = schema.safeParse({
      title: ' Robots for registered partners ',
      effectiveFrom: '2026-12-15',
      audience: 'tiers',
      audienceTiers: 'registered',
      'changes.0.tier': 'registered',
      'changes.0.productLineId': line,
      'changes.0.discount': '6.5',
    })
    expect(flat.success && flat.data).toEqual({
      title: 'Robots for registered partners',
      body: '',
      effectiveFrom: '2026-12-15',
      audienceTiers: ['registered'],
      changes: [{ tier: 'registered', productLineId: line, discountBps: 650 }],
    })
    const nested = schema.safeParse({
      title: 'Robots for registered partners',
      body: '',
      effectiveFrom: '2026-12-15',
      audience: 'tiers',
      audienceTiers: ['registered'],
      changes: [{ tier: 'registered', productLineId: line, discount: '6.5' }],
    })
    expect(nested.success && nested.data).toEqual(flat.success && flat.data)
  })

  test('past date, no tiers, a change outside the audience, a duplicate: one message each', () => {
    const result = publishPricePolicyForm(today).safeParse({
      title: 'x',
      effectiveFrom: '2026-11-30',
      audience: 'tiers',
      audienceTiers: false,
      changes: [
        { tier: 'gold', productLineId: line, discount: '30' },
        { tier: 'gold', productLineId: line, discount: '31' },
      ],
    })
    expect(result.success).toBe(false)
    expect(toFieldErrors(result.error!)).toEqual({
      effectiveFrom: 'pricing:publish.errors.effectiveInPast',
      audienceTiers: 'pricing:publish.errors.noTiers',
      'changes.0.tier': 'pricing:publish.errors.tierNotInAudience',
      'changes.1.tier': 'pricing:publish.errors.tierNotInAudience',
      'changes.1.productLineId': 'pricing:publish.errors.duplicateChange',
    })
    const none = publishPricePolicyForm(today).safeParse({
      title: 'x',
      effectiveFrom: today,
      audience: 'all',
      changes: [],
    })
    expect(toFieldErrors(none.error!)).toEqual({ changes: 'pricing:publish.errors.noChanges' })
  })

  test('contract price: money in minor units, open end, dates in order', () => {
    const schema = contractPriceForm(today)
    expect(
      schema.safeParse({
        sku: ' ht-cobot-3 ',
        price: '58,800.50',
        currency: 'cny',
        validFrom: today,
        validTo: '',
        note: '',
      }).data,
    ).toEqual({
      sku: 'HT-COBOT-3',
      priceMinor: 58_800_50,
      currency: 'CNY',
      validFrom: today,
      validTo: null,
      note: null,
    })
    const bad = schema.safeParse({
      sku: 'HT-COBOT-3',
      price: '12.345',
      currency: 'CNY',
      validFrom: '2026-12-10',
      validTo: '2026-12-09',
      note: '',
    })
    expect(toFieldErrors(bad.error!)).toEqual({ validTo: 'pricing:validity.endBeforeStart' })
    const badPrice = schema.safeParse({ sku: 'A', price: '12.345', validFrom: today })
    expect(toFieldErrors(badPrice.error!)).toEqual({ price: 'validation:invalidAmount' })
  })

  test('volume break: a product line gets a discount, never a unit price', () => {
    const value = {
      tier: 'silver',
      minQuantity: '50',
      kind: 'price',
      amount: '800',
      currency: 'CNY',
      validFrom: today,
      validTo: '',
    }
    expect(toFieldErrors(volumeBreakForm(today, 'line').safeParse(value).error!)).toEqual({
      kind: 'pricing:volumeBreaks.errors.linePrice',
    })
    expect(volumeBreakForm(today, 'sku').safeParse(value).data).toMatchObject({
      minQuantity: 50,
      priceMinor: 800_00,
      discountBps: null,
    })
    expect(
      toFieldErrors(volumeBreakForm(today, 'sku').safeParse({ ...value, minQuantity: '0' }).error!),
    ).toEqual({ minQuantity: 'pricing:volumeBreaks.errors.minQuantity' })
  })
})
