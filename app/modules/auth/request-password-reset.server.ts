import { and, count, eq, gt, isNull } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import { passwordResetTokens, users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { normaliseEmail, passwordResetLifetimeMinutes } from './auth-rules'
import { passwordResetPolicy } from './password-reset-rules'
import { createToken } from './tokens.server'

export type RequestPasswordResetOptions = {
  email: string
  /** Public origin for the link in the e-mail, e.g. https://portal.example.com (never the request's Host). */
  origin: string
  ip?: string | null
  now?: Date
}

/**
 * Sends a single-use reset link to an active account. Resolves the same way whether or not the
 * e-mail belongs to anyone, so the form cannot be used to find out who has an account. Beyond
 * the hourly allowance per account nothing more is sent, again without saying so.
 */
export async function requestPasswordReset(
  db: Database,
  options: RequestPasswordResetOptions,
): Promise<void> {
  const email = normaliseEmail(options.email)
  const now = options.now ?? new Date()

  const [candidate] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email))
    .limit(1)
  if (!candidate) return

  await db.transaction(async (tx) => {
    // The user row lock serialises concurrent requests for one account, so the hourly count
    // below cannot be raced past.
    const [user] = await tx
      .select({
        id: users.id,
        email: users.email,
        status: users.status,
        locale: users.locale,
        partnerId: users.partnerId,
      })
      .from(users)
      .where(eq(users.id, candidate.id))
      .for('update')
    if (!user || user.status !== 'active') return
    if (user.partnerId) {
      const [partner] = await tx
        .select({ status: partners.status })
        .from(partners)
        .where(eq(partners.id, user.partnerId))
      if (partner?.status !== 'active') return
    }

    const windowStart = new Date(now.getTime() - passwordResetPolicy.windowMinutes * 60_000)
    const [recent] = await tx
      .select({ sent: count() })
      .from(passwordResetTokens)
      .where(
        and(
          eq(passwordResetTokens.userId, user.id),
          gt(passwordResetTokens.createdAt, windowStart),
        ),
      )
    if ((recent?.sent ?? 0) >= passwordResetPolicy.maxEmailsPerAccount) return

    // Only the newest link works. Earlier ones are expired rather than deleted: their rows are
    // what the hourly allowance counts.
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

    const { token, tokenHash } = createToken()
    const expiresAt = new Date(now.getTime() + passwordResetLifetimeMinutes * 60_000)
    await tx
      .insert(passwordResetTokens)
      .values({ tokenHash, userId: user.id, expiresAt, createdAt: now })
    await recordAudit(tx, {
      actor: null,
      action: 'user.password_reset_requested',
      entityType: 'user',
      entityId: user.id,
      partnerId: user.partnerId,
      after: { expiresAt },
      ip: options.ip,
    })
    await enqueueEmail(tx, {
      to: user.email,
      locale: user.locale,
      template: 'password-reset',
      resetUrl: `${options.origin.replace(/\/+$/, '')}/reset-password/${token}`,
      expiresInMinutes: passwordResetLifetimeMinutes,
    })
  })
}
