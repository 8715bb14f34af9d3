import { describe, expect, test } from 'vitest'
import { findAuditEntries } from '#app/modules/audit/find-audit-entries.server'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { auditLog, type NewAuditEntry } from '#db/schema/audit'
import { createPartner, createVendorStaff, uniqueSuffix } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

/** Inserts audit rows and returns their ids in the order given. */
async function insertEntries(rows: Partial<NewAuditEntry>[]): Promise<number[]> {
  const inserted = await database.db
    .insert(auditLog)
    .values(
      rows.map((row) => ({
        action: 'partner.updated',
        entityType: 'partner',
        entityId: 'x',
        ...row,
      })),
    )
    .returning({ id: auditLog.id })
  return inserted.map((row) => row.id)
}

const idsOf = (page: { entries: { id: number }[] }) => page.entries.map((entry) => entry.id)

describe('findAuditEntries filters', () => {
  test('each filter narrows to the matching entries; together they combine', async () => {
    const domain = `filters-${uniqueSuffix()}.example`
    const acme = await createPartner(database.db, { name: `Acme Widgets ${uniqueSuffix()}` })
    const other = await createPartner(database.db)
    const [aliceAcme, aliceOther, bobAcme, bobInvite] = await insertEntries([
      { actorEmail: `alice@${domain}`, partnerId: acme.id, action: 'partner.updated' },
      { actorEmail: `alice@${domain}`, partnerId: other.id, action: 'partner.suspended' },
      { actorEmail: `bob@${domain}`, partnerId: acme.id, action: 'partner.updated' },
      { actorEmail: `bob@${domain}`, entityType: 'invitation', action: 'invitation.created' },
    ])
    const find = (filters: Record<string, string>) =>
      findAuditEntries(database.db, { filters: { actor: domain, ...filters } }).then(idsOf)

    expect(await find({})).toEqual([bobInvite, bobAcme, aliceOther, aliceAcme])
    expect(await find({ actor: `ALICE@${domain.toUpperCase()}` })).toEqual([aliceOther, aliceAcme])
    expect(await find({ action: 'partner.updated' })).toEqual([bobAcme, aliceAcme])
    expect(await find({ entityType: 'invitation' })).toEqual([bobInvite])
    expect(await find({ partnerId: acme.id })).toEqual([bobAcme, aliceAcme])
    expect(await find({ partner: acme.code.toLowerCase() })).toEqual([bobAcme, aliceAcme])
    expect(await find({ partner: 'acme widg' })).toEqual([bobAcme, aliceAcme])
    expect(await find({ partner: acme.id.slice(0, 8) })).toEqual([])
    expect(
      await find({ partnerId: acme.id, action: 'partner.updated', actor: `bob@${domain}` }),
    ).toEqual([bobAcme])
  })

  test('"contains" takes % and _ literally', async () => {
    const suffix = uniqueSuffix()
    const [literal] = await insertEntries([
      { actorEmail: `a_b%c-${suffix}@example.test` },
      { actorEmail: `axbyc-${suffix}@example.test` },
    ])
    const page = await findAuditEntries(database.db, { filters: { actor: `a_b%c-${suffix}` } })
    expect(idsOf(page)).toEqual([literal])
  })

  test('dates are whole days in China Standard Time, both ends included', async () => {
    const actor = `dates-${uniqueSuffix()}@example.test`
    const [lastMinuteOfMarch1, firstMinuteOfMarch2, feb28] = await insertEntries([
      { actorEmail: actor, createdAt: new Date('2026-03-01T23:59:00+08:00') },
      { actorEmail: actor, createdAt: new Date('2026-03-02T00:01:00+08:00') },
      { actorEmail: actor, createdAt: new Date('2026-02-28T12:00:00+08:00') },
    ])
    const find = (filters: Record<string, string>) =>
      findAuditEntries(database.db, { filters: { actor, ...filters } }).then(idsOf)

    expect(await find({ to: '2026-03-01' })).toEqual([lastMinuteOfMarch1, feb28])
    expect(await find({ from: '2026-03-02' })).toEqual([firstMinuteOfMarch2])
    expect(await find({ from: '2026-03-01', to: '2026-03-01' })).toEqual([lastMinuteOfMarch1])
    expect(await find({ from: '2026-03-03' })).toEqual([])
  })

  test('entries come with the actor name and partner, newest first', async () => {
    const staff = await createVendorStaff(database.db)
    const partner = await createPartner(database.db)
    await recordAudit(database.db, {
      actor: { id: staff.id, email: staff.email },
      action: 'partner.updated',
      entityType: 'partner',
      entityId: partner.id,
      partnerId: partner.id,
      before: { tier: 'silver', name: 'Same' },
      after: { tier: 'gold', name: 'Same' },
    })
    const page = await findAuditEntries(database.db, { filters: { actor: staff.email } })
    expect(page.entries).toHaveLength(1)
    expect(page.entries[0]).toMatchObject({
      actorName: staff.name,
      actorEmail: staff.email,
      partnerId: partner.id,
      partnerName: partner.name,
      partnerCode: partner.code,
      before: { tier: 'silver' },
      after: { tier: 'gold' },
    })
  })
})

describe('findAuditEntries pagination', () => {
  test('50 a page, with the total, no entry twice and none missing', async () => {
    const actor = `pages-${uniqueSuffix()}@example.test`
    const base = Date.parse('2026-01-01T00:00:00Z')
    const ids = await insertEntries(
      Array.from({ length: 120 }, (_, i) => ({
        actorEmail: actor,
        createdAt: new Date(base + i * 60_000),
      })),
    )
    const newestFirst = [...ids].reverse()
    const pages = await Promise.all(
      [1, 2, 3].map((page) => findAuditEntries(database.db, { filters: { actor }, page })),
    )
    expect(pages.map((p) => p.entries.length)).toEqual([50, 50, 20])
    for (const page of pages) expect(page).toMatchObject({ total: 120, pageCount: 3, pageSize: 50 })
    expect(pages.flatMap(idsOf)).toEqual(newestFirst)
  })

  test('a page past the end shows the last page; an empty result is one empty page', async () => {
    const actor = `end-${uniqueSuffix()}@example.test`
    await insertEntries(Array.from({ length: 3 }, () => ({ actorEmail: actor })))
    const late = await findAuditEntries(database.db, { filters: { actor }, page: 99, pageSize: 2 })
    expect(late).toMatchObject({ page: 2, pageCount: 2, total: 3 })
    expect(late.entries).toHaveLength(1)

    const none = await findAuditEntries(database.db, {
      filters: { actor: `nobody-${uniqueSuffix()}` },
      page: 5,
    })
    expect(none).toMatchObject({ page: 1, pageCount: 1, total: 0, entries: [] })
  })

  test('a filter on partnerId names the partner, or null when it does not exist', async () => {
    const partner = await createPartner(database.db)
    const found = await findAuditEntries(database.db, { filters: { partnerId: partner.id } })
    expect(found.selectedPartner).toEqual({
      id: partner.id,
      name: partner.name,
      code: partner.code,
    })
    const missing = await findAuditEntries(database.db, {
      filters: { partnerId: '00000000-0000-4000-8000-000000000000' },
    })
    expect(missing.selectedPartner).toBeNull()
    expect(missing.total).toBe(0)
  })
})
