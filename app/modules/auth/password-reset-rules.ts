/** How many reset e-mails one account may receive per rolling hour (the rest are silently dropped). */
export const passwordResetPolicy = {
  maxEmailsPerAccount: 3,
  windowMinutes: 60,
} as const

export type PasswordResetTokenState = 'valid' | 'expired' | 'used' | 'unknown'

/** What a reset link is worth right now. A used token stays "used" even after it would have expired. */
export function passwordResetTokenState(
  token: { expiresAt: Date; usedAt: Date | null } | null | undefined,
  now: Date,
): PasswordResetTokenState {
  if (!token) return 'unknown'
  if (token.usedAt) return 'used'
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired'
  return 'valid'
}
