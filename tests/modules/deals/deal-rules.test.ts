import { describe, expect, test } from 'vitest'
import {
  RegisterDealForm,
  canMoveStage,
  canRequestExtension,
  decideIntake,
  effectiveStatus,
  isInTerritory,
  protectionDaysFor,
  type RuleSettings,
  type Stage,
} from '#app/modules/deals/deal-rules'

const settings: RuleSettings = {
  protectionDaysPlatinum: 120,
  protectionDaysGold: 90,
  protectionDaysSilver: 60,
  protectionDaysRegistered: 30,
  extensionMaxCount: 1,
  extensionDays: 30,
  expiryWarningDays: 14,
  reviewSlaHours: 72,
  territoryPolicy: 'review',
  autoApproveEnabled: true,
  autoApproveBelowMinor: 100_000_00,
  autoApproveCurrency: 'CNY',
}

describe('protection by tier', () => {
  test.each([
    ['platinum', 120],
    ['gold', 90],
    ['silver', 60],
    ['registered', 30],
  ] as const)('%s → %i days', (tier, days) => {
    expect(protectionDaysFor(tier, settings)).toBe(days)
  })
})

describe('territory', () => {
  const territories = [
    { regionCode: 'CN-EAST', industries: [] },
    { regionCode: 'CN-SOUTH', industries: ['energy', 'pharma'] },
  ]
  test.each([
    ['CN-EAST', null, true],
    ['CN-EAST', 'automotive', true],
    ['CN-SOUTH', 'energy', true],
    ['CN-SOUTH', 'automotive', false],
    ['CN-SOUTH', null, false],
    ['CN-NORTH', null, false],
    ['CN-NORTH', 'energy', false],
  ])('region %s, industry %s → inside: %s', (region, industry, inside) => {
    expect(isInTerritory(territories, region, industry)).toBe(inside)
  })
})

describe('intake: territory policy and auto-approval', () => {
  const intake = (
    over: Partial<RuleSettings>,
    inTerritory: boolean,
    value: number,
    currency = 'CNY',
  ) =>
    decideIntake({
      inTerritory,
      settings: { ...settings, ...over },
      estimatedValueMinor: value,
      currency,
    })

  test.each([
    {
      name: 'inside, under the threshold → approved at once',
      over: {},
      inside: true,
      value: 99_999_99,
      expected: { outcome: 'approve', rule: 'auto_approve' },
    },
    {
      name: 'inside, exactly at the threshold → review',
      over: {},
      inside: true,
      value: 100_000_00,
      expected: { outcome: 'pending', outsideTerritory: false },
    },
    {
      name: 'inside, auto-approve off → review',
      over: { autoApproveEnabled: false },
      inside: true,
      value: 1,
      expected: { outcome: 'pending', outsideTerritory: false },
    },
    {
      name: 'inside, another currency → review',
      over: {},
      inside: true,
      value: 1,
      currency: 'USD',
      expected: { outcome: 'pending', outsideTerritory: false },
    },
    {
      name: 'outside, policy review → pending, flagged',
      over: {},
      inside: false,
      value: 1,
      expected: { outcome: 'pending', outsideTerritory: true },
    },
    {
      name: 'outside, policy refuse → refused by the territory rule',
      over: { territoryPolicy: 'refuse' as const },
      inside: false,
      value: 1,
      expected: { outcome: 'refuse', rule: 'territory' },
    },
    {
      name: 'outside, policy allow → treated as inside: auto-approved under the threshold',
      over: { territoryPolicy: 'allow' as const },
      inside: false,
      value: 1,
      expected: { outcome: 'approve', rule: 'auto_approve' },
    },
    {
      name: 'outside, policy allow, over the threshold → review, marked as outside',
      over: { territoryPolicy: 'allow' as const },
      inside: false,
      value: 100_000_00,
      expected: { outcome: 'pending', outsideTerritory: true },
    },
  ])('$name', ({ over, inside, value, currency, expected }) => {
    expect(intake(over, inside, value, currency)).toEqual(expected)
  })
})

