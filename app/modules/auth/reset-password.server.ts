import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import { passwordResetTokens, users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { AppError } from '#app/utils/app-error'
import type { Role } from '#app/utils/permissions'
import { hashPassword } from './password.server'
import { passwordResetTokenState, type PasswordResetTokenState } from './password-reset-rules'
import { createSessionCookie, invalidateUserSessions } from './session.server'
import { hashToken } from './tokens.server'

export type ResetPasswordOptions = {
  token: string
  /** Already checked against NewPasswordField by the form. */
  password: string
  ip?: string | null
  userAgent?: string | null
  now?: Date
}

export type ResetPasswordResult =
  | { signedIn: true; userId: string; role: Role; setCookie: string }
  /** The password was changed, but the account may not sign in. */
  | { signedIn: false; userId: string; reason: 'disabled' | 'suspended' }

function unusableLink(state: Exclude<PasswordResetTokenState, 'valid'>): AppError {
  return new AppError(state === 'unknown' ? 'not_found' : 'conflict', {
    message: `Password reset token is ${state}`,
    userMessage: `account:reset.invalid.${state}`,
  })
}

/**
 * Spends a reset link: exactly once, even when it is submitted twice at the same moment (the
 * claim is a conditional update, so the second one finds it used). Sets the new password, ends
 * every session of the account and, when the account may sign in, starts a fresh one.
 */
export async function resetPassword(
  db: Database,
  options: ResetPasswordOptions,
): Promise<ResetPasswordResult> {
  const now = options.now ?? new Date()
  const tokenHash = hashToken(options.token)
  const readToken = (handle: Database) =>
    handle
      .select({ expiresAt: passwordResetTokens.expiresAt, usedAt: passwordResetTokens.usedAt })
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.tokenHash, tokenHash))
      .limit(1)

  // Early, friendly refusal, and no argon2 work for links that cannot succeed.
  const early = passwordResetTokenState((await readToken(db))[0], now)
  if (early !== 'valid') throw unusableLink(early)
  const passwordHash = await hashPassword(options.password)

  return db.transaction(async (tx): Promise<ResetPasswordResult> => {
    const [claimed] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, tokenHash),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordResetTokens.userId })
    if (!claimed) {
      const state = passwordResetTokenState((await readToken(tx))[0], now)
      throw unusableLink(state === 'valid' ? 'used' : state)
    }

    const [user] = await tx
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        status: users.status,
        locale: users.locale,
        partnerId: users.partnerId,
        partnerStatus: partners.status,
      })
      .from(users)
      .leftJoin(partners, eq(partners.id, users.partnerId))
      .where(eq(users.id, claimed.userId))
      .for('update', { of: users })
    if (!user) throw unusableLink('unknown')

    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now })
      .where(eq(users.id, user.id))
    await invalidateUserSessions(tx, user.id)
    // Any other link still in someone's inbox dies with this one.
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
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: 'user.password_reset',
      entityType: 'user',
      entityId: user.id,
      partnerId: user.partnerId,
      after: { passwordChangedAt: now, sessionsEnded: true },
      ip: options.ip,
    })
    await enqueueEmail(tx, {
      to: user.email,
      locale: user.locale,
      template: 'password-changed',
      name: user.name,
    })

    if (user.status !== 'active') return { signedIn: false, userId: user.id, reason: 'disabled' }
    if (user.partnerStatus === 'suspended') {
      return { signedIn: false, userId: user.id, reason: 'suspended' }
    }
    const setCookie = await createSessionCookie(tx, user.id, {
      ip: options.ip,
      userAgent: options.userAgent,
    })
    await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id))
    return { signedIn: true, userId: user.id, role: user.role, setCookie }
  })
}
