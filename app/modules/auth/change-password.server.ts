import { and, count, eq, gt, isNull, min } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { loginAttempts, passwordResetTokens, users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { AppError } from '#app/utils/app-error'
import { throttlePolicy, throttleWaitMinutes } from './auth-rules'
import { hashPassword, verifyPassword } from './password.server'
import { createSessionCookie, invalidateUserSessions, type CurrentUser } from './session.server'

export type ChangePasswordOptions = {
  actor: CurrentUser
  currentPassword: string
  /** Already checked against NewPasswordField by the form. */
  password: string
  ip?: string | null
  userAgent?: string | null
  now?: Date
}

export type ChangePasswordResult = {
  /** Set-Cookie of the new session that replaces every old one, this browser's included. */
  setCookie: string
}

/**
 * Changes the signed-in user's password after checking the current one, then signs the account
 * out everywhere and starts a new session for this browser. Wrong current passwords count as
 * failed sign-ins, so a borrowed session cannot be used to guess the password.
 */
export async function changePassword(
  db: Database,
  options: ChangePasswordOptions,
): Promise<ChangePasswordResult> {
  const { actor } = options
  const now = options.now ?? new Date()
  const ip = options.ip || null

  const windowStart = new Date(now.getTime() - throttlePolicy.windowMinutes * 60_000)
  const [failures] = await db
    .select({ failures: count(), oldest: min(loginAttempts.createdAt) })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, actor.email),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.createdAt, windowStart),
      ),
    )
  const wait = throttleWaitMinutes({
    accountFailures: failures?.failures ?? 0,
    ipFailures: 0,
    oldestAccountFailureAt: failures?.oldest ? new Date(failures.oldest) : null,
    oldestIpFailureAt: null,
    now,
  })
  if (wait > 0) {
    throw new AppError('rate_limited', {
      field: 'currentPassword',
      userMessage: 'account:password.throttled',
      params: { minutes: wait },
    })
  }

  const [stored] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, actor.id))
  const verifiedHash = stored?.passwordHash ?? null
  if (!verifiedHash || !(await verifyPassword(verifiedHash, options.currentPassword))) {
    await db
      .insert(loginAttempts)
      .values({ email: actor.email, ip, succeeded: false, createdAt: now })
    throw new AppError('invalid', {
      field: 'currentPassword',
      userMessage: 'account:password.wrongCurrent',
    })
  }
  if (await verifyPassword(verifiedHash, options.password)) {
    throw new AppError('invalid', {
      field: 'password',
      userMessage: 'account:password.sameAsCurrent',
    })
  }
  const passwordHash = await hashPassword(options.password)

  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        status: users.status,
        locale: users.locale,
        partnerId: users.partnerId,
        passwordHash: users.passwordHash,
      })
      .from(users)
      .where(eq(users.id, actor.id))
      .for('update')
    if (!user || user.status !== 'active') {
      throw new AppError('forbidden', { userMessage: 'errors:forbidden.title' })
    }
    // Another request changed the password between our check and this lock: the current
    // password we verified is no longer current.
    if (user.passwordHash !== verifiedHash) {
      throw new AppError('conflict', {
        field: 'currentPassword',
        userMessage: 'account:password.changedMeanwhile',
      })
    }

    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now })
      .where(eq(users.id, user.id))
    await invalidateUserSessions(tx, user.id)
    await tx
      .update(passwordResetTokens)
      .set({ expiresAt: now })
      .where(
        and(
          eq(passwordResetTokens.userId, user.id),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
    const setCookie = await createSessionCookie(tx, user.id, { ip, userAgent: options.userAgent })
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: 'user.password_changed',
      entityType: 'user',
      entityId: user.id,
      partnerId: user.partnerId,
      after: { passwordChangedAt: now, otherSessionsEnded: true },
      ip,
    })
    await enqueueEmail(tx, {
      to: user.email,
      locale: user.locale,
      template: 'password-changed',
      name: user.name,
    })
    return { setCookie }
  })
}
