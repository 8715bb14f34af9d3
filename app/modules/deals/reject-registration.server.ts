import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrations } from '#db/schema/deals'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { AppError } from '#app/utils/app-error'
import { recordRegistrationEvent } from './record-registration-event.server'
import { releaseLocks } from './registration-locks.server'
import {
  activeUserContact,
  lockRegistration,
  notPending,
  type ReviewActor,
} from './review-support.server'

export type RejectRegistrationOptions = {
  actor: ReviewActor
  registrationId: string
  /** Required: kept in the history and sent to the partner. */
  reason: string
  origin: string
  ip?: string | null
  now?: Date
}

export type RejectRegistrationResult = { number: string }

/** Rejects a pending registration with a reason; the opportunity is free again at once. */
export async function rejectRegistration(
  db: Database,
  options: RejectRegistrationOptions,
): Promise<RejectRegistrationResult> {
  const now = options.now ?? new Date()
  const reason = options.reason?.trim()
  if (!reason) {
    throw new AppError('invalid', {
      userMessage: 'review:validation.reasonRequired',
      field: 'reason',
    })
  }
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const registration = await lockRegistration(txDb, options.registrationId)
    if (registration.status !== 'pending') throw notPending(registration.status)

    await tx
      .update(registrations)
      .set({ status: 'rejected', decidedAt: now, decidedById: options.actor.id })
      .where(eq(registrations.id, registration.id))
    await releaseLocks(txDb, registration.id)
    await recordRegistrationEvent(txDb, {
      registrationId: registration.id,
      actorUserId: options.actor.id,
      type: 'rejected',
      fromStatus: 'pending',
      toStatus: 'rejected',
      rule: 'manager_review',
      reason,
      at: now,
    })
    await recordAudit(txDb, {
      actor: options.actor,
      action: 'registration.rejected',
      entityType: 'registration',
      entityId: registration.id,
      partnerId: registration.partnerId,
      before: { status: 'pending' },
      after: { status: 'rejected', reason },
      ip: options.ip,
    })
    const creator = await activeUserContact(txDb, registration.createdById)
    if (creator) {
      await enqueueEmail(txDb, {
        to: creator.email,
        locale: creator.locale,
        template: 'registration-decided',
        number: registration.number,
        prospectName: registration.prospectName,
        decision: 'rejected',
        reason,
        protectionEndsAt: null,
        url: `${options.origin}/portal/registrations/${registration.id}`,
      })
    }
    return { number: registration.number }
  })
}