describe('stages', () => {
  const open: Stage[] = ['registered', 'qualified', 'proposal', 'negotiation']
  test('open stages move to any other stage, including back', () => {
    for (const from of open)
      for (const to of [...open, 'won', 'lost'] as Stage[])
        expect(canMoveStage(from, to)).toBe(from !== to)
  })
  test('won and lost are final', () => {
    for (const to of [...open, 'won', 'lost'] as Stage[]) {
      expect(canMoveStage('won', to)).toBe(false)
      expect(canMoveStage('lost', to)).toBe(false)
    }
  })
})

describe('extension requests', () => {
  const now = new Date('2026-11-25T00:00:00Z')
  const base = {
    status: 'approved',
    extensionsUsed: 0,
    protectionEndsAt: new Date('2026-12-01T00:00:00Z'),
    hasPendingRequest: false,
    settings: { extensionMaxCount: 1 },
    now,
  }
  test.each([
    ['allowed before expiry within the limit', {}, { ok: true }],
    ['limit reached', { extensionsUsed: 1 }, { ok: false, reason: 'limit_reached' }],
    [
      'exactly at the end of protection',
      { protectionEndsAt: now },
      { ok: false, reason: 'expired' },
    ],
    [
      'after expiry',
      { protectionEndsAt: new Date('2026-11-24T00:00:00Z') },
      { ok: false, reason: 'expired' },
    ],
    ['one already waiting', { hasPendingRequest: true }, { ok: false, reason: 'pending_request' }],
    [
      'still pending review',
      { status: 'pending', protectionEndsAt: null },
      { ok: false, reason: 'not_approved' },
    ],
    [
      'no extensions configured',
      { settings: { extensionMaxCount: 0 } },
      { ok: false, reason: 'limit_reached' },
    ],
  ])('%s', (_name, over, expected) => {
    expect(canRequestExtension({ ...base, ...over })).toEqual(expected)
  })
})

describe('effective status', () => {
  const now = new Date('2026-11-25T00:00:00Z')
  test.each([
    ['approved', new Date('2026-11-25T00:00:01Z'), 'approved'],
    ['approved', now, 'expired'],
    ['approved', new Date('2026-11-01T00:00:00Z'), 'expired'],
    ['pending', null, 'pending'],
    ['won', new Date('2026-11-01T00:00:00Z'), 'won'],
  ])('%s ending %s → %s', (status, endsAt, expected) => {
    expect(effectiveStatus(status, endsAt, now)).toBe(expected)
  })
})

describe('the registration form', () => {
  const valid = {
    prospectName: 'Suzhou Hengli Precision Machinery Co., Ltd.',
    regionCode: 'CN-EAST',
    productLineId: '00000000-0000-4000-8000-000000000001',
    estimatedValue: '250,000.50',
    currency: 'cny',
    expectedCloseDate: '2027-03-31',
  }
  test('parses money without floats and normalises the currency', () => {
    const parsed = RegisterDealForm.parse(valid)
    expect(parsed.estimatedValueMinor).toBe(25_000_050)
    expect(parsed.currency).toBe('CNY')
    expect(parsed.prospectTaxId).toBeNull()
  })
  test.each([
    [{ prospectName: 'Ltd.' }, 'prospectName', 'deals:validation.nameMeaningless'],
    [{ prospectTaxId: '91350100M000100Y44' }, 'prospectTaxId', 'deals:validation.taxIdInvalid'],
    [{ prospectDomain: 'someone@qq.com' }, 'prospectDomain', 'deals:validation.domainInvalid'],
    [{ estimatedValue: '0' }, 'estimatedValue', 'validation:invalidAmount'],
    [{ estimatedValue: '12.345' }, 'estimatedValue', 'validation:invalidAmount'],
    [{ expectedCloseDate: '' }, 'expectedCloseDate', 'validation:required'],
    [{ expectedCloseDate: '31/03/2027' }, 'expectedCloseDate', 'deals:validation.dateInvalid'],
    [{ contactEmail: 'not-an-email' }, 'contactEmail', 'validation:email'],
    [{ productLineId: 'abc' }, 'productLineId', 'validation:required'],
  ])('%j → %s: %s', (over, field, message) => {
    const result = RegisterDealForm.safeParse({ ...valid, ...over })
    expect(result.success).toBe(false)
    expect(result.error!.issues.find((i) => i.path.join('.') === field)?.message).toBe(message)
  })
})
