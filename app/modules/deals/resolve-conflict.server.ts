import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrationConflicts, registrations } from '#db/schema/deals'
import { partners, partnerTerritories } from '#db/schema/partners'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { AppError, sqlStateOf } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { addDays, isInTerritory, protectionDaysFor, type RegisterDealInput } from './deal-rules'
import { getDealSettings } from './get-deal-settings.server'
import { recordRegistrationEvent } from './record-registration-event.server'
import { nextRegistrationNumber } from './registration-number.server'
import { insertLocks, LOCK_VIOLATION, releaseLocks } from './registration-locks.server'
import type { ConflictDecision } from './review-rules'
import { activeUserContact, lockRegistration, type ReviewActor } from './review-support.server'

export type ResolveConflictOptions = {
  actor: ReviewActor
  conflictId: string
  decision: ConflictDecision
  /** Required: kept on the conflict and in both registrations' history. */
  reason: string
  origin: string
  ip?: string | null
  now?: Date
}

export type ResolveConflictResult = {
  decision: ConflictDecision
  holderNumber: string
  awardedRegistrationId: string | null
  awardedNumber: string | null
}

/** The refused form as submit-registration stored it on the conflict. */
export type ConflictSubmission = RegisterDealInput & { prospectKeys?: string[] }

export const conflictNotFound = () =>
  new AppError('not_found', {
    message: 'conflict not found',
    userMessage: 'review:errors.conflictNotFound',
  })

/**
 * A channel manager decides a conflict. Keeping the holder only closes the conflict. Awarding it to
 * the submitter, in one transaction: the holder's registration is rejected (rule manager_award) and
 * its locks released, and a registration for the submitting partner is created from the refused
 * submission, approved at once with the protection of its tier. The conflict row is locked first,
 * so of two managers deciding at once one wins and the other is told it is already resolved.
 * Other open conflicts on the same holder stay open.
 */
