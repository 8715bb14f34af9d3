import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrations } from '#db/schema/deals'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { AppError, sqlStateOf } from '#app/utils/app-error'
import { addDays, protectionDaysFor } from './deal-rules'
import { getDealSettings } from './get-deal-settings.server'
import { recordRegistrationEvent } from './record-registration-event.server'
import { LOCK_VIOLATION, setLocksUntil } from './registration-locks.server'
import {
  activeUserContact,
  lockRegistration,
  notPending,
  type ReviewActor,
} from './review-support.server'

export type ApproveRegistrationOptions = {
  actor: ReviewActor
  registrationId: string
  /** Optional note kept in the history. */
  note?: string | null
  /** Origin for links in notification e-mails. */
  origin: string
  ip?: string | null
  now?: Date
}

export type ApproveRegistrationResult = { number: string; protectionEndsAt: Date }

/**
 * Approves a pending registration: protection starts now and lasts the days of the partner's tier;
 * the registration's locks, held open-ended while pending, end when protection ends.
 */
export async function approveRegistration(
  db: Database,
  options: ApproveRegistrationOptions,
): Promise<ApproveRegistrationResult> {
  const now = options.now ?? new Date()
  const note = options.note?.trim() || null
  try {
    return await db.transaction(async (tx) => {
      const txDb = tx as unknown as Database
      const registration = await lockRegistration(txDb, options.registrationId)
      if (registration.status !== 'pending') throw notPending(registration.status)

      const settings = await getDealSettings(txDb)
      const protectionDays = protectionDaysFor(registration.tier, settings)
      const protectionEndsAt = addDays(now, protectionDays)
      await tx
        .update(registrations)
        .set({
          status: 'approved',
          decidedAt: now,
          decidedById: options.actor.id,
          protectionStartsAt: now,
          protectionEndsAt,
        })
        .where(eq(registrations.id, registration.id))
      // A pending lock is open-ended, so ending it can only shrink it: a 23P01 here means the
      // locks were already inconsistent (see the catch below).
      await setLocksUntil(txDb, registration.id, protectionEndsAt)
      await recordRegistrationEvent(txDb, {
        registrationId: registration.id,
        actorUserId: options.actor.id,
        type: 'approved',
        fromStatus: 'pending',
        toStatus: 'approved',
        rule: 'manager_review',
        reason: note,
        details: { protectionDays, protectionEndsAt: protectionEndsAt.toISOString() },
        at: now,
      })
      await recordAudit(txDb, {
        actor: options.actor,
        action: 'registration.approved',
        entityType: 'registration',
        entityId: registration.id,
        partnerId: registration.partnerId,
        before: { status: 'pending', protectionEndsAt: null },
        after: { status: 'approved', protectionEndsAt, ...(note ? { note } : {}) },
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
          decision: 'approved',
          reason: note,
          protectionEndsAt,
          url: `${options.origin}/portal/registrations/${registration.id}`,
        })
      }
      return { number: registration.number, protectionEndsAt }
    })
  } catch (error) {
    if (sqlStateOf(error) !== LOCK_VIOLATION) throw error
    throw new AppError('conflict', {
      message: 'approval would overlap another registration lock',
      userMessage: 'review:errors.lockOverlap',
    })
  }
}
