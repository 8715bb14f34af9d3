import { and, desc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { passwordResetLifetimeMinutes } from '#app/modules/auth/auth-rules'
import { checkPasswordResetToken } from '#app/modules/auth/check-password-reset-token.server'
import { verifyPassword } from '#app/modules/auth/password.server'
import { passwordResetPolicy } from '#app/modules/auth/password-reset-rules'
import { requestPasswordReset } from '#app/modules/auth/request-password-reset.server'
import { resetPassword } from '#app/modules/auth/reset-password.server'
import { createSessionCookie, getCurrentUser } from '#app/modules/auth/session.server'
import { AppError } from '#app/utils/app-error'
import type { Database } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { emailOutbox } from '#db/schema/outbox'
import { partners } from '#db/schema/partners'
import { passwordResetTokens, sessions, users } from '#db/schema/users'
import {
  createPartner,
  createUser,
  createVendorStaff,
  defaultPassword,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()
const origin = 'https://portal.example.test'
const newPassword = 'Brand-new-secret-42'
const minutes = (n: number) => n * 60_000

async function resetEmailsTo(db: Database, email: string) {
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toEmail, email), eq(emailOutbox.template, 'password-reset')))
    .orderBy(desc(emailOutbox.id))
}

/** The token from the newest reset e-mail, read the way the user would: from the link. */
async function latestToken(db: Database, email: string): Promise<string> {
  const [latest] = await resetEmailsTo(db, email)
  const match = latest?.bodyText.match(/https:\/\/portal\.example\.test\/reset-password\/([\w-]+)/)
  if (!match?.[1]) throw new Error(`No reset link was e-mailed to ${email}`)
  return match[1]
}

async function userRow(db: Database, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id))
  return row!
}

async function isSignedIn(db: Database, setCookie: string): Promise<boolean> {
  const request = new Request('http://localhost/', {
    headers: { cookie: setCookie.split(';')[0]! },
  })
  return (await getCurrentUser(db, request)) !== null
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('requesting a reset link', () => {
  test('e-mails an active user a link that works for the configured lifetime', async () => {
    const { db } = database
    const user = await createUser(db, { locale: 'zh-CN' })
    const now = new Date()
    await requestPasswordReset(db, { email: `  ${user.email.toUpperCase()} `, origin, now })

    const [email] = await resetEmailsTo(db, user.email)
    expect(email).toMatchObject({ locale: 'zh-CN', status: 'pending' })
    const token = await latestToken(db, user.email)
    const [stored] = await db
      .select()
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.userId, user.id))
    // Only the hash is kept: the database alone cannot be used to reset anyone's password.
    expect(stored!.tokenHash).not.toBe(token)
    expect(stored!.expiresAt.getTime()).toBe(now.getTime() + minutes(passwordResetLifetimeMinutes))
    expect(await checkPasswordResetToken(db, { token })).toMatchObject({
      state: 'valid',
      email: user.email,
    })
  })

  test('an unknown e-mail gets the same answer and no e-mail', async () => {
    const { db } = database
    const known = await createUser(db)
    const outboxBefore = await db.$count(emailOutbox)
    const unknownResult = await requestPasswordReset(db, {
      email: 'nobody-here@example.test',
      origin,
    })
    expect(await db.$count(emailOutbox)).toBe(outboxBefore)
    const knownResult = await requestPasswordReset(db, { email: known.email, origin })
    expect(await db.$count(emailOutbox)).toBe(outboxBefore + 1)
    expect(unknownResult).toEqual(knownResult)
  })

  test('disabled users and users of a suspended partner get no link; vendor staff do', async () => {
    const { db } = database
    const disabled = await createUser(db, { status: 'disabled' })
    const suspendedPartner = await createPartner(db, { status: 'suspended' })
    const suspended = await createUser(db, { partnerId: suspendedPartner.id })
    const staff = await createVendorStaff(db, { role: 'admin' })
    for (const user of [disabled, suspended, staff]) {
      await requestPasswordReset(db, { email: user.email, origin })
    }
    expect(await resetEmailsTo(db, disabled.email)).toHaveLength(0)
    expect(await resetEmailsTo(db, suspended.email)).toHaveLength(0)
    expect(await resetEmailsTo(db, staff.email)).toHaveLength(1)
  })

  test(`sends at most ${passwordResetPolicy.maxEmailsPerAccount} e-mails per account per hour, silently`, async () => {
    const { db } = database
    const user = await createUser(db)
    const start = new Date(Date.now() - minutes(90))
    for (let i = 0; i < passwordResetPolicy.maxEmailsPerAccount + 2; i++) {
      await expect(
        requestPasswordReset(db, {
          email: user.email,
          origin,
          now: new Date(start.getTime() + minutes(i)),
        }),
      ).resolves.toBeUndefined()
    }
    expect(await resetEmailsTo(db, user.email)).toHaveLength(
      passwordResetPolicy.maxEmailsPerAccount,
    )

    // Once the first e-mail is more than an hour old, one more is allowed.
    await requestPasswordReset(db, {
      email: user.email,
      origin,
      now: new Date(start.getTime() + minutes(61)),
    })
    expect(await resetEmailsTo(db, user.email)).toHaveLength(
      passwordResetPolicy.maxEmailsPerAccount + 1,
    )
  })

  test('a new link replaces the earlier ones', async () => {
    const { db } = database
    const user = await createUser(db)
    await requestPasswordReset(db, { email: user.email, origin })
    const first = await latestToken(db, user.email)
    await requestPasswordReset(db, { email: user.email, origin })
    const second = await latestToken(db, user.email)
    expect(second).not.toBe(first)

    expect((await checkPasswordResetToken(db, { token: first })).state).toBe('expired')
    const error = await refusal(resetPassword(db, { token: first, password: newPassword }))
    expect(error.userMessage).toBe('account:reset.invalid.expired')
    await expect(
      resetPassword(db, { token: second, password: newPassword }),
    ).resolves.toMatchObject({
      signedIn: true,
    })
  })
})

