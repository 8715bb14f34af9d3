import { randomBytes } from 'node:crypto'
import { eq, inArray } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { signIn } from '#app/modules/auth/sign-in.server'
import { createSessionCookie } from '#app/modules/auth/session.server'
import { setPartnerStatus } from '#app/modules/partners/set-partner-status.server'
import { AppError } from '#app/utils/app-error'
import { auditLog } from '#db/schema/audit'
import { partners } from '#db/schema/partners'
import { sessions } from '#db/schema/users'
import { createPartner, createUser, createVendorStaff } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

/** A fresh client address per sign-in, so throttling by address never interferes. */
const someIp = () => `10.${randomBytes(3).join('.')}`

async function sessionCount(userIds: string[]) {
  return database.db.$count(sessions, inArray(sessions.userId, userIds))
}

describe('setPartnerStatus', () => {
  test('suspending ends every session of the partner’s users, and only theirs', async () => {
    const staff = await createVendorStaff(database.db)
    const partner = await createPartner(database.db)
    const admin = await createUser(database.db, { role: 'partner_admin', partnerId: partner.id })
    const colleague = await createUser(database.db, { partnerId: partner.id })
    const outsider = await createUser(database.db)
    for (const user of [admin, admin, colleague, outsider, staff]) {
      await createSessionCookie(database.db, user.id)
    }

    const result = await setPartnerStatus(database.db, {
      actor: staff,
      partnerId: partner.id,
      status: 'suspended',
      reason: 'Overdue invoices',
      ip: '10.1.2.3',
    })

    expect(result).toEqual({ name: partner.name, changed: true, endedSessions: 3 })
    expect(await sessionCount([admin.id, colleague.id])).toBe(0)
    expect(await sessionCount([outsider.id])).toBe(1)
    expect(await sessionCount([staff.id])).toBe(1)
    const [row] = await database.db.select().from(partners).where(eq(partners.id, partner.id))
    expect(row.status).toBe('suspended')
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, partner.id))
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'partner.suspended',
      partnerId: partner.id,
      actorUserId: staff.id,
      ip: '10.1.2.3',
      before: { status: 'active' },
      after: { status: 'suspended', reason: 'Overdue invoices', endedSessions: 3 },
    })
  })

  test('a suspended partner’s user cannot sign in; after reactivation they can', async () => {
    const staff = await createVendorStaff(database.db)
    const partner = await createPartner(database.db)
    const user = await createUser(database.db, { partnerId: partner.id })
    const credentials = { email: user.email, password: user.password! }

    await setPartnerStatus(database.db, {
      actor: staff,
      partnerId: partner.id,
      status: 'suspended',
      reason: 'Contract under review',
    })
    expect(await signIn(database.db, { ...credentials, ip: someIp() })).toEqual({
      ok: false,
      reason: 'suspended',
    })
    expect(await sessionCount([user.id])).toBe(0)

    await setPartnerStatus(database.db, { actor: staff, partnerId: partner.id, status: 'active' })
    const again = await signIn(database.db, { ...credentials, ip: someIp() })
    expect(again).toMatchObject({ ok: true, userId: user.id })
    const audit = await database.db
      .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.entityId, partner.id))
      .orderBy(auditLog.id)
    expect(audit.map((a) => a.action)).toEqual(['partner.suspended', 'partner.reactivated'])
    expect(audit[1]).toMatchObject({ before: { status: 'suspended' }, after: { status: 'active' } })
  })

  test('suspension without a reason is a field error and changes nothing', async () => {
    const staff = await createVendorStaff(database.db)
    const partner = await createPartner(database.db)
    const user = await createUser(database.db, { partnerId: partner.id })
    await createSessionCookie(database.db, user.id)
    const error = await setPartnerStatus(database.db, {
      actor: staff,
      partnerId: partner.id,
      status: 'suspended',
      reason: '   ',
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({
      field: 'reason',
      userMessage: 'partners:validation.reasonRequired',
    })
    const [row] = await database.db.select().from(partners).where(eq(partners.id, partner.id))
    expect(row.status).toBe('active')
    expect(await sessionCount([user.id])).toBe(1)
  })

  test('repeating the current status changes nothing and writes no audit row', async () => {
    const staff = await createVendorStaff(database.db)
    const partner = await createPartner(database.db, { status: 'suspended' })
    const result = await setPartnerStatus(database.db, {
      actor: staff,
      partnerId: partner.id,
      status: 'suspended',
      reason: 'Again',
    })
    expect(result).toEqual({ name: partner.name, changed: false, endedSessions: 0 })
    expect(await database.db.$count(auditLog, eq(auditLog.entityId, partner.id))).toBe(0)
  })

  test('an unknown partner is not found', async () => {
    const staff = await createVendorStaff(database.db)
    const error = await setPartnerStatus(database.db, {
      actor: staff,
      partnerId: '6f1c1f8e-5d2a-4b8a-9a51-0c6f2e9c1d11',
      status: 'active',
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'not_found' })
  })
})
