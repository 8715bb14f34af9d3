import { describe, expect, test } from 'vitest'
import {
  nextPartnerCode,
  parseIndustryList,
  parsePartnerListQuery,
  partnerListSearch,
  PartnerForm,
  PartnerStatusForm,
} from '#app/modules/partners/partner-rules'
import { parseForm } from '#app/utils/forms'

/** What the browser posts for a filled-in form; override single fields per case. */
function formData(fields: Record<string, string | string[]>): FormData {
  const data = new FormData()
  const base: Record<string, string | string[]> = {
    name: 'Acme Automation',
    kind: 'dealer',
    tier: 'silver',
    currency: 'CNY',
    creditLimit: '12,500.50',
    paymentTermsDays: '30',
    channelManagerId: '',
    code: '',
  }
  for (const [key, value] of Object.entries({ ...base, ...fields })) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(key, v)
  }
  return data
}

const parse = (fields: Record<string, string | string[]>) =>
  parseForm(PartnerForm, formData(fields), ['territory'])

describe('PartnerForm', () => {
  test('parses money to minor units, fills defaults and reads territories with industries', () => {
    const result = parse({
      code: ' p-77 ',
      currency: '',
      territory: ['CN-EAST', 'HK'],
      'industries.CN-EAST': 'Manufacturing, energy，energy',
      'industries.SG': 'pharma',
    })
    expect(result).toEqual({
      ok: true,
      data: {
        name: 'Acme Automation',
        code: 'P-77',
        kind: 'dealer',
        tier: 'silver',
        currency: 'CNY',
        creditLimitMinor: 1_250_050,
        paymentTermsDays: 30,
        channelManagerId: null,
        territories: [
          { regionCode: 'CN-EAST', industries: ['manufacturing', 'energy'] },
          { regionCode: 'HK', industries: [] },
        ],
      },
    })
  })

  test('runs of spaces in the name collapse to one', () => {
    const result = parse({ name: '  Acme \t  Automation  ' })
    expect(result.ok && result.data.name).toBe('Acme Automation')
  })

  test('an empty code means "generate one" and an empty credit limit means zero', () => {
    const result = parse({ code: '  ', creditLimit: '' })
    expect(result.ok && result.data).toMatchObject({
      code: null,
      creditLimitMinor: 0,
      territories: [],
    })
  })

  test.each([
    [{ name: '  ' }, 'name', 'validation:required'],
    [{ name: 'x'.repeat(201) }, 'name', 'validation:tooLong'],
    [{ kind: 'wholesaler' }, 'kind', 'validation:invalidChoice'],
    [{ tier: 'diamond' }, 'tier', 'validation:invalidChoice'],
    [{ code: 'P 1' }, 'code', 'partners:validation.code'],
    [{ currency: 'yuan' }, 'currency', 'partners:validation.currency'],
    [{ creditLimit: '-5' }, 'creditLimit', 'validation:invalidAmount'],
    [{ creditLimit: '1.234' }, 'creditLimit', 'validation:invalidAmount'],
    [{ creditLimit: '10.5', currency: 'JPY' }, 'creditLimit', 'validation:invalidAmount'],
    [{ paymentTermsDays: '' }, 'paymentTermsDays', 'validation:required'],
    [{ paymentTermsDays: '-1' }, 'paymentTermsDays', 'validation:invalidNumber'],
    [{ paymentTermsDays: '366' }, 'paymentTermsDays', 'partners:validation.paymentTerms'],
    [{ channelManagerId: 'li' }, 'channelManagerId', 'validation:invalidChoice'],
    [
      { territory: ['CN-EAST'], 'industries.CN-EAST': 'oil & gas' },
      'industries.CN-EAST',
      'partners:validation.industries',
    ],
  ])('%o is refused on %s', (fields, field, message) => {
    const result = parse(fields)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.fieldErrors[field]).toBe(message)
  })

  test('the boundaries of payment terms are accepted', () => {
    expect(parse({ paymentTermsDays: '0' }).ok).toBe(true)
    expect(parse({ paymentTermsDays: '365' }).ok).toBe(true)
  })

  test('a currency without minor units takes whole amounts', () => {
    const result = parse({ currency: 'jpy', creditLimit: '1,000' })
    expect(result.ok && result.data).toMatchObject({ currency: 'JPY', creditLimitMinor: 1000 })
  })

  test('the browser shape (nested industries, a lone ticked region) parses the same', () => {
    const result = PartnerForm.safeParse({
      name: 'Acme',
      kind: 'reseller',
      tier: 'gold',
      paymentTermsDays: '45',
      territory: 'SG',
      industries: { SG: 'pharma' },
    })
    expect(result.success && result.data.territories).toEqual([
      { regionCode: 'SG', industries: ['pharma'] },
    ])
  })
})

describe('parseIndustryList', () => {
  test.each([
    ['', []],
    ['Manufacturing', ['manufacturing']],
    ['oil gas、 pharma ; pharma', ['oil-gas', 'pharma']],
    ['制造业、能源, Pharmaceuticals', ['manufacturing', 'energy', 'pharma']],
    ['energy!', null],
    ['食品', null],
  ])('%j → %j', (text, expected) => {
    expect(parseIndustryList(text)).toEqual(expected)
  })
})

describe('PartnerStatusForm', () => {
  test('suspension needs a reason; reactivation does not', () => {
    expect(PartnerStatusForm.safeParse({ status: 'suspended', reason: '  ' }).success).toBe(false)
    expect(PartnerStatusForm.safeParse({ status: 'suspended', reason: 'Overdue' }).success).toBe(
      true,
    )
    expect(PartnerStatusForm.safeParse({ status: 'active' }).success).toBe(true)
  })
})

describe('nextPartnerCode', () => {
  test.each([
    [null, 'P-0001'],
    [16, 'P-0017'],
    [9999, 'P-10000'],
  ])('after %s comes %s', (highest, code) => {
    expect(nextPartnerCode(highest)).toBe(code)
  })
})

describe('the list query', () => {
  test('bad values fall back to no filter instead of failing', () => {
    const query = parsePartnerListQuery(
      new URLSearchParams('kind=wholesaler&tier=gold&status=gone&page=-3&sort=revenue&manager=bob'),
    )
    expect(query).toEqual({
      q: '',
      kind: null,
      tier: 'gold',
      status: null,
      region: null,
      manager: null,
      sort: 'name',
      dir: 'asc',
      page: 1,
    })
  })

  test('a view written to the URL reads back the same', () => {
    const url = '?q=bridge&kind=distributor&region=CN-EAST&manager=mine&sort=created&dir=asc&page=2'
    const query = parsePartnerListQuery(new URLSearchParams(url))
    expect(partnerListSearch(query)).toBe(url)
    expect(partnerListSearch(query, { page: 1 })).not.toContain('page=')
  })
})