describe('resetting the password with the link', () => {
  test('sets the new password, ends every session and signs the user in with a new one', async () => {
    const { db } = database
    const user = await createUser(db, { role: 'partner_admin' })
    const laptop = await createSessionCookie(db, user.id)
    const phone = await createSessionCookie(db, user.id)
    await requestPasswordReset(db, { email: user.email, origin })
    const token = await latestToken(db, user.email)

    const result = await resetPassword(db, { token, password: newPassword, ip: '203.0.113.9' })

    expect(result).toMatchObject({ signedIn: true, userId: user.id, role: 'partner_admin' })
    if (!result.signedIn) throw new Error('expected to be signed in')
    const row = await userRow(db, user.id)
    expect(await verifyPassword(row.passwordHash!, newPassword)).toBe(true)
    expect(await verifyPassword(row.passwordHash!, defaultPassword)).toBe(false)
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
    expect(row.passwordChangedAt).not.toBeNull()

    expect(await isSignedIn(db, laptop)).toBe(false)
    expect(await isSignedIn(db, phone)).toBe(false)
    expect(await isSignedIn(db, result.setCookie)).toBe(true)
    expect(await db.$count(sessions, eq(sessions.userId, user.id))).toBe(1)

    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, 'user.password_reset')))
    expect(audit).toMatchObject({
      actorUserId: user.id,
      partnerId: user.partnerId,
      ip: '203.0.113.9',
    })
    expect(
      await db.$count(
        emailOutbox,
        and(eq(emailOutbox.toEmail, user.email), eq(emailOutbox.template, 'password-changed')),
      ),
    ).toBe(1)
  })

  test('a link works only once', async () => {
    const { db } = database
    const user = await createUser(db)
    await requestPasswordReset(db, { email: user.email, origin })
    const token = await latestToken(db, user.email)
    await resetPassword(db, { token, password: newPassword })
    const hashAfterFirstUse = (await userRow(db, user.id)).passwordHash

    const error = await refusal(resetPassword(db, { token, password: 'Someone-else-99' }))
    expect(error.userMessage).toBe('account:reset.invalid.used')
    expect((await userRow(db, user.id)).passwordHash).toBe(hashAfterFirstUse)
    expect((await checkPasswordResetToken(db, { token })).state).toBe('used')
  })

  test('two simultaneous uses of one link: exactly one succeeds', async () => {
    const { db } = database
    const user = await createUser(db)
    await requestPasswordReset(db, { email: user.email, origin })
    const token = await latestToken(db, user.email)

    const outcomes = await Promise.allSettled([
      resetPassword(db, { token, password: 'First-winner-111' }),
      resetPassword(db, { token, password: 'Second-winner-222' }),
    ])

    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled')
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    expect(fulfilled).toHaveLength(1)
    expect(rejected).toHaveLength(1)
    expect(rejected[0]!.reason).toBeInstanceOf(AppError)
    expect(await db.$count(sessions, eq(sessions.userId, user.id))).toBe(1)
    expect(
      await db.$count(
        auditLog,
        and(eq(auditLog.entityId, user.id), eq(auditLog.action, 'user.password_reset')),
      ),
    ).toBe(1)
  })

  test('an expired link is refused and changes nothing', async () => {
    const { db } = database
    const user = await createUser(db)
    const requestedAt = new Date(Date.now() - minutes(passwordResetLifetimeMinutes + 1))
    await requestPasswordReset(db, { email: user.email, origin, now: requestedAt })
    const token = await latestToken(db, user.email)
    const session = await createSessionCookie(db, user.id)

    // Still valid a minute before the end of its lifetime.
    const justBefore = new Date(requestedAt.getTime() + minutes(passwordResetLifetimeMinutes - 1))
    expect((await checkPasswordResetToken(db, { token, now: justBefore })).state).toBe('valid')

    expect((await checkPasswordResetToken(db, { token })).state).toBe('expired')
    const error = await refusal(resetPassword(db, { token, password: newPassword }))
    expect(error.userMessage).toBe('account:reset.invalid.expired')
    expect(error.status).toBe(409)
    const row = await userRow(db, user.id)
    expect(row.passwordHash).toBe(user.passwordHash)
    expect(await isSignedIn(db, session)).toBe(true)
  })

  test('an unknown link is a not-found', async () => {
    const { db } = database
    expect((await checkPasswordResetToken(db, { token: 'made-up-token' })).state).toBe('unknown')
    const error = await refusal(
      resetPassword(db, { token: 'made-up-token', password: newPassword }),
    )
    expect(error.code).toBe('not_found')
    expect(error.userMessage).toBe('account:reset.invalid.unknown')
  })

  test('a disabled account gets its new password but is not signed in', async () => {
    const { db } = database
    const user = await createUser(db)
    const session = await createSessionCookie(db, user.id)
    await requestPasswordReset(db, { email: user.email, origin })
    const token = await latestToken(db, user.email)
    // Disabled after the link was sent.
    await db.update(users).set({ status: 'disabled' }).where(eq(users.id, user.id))

    const result = await resetPassword(db, { token, password: newPassword })

    expect(result).toEqual({ signedIn: false, userId: user.id, reason: 'disabled' })
    expect(await verifyPassword((await userRow(db, user.id)).passwordHash!, newPassword)).toBe(true)
    expect(await isSignedIn(db, session)).toBe(false)
    expect(await db.$count(sessions, eq(sessions.userId, user.id))).toBe(0)
  })

  test('a user of a suspended partner is not signed in either', async () => {
    const { db } = database
    const partner = await createPartner(db)
    const user = await createUser(db, { partnerId: partner.id })
    await requestPasswordReset(db, { email: user.email, origin })
    const token = await latestToken(db, user.email)
    // Suspended after the link was sent.
    await db.update(partners).set({ status: 'suspended' }).where(eq(partners.id, partner.id))

    const result = await resetPassword(db, { token, password: newPassword })
    expect(result).toEqual({ signedIn: false, userId: user.id, reason: 'suspended' })
    expect(await db.$count(sessions, eq(sessions.userId, user.id))).toBe(0)
  })
})
