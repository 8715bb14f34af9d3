import { and, eq, inArray, ne, count } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '#db/client.server'
import {
  industries,
  productLines,
  registrationConflicts,
  registrationLocks,
  registrations,
} from '#db/schema/deals'
import { partners, regions } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { isUuid } from '#app/utils/ids'
import { isVendorStaff, type Role } from '#app/utils/permissions'
import { effectiveStatus, protectionDaysFor } from './deal-rules'
import { getDealSettings } from './get-deal-settings.server'
import { conflictNotFound, type ConflictSubmission } from './resolve-conflict.server'
import type { RegistrationStatus } from './review-rules'

export type GetConflictOptions = {
  /** Vendor staff only (they see both partners); anyone else gets not-found. */
  actor: { id: string; role: Role }
  conflictId: string
  now?: Date
}

type Named = { nameEn: string; nameZh: string }

/**
 * One conflict with both sides for the decision: the refused submission and its partner, and the
 * holder's registration and partner, plus the prospect keys they share (why they collided).
 */
export async function getConflict(db: Database, options: GetConflictOptions) {
  const now = options.now ?? new Date()
  if (!isVendorStaff(options.actor.role) || !isUuid(options.conflictId)) throw conflictNotFound()
  const submitter = alias(partners, 'submitter')
  const submitterManager = alias(users, 'submitter_manager')
  const submittedBy = alias(users, 'submitted_by')
  const holder = alias(registrations, 'holder')
  const holderPartner = alias(partners, 'holder_partner')
  const holderManager = alias(users, 'holder_manager')
  const holderCreator = alias(users, 'holder_creator')
  const resolvedBy = alias(users, 'resolved_by')
  const awarded = alias(registrations, 'awarded')
  const [row] = await db
    .select({
      conflict: registrationConflicts,
      productLine: {
        code: productLines.code,
        nameEn: productLines.nameEn,
        nameZh: productLines.nameZh,
      },
      submitter: {
        id: submitter.id,
        name: submitter.name,
        code: submitter.code,
        kind: submitter.kind,
        tier: submitter.tier,
        status: submitter.status,
      },
      submitterManagerName: submitterManager.name,
      submittedBy: { name: submittedBy.name, email: submittedBy.email },
      holder,
      holderPartner: {
        id: holderPartner.id,
        name: holderPartner.name,
        code: holderPartner.code,
        kind: holderPartner.kind,
        tier: holderPartner.tier,
        status: holderPartner.status,
      },
      holderManagerName: holderManager.name,
      holderCreator: { name: holderCreator.name, email: holderCreator.email },
      resolvedByName: resolvedBy.name,
      awardedNumber: awarded.number,
    })
    .from(registrationConflicts)
    .innerJoin(productLines, eq(productLines.id, registrationConflicts.productLineId))
    .innerJoin(submitter, eq(submitter.id, registrationConflicts.submittedByPartnerId))
    .leftJoin(submitterManager, eq(submitterManager.id, submitter.channelManagerId))
    .innerJoin(submittedBy, eq(submittedBy.id, registrationConflicts.submittedById))
    .innerJoin(holder, eq(holder.id, registrationConflicts.holderRegistrationId))
    .innerJoin(holderPartner, eq(holderPartner.id, holder.partnerId))
    .leftJoin(holderManager, eq(holderManager.id, holderPartner.channelManagerId))
    .innerJoin(holderCreator, eq(holderCreator.id, holder.createdById))
    .leftJoin(resolvedBy, eq(resolvedBy.id, registrationConflicts.resolvedById))
    .leftJoin(awarded, eq(awarded.id, registrationConflicts.awardedRegistrationId))
    .where(eq(registrationConflicts.id, options.conflictId))
  if (!row) throw conflictNotFound()

  const submission = row.conflict.submission as ConflictSubmission
  const submissionKeys =
    Array.isArray(submission.prospectKeys) && submission.prospectKeys.length > 0
      ? submission.prospectKeys
      : [row.conflict.prospectKey]
  const regionCodes = [...new Set([submission.regionCode, row.holder.regionCode])]
  const industryCodes = [submission.industry, row.holder.industry].filter((c): c is string =>
    Boolean(c),
  )
  const [regionRows, industryRows, holderKeys, fulfilment, [others], settings] = await Promise.all([
    db.select().from(regions).where(inArray(regions.code, regionCodes)),
    industryCodes.length > 0
      ? db.select().from(industries).where(inArray(industries.code, industryCodes))
      : Promise.resolve([]),
    db
      .selectDistinct({ prospectKey: registrationLocks.prospectKey })
      .from(registrationLocks)
      .where(eq(registrationLocks.registrationId, row.holder.id)),
    submission.fulfilmentPartnerId && isUuid(submission.fulfilmentPartnerId)
      ? db
          .select({ id: partners.id, name: partners.name, code: partners.code })
          .from(partners)
          .where(eq(partners.id, submission.fulfilmentPartnerId))
      : Promise.resolve([]),
    db
      .select({ total: count() })
      .from(registrationConflicts)
      .where(
        and(
          eq(registrationConflicts.holderRegistrationId, row.holder.id),
          eq(registrationConflicts.status, 'open'),
          ne(registrationConflicts.id, row.conflict.id),
        ),
      ),
    getDealSettings(db),
  ])
  const named = (
    rows: (Named & { code: string })[],
    code: string | null | undefined,
  ): Named | null => {
    if (!code) return null
    const found = rows.find((r) => r.code === code)
    return found ? { nameEn: found.nameEn, nameZh: found.nameZh } : { nameEn: code, nameZh: code }
  }
  const holderKeySet = new Set(holderKeys.map((k) => k.prospectKey))
  const holderStatus = effectiveStatus(
    row.holder.status,
    row.holder.protectionEndsAt,
    now,
  ) as RegistrationStatus
  const awardBlocked =
    row.holder.status === 'won'
      ? ('holderWon' as const)
      : row.submitter.status !== 'active'
        ? ('submitterInactive' as const)
        : null

  return {
    conflict: {
      id: row.conflict.id,
      status: row.conflict.status,
      resolution: row.conflict.resolution,
      rule: row.conflict.rule,
      prospectKey: row.conflict.prospectKey,
      prospectName: row.conflict.prospectName,
      createdAt: row.conflict.createdAt,
      resolvedAt: row.conflict.resolvedAt,
      resolvedByName: row.resolvedByName,
      resolutionReason: row.conflict.resolutionReason,
      awardedRegistrationId: row.conflict.awardedRegistrationId,
      awardedNumber: row.awardedNumber,
    },
    productLine: row.productLine,
    submission: {
      prospectName: submission.prospectName ?? row.conflict.prospectName,
      prospectTaxId: submission.prospectTaxId ?? null,
      prospectDomain: submission.prospectDomain ?? null,
      contactName: submission.contactName ?? null,
      contactEmail: submission.contactEmail ?? null,
      contactPhone: submission.contactPhone ?? null,
      regionCode: submission.regionCode,
      region: named(regionRows, submission.regionCode),
      industry: named(industryRows, submission.industry),
      estimatedValueMinor: Number(submission.estimatedValueMinor),
      currency: submission.currency ?? 'CNY',
      expectedCloseDate: submission.expectedCloseDate,
      notes: submission.notes ?? null,
      fulfilmentPartner: fulfilment[0] ?? null,
      prospectKeys: submissionKeys,
    },
    submitter: { ...row.submitter, channelManagerName: row.submitterManagerName },
    submittedBy: row.submittedBy,
    holder: {
      id: row.holder.id,
      number: row.holder.number,
      status: row.holder.status as RegistrationStatus,
      effectiveStatus: holderStatus,
      stage: row.holder.stage,
      prospectName: row.holder.prospectName,
      prospectTaxId: row.holder.prospectTaxId,
      prospectDomain: row.holder.prospectDomain,
      regionCode: row.holder.regionCode,
      region: named(regionRows, row.holder.regionCode),
      industry: named(industryRows, row.holder.industry),
      estimatedValueMinor: Number(row.holder.estimatedValueMinor),
      currency: row.holder.currency,
      expectedCloseDate: row.holder.expectedCloseDate,
      submittedAt: row.holder.submittedAt,
      decidedAt: row.holder.decidedAt,
      protectionEndsAt: row.holder.protectionEndsAt,
      outsideTerritory: row.holder.outsideTerritory,
      prospectKeys: [...holderKeySet].sort(),
    },
    holderPartner: { ...row.holderPartner, channelManagerName: row.holderManagerName },
    holderCreator: row.holderCreator,
    /** The keys both sides share: why the submission was refused. */
    sharedKeys: submissionKeys.filter((key) => holderKeySet.has(key)),
    otherOpenConflicts: Number(others?.total ?? 0),
    /** Why "award to submitter" cannot be chosen, or null when it can. */
    awardBlocked,
    /** The protection an award would give the submitter (its tier's days). */
    submitterProtectionDays: protectionDaysFor(row.submitter.tier, settings),
  }
}

export type ConflictForReview = Awaited<ReturnType<typeof getConflict>>
