import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrations } from '#db/schema/deals'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError } from '#app/utils/app-error'
import { effectiveStatus } from './deal-rules'
import { recordRegistrationEvent } from './record-registration-event.server'
import { lockRegistrationForHolder, type RegistrationActor } from './registration-access.server'
import { releaseLocks } from './registration-locks.server'

export type WithdrawRegistrationOptions = {
  actor: RegistrationActor
  registrationId: string
  reason?: string | null
  ip?: string | null
  now?: Date
}

export type WithdrawRegistrationResult = { number: string }

/**
 * The holder gives up a pending or approved (unexpired) registration: it becomes withdrawn and
 * the opportunity is free for anyone at once.
 */
export async function withdrawRegistration(
  db: Database,
  options: WithdrawRegistrationOptions,
): Promise<WithdrawRegistrationResult> {
  const { actor } = options
  const now = options.now ?? new Date()
  const reason = options.reason?.trim() || null

  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const row = await lockRegistrationForHolder(txDb, actor, options.registrationId)
    const status = effectiveStatus(row.status, row.protectionEndsAt, now)
    if (status !== 'pending' && status !== 'approved') {
      throw new AppError('conflict', {
        message: `withdrawal refused: registration is ${status}`,
        userMessage: 'deals:withdraw.notOpen',
      })
    }
    await tx
      .update(registrations)
      .set({ status: 'withdrawn', closedAt: now, updatedAt: now })
      .where(eq(registrations.id, row.id))
    await releaseLocks(txDb, row.id)
    await recordRegistrationEvent(txDb, {
      registrationId: row.id,
      actorUserId: actor.id,
      type: 'withdrawn',
      fromStatus: row.status,
      toStatus: 'withdrawn',
      rule: 'holder_action',
      reason,
      at: now,
    })
    await recordAudit(txDb, {
      actor: { id: actor.id, email: actor.email },
      action: 'registration.withdrawn',
      entityType: 'registration',
      entityId: row.id,
      partnerId: row.partnerId,
      before: { status: row.status },
      after: { status: 'withdrawn', ...(reason ? { reason } : {}) },
      ip: options.ip,
    })
    return { number: row.number }
  })
}
