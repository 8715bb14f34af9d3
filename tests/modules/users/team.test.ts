import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { invitations, sessions, users } from '#db/schema/users'
import { createSessionCookie, getCurrentUser } from '#app/modules/auth/session.server'
import { findPartnerUsers } from '#app/modules/users/find-partner-users.server'
import { findStaffUsers } from '#app/modules/users/find-staff-users.server'
import { setUserStatus } from '#app/modules/users/set-user-status.server'
import { createPartner, createUser, createVendorStaff } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { actorOf, auditRowsFor, inviteAndReadLink } from './helpers'

const database = useTestDatabase()

async function partnerWithAdminAndUser() {
  const partner = await createPartner(database.db)
  const admin = await createUser(database.db, { role: 'partner_admin', partnerId: partner.id })
  const user = await createUser(database.db, { role: 'partner_user', partnerId: partner.id })
  return { partner, admin, user }
}

const statusOf = async (userId: string) =>
  (await database.db.select({ status: users.status }).from(users).where(eq(users.id, userId)))[0]
    .status

describe('setUserStatus', () => {
  test('disabling signs the user out everywhere; enabling lets them back in; each is audited', async () => {
    const { admin, user } = await partnerWithAdminAndUser()
    const cookie = await createSessionCookie(database.db, user.id)
    await createSessionCookie(database.db, user.id)
    const request = () => new Request('http://portal.test/portal', { headers: { cookie } })
    expect(await getCurrentUser(database.db, request())).toMatchObject({ id: user.id })

    const result = await setUserStatus(database.db, {
      actor: actorOf(admin),
      userId: user.id,
      status: 'disabled',
      ip: '10.9.9.9',
    })
    expect(result).toMatchObject({ changed: true, status: 'disabled' })
    expect(await statusOf(user.id)).toBe('disabled')
    expect(await database.db.$count(sessions, eq(sessions.userId, user.id))).toBe(0)
    expect(await getCurrentUser(database.db, request())).toBeNull()

    await setUserStatus(database.db, { actor: actorOf(admin), userId: user.id, status: 'active' })
    expect(await statusOf(user.id)).toBe('active')
    const audit = await auditRowsFor(database.db, 'user', user.id)
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual(
      expect.arrayContaining([
        ['user.disabled', { status: 'active' }, { status: 'disabled' }],
        ['user.enabled', { status: 'disabled' }, { status: 'active' }],
      ]),
    )
  })

  test('setting the status a user already has changes and audits nothing', async () => {
    const { admin, user } = await partnerWithAdminAndUser()
    const result = await setUserStatus(database.db, {
      actor: actorOf(admin),
      userId: user.id,
      status: 'active',
    })
    expect(result.changed).toBe(false)
    expect(await auditRowsFor(database.db, 'user', user.id)).toHaveLength(0)
  })

  test("a partner admin disabling another partner's user gets not found and changes nothing", async () => {
    const { admin } = await partnerWithAdminAndUser()
    const other = await partnerWithAdminAndUser()
    const staff = await createVendorStaff(database.db)
    for (const target of [other.user, other.admin, staff]) {
      await expect(
        setUserStatus(database.db, {
          actor: actorOf(admin),
          userId: target.id,
          status: 'disabled',
        }),
      ).rejects.toMatchObject({ code: 'not_found' })
      expect(await statusOf(target.id)).toBe('active')
    }
    await expect(
      setUserStatus(database.db, { actor: actorOf(admin), userId: 'nope', status: 'disabled' }),
    ).rejects.toMatchObject({ code: 'not_found' })
  })

  test('nobody can disable their own account', async () => {
    const { admin } = await partnerWithAdminAndUser()
    const vendorAdmin = await createVendorStaff(database.db, { role: 'admin' })
    for (const actor of [admin, vendorAdmin]) {
      await expect(
        setUserStatus(database.db, { actor: actorOf(actor), userId: actor.id, status: 'disabled' }),
      ).rejects.toMatchObject({ code: 'forbidden', userMessage: 'users:errors.notYourself' })
      expect(await statusOf(actor.id)).toBe('active')
    }
  })

  test('a partner admin may disable another admin of its own partner', async () => {
    const { partner, admin } = await partnerWithAdminAndUser()
    const secondAdmin = await createUser(database.db, {
      role: 'partner_admin',
      partnerId: partner.id,
    })
    await setUserStatus(database.db, {
      actor: actorOf(admin),
      userId: secondAdmin.id,
      status: 'disabled',
    })
    expect(await statusOf(secondAdmin.id)).toBe('disabled')
  })

  test('a partner user may not disable colleagues', async () => {
    const { admin, user } = await partnerWithAdminAndUser()
    await expect(
      setUserStatus(database.db, { actor: actorOf(user), userId: admin.id, status: 'disabled' }),
    ).rejects.toMatchObject({ code: 'not_found' })
  })

  test('a channel manager manages partner users of any partner, but not vendor staff', async () => {
    const manager = await createVendorStaff(database.db, { role: 'channel_manager' })
    const { user } = await partnerWithAdminAndUser()
    const otherManager = await createVendorStaff(database.db, { role: 'channel_manager' })
    const vendorAdmin = await createVendorStaff(database.db, { role: 'admin' })
    await setUserStatus(database.db, {
      actor: actorOf(manager),
      userId: user.id,
      status: 'disabled',
    })
    expect(await statusOf(user.id)).toBe('disabled')
    for (const target of [otherManager, vendorAdmin]) {
      await expect(
        setUserStatus(database.db, {
          actor: actorOf(manager),
          userId: target.id,
          status: 'disabled',
        }),
      ).rejects.toMatchObject({ code: 'not_found' })
    }
  })

  test('an admin also manages vendor staff', async () => {
    const vendorAdmin = await createVendorStaff(database.db, { role: 'admin' })
    const manager = await createVendorStaff(database.db, { role: 'channel_manager' })
    const otherAdmin = await createVendorStaff(database.db, { role: 'admin' })
    for (const target of [manager, otherAdmin]) {
      await setUserStatus(database.db, {
        actor: actorOf(vendorAdmin),
        userId: target.id,
        status: 'disabled',
      })
      expect(await statusOf(target.id)).toBe('disabled')
    }
  })
})