export async function resolveConflict(
  db: Database,
  options: ResolveConflictOptions,
): Promise<ResolveConflictResult> {
  const now = options.now ?? new Date()
  const reason = options.reason?.trim()
  if (!reason) {
    throw new AppError('invalid', {
      userMessage: 'review:validation.reasonRequired',
      field: 'reason',
    })
  }
  if (!isUuid(options.conflictId)) throw conflictNotFound()

  try {
    return await db.transaction(async (tx) => {
      const txDb = tx as unknown as Database
      const [conflict] = await tx
        .select()
        .from(registrationConflicts)
        .where(eq(registrationConflicts.id, options.conflictId))
        .for('update')
      if (!conflict) throw conflictNotFound()
      if (conflict.status !== 'open') {
        throw new AppError('conflict', {
          message: 'conflict already resolved',
          userMessage: 'review:errors.conflictResolved',
        })
      }
      const holder = await lockRegistration(txDb, conflict.holderRegistrationId)

      if (options.decision === 'keep_holder') {
        await tx
          .update(registrationConflicts)
          .set({
            status: 'resolved',
            resolution: 'kept_holder',
            resolvedById: options.actor.id,
            resolvedAt: now,
            resolutionReason: reason,
          })
          .where(eq(registrationConflicts.id, conflict.id))
        await recordRegistrationEvent(txDb, {
          registrationId: holder.id,
          actorUserId: options.actor.id,
          type: 'conflict_resolved',
          rule: 'manager_award',
          reason,
          details: {
            conflictId: conflict.id,
            resolution: 'kept_holder',
            submitterPartnerId: conflict.submittedByPartnerId,
          },
          at: now,
        })
        await recordAudit(txDb, {
          actor: options.actor,
          action: 'registration_conflict.resolved',
          entityType: 'registration_conflict',
          entityId: conflict.id,
          partnerId: conflict.submittedByPartnerId,
          before: { status: 'open' },
          after: {
            status: 'resolved',
            resolution: 'kept_holder',
            reason,
            holderRegistrationId: holder.id,
          },
          ip: options.ip,
        })
        return {
          decision: 'keep_holder',
          holderNumber: holder.number,
          awardedRegistrationId: null,
          awardedNumber: null,
        }
      }

      if (holder.status === 'won') {
        throw new AppError('conflict', {
          message: 'holder already won the deal',
          userMessage: 'review:errors.holderWon',
        })
      }
      const [submitter] = await tx
        .select({
          id: partners.id,
          name: partners.name,
          tier: partners.tier,
          status: partners.status,
        })
        .from(partners)
        .where(eq(partners.id, conflict.submittedByPartnerId))
      if (!submitter || submitter.status !== 'active') {
        throw new AppError('conflict', {
          message: 'submitting partner is not active',
          userMessage: 'review:errors.submitterInactive',
        })
      }

      // The holder loses the opportunity only if it still holds it (pending, or approved and unexpired).
      const holderActive =
        holder.status === 'pending' ||
        (holder.status === 'approved' &&
          holder.protectionEndsAt !== null &&
          holder.protectionEndsAt > now)
      if (holderActive) {
        await tx
          .update(registrations)
          .set({
            status: 'rejected',
            decidedAt: holder.decidedAt ?? now,
            decidedById: options.actor.id,
          })
          .where(eq(registrations.id, holder.id))
        await releaseLocks(txDb, holder.id)
      }

      const submission = conflict.submission as ConflictSubmission
      const prospectKeys =
        Array.isArray(submission.prospectKeys) && submission.prospectKeys.length > 0
          ? submission.prospectKeys
          : [conflict.prospectKey]
      const [settings, territories] = await Promise.all([
        getDealSettings(txDb),
        tx
          .select({
            regionCode: partnerTerritories.regionCode,
            industries: partnerTerritories.industries,
          })
          .from(partnerTerritories)
          .where(eq(partnerTerritories.partnerId, submitter.id)),
      ])
      const protectionDays = protectionDaysFor(submitter.tier, settings)
      const protectionEndsAt = addDays(now, protectionDays)
      const number = await nextRegistrationNumber(txDb)
      const [awarded] = await tx
        .insert(registrations)
        .values({
          number,
          partnerId: submitter.id,
          createdById: conflict.submittedById,
          fulfilmentPartnerId: submission.fulfilmentPartnerId ?? null,
          prospectName: submission.prospectName ?? conflict.prospectName,
          prospectTaxId: submission.prospectTaxId ?? null,
          prospectDomain: submission.prospectDomain ?? null,
          prospectKey: prospectKeys[0]!,
          contactName: submission.contactName ?? null,
          contactEmail: submission.contactEmail ?? null,
          contactPhone: submission.contactPhone ?? null,
          regionCode: submission.regionCode,
          industry: submission.industry ?? null,
          productLineId: conflict.productLineId,
          estimatedValueMinor: submission.estimatedValueMinor,
          currency: submission.currency ?? 'CNY',
          expectedCloseDate: submission.expectedCloseDate,
          notes: submission.notes ?? null,
          status: 'approved',
          outsideTerritory: !isInTerritory(
            territories,
            submission.regionCode,
            submission.industry ?? null,
          ),
          // The partner asked when the conflict was recorded; the award decides it now.
          submittedAt: conflict.createdAt,
          decidedAt: now,
          decidedById: options.actor.id,
          protectionStartsAt: now,
          protectionEndsAt,
        })
        .returning({ id: registrations.id, number: registrations.number })
      // Refused by the exclusion constraint (23P01) when a third registration holds it meanwhile.
      await insertLocks(txDb, {
        registrationId: awarded!.id,
        partnerId: submitter.id,
        productLineId: conflict.productLineId,
        prospectKeys,
        from: now,
        until: protectionEndsAt,
      })
      await tx
        .update(registrationConflicts)
        .set({
          status: 'resolved',
          resolution: 'awarded_to_submitter',
          resolvedById: options.actor.id,
          resolvedAt: now,
          resolutionReason: reason,
          awardedRegistrationId: awarded!.id,
        })
        .where(eq(registrationConflicts.id, conflict.id))

      await recordRegistrationEvent(txDb, {
        registrationId: holder.id,
        actorUserId: options.actor.id,
        type: holderActive ? 'rejected' : 'conflict_resolved',
        fromStatus: holderActive ? holder.status : null,
        toStatus: holderActive ? 'rejected' : null,
        rule: 'manager_award',
        reason,
        details: {
          conflictId: conflict.id,
          resolution: 'awarded_to_submitter',
          awardedRegistrationId: awarded!.id,
          awardedNumber: awarded!.number,
        },
        at: now,
      })
      await recordRegistrationEvent(txDb, {
        registrationId: awarded!.id,
        actorUserId: options.actor.id,
        type: 'awarded',
        toStatus: 'approved',
        toStage: 'registered',
        rule: 'manager_award',
        reason,
        details: {
          conflictId: conflict.id,
          previousHolderRegistrationId: holder.id,
          previousHolderNumber: holder.number,
          protectionDays,
          protectionEndsAt: protectionEndsAt.toISOString(),
        },
        at: now,
      })
      await recordAudit(txDb, {
        actor: options.actor,
        action: 'registration_conflict.resolved',
        entityType: 'registration_conflict',
        entityId: conflict.id,
        partnerId: conflict.submittedByPartnerId,
        before: { status: 'open' },
        after: {
          status: 'resolved',
          resolution: 'awarded_to_submitter',
          reason,
          awardedRegistrationId: awarded!.id,
        },
        ip: options.ip,
      })
      await recordAudit(txDb, {
        actor: options.actor,
        action: 'registration.awarded',
        entityType: 'registration',
        entityId: awarded!.id,
        partnerId: submitter.id,
        after: {
          number: awarded!.number,
          status: 'approved',
          protectionEndsAt,
          conflictId: conflict.id,
          reason,
        },
        ip: options.ip,
      })
      if (holderActive) {
        await recordAudit(txDb, {
          actor: options.actor,
          action: 'registration.rejected',
          entityType: 'registration',
          entityId: holder.id,
          partnerId: holder.partnerId,
          before: { status: holder.status },
          after: { status: 'rejected', reason, conflictId: conflict.id },
          ip: options.ip,
        })
      }

      const submitterUser = await activeUserContact(txDb, conflict.submittedById)
      if (submitterUser) {
        await enqueueEmail(txDb, {
          to: submitterUser.email,
          locale: submitterUser.locale,
          template: 'registration-decided',
          number: awarded!.number,
          prospectName: submission.prospectName ?? conflict.prospectName,
          decision: 'awarded',
          reason,
          protectionEndsAt,
          url: `${options.origin}/portal/registrations/${awarded!.id}`,
        })
      }
      const holderUser = holderActive ? await activeUserContact(txDb, holder.createdById) : null
      if (holderUser) {
        await enqueueEmail(txDb, {
          to: holderUser.email,
          locale: holderUser.locale,
          template: 'registration-decided',
          number: holder.number,
          prospectName: holder.prospectName,
          decision: 'rejected',
          reason,
          protectionEndsAt: null,
          url: `${options.origin}/portal/registrations/${holder.id}`,
        })
      }
      return {
        decision: 'award_to_submitter',
        holderNumber: holder.number,
        awardedRegistrationId: awarded!.id,
        awardedNumber: awarded!.number,
      }
    })
  } catch (error) {
    if (sqlStateOf(error) !== LOCK_VIOLATION) throw error
    throw new AppError('conflict', {
      message: 'another registration holds the opportunity now',
      userMessage: 'review:errors.awardLockTaken',
    })
  }
}
