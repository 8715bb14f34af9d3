import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { passwordResetTokens, users } from '#db/schema/users'
import { passwordResetTokenState, type PasswordResetTokenState } from './password-reset-rules'
import { hashToken } from './tokens.server'

export type CheckPasswordResetTokenOptions = { token: string; now?: Date }

export type CheckPasswordResetTokenResult =
  | { state: 'valid'; email: string; expiresAt: Date }
  | { state: Exclude<PasswordResetTokenState, 'valid'> }

/** Whether a reset link can still be used, so the page shows the form only when it can. */
export async function checkPasswordResetToken(
  db: Database,
  options: CheckPasswordResetTokenOptions,
): Promise<CheckPasswordResetTokenResult> {
  const [row] = await db
    .select({
      expiresAt: passwordResetTokens.expiresAt,
      usedAt: passwordResetTokens.usedAt,
      email: users.email,
    })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(eq(passwordResetTokens.tokenHash, hashToken(options.token)))
    .limit(1)
  if (!row) return { state: 'unknown' }
  const state = passwordResetTokenState(row, options.now ?? new Date())
  return state === 'valid' ? { state, email: row.email, expiresAt: row.expiresAt } : { state }
}
