import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { loginAttempts, sessions, users } from '#db/schema/users'
import { signIn } from '#app/modules/auth/sign-in.server'
import { getCurrentUser } from '#app/modules/auth/session.server'
import { createPartner, createUser, createVendorStaff } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

function requestWith(setCookie: string) {
  const cookie = setCookie.split(';')[0]!
  return new Request('http://localhost/portal', { headers: { cookie } })
}

let ipCounter = 0
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`

describe('signIn', () => {
  test('right password: a database session that identifies the user', async () => {
    const user = await createUser(database.db, { role: 'partner_admin' })
    const result = await signIn(database.db, {
      email: user.email.toUpperCase(),
      password: user.password!,
      ip: freshIp(),
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.setCookie).toMatch(/^cp_session=\w+; .*HttpOnly/i)
    expect(result.setCookie).toMatch(/SameSite=Lax/i)
    const current = await getCurrentUser(database.db, requestWith(result.setCookie))
    expect(current).toMatchObject({ id: user.id, role: 'partner_admin', partnerId: user.partnerId })
  })

  test('each sign-in starts a new session id (rotation)', async () => {
    const user = await createUser(database.db)
    const ip = freshIp()
    const first = await signIn(database.db, { email: user.email, password: user.password!, ip })
    const second = await signIn(database.db, { email: user.email, password: user.password!, ip })
    expect(first.ok && second.ok).toBe(true)
    if (!first.ok || !second.ok) return
    expect(first.setCookie.split(';')[0]).not.toBe(second.setCookie.split(';')[0])
    const rows = await database.db.select().from(sessions).where(eq(sessions.userId, user.id))
    expect(rows).toHaveLength(2)
  })

  test('unknown e-mail and wrong password give the same answer', async () => {
    const user = await createUser(database.db)
    const wrong = await signIn(database.db, {
      email: user.email,
      password: 'Nope-nope-1',
      ip: freshIp(),
    })
    const unknown = await signIn(database.db, {
      email: 'nobody@example.test',
      password: 'Nope-nope-1',
      ip: freshIp(),
    })
    expect(wrong).toEqual({ ok: false, reason: 'invalid' })
    expect(unknown).toEqual({ ok: false, reason: 'invalid' })
  })

  test('five failures lock the account for 15 minutes, even with the right password, and from any address', async () => {
    const user = await createUser(database.db)
    const now = new Date()
    for (let i = 0; i < 5; i++) {
      const r = await signIn(database.db, {
        email: user.email,
        password: 'Wrong-pass-1',
        ip: freshIp(),
        now,
      })
      expect(r).toEqual({ ok: false, reason: 'invalid' })
    }
    const locked = await signIn(database.db, {
      email: user.email,
      password: user.password!,
      ip: freshIp(),
      now,
    })
    expect(locked).toEqual({ ok: false, reason: 'throttled', retryInMinutes: 15 })
    const later = await signIn(database.db, {
      email: user.email,
      password: user.password!,
      ip: freshIp(),
      now: new Date(now.getTime() + 15 * 60_000 + 1000),
    })
    expect(later.ok).toBe(true)
  })

  test('twenty failures from one address lock that address for every account', async () => {
    const ip = freshIp()
    const now = new Date()
    for (let i = 0; i < 20; i++) {
      await signIn(database.db, {
        email: `guess-${i}@example.test`,
        password: 'Wrong-pass-1',
        ip,
        now,
      })
    }
    const user = await createUser(database.db)
    const fromSameIp = await signIn(database.db, {
      email: user.email,
      password: user.password!,
      ip,
      now,
    })
    expect(fromSameIp).toMatchObject({ ok: false, reason: 'throttled' })
    const fromOtherIp = await signIn(database.db, {
      email: user.email,
      password: user.password!,
      ip: freshIp(),
      now,
    })
    expect(fromOtherIp.ok).toBe(true)
  })

  test('every attempt is recorded in the database (so throttling holds across servers)', async () => {
    const user = await createUser(database.db)
    const ip = freshIp()
    await signIn(database.db, { email: user.email, password: 'Wrong-pass-1', ip })
    await signIn(database.db, { email: user.email, password: user.password!, ip })
    const attempts = await database.db
      .select()
      .from(loginAttempts)
      .where(eq(loginAttempts.email, user.email))
    expect(attempts.map((a) => a.succeeded).sort()).toEqual([false, true])
  })

  test("a suspended partner's user is refused with the suspension reason and gets no session", async () => {
    const partner = await createPartner(database.db, { status: 'suspended' })
    const user = await createUser(database.db, { partnerId: partner.id })
    const result = await signIn(database.db, {
      email: user.email,
      password: user.password!,
      ip: freshIp(),
    })
    expect(result).toEqual({ ok: false, reason: 'suspended' })
    expect(
      await database.db.select().from(sessions).where(eq(sessions.userId, user.id)),
    ).toHaveLength(0)
  })

  test('a disabled user is refused; a wrong password for them still says only "invalid"', async () => {
    const user = await createUser(database.db, { status: 'disabled' })
    expect(
      await signIn(database.db, { email: user.email, password: user.password!, ip: freshIp() }),
    ).toEqual({
      ok: false,
      reason: 'disabled',
    })
    expect(
      await signIn(database.db, { email: user.email, password: 'Wrong-pass-1', ip: freshIp() }),
    ).toEqual({
      ok: false,
      reason: 'invalid',
    })
  })

  test('an invited user with no password yet cannot sign in', async () => {
    const user = await createUser(database.db, { password: null })
    expect(await signIn(database.db, { email: user.email, password: '', ip: freshIp() })).toEqual({
      ok: false,
      reason: 'invalid',
    })
  })

  test('vendor staff sign in without a partner', async () => {
    const staff = await createVendorStaff(database.db, { role: 'admin' })
    const result = await signIn(database.db, {
      email: staff.email,
      password: staff.password!,
      ip: freshIp(),
    })
    expect(result).toMatchObject({ ok: true, role: 'admin' })
  })

  test('a session of a user disabled afterwards no longer identifies anyone', async () => {
    const user = await createUser(database.db)
    const result = await signIn(database.db, {
      email: user.email,
      password: user.password!,
      ip: freshIp(),
    })
    if (!result.ok) throw new Error('sign-in failed')
    await database.db.update(users).set({ status: 'disabled' }).where(eq(users.id, user.id))
    expect(await getCurrentUser(database.db, requestWith(result.setCookie))).toBeNull()
  })
})

describe('signIn under parallel guessing', () => {
  test('ten guesses at once still lock the account after five failures', async () => {
    const user = await createUser(database.db)
    const now = new Date()
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        signIn(database.db, { email: user.email, password: 'Wrong-pass-1', ip: freshIp(), now }),
      ),
    )
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(5)
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(5)
  })
})
