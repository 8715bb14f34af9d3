import { and, asc, eq } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '#db/client.server'
import {
  industries,
  lossReasons,
  productLines,
  registrationEvents,
  registrationExtensions,
  registrations,
} from '#db/schema/deals'
import { partners, regions } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { isUuid } from '#app/utils/ids'
import { canRequestExtension, effectiveStatus, type ExtensionCheck } from './deal-rules'
import { getDealSettings } from './get-deal-settings.server'
import type {
  ExtensionEntry,
  HistoryActor,
  HistoryEntry,
  Status,
} from './partner-registration-rules'
import {
  registrationNotFound,
  visibleToActor,
  type RegistrationActor,
} from './registration-access.server'

export type GetRegistrationOptions = {
  actor: RegistrationActor
  registrationId: string
  now?: Date
}

export type RegistrationDetail = Awaited<ReturnType<typeof getRegistration>>

/** Facts in event details a partner may see; anything else (conflict ids, other parties) is dropped. */
const shownDetails = new Set([
  'protectionEndsAt',
  'toEndsAt',
  'outsideTerritory',
  'resolution',
  'days',
  'wonAmountMinor',
  'currency',
  'wonOn',
  'lostReasonCode',
])

function visibleDetails(details: unknown): HistoryEntry['details'] {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return null
  const kept = Object.entries(details as Record<string, unknown>).filter(
    ([key, value]) =>
      shownDetails.has(key) && ['string', 'number', 'boolean'].includes(typeof value),
  ) as [string, string | number | boolean][]
  return kept.length > 0 ? Object.fromEntries(kept) : null
}

/**
 * One registration the actor may see, with names for the UI, its history and its extension
 * requests, and what the actor may do with it. A conflict appears only as "a conflicting
 * submission was refused", never with the other partner, its submission or the conflict record.
 */
