import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import { invitations, users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { hashPassword } from '#app/modules/auth/password.server'
import { createSessionCookie } from '#app/modules/auth/session.server'
import { hashToken } from '#app/modules/auth/tokens.server'
import { AppError, constraintOf, sqlStateOf } from '#app/utils/app-error'
import type { Role } from '#app/utils/permissions'
import { invitationStatusOf } from './user-rules'

export type AcceptInvitationOptions = {
  token: string
  name: string
  password: string
  ip?: string | null
  userAgent?: string | null
}

export type AcceptInvitationResult = { userId: string; role: Role; setCookie: string }

type InvitationRow = typeof invitations.$inferSelect

/**
 * Turns an invitation into an account and signs the new user in. The invitation row is locked
 * for the whole transaction, so of two simultaneous accepts exactly one creates a user and the
 * other finds the link used.
 */
export async function acceptInvitation(
  db: Database,
  options: AcceptInvitationOptions,
): Promise<AcceptInvitationResult> {
  const tokenHash = hashToken(options.token)
  const name = options.name.trim()

  // Early, unlocked check: a dead link costs no password hashing.
  assertUsable(await findInvitation(db, tokenHash))
  const passwordHash = await hashPassword(options.password)

  let created: { userId: string; role: Role }
  try {
    created = await db.transaction(async (tx) => {
      const invitation = await findInvitation(tx, tokenHash, { lock: true })
      const now = new Date()
      assertUsable(invitation, now)
      if (invitation.partnerId !== null) {
        const [partner] = await tx
          .select({ status: partners.status })
          .from(partners)
          .where(eq(partners.id, invitation.partnerId))
          .for('share')
        if (partner?.status !== 'active') {
          throw new AppError('conflict', { userMessage: 'users:errors.partnerSuspendedAccept' })
        }
      }

      const [user] = await tx
        .insert(users)
        .values({
          email: invitation.email,
          name,
          role: invitation.role,
          partnerId: invitation.partnerId,
          passwordHash,
          passwordChangedAt: now,
          lastLoginAt: now,
        })
        .returning({ id: users.id, email: users.email, role: users.role })
      await tx.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id))
      await recordAudit(tx, {
        actor: { id: user.id, email: user.email },
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        partnerId: invitation.partnerId,
        after: { email: user.email, role: user.role, partnerId: invitation.partnerId },
        ip: options.ip,
      })
      return { userId: user.id, role: user.role }
    })
  } catch (error) {
    // Someone else's invitation to the same e-mail was accepted first.
    if (sqlStateOf(error) === '23505' && constraintOf(error) === 'users_email_key') {
      throw new AppError('conflict', { userMessage: 'users:errors.accountExists' })
    }
    throw error
  }

  const setCookie = await createSessionCookie(db, created.userId, {
    ip: options.ip,
    userAgent: options.userAgent,
  })
  return { ...created, setCookie }
}

async function findInvitation(
  db: Database,
  tokenHash: string,
  { lock = false } = {},
): Promise<InvitationRow | null> {
  const query = db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).limit(1)
  const [row] = lock ? await query.for('update') : await query
  return row ?? null
}

function assertUsable(
  invitation: InvitationRow | null,
  now = new Date(),
): asserts invitation is InvitationRow {
  const status = invitationStatusOf(invitation, now)
  if (status === 'valid') return
  if (status === 'unknown') {
    throw new AppError('not_found', { userMessage: 'users:invitation.unknown.body' })
  }
  throw new AppError('conflict', { userMessage: `users:invitation.${status}.body` })
}
