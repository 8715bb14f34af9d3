import { eq, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrationExtensions, registrations } from '#db/schema/deals'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { AppError, sqlStateOf } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { addDays } from './deal-rules'
import { getDealSettings } from './get-deal-settings.server'
import { recordRegistrationEvent } from './record-registration-event.server'
import { LOCK_VIOLATION, setLocksUntil } from './registration-locks.server'
import type { ExtensionDecision } from './review-rules'
import { activeUserContact, lockRegistration, type ReviewActor } from './review-support.server'

export type DecideExtensionOptions = {
  actor: ReviewActor
  extensionId: string
  /** When given, the request must belong to this registration (the one in the page's URL). */
  registrationId?: string
  decision: ExtensionDecision
  /** Required to reject; an optional note when approving. */
  reason?: string | null
  origin: string
  ip?: string | null
  now?: Date
}

export type DecideExtensionResult = {
  registrationId: string
  number: string
  decision: ExtensionDecision
  protectionEndsAt: Date | null
}

export const extensionNotFound = () =>
  new AppError('not_found', {
    message: 'extension request not found',
    userMessage: 'review:errors.extensionNotFound',
  })

/**
 * Approves or rejects a pending extension request. Approval moves the protection end (and the
 * locks' end) by the requested days from the current end and counts one extension. When the
 * protection already ended and another partner registered the prospect since, the moved locks
 * would overlap theirs: the exclusion constraint refuses it (23P01) and the manager is told.
 */
export async function decideExtension(
  db: Database,
  options: DecideExtensionOptions,
): Promise<DecideExtensionResult> {
  const now = options.now ?? new Date()
  const reason = options.reason?.trim() || null
  if (options.decision === 'reject' && !reason) {
    throw new AppError('invalid', {
      userMessage: 'review:validation.reasonRequired',
      field: 'reason',
    })
  }
  if (!isUuid(options.extensionId)) throw extensionNotFound()

  try {
    return await db.transaction(async (tx) => {
      const txDb = tx as unknown as Database
      const [extension] = await tx
        .select()
        .from(registrationExtensions)
        .where(eq(registrationExtensions.id, options.extensionId))
        .for('update')
      if (!extension) throw extensionNotFound()
      if (
        options.registrationId !== undefined &&
        extension.registrationId !== options.registrationId
      ) {
        throw extensionNotFound()
      }
      if (extension.status !== 'pending') {
        throw new AppError('conflict', {
          message: 'extension already decided',
          userMessage: 'review:errors.extensionDecided',
        })
      }
      const registration = await lockRegistration(txDb, extension.registrationId)
      const approve = options.decision === 'approve'
      let protectionEndsAt: Date | null = null

      if (approve) {
        if (registration.status !== 'approved' || !registration.protectionEndsAt) {
          throw new AppError('conflict', {
            message: `registration is ${registration.status}`,
            userMessage: 'review:errors.extensionNotApproved',
          })
        }
        const settings = await getDealSettings(txDb)
        if (registration.extensionsUsed >= settings.extensionMaxCount) {
          throw new AppError('conflict', {
            message: 'extension limit reached',
            userMessage: 'review:errors.extensionLimit',
            params: { max: settings.extensionMaxCount },
          })
        }
        protectionEndsAt = addDays(registration.protectionEndsAt, extension.days)
        await tx
          .update(registrations)
          .set({
            protectionEndsAt,
            extensionsUsed: sql`${registrations.extensionsUsed} + 1`,
            // The expiry warning is due again before the new end.
            expiryWarnedAt: null,
          })
          .where(eq(registrations.id, registration.id))
        await setLocksUntil(txDb, registration.id, protectionEndsAt)
      }

      await tx
        .update(registrationExtensions)
        .set({
          status: approve ? 'approved' : 'rejected',
          decidedById: options.actor.id,
          decidedAt: now,
          decisionReason: reason,
        })
        .where(eq(registrationExtensions.id, extension.id))
      await recordRegistrationEvent(txDb, {
        registrationId: registration.id,
        actorUserId: options.actor.id,
        type: approve ? 'extension_approved' : 'extension_rejected',
        rule: 'manager_review',
        reason,
        details: {
          extensionId: extension.id,
          days: extension.days,
          ...(approve
            ? {
                fromEndsAt: registration.protectionEndsAt!.toISOString(),
                toEndsAt: protectionEndsAt!.toISOString(),
              }
            : {}),
        },
        at: now,
      })
      await recordAudit(txDb, {
        actor: options.actor,
        action: approve ? 'registration.extension_approved' : 'registration.extension_rejected',
        entityType: 'registration',
        entityId: registration.id,
        partnerId: registration.partnerId,
        before: approve
          ? {
              protectionEndsAt: registration.protectionEndsAt,
              extensionsUsed: registration.extensionsUsed,
            }
          : { extensionStatus: 'pending' },
        after: approve
          ? {
              protectionEndsAt,
              extensionsUsed: registration.extensionsUsed + 1,
              extensionId: extension.id,
            }
          : { extensionStatus: 'rejected', reason, extensionId: extension.id },
        ip: options.ip,
      })
      const requester = await activeUserContact(txDb, extension.requestedById)
      if (requester) {
        await enqueueEmail(txDb, {
          to: requester.email,
          locale: requester.locale,
          template: 'extension-decided',
          number: registration.number,
          prospectName: registration.prospectName,
          approved: approve,
          protectionEndsAt,
          reason,
          url: `${options.origin}/portal/registrations/${registration.id}`,
        })
      }
      return {
        registrationId: registration.id,
        number: registration.number,
        decision: options.decision,
        protectionEndsAt,
      }
    })
  } catch (error) {
    if (sqlStateOf(error) !== LOCK_VIOLATION) throw error
    throw new AppError('conflict', {
      message: 'extension would overlap a newer registration',
      userMessage: 'review:errors.extensionLockTaken',
    })
  }
}
