import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { invitations } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import type { CurrentUser } from '#app/modules/auth/session.server'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { canRevokeInvitation } from './user-rules'

export type RevokeInvitationOptions = {
  actor: CurrentUser
  invitationId: string
  ip?: string | null
}

/**
 * Withdraws an invitation so its link stops working. An invitation outside the actor's scope is
 * "not found"; one already revoked stays revoked (a double click is not an error); one already
 * accepted cannot be revoked — disable the user instead.
 */
export async function revokeInvitation(
  db: Database,
  options: RevokeInvitationOptions,
): Promise<{ email: string }> {
  const { actor, invitationId } = options
  const load = async (tx: Database, lock: boolean) => {
    if (!isUuid(invitationId)) throw notFound()
    const query = tx.select().from(invitations).where(eq(invitations.id, invitationId)).limit(1)
    const [invitation] = lock ? await query.for('update') : await query
    if (!invitation || !canRevokeInvitation(actor, invitation)) throw notFound()
    if (invitation.acceptedAt) {
      throw new AppError('conflict', { userMessage: 'users:errors.invitationAlreadyAccepted' })
    }
    return invitation
  }

  const early = await load(db, false)
  if (early.revokedAt) return { email: early.email }

  return db.transaction(async (tx) => {
    const invitation = await load(tx, true)
    if (invitation.revokedAt) return { email: invitation.email }
    const revokedAt = new Date()
    await tx.update(invitations).set({ revokedAt }).where(eq(invitations.id, invitation.id))
    await recordAudit(tx, {
      actor,
      action: 'invitation.revoked',
      entityType: 'invitation',
      entityId: invitation.id,
      partnerId: invitation.partnerId,
      before: { email: invitation.email, revokedAt: null },
      after: { email: invitation.email, revokedAt },
      ip: options.ip,
    })
    return { email: invitation.email }
  })
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
