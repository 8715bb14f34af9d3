import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import {
  createSessionCookie,
  getCurrentUser,
  type CurrentUser,
} from '#app/modules/auth/session.server'
import { getAccount } from '#app/modules/users/get-account.server'
import { ProfileForm } from '#app/modules/users/profile-rules'
import { updateProfile } from '#app/modules/users/update-profile.server'
import type { Database } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { users } from '#db/schema/users'
import { createPartner, createUser, createVendorStaff, type TestUser } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

async function signedIn(db: Database, user: TestUser): Promise<CurrentUser> {
  const cookie = await createSessionCookie(db, user.id)
  const request = new Request('http://localhost/', { headers: { cookie: cookie.split(';')[0]! } })
  const actor = await getCurrentUser(db, request)
  if (!actor) throw new Error('session did not work')
  return actor
}

const auditOf = (db: Database, userId: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityId, userId), eq(auditLog.action, 'user.updated')))

describe('the profile form', () => {
  test.each([
    [
      { name: '  Li Wei  ', locale: 'zh-CN' },
      { name: 'Li Wei', locale: 'zh-CN' },
    ],
    [
      { name: 'Li Wei', locale: '' },
      { name: 'Li Wei', locale: null },
    ],
  ])('accepts %j as %j', (input, expected) => {
    expect(ProfileForm.parse(input)).toEqual(expected)
  })

  test.each([
    [{ name: '   ', locale: 'en' }, 'name', 'validation:required'],
    [{ name: 'x'.repeat(101), locale: 'en' }, 'name', 'validation:tooLong'],
    [{ name: 'Li Wei', locale: 'fr' }, 'locale', 'validation:invalidChoice'],
    [{ name: 'Li Wei' }, 'locale', 'validation:invalidChoice'],
  ])('refuses %j: %s → %s', (input, field, message) => {
    const result = ProfileForm.safeParse(input)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]).toMatchObject({ path: [field], message })
  })
})

describe('updating one’s profile', () => {
  test('saves name and language and audits what changed', async () => {
    const { db } = database
    const user = await createUser(db, { name: 'Old Name', locale: 'en' })
    const actor = await signedIn(db, user)

    const result = await updateProfile(db, {
      actor,
      name: '王小明',
      locale: 'zh-CN',
      ip: '192.0.2.4',
    })

    expect(result).toEqual({ name: '王小明', locale: 'zh-CN', changed: true })
    const [row] = await db.select().from(users).where(eq(users.id, user.id))
    expect(row).toMatchObject({ name: '王小明', locale: 'zh-CN' })
    const [audit] = await auditOf(db, user.id)
    expect(audit).toMatchObject({
      actorUserId: user.id,
      actorEmail: user.email,
      partnerId: user.partnerId,
      entityType: 'user',
      before: { name: 'Old Name', locale: 'en' },
      after: { name: '王小明', locale: 'zh-CN' },
      ip: '192.0.2.4',
    })
  })

  test('"follow the browser" is stored as no preference, and only the change is audited', async () => {
    const { db } = database
    const user = await createVendorStaff(db, { locale: 'zh-CN' })
    const actor = await signedIn(db, user)

    await updateProfile(db, { actor, name: user.name, locale: null })

    const [row] = await db.select().from(users).where(eq(users.id, user.id))
    expect(row!.locale).toBeNull()
    const [audit] = await auditOf(db, user.id)
    expect(audit).toMatchObject({ before: { locale: 'zh-CN' }, after: { locale: null } })
  })

  test('saving an unchanged profile writes nothing', async () => {
    const { db } = database
    const user = await createUser(db, { locale: null })
    const actor = await signedIn(db, user)
    const result = await updateProfile(db, { actor, name: user.name, locale: null })
    expect(result.changed).toBe(false)
    expect(await auditOf(db, user.id)).toHaveLength(0)
  })

  test('changes only the acting user', async () => {
    const { db } = database
    const user = await createUser(db)
    const colleague = await createUser(db, { partnerId: user.partnerId })
    await updateProfile(db, { actor: await signedIn(db, user), name: 'Renamed', locale: 'en' })
    const [row] = await db.select().from(users).where(eq(users.id, colleague.id))
    expect(row!.name).toBe(colleague.name)
  })
})

describe('the account page data', () => {
  test('a partner user sees their partner and how many sessions are open', async () => {
    const { db } = database
    const partner = await createPartner(db, { name: 'Eastbridge Test Distribution' })
    const user = await createUser(db, { partnerId: partner.id, locale: 'zh-CN' })
    const actor = await signedIn(db, user)
    await createSessionCookie(db, user.id)

    expect(await getAccount(db, { actor })).toMatchObject({
      email: user.email,
      role: 'partner_user',
      locale: 'zh-CN',
      partnerName: 'Eastbridge Test Distribution',
      activeSessions: 2,
    })
  })

  test('vendor staff belong to no partner', async () => {
    const { db } = database
    const staff = await createVendorStaff(db)
    const account = await getAccount(db, { actor: await signedIn(db, staff) })
    expect(account).toMatchObject({ role: 'channel_manager', partnerName: null, activeSessions: 1 })
  })
})
