import { eq, inArray } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import { sessions, users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import type { PartnerStatus } from './partner-rules'

export type SetPartnerStatusOptions = {
  actor: { id: string; email: string }
  partnerId: string
  status: PartnerStatus
  /** Required to suspend (kept in the audit row); optional note when reactivating. */
  reason?: string | null
  ip?: string | null
}

export type SetPartnerStatusResult = {
  /** The partner's name, for the confirmation message. */
  name: string
  /** False when the partner already had that status (a repeated click): nothing was written. */
  changed: boolean
  /** Sessions of the partner's users ended by a suspension. */
  endedSessions: number
}

/**
 * Suspends or reactivates a partner. Suspension ends every open session of the partner's users
 * in the same transaction; sign-in refuses them while the partner stays suspended.
 */
export async function setPartnerStatus(
  db: Database,
  options: SetPartnerStatusOptions,
): Promise<SetPartnerStatusResult> {
  const { partnerId, status } = options
  const reason = options.reason?.trim() || null
  if (status === 'suspended' && !reason) {
    throw new AppError('invalid', {
      userMessage: 'partners:validation.reasonRequired',
      field: 'reason',
    })
  }
  if (!isUuid(partnerId)) throw notFound()

  return db.transaction(async (tx) => {
    const [partner] = await tx
      .select({ id: partners.id, name: partners.name, status: partners.status })
      .from(partners)
      .where(eq(partners.id, partnerId))
      .for('update')
    if (!partner) throw notFound()
    if (partner.status === status) return { name: partner.name, changed: false, endedSessions: 0 }

    await tx.update(partners).set({ status }).where(eq(partners.id, partnerId))
    let endedSessions = 0
    if (status === 'suspended') {
      const ended = await tx
        .delete(sessions)
        .where(
          inArray(
            sessions.userId,
            tx.select({ id: users.id }).from(users).where(eq(users.partnerId, partnerId)),
          ),
        )
        .returning({ id: sessions.id })
      endedSessions = ended.length
    }
    await recordAudit(tx, {
      actor: options.actor,
      action: status === 'suspended' ? 'partner.suspended' : 'partner.reactivated',
      entityType: 'partner',
      entityId: partnerId,
      partnerId,
      before: { status: partner.status },
      after:
        status === 'suspended'
          ? { status, reason, endedSessions }
          : { status, ...(reason ? { reason } : {}) },
      ip: options.ip,
    })
    return { name: partner.name, changed: true, endedSessions }
  })
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
