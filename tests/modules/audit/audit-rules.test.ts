import { describe, expect, test } from 'vitest'
import {
  auditChanges,
  endOfVendorDay,
  formatAuditValue,
  parseAuditQuery,
  parsePage,
  startOfVendorDay,
} from '#app/modules/audit/audit-rules'

const parse = (query: string) => parseAuditQuery(new URLSearchParams(query))

describe('parseAuditQuery', () => {
  test('keeps valid filters, trimmed', () => {
    const parsed = parse(
      'actor=%20li@&action=partner.updated&entityType=partner&partner=P-0001&from=2026-03-01&to=2026-03-31&page=3',
    )
    expect(parsed.filters).toEqual({
      actor: 'li@',
      action: 'partner.updated',
      entityType: 'partner',
      partner: 'P-0001',
      from: '2026-03-01',
      to: '2026-03-31',
    })
    expect(parsed.page).toBe(3)
    expect(parsed.fieldErrors).toEqual({})
  })

  test('blank fields are no filter and no error', () => {
    const parsed = parse('actor=&action=&entityType=&partner=++&from=&to=&partnerId=')
    expect(parsed.filters).toEqual({})
    expect(parsed.fieldErrors).toEqual({})
  })

  test.each([
    ['from=2026-02-30', 'from', 'audit:filters.invalidDate'],
    ['from=yesterday', 'from', 'audit:filters.invalidDate'],
    ['to=2026-13-01', 'to', 'audit:filters.invalidDate'],
    ['to=1900-01-01', 'to', 'audit:filters.invalidDate'],
    ["action=partner.created'%20or%201=1--", 'action', 'audit:filters.invalidAction'],
    ['action=Partner.Created', 'action', 'audit:filters.invalidAction'],
    ['entityType=partner;drop', 'entityType', 'audit:filters.invalidEntityType'],
    ['partnerId=not-a-uuid', 'partnerId', 'audit:filters.invalidPartner'],
    [`actor=${'a'.repeat(201)}`, 'actor', 'validation:tooLong'],
  ])('%s is ignored with a message on %s', (query, field, message) => {
    const parsed = parse(`${query}&actor2=x`)
    expect(parsed.fieldErrors).toEqual({ [field]: message })
    expect(parsed.filters).not.toHaveProperty(field)
  })

  test('control characters (PostgreSQL refuses NUL) are dropped from free text', () => {
    expect(parse('actor=li%00na%0A&partner=%00%01').filters).toEqual({ actor: 'lina' })
  })

  test('an invalid filter does not drop the valid ones', () => {
    const parsed = parse('from=bad&actor=wang')
    expect(parsed.filters).toEqual({ actor: 'wang' })
    expect(parsed.values).toEqual({ from: 'bad', actor: 'wang' })
  })

  test('an end date before the start date is ignored and explained', () => {
    const parsed = parse('from=2026-03-10&to=2026-03-09')
    expect(parsed.filters).toEqual({ from: '2026-03-10' })
    expect(parsed.fieldErrors).toEqual({ to: 'audit:filters.toBeforeFrom' })
  })

  test('the same day as start and end is one whole day', () => {
    expect(parse('from=2026-03-10&to=2026-03-10').filters).toEqual({
      from: '2026-03-10',
      to: '2026-03-10',
    })
  })
})

describe('parsePage', () => {
  test.each([
    [null, 1],
    ['', 1],
    ['0', 1],
    ['-2', 1],
    ['2.5', 1],
    ['abc', 1],
    ['99999999999', 1],
    ['1', 1],
    ['42', 42],
  ])('%s → %s', (raw, page) => {
    expect(parsePage(raw)).toBe(page)
  })
})

describe('vendor days', () => {
  test('a day runs from midnight to midnight China Standard Time', () => {
    expect(startOfVendorDay('2026-03-01').toISOString()).toBe('2026-02-28T16:00:00.000Z')
    expect(endOfVendorDay('2026-03-01').toISOString()).toBe('2026-03-01T16:00:00.000Z')
  })
})

describe('auditChanges', () => {
  test('shows changed fields side by side', () => {
    expect(auditChanges({ tier: 'silver' }, { tier: 'gold' })).toEqual([
      { field: 'tier', before: 'silver', after: 'gold' },
    ])
  })

  test('a creation lists every field as new', () => {
    expect(auditChanges(null, { code: 'P-1', tier: 'gold' })).toEqual([
      { field: 'code', before: null, after: 'P-1' },
      { field: 'tier', before: null, after: 'gold' },
    ])
  })

  test('fields only on one side still show, and unchanged ones do not', () => {
    expect(
      auditChanges(
        { status: 'active', name: 'A' },
        { status: 'suspended', name: 'A', reason: 'x' },
      ),
    ).toEqual([
      { field: 'status', before: 'active', after: 'suspended' },
      { field: 'reason', before: null, after: 'x' },
    ])
  })

  test('non-object values are shown as one value', () => {
    expect(auditChanges('old', 'new')).toEqual([{ field: 'value', before: 'old', after: 'new' }])
  })
})

describe('formatAuditValue', () => {
  test.each([
    [null, null],
    [undefined, null],
    ['gold', 'gold'],
    [0, '0'],
    [false, 'false'],
    [['CN-EAST', 'HK'], '["CN-EAST","HK"]'],
    [{ a: 1 }, '{"a":1}'],
  ])('%j → %j', (value, text) => {
    expect(formatAuditValue(value)).toBe(text)
  })
})
