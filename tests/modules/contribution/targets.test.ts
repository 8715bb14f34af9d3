import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { partnerTargets } from '#db/schema/contribution'
import { importPartnerTargets } from '#app/modules/contribution/import-partner-targets.server'
import { setPartnerTarget } from '#app/modules/contribution/set-partner-target.server'
import {
  parseTargetPeriod,
  TargetForm,
  validateTargetRows,
} from '#app/modules/contribution/target-rules'
import { createPartner } from '#tests/factories/partners'
import { createVendorStaff } from '#tests/factories/users'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

describe('target periods', () => {
  test.each([
    ['2026-Q1', { kind: 'quarter', periodStart: '2026-01-01' }],
    ['2026q4', { kind: 'quarter', periodStart: '2026-10-01' }],
    [' 2027 ', { kind: 'year', periodStart: '2027-01-01' }],
    ['2026-Q5', null],
    ['26-Q1', null],
    ['1999', null],
    ['2026-04', null],
  ])('%s', (text, expected) => {
    expect(parseTargetPeriod(text)).toEqual(expected)
  })
})

describe('the target form', () => {
  const partnerId = '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f'
  test('amounts in yuan become minor units', () => {
    const parsed = TargetForm.safeParse({
      partnerId,
      period: '2026-Q3',
      revenueTarget: '1,250,000.50',
      registrationsTarget: '12',
    })
    expect(parsed.success && parsed.data).toEqual({
      partnerId,
      kind: 'quarter',
      periodStart: '2026-07-01',
      revenueTargetMinor: 125_000_050,
      registrationsTarget: 12,
    })
  })
  test.each([
    [{ revenueTarget: '12.345' }, 'revenueTarget'],
    [{ revenueTarget: '-5' }, 'revenueTarget'],
    [{ registrationsTarget: '1.5' }, 'registrationsTarget'],
    [{ registrationsTarget: '99999999' }, 'registrationsTarget'],
    [{ period: 'next quarter' }, 'period'],
    [{ partnerId: 'x' }, 'partnerId'],
  ])('%o is refused at %s', (override, field) => {
    const parsed = TargetForm.safeParse({
      partnerId,
      period: '2026-Q3',
      revenueTarget: '100',
      registrationsTarget: '1',
      ...override,
    })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.path).toEqual([field])
  })
})

describe('CSV rows', () => {
  test('every problem is reported, with its line', () => {
    const { rows, errors } = validateTargetRows([
      ['partner_code', 'period', 'revenue_target', 'registrations_target'],
      ['P-0001', '2026-Q3', '100000', '5'],
      ['P-0002', 'Q3', '100000', '5'],
      ['P-0003', '2026-Q3', 'lots', 'x'],
      ['P-0001', '2026-q3', '1', '1'],
    ])
    expect(rows).toHaveLength(1)
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'period'],
      [4, 'revenue_target'],
      [4, 'registrations_target'],
      [5, 'period'],
    ])
  })
  test('a missing column refuses the file', () => {
    const { errors } = validateTargetRows([['partner_code', 'period', 'revenue_target']])
    expect(errors[0]).toMatchObject({ line: 1, column: 'registrations_target' })
  })
})

describe('setting and importing targets', () => {
  test('setting a target twice replaces it, with an audit row each time', async () => {
    const db = database.db
    const partner = await createPartner(db)
    const staff = await createVendorStaff(db)
    const actor = { id: staff.id, email: staff.email }
    const input = {
      partnerId: partner.id,
      kind: 'quarter' as const,
      periodStart: '2026-07-01',
      revenueTargetMinor: 10_000_000,
      registrationsTarget: 4,
    }
    await setPartnerTarget(db, { actor, input })
    await setPartnerTarget(db, { actor, input: { ...input, revenueTargetMinor: 12_000_000 } })
    const rows = await db
      .select()
      .from(partnerTargets)
      .where(eq(partnerTargets.partnerId, partner.id))
    expect(rows.map((r) => r.revenueTargetMinor)).toEqual([12_000_000])
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.partnerId, partner.id), eq(auditLog.action, 'partner_target.set')))
    expect(audits).toHaveLength(2)
    expect(audits[1]?.before).toEqual({ revenueTargetMinor: 10_000_000 })
  })

  test('an import with one unknown partner code writes nothing', async () => {
    const db = database.db
    const partner = await createPartner(db)
    const staff = await createVendorStaff(db)
    const result = await importPartnerTargets(db, {
      actor: { id: staff.id, email: staff.email },
      csv: `partner_code,period,revenue_target,registrations_target\n${partner.code},2026-Q3,500000,5\nP-NOPE,2026-Q3,1,1\n`,
    })
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          line: 3,
          column: 'partner_code',
          message: 'contribution:targets.errors.unknownPartner',
          value: 'P-NOPE',
        },
      ],
    })
    expect(
      await db.select().from(partnerTargets).where(eq(partnerTargets.partnerId, partner.id)),
    ).toEqual([])
  })

  test('a valid import writes every row in one go', async () => {
    const db = database.db
    const a = await createPartner(db)
    const b = await createPartner(db)
    const staff = await createVendorStaff(db)
    const result = await importPartnerTargets(db, {
      actor: { id: staff.id, email: staff.email },
      csv: `\uFEFFpartner_code,period,revenue_target,registrations_target\n${a.code.toLowerCase()},2026-Q3,"1,500,000.00",5\n${b.code},2026,800000,12\n`,
    })
    expect(result).toEqual({ ok: true, imported: 2 })
    const [rowA] = await db.select().from(partnerTargets).where(eq(partnerTargets.partnerId, a.id))
    expect(rowA).toMatchObject({
      periodKind: 'quarter',
      periodStart: '2026-07-01',
      revenueTargetMinor: 150_000_000,
    })
    const [rowB] = await db.select().from(partnerTargets).where(eq(partnerTargets.partnerId, b.id))
    expect(rowB).toMatchObject({
      periodKind: 'year',
      periodStart: '2026-01-01',
      registrationsTarget: 12,
    })
  })
})
