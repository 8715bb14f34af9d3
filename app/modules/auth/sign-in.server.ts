import { and, count, eq, gt, min, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import { loginAttempts, users } from '#db/schema/users'
import type { Role } from '#app/utils/permissions'
import { normaliseEmail, throttlePolicy, throttleWaitMinutes } from './auth-rules'
import { verifyAgainstDummy, verifyPassword } from './password.server'
import { createSessionCookie } from './session.server'

export type SignInOptions = {
  email: string
  password: string
  ip: string
  userAgent?: string | null
  now?: Date
}

export type SignInResult =
  | { ok: true; userId: string; role: Role; setCookie: string }
  | {
      ok: false
      reason: 'invalid' | 'throttled' | 'suspended' | 'disabled'
      retryInMinutes?: number
    }

/**
 * Checks credentials with throttling per account and per address, kept in the database so it
 * holds across app servers. Unknown e-mail and wrong password give the same answer (and take the
 * same time); only someone who knows the password learns that the account is suspended.
 */
export async function signIn(db: Database, options: SignInOptions): Promise<SignInResult> {
  const email = normaliseEmail(options.email)
  // Attempts on one account are serialised, so parallel guesses cannot slip past the limit.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'login:' + email}, 0))`)
    return attemptSignIn(tx as unknown as Database, email, options)
  })
}

async function attemptSignIn(
  db: Database,
  email: string,
  options: SignInOptions,
): Promise<SignInResult> {
  const now = options.now ?? new Date()
  const windowStart = new Date(now.getTime() - throttlePolicy.windowMinutes * 60_000)
  const ip = options.ip || null

  const failuresSince = (where: ReturnType<typeof eq>) =>
    db
      .select({ failures: count(), oldest: min(loginAttempts.createdAt) })
      .from(loginAttempts)
      .where(
        and(where, eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, windowStart)),
      )
  const [[account], [byIp]] = await Promise.all([
    failuresSince(eq(loginAttempts.email, email)),
    ip ? failuresSince(eq(loginAttempts.ip, ip)) : Promise.resolve([{ failures: 0, oldest: null }]),
  ])
  const wait = throttleWaitMinutes({
    accountFailures: account?.failures ?? 0,
    ipFailures: byIp?.failures ?? 0,
    oldestAccountFailureAt: account?.oldest ? new Date(account.oldest) : null,
    oldestIpFailureAt: byIp?.oldest ? new Date(byIp.oldest) : null,
    now,
  })
  if (wait > 0) return { ok: false, reason: 'throttled', retryInMinutes: wait }

  const [found] = await db
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      status: users.status,
      passwordHash: users.passwordHash,
      partnerId: users.partnerId,
    })
    .from(users)
    .where(eq(users.email, email))
    .limit(1)

  const passwordOk = found?.passwordHash
    ? await verifyPassword(found.passwordHash, options.password)
    : (await verifyAgainstDummy(options.password), false)

  await db.insert(loginAttempts).values({ email, ip, succeeded: passwordOk, createdAt: now })
  if (!found || !passwordOk) return { ok: false, reason: 'invalid' }
  if (found.status !== 'active') return { ok: false, reason: 'disabled' }
  if (found.partnerId) {
    // FOR SHARE: a suspension committing now waits for this sign-in, then ends its session too.
    const [partner] = await db
      .select({ status: partners.status })
      .from(partners)
      .where(eq(partners.id, found.partnerId))
      .for('share')
    if (partner?.status !== 'active') return { ok: false, reason: 'suspended' }
  }

  const setCookie = await createSessionCookie(db, found.id, { ip, userAgent: options.userAgent })
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, found.id))
  return { ok: true, userId: found.id, role: found.role, setCookie }
}
