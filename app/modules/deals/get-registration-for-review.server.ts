import { asc, desc, eq, or } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '#db/client.server'
import {
  industries,
  productLines,
  registrationConflicts,
  registrationEvents,
  registrationExtensions,
  registrationLocks,
  registrations,
} from '#db/schema/deals'
import { partners, regions } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { isUuid } from '#app/utils/ids'
import { isVendorStaff, type Role } from '#app/utils/permissions'
import { addDays, effectiveStatus, protectionDaysFor } from './deal-rules'
import { getDealSettings } from './get-deal-settings.server'
import { hoursWaiting, isOverdue, type RegistrationStatus } from './review-rules'
import { registrationNotFound } from './review-support.server'

export type GetRegistrationForReviewOptions = {
  /** Vendor staff only: anyone else gets not-found. */
  actor: { id: string; role: Role }
  registrationId: string
  now?: Date
}

/**
 * Everything vendor staff need to decide a registration: the partner, who created it, the
 * fulfilling distributor, every prospect key, the history with actor names, the conflicts it is
 * part of and its extension requests.
 */
export async function getRegistrationForReview(
  db: Database,
  options: GetRegistrationForReviewOptions,
) {
  const now = options.now ?? new Date()
  if (!isVendorStaff(options.actor.role) || !isUuid(options.registrationId))
    throw registrationNotFound()
  const creator = alias(users, 'creator')
  const decider = alias(users, 'decider')
  const manager = alias(users, 'manager')
  const fulfilment = alias(partners, 'fulfilment')
  const [row] = await db
    .select({
      registration: registrations,
      partner: {
        id: partners.id,
        name: partners.name,
        code: partners.code,
        kind: partners.kind,
        tier: partners.tier,
        status: partners.status,
      },
      channelManagerName: manager.name,
      creatorName: creator.name,
      creatorEmail: creator.email,
      decidedByName: decider.name,
      fulfilmentName: fulfilment.name,
      fulfilmentCode: fulfilment.code,
      productLine: {
        code: productLines.code,
        nameEn: productLines.nameEn,
        nameZh: productLines.nameZh,
      },
      region: { nameEn: regions.nameEn, nameZh: regions.nameZh },
      industry: { nameEn: industries.nameEn, nameZh: industries.nameZh },
    })
    .from(registrations)
    .innerJoin(partners, eq(partners.id, registrations.partnerId))
    .innerJoin(creator, eq(creator.id, registrations.createdById))
    .innerJoin(productLines, eq(productLines.id, registrations.productLineId))
    .innerJoin(regions, eq(regions.code, registrations.regionCode))
    .leftJoin(industries, eq(industries.code, registrations.industry))
    .leftJoin(decider, eq(decider.id, registrations.decidedById))
    .leftJoin(manager, eq(manager.id, partners.channelManagerId))
    .leftJoin(fulfilment, eq(fulfilment.id, registrations.fulfilmentPartnerId))
    .where(eq(registrations.id, options.registrationId))
  if (!row) throw registrationNotFound()
  const id = row.registration.id

  const actor = alias(users, 'actor')
  const requester = alias(users, 'requester')
  const extensionDecider = alias(users, 'extension_decider')
  const submitter = alias(partners, 'submitter')
  const holderPartner = alias(partners, 'holder_partner')
  const holderRegistration = alias(registrations, 'holder_registration')
  const awarded = alias(registrations, 'awarded')
  const [keys, events, conflicts, extensions, settings] = await Promise.all([
    db
      .selectDistinct({ prospectKey: registrationLocks.prospectKey })
      .from(registrationLocks)
      .where(eq(registrationLocks.registrationId, id)),
    db
      .select({
        id: registrationEvents.id,
        type: registrationEvents.type,
        fromStatus: registrationEvents.fromStatus,
        toStatus: registrationEvents.toStatus,
        fromStage: registrationEvents.fromStage,
        toStage: registrationEvents.toStage,
        rule: registrationEvents.rule,
        reason: registrationEvents.reason,
        details: registrationEvents.details,
        createdAt: registrationEvents.createdAt,
        actorName: actor.name,
        actorRole: actor.role,
      })
      .from(registrationEvents)
      .leftJoin(actor, eq(actor.id, registrationEvents.actorUserId))
      .where(eq(registrationEvents.registrationId, id))
      .orderBy(asc(registrationEvents.createdAt), asc(registrationEvents.id)),
    db
      .select({
        id: registrationConflicts.id,
        status: registrationConflicts.status,
        resolution: registrationConflicts.resolution,
        rule: registrationConflicts.rule,
        createdAt: registrationConflicts.createdAt,
        resolvedAt: registrationConflicts.resolvedAt,
        submitterName: submitter.name,
        holderRegistrationId: registrationConflicts.holderRegistrationId,
        holderNumber: holderRegistration.number,
        holderPartnerName: holderPartner.name,
        awardedRegistrationId: registrationConflicts.awardedRegistrationId,
        awardedNumber: awarded.number,
      })
      .from(registrationConflicts)
      .innerJoin(submitter, eq(submitter.id, registrationConflicts.submittedByPartnerId))
      .innerJoin(
        holderRegistration,
        eq(holderRegistration.id, registrationConflicts.holderRegistrationId),
      )
      .innerJoin(holderPartner, eq(holderPartner.id, holderRegistration.partnerId))
      .leftJoin(awarded, eq(awarded.id, registrationConflicts.awardedRegistrationId))
      .where(
        or(
          eq(registrationConflicts.holderRegistrationId, id),
          eq(registrationConflicts.awardedRegistrationId, id),
        ),
      )
      .orderBy(desc(registrationConflicts.createdAt)),
    db
      .select({
        id: registrationExtensions.id,
        days: registrationExtensions.days,
        progressNote: registrationExtensions.progressNote,
        status: registrationExtensions.status,
        createdAt: registrationExtensions.createdAt,
        requestedByName: requester.name,
        decidedAt: registrationExtensions.decidedAt,
        decidedByName: extensionDecider.name,
        decisionReason: registrationExtensions.decisionReason,
      })
      .from(registrationExtensions)
      .innerJoin(requester, eq(requester.id, registrationExtensions.requestedById))
      .leftJoin(extensionDecider, eq(extensionDecider.id, registrationExtensions.decidedById))
      .where(eq(registrationExtensions.registrationId, id))
      .orderBy(desc(registrationExtensions.createdAt)),
    getDealSettings(db),
  ])

  const registration = row.registration
  const status = registration.status as RegistrationStatus
  const pendingExtension = extensions.find((e) => e.status === 'pending') ?? null
  // Best key first, as the registration stores it.
  const prospectKeys = [
    registration.prospectKey,
    ...keys
      .map((k) => k.prospectKey)
      .filter((k) => k !== registration.prospectKey)
      .sort(),
  ]
  return {
    registration: {
      ...registration,
      estimatedValueMinor: Number(registration.estimatedValueMinor),
    },
    effectiveStatus: effectiveStatus(
      status,
      registration.protectionEndsAt,
      now,
    ) as RegistrationStatus,
    partner: { ...row.partner, channelManagerName: row.channelManagerName },
    creator: { name: row.creatorName, email: row.creatorEmail },
    decidedByName: row.decidedByName,
    fulfilmentPartner: registration.fulfilmentPartnerId
      ? {
          id: registration.fulfilmentPartnerId,
          name: row.fulfilmentName!,
          code: row.fulfilmentCode!,
        }
      : null,
    productLine: row.productLine,
    region: row.region,
    industry: registration.industry
      ? row.industry?.nameEn
        ? row.industry
        : { nameEn: registration.industry, nameZh: registration.industry }
      : null,
    prospectKeys,
    events,
    conflicts: conflicts.map((c) => ({
      ...c,
      role: c.holderRegistrationId === id ? ('holder' as const) : ('awarded' as const),
    })),
    extensions,
    review: {
      reviewSlaHours: settings.reviewSlaHours,
      hoursWaiting: status === 'pending' ? hoursWaiting(registration.submittedAt, now) : 0,
      overdue:
        status === 'pending' && isOverdue(registration.submittedAt, settings.reviewSlaHours, now),
      protectionDays: protectionDaysFor(row.partner.tier, settings),
      /** When protection would end if approved now. */
      protectionEndsIfApprovedNow: addDays(now, protectionDaysFor(row.partner.tier, settings)),
      extensionMaxCount: settings.extensionMaxCount,
      pendingExtension: pendingExtension
        ? {
            ...pendingExtension,
            proposedEndsAt: registration.protectionEndsAt
              ? addDays(registration.protectionEndsAt, pendingExtension.days)
              : null,
            limitReached: registration.extensionsUsed >= settings.extensionMaxCount,
          }
        : null,
    },
  }
}

export type RegistrationForReview = Awaited<ReturnType<typeof getRegistrationForReview>>