describe('findPartnerUsers', () => {
  test("lists the partner's users and open invitations, pending or expired, never others'", async () => {
    const { partner, admin, user } = await partnerWithAdminAndUser()
    const other = await partnerWithAdminAndUser()
    const pending = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
    })
    const expired = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
    })
    const revoked = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
    })
    await database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, expired.invitationId))
    await database.db
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(eq(invitations.id, revoked.invitationId))
    await inviteAndReadLink(database.db, {
      actor: other.admin,
      role: 'partner_user',
      partnerId: other.partner.id,
    })

    const team = await findPartnerUsers(database.db, {
      actor: actorOf(admin),
      partnerId: partner.id,
    })
    expect(team.users.map((u) => u.id).sort()).toEqual([admin.id, user.id].sort())
    expect(team.users[0]).not.toHaveProperty('passwordHash')
    const byId = Object.fromEntries(team.invitations.map((i) => [i.id, i.status]))
    expect(byId).toEqual({ [pending.invitationId]: 'pending', [expired.invitationId]: 'expired' })
  })

  test("a partner user asking for another partner's team gets not found", async () => {
    const { admin } = await partnerWithAdminAndUser()
    const other = await partnerWithAdminAndUser()
    await expect(
      findPartnerUsers(database.db, { actor: actorOf(admin), partnerId: other.partner.id }),
    ).rejects.toMatchObject({ code: 'not_found' })
  })

  test('vendor staff see any partner; an unknown partner is not found', async () => {
    const manager = await createVendorStaff(database.db)
    const { partner, user } = await partnerWithAdminAndUser()
    const team = await findPartnerUsers(database.db, {
      actor: actorOf(manager),
      partnerId: partner.id,
    })
    expect(team.users.map((u) => u.id)).toContain(user.id)
    await expect(
      findPartnerUsers(database.db, {
        actor: actorOf(manager),
        partnerId: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('findStaffUsers', () => {
  test('lists vendor staff and staff invitations only, and only for vendor staff', async () => {
    const vendorAdmin = await createVendorStaff(database.db, { role: 'admin' })
    const { partner, admin } = await partnerWithAdminAndUser()
    const staffInvite = await inviteAndReadLink(database.db, {
      actor: vendorAdmin,
      role: 'channel_manager',
      partnerId: null,
    })
    await inviteAndReadLink(database.db, {
      actor: vendorAdmin,
      role: 'partner_user',
      partnerId: partner.id,
    })

    const team = await findStaffUsers(database.db, { actor: actorOf(vendorAdmin) })
    expect(team.users.map((u) => u.id)).toContain(vendorAdmin.id)
    expect(team.users.every((u) => u.role === 'admin' || u.role === 'channel_manager')).toBe(true)
    expect(team.invitations.map((i) => i.id)).toContain(staffInvite.invitationId)
    expect(team.invitations.every((i) => i.role === 'admin' || i.role === 'channel_manager')).toBe(
      true,
    )

    await expect(findStaffUsers(database.db, { actor: actorOf(admin) })).rejects.toMatchObject({
      code: 'not_found',
    })
  })
})