export async function getRegistration(db: Database, options: GetRegistrationOptions) {
  const { actor } = options
  const now = options.now ?? new Date()
  if (!isUuid(options.registrationId)) throw registrationNotFound()

  const fulfilmentPartner = alias(partners, 'fulfilment_partner')
  const [row] = await db
    .select({
      registration: registrations,
      productLineCode: productLines.code,
      productLineNameEn: productLines.nameEn,
      productLineNameZh: productLines.nameZh,
      regionNameEn: regions.nameEn,
      regionNameZh: regions.nameZh,
      industryNameEn: industries.nameEn,
      industryNameZh: industries.nameZh,
      partnerName: partners.name,
      createdByName: users.name,
      fulfilmentPartnerName: fulfilmentPartner.name,
    })
    .from(registrations)
    .innerJoin(productLines, eq(productLines.id, registrations.productLineId))
    .innerJoin(regions, eq(regions.code, registrations.regionCode))
    .innerJoin(partners, eq(partners.id, registrations.partnerId))
    .innerJoin(users, eq(users.id, registrations.createdById))
    .leftJoin(industries, eq(industries.code, registrations.industry))
    .leftJoin(fulfilmentPartner, eq(fulfilmentPartner.id, registrations.fulfilmentPartnerId))
    .where(and(eq(registrations.id, options.registrationId), visibleToActor(actor)))
  if (!row) throw registrationNotFound()
  const registration = row.registration

  const [events, extensions, reasons, settings] = await Promise.all([
    db
      .select({
        event: registrationEvents,
        actorName: users.name,
        actorRole: users.role,
        actorPartnerId: users.partnerId,
      })
      .from(registrationEvents)
      .leftJoin(users, eq(users.id, registrationEvents.actorUserId))
      .where(eq(registrationEvents.registrationId, registration.id))
      .orderBy(asc(registrationEvents.createdAt), asc(registrationEvents.id)),
    db
      .select({ extension: registrationExtensions, requestedByName: users.name })
      .from(registrationExtensions)
      .innerJoin(users, eq(users.id, registrationExtensions.requestedById))
      .where(eq(registrationExtensions.registrationId, registration.id))
      .orderBy(asc(registrationExtensions.createdAt)),
    db
      .select({ code: lossReasons.code, nameEn: lossReasons.nameEn, nameZh: lossReasons.nameZh })
      .from(lossReasons)
      .where(eq(lossReasons.active, true))
      .orderBy(asc(lossReasons.sortOrder), asc(lossReasons.code)),
    getDealSettings(db),
  ])

  const history: HistoryEntry[] = events.map(({ event, actorName, actorRole, actorPartnerId }) => {
    const isConflict = event.type === 'conflict'
    let historyActor: HistoryActor = { kind: 'system' }
    if (!isConflict && (actorRole === 'channel_manager' || actorRole === 'admin')) {
      historyActor = { kind: 'vendor', role: actorRole }
    } else if (!isConflict && actorName && actorPartnerId === registration.partnerId) {
      historyActor = { kind: 'partner', name: actorName }
    }
    return {
      id: event.id,
      at: event.createdAt,
      type: event.type,
      actor: historyActor,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      fromStage: event.fromStage,
      toStage: event.toStage,
      rule: event.rule,
      reason: isConflict ? null : event.reason,
      details: isConflict ? null : visibleDetails(event.details),
    }
  })

  const holds =
    registration.partnerId === actor.partnerId &&
    (actor.role === 'partner_admin' || registration.createdById === actor.id)
  const status = effectiveStatus(registration.status, registration.protectionEndsAt, now) as Status
  const open = status === 'pending' || status === 'approved'
  const extensionCheck: ExtensionCheck = canRequestExtension({
    status: registration.status,
    extensionsUsed: registration.extensionsUsed,
    protectionEndsAt: registration.protectionEndsAt,
    hasPendingRequest: extensions.some((e) => e.extension.status === 'pending'),
    settings,
    now,
  })

  return {
    registration: {
      id: registration.id,
      number: registration.number,
      prospectName: registration.prospectName,
      prospectTaxId: registration.prospectTaxId,
      prospectDomain: registration.prospectDomain,
      contactName: registration.contactName,
      contactEmail: registration.contactEmail,
      contactPhone: registration.contactPhone,
      regionCode: registration.regionCode,
      regionNameEn: row.regionNameEn,
      regionNameZh: row.regionNameZh,
      industry: registration.industry,
      industryNameEn: row.industryNameEn,
      industryNameZh: row.industryNameZh,
      productLineCode: row.productLineCode,
      productLineNameEn: row.productLineNameEn,
      productLineNameZh: row.productLineNameZh,
      estimatedValueMinor: registration.estimatedValueMinor,
      currency: registration.currency,
      expectedCloseDate: registration.expectedCloseDate,
      notes: registration.notes,
      status,
      stage: registration.stage,
      outsideTerritory: registration.outsideTerritory,
      submittedAt: registration.submittedAt,
      decidedAt: registration.decidedAt,
      protectionStartsAt: registration.protectionStartsAt,
      protectionEndsAt: registration.protectionEndsAt,
      extensionsUsed: registration.extensionsUsed,
      wonAmountMinor: registration.wonAmountMinor,
      wonOn: registration.wonOn,
      lostReasonCode: registration.lostReasonCode,
      closedAt: registration.closedAt,
      partnerName: row.partnerName,
      createdByName: row.createdByName,
      fulfilmentPartnerName: row.fulfilmentPartnerName,
    },
    history,
    extensions: extensions.map(({ extension, requestedByName }): ExtensionEntry => ({
      id: extension.id,
      status: extension.status,
      days: extension.days,
      progressNote: extension.progressNote,
      requestedByName,
      createdAt: extension.createdAt,
      decidedAt: extension.decidedAt,
      decisionReason: extension.decisionReason,
    })),
    extensionPolicy: {
      maxCount: settings.extensionMaxCount,
      days: settings.extensionDays,
      remaining: Math.max(0, settings.extensionMaxCount - registration.extensionsUsed),
      check: extensionCheck,
    },
    /** The actor's organisation fulfils this reseller's deal: it may read, not change it. */
    fulfilledByUs: registration.partnerId !== actor.partnerId,
    allowed: {
      moveStage: holds && status === 'approved',
      requestExtension: holds && extensionCheck.ok,
      withdraw: holds && open,
      /** May act at all (shows the actions card, even when the current state allows nothing). */
      act: holds,
    },
    lossReasons: reasons,
    now,
  }
}
