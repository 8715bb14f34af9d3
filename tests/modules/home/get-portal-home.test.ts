import { describe, expect, test } from 'vitest'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { getPortalHome } from '#app/modules/home/get-portal-home.server'
import { isAppError } from '#app/utils/app-error'
import { regions } from '#db/schema/partners'
import { createPartner, createUser, createVendorStaff, uniqueSuffix } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

async function partnerWithEvents(events: number) {
  const manager = await createVendorStaff(database.db, { name: `Manager ${uniqueSuffix()}` })
  const partner = await createPartner(database.db, {
    tier: 'gold',
    kind: 'distributor',
    creditLimitMinor: 2_000_000_00,
    paymentTermsDays: 60,
    channelManagerId: manager.id,
  })
  for (let i = 0; i < events; i++) {
    await recordAudit(database.db, {
      actor: { id: manager.id, email: manager.email },
      action: i === 0 ? 'partner.created' : 'partner.updated',
      entityType: 'partner',
      entityId: partner.id,
      partnerId: partner.id,
      after: { step: i },
    })
  }
  return { partner, manager }
}

describe('getPortalHome', () => {
  test("never includes another partner's audit events", async () => {
    const mine = await partnerWithEvents(3)
    const theirs = await partnerWithEvents(4)
    // An event with no partner (e.g. vendor staff housekeeping) is nobody's activity.
    await recordAudit(database.db, {
      actor: null,
      action: 'user.updated',
      entityType: 'user',
      entityId: 'someone',
    })

    const home = await getPortalHome(database.db, { partnerId: mine.partner.id })
    expect(home.recentActivity).toHaveLength(3)
    expect(home.recentActivity.every((event) => event.actorEmail === mine.manager.email)).toBe(true)

    const theirHome = await getPortalHome(database.db, { partnerId: theirs.partner.id })
    expect(theirHome.recentActivity).toHaveLength(4)
    const mineIds = new Set(home.recentActivity.map((event) => event.id))
    expect(theirHome.recentActivity.some((event) => mineIds.has(event.id))).toBe(false)
  })

  test('shows the latest 10 events, newest first, with who did them', async () => {
    const { partner, manager } = await partnerWithEvents(12)
    const home = await getPortalHome(database.db, { partnerId: partner.id })
    expect(home.recentActivity).toHaveLength(10)
    const ids = home.recentActivity.map((event) => event.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect(home.recentActivity.map((e) => e.action)).not.toContain('partner.created')
    expect(home.recentActivity[0]).toMatchObject({
      actorName: manager.name,
      action: 'partner.updated',
    })
  })

  test("shows the partner's profile, territory, manager and active team", async () => {
    await database.db
      .insert(regions)
      .values([
        { code: 'T-EAST', nameEn: 'East China', nameZh: '华东' },
        { code: 'T-SOUTH', nameEn: 'South China', nameZh: '华南' },
      ])
      .onConflictDoNothing()
    const manager = await createVendorStaff(database.db, { name: 'Li Na' })
    const partner = await createPartner(database.db, {
      tier: 'silver',
      kind: 'dealer',
      creditLimitMinor: 500_000_00,
      paymentTermsDays: 45,
      channelManagerId: manager.id,
      regions: ['T-SOUTH', 'T-EAST'],
      industries: ['energy'],
    })
    await createUser(database.db, { partnerId: partner.id, role: 'partner_admin' })
    await createUser(database.db, { partnerId: partner.id })
    await createUser(database.db, { partnerId: partner.id, status: 'disabled' })
    await createUser(database.db) // someone at another partner

    const home = await getPortalHome(database.db, { partnerId: partner.id })
    expect(home.partner).toEqual({
      name: partner.name,
      code: partner.code,
      kind: 'dealer',
      tier: 'silver',
      status: 'active',
      creditLimitMinor: 500_000_00,
      currency: 'CNY',
      paymentTermsDays: 45,
    })
    expect(home.territories).toEqual([
      { code: 'T-EAST', nameEn: 'East China', nameZh: '华东', industries: ['energy'] },
      { code: 'T-SOUTH', nameEn: 'South China', nameZh: '华南', industries: ['energy'] },
    ])
    expect(home.channelManager).toEqual({ name: 'Li Na', email: manager.email })
    expect(home.activeTeamMembers).toBe(2)
    expect(home.recentActivity).toEqual([])
  })

  test('no channel manager when none is assigned or the manager is disabled', async () => {
    const unassigned = await createPartner(database.db)
    expect(
      (await getPortalHome(database.db, { partnerId: unassigned.id })).channelManager,
    ).toBeNull()
    const gone = await createVendorStaff(database.db, { status: 'disabled' })
    const orphaned = await createPartner(database.db, { channelManagerId: gone.id })
    expect((await getPortalHome(database.db, { partnerId: orphaned.id })).channelManager).toBeNull()
  })

  test('an unknown partner is not found', async () => {
    for (const partnerId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '']) {
      const error = await getPortalHome(database.db, { partnerId }).catch((e: unknown) => e)
      expect(isAppError(error) && error.code).toBe('not_found')
    }
  })
})
