import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { openDatabase } from '#db/client.server'
import { partners } from '#db/schema/partners'
import { emailOutbox } from '#db/schema/outbox'
import { invitations, sessions, users } from '#db/schema/users'
import { verifyPassword } from '#app/modules/auth/password.server'
import { hashToken } from '#app/modules/auth/tokens.server'
import { acceptInvitation } from '#app/modules/users/accept-invitation.server'
import { createInvitation } from '#app/modules/users/create-invitation.server'
import { getInvitation } from '#app/modules/users/get-invitation.server'
import { revokeInvitation } from '#app/modules/users/revoke-invitation.server'
import { AppError } from '#app/utils/app-error'
import { createPartner, createUser, createVendorStaff } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import {
  actorOf,
  auditRowsFor,
  freshEmail,
  inviteAndReadLink,
  latestTokenFor,
  origin,
} from './helpers'

const database = useTestDatabase()
const password = 'Welcome-2026-ok'

async function partnerAdmin(partnerOptions: Parameters<typeof createPartner>[1] = {}) {
  const partner = await createPartner(database.db, partnerOptions)
  const admin = await createUser(database.db, { role: 'partner_admin', partnerId: partner.id })
  return { partner, admin }
}

/** The AppError a promise rejects with (fails the test when it resolves or throws something else). */
async function appErrorOf(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => {
      throw new Error('Expected an AppError, but the call succeeded')
    },
    (e: unknown) => e,
  )
  if (!(error instanceof AppError)) throw error
  return error
}

/**
 * On PostgreSQL, holds the invitation row locked from another connection until both accepts are
 * waiting inside their transactions, so they truly race instead of running one after the other.
 * PGlite has a single connection, so there the calls simply interleave.
 */
