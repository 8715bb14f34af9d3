import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { throttlePolicy } from '#app/modules/auth/auth-rules'
import { changePassword } from '#app/modules/auth/change-password.server'
import { verifyPassword } from '#app/modules/auth/password.server'
import {
  createSessionCookie,
  getCurrentUser,
  type CurrentUser,
} from '#app/modules/auth/session.server'
import { signIn } from '#app/modules/auth/sign-in.server'
import { signOutOtherSessions } from '#app/modules/auth/sign-out-other-sessions.server'
import { AppError } from '#app/utils/app-error'
import type { Database } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { emailOutbox } from '#db/schema/outbox'
import { sessions, users } from '#db/schema/users'
import {
  createUser,
  createVendorStaff,
  defaultPassword,
  type TestUser,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()
const newPassword = 'Fresh-password-2026'

function requestWith(setCookie: string) {
  return new Request('http://localhost/account', { headers: { cookie: setCookie.split(';')[0]! } })
}

async function currentUserOf(db: Database, setCookie: string): Promise<CurrentUser | null> {
  return getCurrentUser(db, requestWith(setCookie))
}

/** A user signed in on three browsers; `actor` is the one making the change. */
async function userOnThreeBrowsers(db: Database, user: TestUser) {
  const here = await createSessionCookie(db, user.id)
  const others = [await createSessionCookie(db, user.id), await createSessionCookie(db, user.id)]
  const actor = await currentUserOf(db, here)
  if (!actor) throw new Error('session did not work')
  return { here, others, actor }
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

const passwordChangedEmails = (db: Database, email: string) =>
  db.$count(
    emailOutbox,
    and(eq(emailOutbox.toEmail, email), eq(emailOutbox.template, 'password-changed')),
  )

describe('changing the password', () => {
  test('a wrong current password is refused beside that field and changes nothing', async () => {
    const { db } = database
    const user = await createUser(db)
    const { here, others, actor } = await userOnThreeBrowsers(db, user)

    const error = await refusal(
      changePassword(db, { actor, currentPassword: 'Not-my-password-1', password: newPassword }),
    )

    expect(error.field).toBe('currentPassword')
    expect(error.userMessage).toBe('account:password.wrongCurrent')
    const [row] = await db.select().from(users).where(eq(users.id, user.id))
    expect(row!.passwordHash).toBe(user.passwordHash)
    expect(row!.passwordChangedAt).toBeNull()
    for (const cookie of [here, ...others]) expect(await currentUserOf(db, cookie)).not.toBeNull()
    expect(await db.$count(auditLog, eq(auditLog.entityId, user.id))).toBe(0)
    expect(await passwordChangedEmails(db, user.email)).toBe(0)
  })

  test('signs out every other session and returns a new, working one', async () => {
    const { db } = database
    const user = await createUser(db, { role: 'partner_admin' })
    const { here, others, actor } = await userOnThreeBrowsers(db, user)

    const { setCookie } = await changePassword(db, {
      actor,
      currentPassword: defaultPassword,
      password: newPassword,
      ip: '198.51.100.7',
    })

    for (const cookie of others) expect(await currentUserOf(db, cookie)).toBeNull()
    // This browser's session id is rotated too: the old cookie no longer works, the new one does.
    expect(await currentUserOf(db, here)).toBeNull()
    const signedIn = await currentUserOf(db, setCookie)
    expect(signedIn).toMatchObject({ id: user.id })
    expect(signedIn!.sessionId).not.toBe(actor.sessionId)
    expect(await db.$count(sessions, eq(sessions.userId, user.id))).toBe(1)

    const [row] = await db.select().from(users).where(eq(users.id, user.id))
    expect(await verifyPassword(row!.passwordHash!, newPassword)).toBe(true)
    expect(row!.passwordChangedAt).not.toBeNull()
    await expect(
      signIn(db, { email: user.email, password: defaultPassword, ip: '198.51.100.8' }),
    ).resolves.toMatchObject({ ok: false, reason: 'invalid' })
    await expect(
      signIn(db, { email: user.email, password: newPassword, ip: '198.51.100.8' }),
    ).resolves.toMatchObject({ ok: true })

    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, 'user.password_changed')))
    expect(audit).toMatchObject({
      actorUserId: user.id,
      partnerId: user.partnerId,
      ip: '198.51.100.7',
    })
    expect(JSON.stringify(audit)).not.toContain('argon2')
    expect(await passwordChangedEmails(db, user.email)).toBe(1)
  })

  test('the new password must differ from the current one', async () => {
    const { db } = database
    const user = await createVendorStaff(db)
    const { actor } = await userOnThreeBrowsers(db, user)
    const error = await refusal(
      changePassword(db, { actor, currentPassword: defaultPassword, password: defaultPassword }),
    )
    expect(error.field).toBe('password')
    expect(await db.$count(sessions, eq(sessions.userId, user.id))).toBe(3)
  })

  test('repeated wrong current passwords are throttled, even before a right one', async () => {
    const { db } = database
    const user = await createUser(db)
    const { actor } = await userOnThreeBrowsers(db, user)
    for (let i = 0; i < throttlePolicy.maxFailuresPerAccount; i++) {
      await refusal(
        changePassword(db, { actor, currentPassword: `Guess-number-${i}`, password: newPassword }),
      )
    }
    const error = await refusal(
      changePassword(db, { actor, currentPassword: defaultPassword, password: newPassword }),
    )
    expect(error.code).toBe('rate_limited')
    expect(error.field).toBe('currentPassword')
    const [row] = await db.select().from(users).where(eq(users.id, user.id))
    expect(row!.passwordHash).toBe(user.passwordHash)
  })
})

describe('signing out of other sessions', () => {
  test('ends every session but this one, and only this user’s', async () => {
    const { db } = database
    const user = await createUser(db)
    const colleague = await createUser(db, { partnerId: user.partnerId })
    const colleagueSession = await createSessionCookie(db, colleague.id)
    const { here, others, actor } = await userOnThreeBrowsers(db, user)

    expect(await signOutOtherSessions(db, { actor })).toBe(2)

    expect(await currentUserOf(db, here)).toMatchObject({ id: user.id })
    for (const cookie of others) expect(await currentUserOf(db, cookie)).toBeNull()
    expect(await currentUserOf(db, colleagueSession)).toMatchObject({ id: colleague.id })
    expect(
      await db.$count(
        auditLog,
        and(eq(auditLog.entityId, user.id), eq(auditLog.action, 'user.sessions_revoked')),
      ),
    ).toBe(1)
    // Nothing left to end: no change and no audit noise.
    expect(await signOutOtherSessions(db, { actor })).toBe(0)
    expect(await db.$count(auditLog, eq(auditLog.entityId, user.id))).toBe(1)
  })
})