async function whileRowLocked<T>(invitationId: string, run: () => Promise<T>): Promise<T> {
  if (!database.url) return run()
  const holder = await openDatabase({ url: database.url, poolMax: 2 })
  try {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let locked!: () => void
    const isLocked = new Promise<void>((resolve) => (locked = resolve))
    const holding = holder.db.transaction(async (tx) => {
      await tx.select().from(invitations).where(eq(invitations.id, invitationId)).for('update')
      locked()
      await released
    })
    await isLocked
    const work = run()
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline) {
      const [{ waiting }] = (await holder.db.execute(
        sql`select count(*)::int as waiting from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
      )) as unknown as Array<{ waiting: number }>
      if (waiting >= 2) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    release()
    await holding
    return await work
  } finally {
    await holder.close()
  }
}

describe('createInvitation', () => {
  test('writes the invitation, exactly one e-mail with the link and one audit row', async () => {
    const { partner, admin } = await partnerAdmin({ name: `Eastbridge ${Date.now()}` })
    const email = freshEmail()
    const { invitationId } = await createInvitation(database.db, {
      actor: actorOf(admin),
      email: `  ${email.toUpperCase()} `,
      name: '  Li Na ',
      role: 'partner_user',
      partnerId: partner.id,
      origin: `${origin}/`,
      ip: '10.0.0.7',
    })

    const [row] = await database.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, invitationId))
    expect(row).toMatchObject({ email, name: 'Li Na', role: 'partner_user', partnerId: partner.id })
    const lifetimeDays = (row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000
    expect(lifetimeDays).toBeCloseTo(7, 1)

    const mails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toEmail, email))
    expect(mails).toHaveLength(1)
    expect(mails[0].template).toBe('invitation')
    expect(mails[0].bodyText).toContain(partner.name)
    expect(mails[0].bodyText).toContain(admin.name)
    const token = await latestTokenFor(database.db, email)
    // Only the hash is stored: the link's token is not in the row, its hash is.
    expect(row.tokenHash).toBe(hashToken(token))
    expect(row.tokenHash).not.toContain(token)

    const audit = await auditRowsFor(database.db, 'invitation', invitationId)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'invitation.created',
      actorUserId: admin.id,
      partnerId: partner.id,
      ip: '10.0.0.7',
    })
  })

  test('a partner admin cannot invite into another partner: not found, nothing written', async () => {
    const { admin } = await partnerAdmin()
    const other = await createPartner(database.db)
    const email = freshEmail()
    const error = await appErrorOf(
      createInvitation(database.db, {
        actor: actorOf(admin),
        email,
        name: 'Intruder',
        role: 'partner_admin',
        partnerId: other.id,
        origin,
      }),
    )
    expect(error.code).toBe('not_found')
    expect(await database.db.$count(invitations, eq(invitations.email, email))).toBe(0)
    expect(await database.db.$count(emailOutbox, eq(emailOutbox.toEmail, email))).toBe(0)
  })

  test('a partner admin cannot invite vendor staff', async () => {
    const { admin } = await partnerAdmin()
    for (const role of ['channel_manager', 'admin'] as const) {
      const error = await appErrorOf(
        createInvitation(database.db, {
          actor: actorOf(admin),
          email: freshEmail(),
          name: 'Would-be staff',
          role,
          partnerId: null,
          origin,
        }),
      )
      expect(error.code).toBe('forbidden')
    }
  })

  test('a partner admin cannot give its own partner a vendor role', async () => {
    const { partner, admin } = await partnerAdmin()
    const error = await appErrorOf(
      createInvitation(database.db, {
        actor: actorOf(admin),
        email: freshEmail(),
        name: 'Staff in disguise',
        role: 'admin',
        partnerId: partner.id,
        origin,
      }),
    )
    expect(error).toMatchObject({ code: 'forbidden', field: 'role' })
  })

  test('a partner user cannot invite anyone', async () => {
    const partner = await createPartner(database.db)
    const user = await createUser(database.db, { role: 'partner_user', partnerId: partner.id })
    const error = await appErrorOf(
      createInvitation(database.db, {
        actor: actorOf(user),
        email: freshEmail(),
        name: 'Colleague',
        role: 'partner_user',
        partnerId: partner.id,
        origin,
      }),
    )
    expect(error.code).toBe('forbidden')
  })

  test('a channel manager invites partner users anywhere but never vendor staff', async () => {
    const manager = await createVendorStaff(database.db, { role: 'channel_manager' })
    const partner = await createPartner(database.db)
    await expect(
      inviteAndReadLink(database.db, {
        actor: manager,
        role: 'partner_admin',
        partnerId: partner.id,
      }),
    ).resolves.toMatchObject({ invitationId: expect.any(String) })
    for (const role of ['channel_manager', 'admin'] as const) {
      const error = await appErrorOf(
        createInvitation(database.db, {
          actor: actorOf(manager),
          email: freshEmail(),
          name: 'Colleague',
          role,
          partnerId: null,
          origin,
        }),
      )
      expect(error).toMatchObject({ code: 'forbidden', field: 'role' })
    }
  })

  test('an admin invites vendor staff, who sign up without a partner', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const { token, email } = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'channel_manager',
      partnerId: null,
    })
    const lookup = await getInvitation(database.db, { token })
    expect(lookup).toMatchObject({
      status: 'valid',
      email,
      organisation: null,
      role: 'channel_manager',
    })
    const result = await acceptInvitation(database.db, { token, name: 'New Manager', password })
    const [user] = await database.db.select().from(users).where(eq(users.id, result.userId))
    expect(user).toMatchObject({ role: 'channel_manager', partnerId: null, status: 'active' })
  })

  test('an e-mail that already has an account is refused on the e-mail field', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const partner = await createPartner(database.db)
    const existing = await createUser(database.db, { partnerId: partner.id })
    const error = await appErrorOf(
      createInvitation(database.db, {
        actor: actorOf(admin),
        email: existing.email.toUpperCase(),
        name: 'Again',
        role: 'partner_user',
        partnerId: partner.id,
        origin,
      }),
    )
    expect(error).toMatchObject({
      code: 'conflict',
      field: 'email',
      userMessage: 'users:errors.emailTaken',
    })
  })

  test('inviting into a suspended partner is refused', async () => {
    const manager = await createVendorStaff(database.db)
    const partner = await createPartner(database.db, { status: 'suspended' })
    const email = freshEmail()
    const error = await appErrorOf(
      createInvitation(database.db, {
        actor: actorOf(manager),
        email,
        name: 'Too late',
        role: 'partner_user',
        partnerId: partner.id,
        origin,
      }),
    )
    expect(error).toMatchObject({ code: 'conflict', userMessage: 'users:errors.partnerSuspended' })
    expect(await database.db.$count(invitations, eq(invitations.email, email))).toBe(0)
  })

  test('inviting the same e-mail again revokes the earlier link', async () => {
    const { partner, admin } = await partnerAdmin()
    const first = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
    })
    const second = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_admin',
      partnerId: partner.id,
      email: first.email,
    })
    expect(second.token).not.toBe(first.token)
    expect(await getInvitation(database.db, { token: first.token })).toEqual({ status: 'revoked' })
    expect(await getInvitation(database.db, { token: second.token })).toMatchObject({
      status: 'valid',
      role: 'partner_admin',
    })
    const open = await database.db
      .select()
      .from(invitations)
      .where(eq(invitations.email, first.email))
    expect(open.filter((i) => !i.revokedAt)).toHaveLength(1)
    const revokedAudit = await auditRowsFor(database.db, 'invitation', first.invitationId)
    expect(revokedAudit.map((a) => a.action).sort()).toEqual([
      'invitation.created',
      'invitation.revoked',
    ])
    await expect(
      acceptInvitation(database.db, { token: first.token, name: 'Old link', password }),
    ).rejects.toMatchObject({ code: 'conflict', userMessage: 'users:invitation.revoked.body' })
  })
})

describe('getInvitation', () => {
  test('tells valid, used, revoked, expired and unknown links apart', async () => {
    const { partner, admin } = await partnerAdmin()
    const valid = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
      name: 'Wang Fang',
    })
    expect(await getInvitation(database.db, { token: valid.token })).toMatchObject({
      status: 'valid',
      email: valid.email,
      name: 'Wang Fang',
      organisation: partner.name,
    })
    expect(await getInvitation(database.db, { token: 'not-a-real-token' })).toEqual({
      status: 'unknown',
    })
    expect(await getInvitation(database.db, { token: '' })).toEqual({ status: 'unknown' })

    const expired = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
    })
    await database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(invitations.id, expired.invitationId))
    expect(await getInvitation(database.db, { token: expired.token })).toEqual({
      status: 'expired',
    })

    await acceptInvitation(database.db, { token: valid.token, name: 'Wang Fang', password })
    expect(await getInvitation(database.db, { token: valid.token })).toEqual({ status: 'used' })
  })
})

describe('acceptInvitation', () => {
  test('creates the user with an argon2id hash, marks the link used, audits and signs in', async () => {
    const { partner, admin } = await partnerAdmin()
    const { token, email, invitationId } = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_admin',
      partnerId: partner.id,
    })
    const result = await acceptInvitation(database.db, {
      token,
      name: '  Zhao Min ',
      password,
      ip: '10.1.2.3',
      userAgent: 'vitest',
    })
    expect(result.role).toBe('partner_admin')
    expect(result.setCookie).toMatch(/^cp_session=/)

    const [user] = await database.db.select().from(users).where(eq(users.id, result.userId))
    expect(user).toMatchObject({
      email,
      name: 'Zhao Min',
      role: 'partner_admin',
      partnerId: partner.id,
    })
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(user.passwordHash!, password)).toBe(true)

    const [invitation] = await database.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, invitationId))
    expect(invitation.acceptedAt).not.toBeNull()

    const sessionId = result.setCookie.split(';')[0].split('=')[1]
    const [session] = await database.db.select().from(sessions).where(eq(sessions.id, sessionId))
    expect(session).toMatchObject({ userId: user.id, ip: '10.1.2.3', userAgent: 'vitest' })

    const audit = await auditRowsFor(database.db, 'user', user.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'user.created', partnerId: partner.id })
    expect(audit[0].after).toEqual({ email, role: 'partner_admin', partnerId: partner.id })
  })

  test('works once: a second accept of the same link is refused', async () => {
    const { partner, admin } = await partnerAdmin()
    const { token, email } = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
    })
    await acceptInvitation(database.db, { token, name: 'First', password })
    await expect(
      acceptInvitation(database.db, { token, name: 'Second', password }),
    ).rejects.toMatchObject({
      code: 'conflict',
      userMessage: 'users:invitation.used.body',
    })
    const created = await database.db.select().from(users).where(eq(users.email, email))
    expect(created.map((u) => u.name)).toEqual(['First'])
  })

  test('two simultaneous accepts of one link create exactly one user', async () => {
    const { partner, admin } = await partnerAdmin()
    const { token, email, invitationId } = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
    })
    const outcomes = await whileRowLocked(invitationId, () =>
      Promise.allSettled([
        acceptInvitation(database.db, { token, name: 'Tab one', password }),
        acceptInvitation(database.db, { token, name: 'Tab two', password }),
      ]),
    )
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const [refused] = outcomes.filter((o) => o.status === 'rejected')
    expect(refused.reason).toBeInstanceOf(AppError)
    expect(refused.reason).toMatchObject({ userMessage: 'users:invitation.used.body' })
    expect(await database.db.$count(users, eq(users.email, email))).toBe(1)
  })

  test('an expired invitation is refused and creates nobody', async () => {
    const { partner, admin } = await partnerAdmin()
    const { token, email, invitationId } = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
    })
    await database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, invitationId))
    await expect(
      acceptInvitation(database.db, { token, name: 'Late', password }),
    ).rejects.toMatchObject({
      code: 'conflict',
      userMessage: 'users:invitation.expired.body',
    })
    expect(await database.db.$count(users, eq(users.email, email))).toBe(0)
  })

  test('an unknown link is not found', async () => {
    await expect(
      acceptInvitation(database.db, { token: 'made-up-token', name: 'Nobody', password }),
    ).rejects.toMatchObject({ code: 'not_found' })
  })

  test('a partner suspended after the invitation was sent cannot be joined', async () => {
    const { partner, admin } = await partnerAdmin()
    const { token, email } = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
    })
    await database.db
      .update(partners)
      .set({ status: 'suspended' })
      .where(eq(partners.id, partner.id))
    expect(await getInvitation(database.db, { token })).toEqual({ status: 'revoked' })
    await expect(
      acceptInvitation(database.db, { token, name: 'Blocked', password }),
    ).rejects.toMatchObject({
      code: 'conflict',
      userMessage: 'users:errors.partnerSuspendedAccept',
    })
    expect(await database.db.$count(users, eq(users.email, email))).toBe(0)
  })

  test('when two organisations invited one e-mail, only the first accept gets the account', async () => {
    const manager = await createVendorStaff(database.db)
    const [a, b] = [await createPartner(database.db), await createPartner(database.db)]
    const email = freshEmail()
    const first = await inviteAndReadLink(database.db, {
      actor: manager,
      role: 'partner_user',
      partnerId: a.id,
      email,
    })
    const second = await inviteAndReadLink(database.db, {
      actor: manager,
      role: 'partner_user',
      partnerId: b.id,
      email,
    })
    await acceptInvitation(database.db, { token: first.token, name: 'Joined A', password })
    await expect(
      acceptInvitation(database.db, { token: second.token, name: 'Joined B', password }),
    ).rejects.toMatchObject({ code: 'conflict', userMessage: 'users:errors.accountExists' })
    const [user] = await database.db.select().from(users).where(eq(users.email, email))
    expect(user.partnerId).toBe(a.id)
  })
})

describe('revokeInvitation', () => {
  test('the partner admin revokes its own invitation: the link stops working, audited once', async () => {
    const { partner, admin } = await partnerAdmin()
    const { token, invitationId } = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
    })
    await revokeInvitation(database.db, { actor: actorOf(admin), invitationId })
    // A double click is not an error and writes no second audit row.
    await revokeInvitation(database.db, { actor: actorOf(admin), invitationId })
    expect(await getInvitation(database.db, { token })).toEqual({ status: 'revoked' })
    const audit = await auditRowsFor(database.db, 'invitation', invitationId)
    expect(audit.filter((a) => a.action === 'invitation.revoked')).toHaveLength(1)
  })

  test("another partner's invitation and staff invitations are not found for a partner admin", async () => {
    const { admin } = await partnerAdmin()
    const other = await partnerAdmin()
    const vendorAdmin = await createVendorStaff(database.db, { role: 'admin' })
    const theirs = await inviteAndReadLink(database.db, {
      actor: other.admin,
      role: 'partner_user',
      partnerId: other.partner.id,
    })
    const staff = await inviteAndReadLink(database.db, {
      actor: vendorAdmin,
      role: 'admin',
      partnerId: null,
    })
    for (const invitationId of [theirs.invitationId, staff.invitationId, 'not-a-uuid']) {
      await expect(
        revokeInvitation(database.db, { actor: actorOf(admin), invitationId }),
      ).rejects.toMatchObject({ code: 'not_found' })
    }
    expect(await getInvitation(database.db, { token: theirs.token })).toMatchObject({
      status: 'valid',
    })
  })

  test('a channel manager cannot revoke a staff invitation; an admin can', async () => {
    const manager = await createVendorStaff(database.db, { role: 'channel_manager' })
    const vendorAdmin = await createVendorStaff(database.db, { role: 'admin' })
    const staff = await inviteAndReadLink(database.db, {
      actor: vendorAdmin,
      role: 'channel_manager',
      partnerId: null,
    })
    await expect(
      revokeInvitation(database.db, { actor: actorOf(manager), invitationId: staff.invitationId }),
    ).rejects.toMatchObject({ code: 'not_found' })
    await revokeInvitation(database.db, {
      actor: actorOf(vendorAdmin),
      invitationId: staff.invitationId,
    })
    const [row] = await database.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, staff.invitationId)))
    expect(row.revokedAt).not.toBeNull()
  })

  test('an accepted invitation cannot be revoked', async () => {
    const { partner, admin } = await partnerAdmin()
    const { token, invitationId } = await inviteAndReadLink(database.db, {
      actor: admin,
      role: 'partner_user',
      partnerId: partner.id,
    })
    await acceptInvitation(database.db, { token, name: 'Joined', password })
    await expect(
      revokeInvitation(database.db, { actor: actorOf(admin), invitationId }),
    ).rejects.toMatchObject({
      code: 'conflict',
      userMessage: 'users:errors.invitationAlreadyAccepted',
    })
  })
})
