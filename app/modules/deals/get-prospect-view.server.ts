import { desc, eq, inArray, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '#db/client.server'
import {
  productLines,
  registrationConflicts,
  registrationLocks,
  registrations,
} from '#db/schema/deals'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { AppError } from '#app/utils/app-error'
import { isVendorStaff, type Role } from '#app/utils/permissions'
import { effectiveStatus } from './deal-rules'
import { parseProspectKey, type RegistrationStatus } from './review-rules'

export type GetProspectViewOptions = {
  /** Vendor staff only: anyone else gets not-found. */
  actor: { id: string; role: Role }
  prospectKey: string
  now?: Date
}

const prospectNotFound = () =>
  new AppError('not_found', {
    message: 'no registration or conflict for this key',
    userMessage: 'review:errors.prospectNotFound',
  })

/**
 * One view of a prospect (vendor staff only): every registration by any partner that carries the
 * key, over time, and every conflict about it with how it was decided. A registration matches on
 * any of its keys (each is a lock row, kept after release), a conflict on any key it was refused for.
 */
export async function getProspectView(db: Database, options: GetProspectViewOptions) {
  const now = options.now ?? new Date()
  const key = parseProspectKey(options.prospectKey)
  if (!isVendorStaff(options.actor.role) || !key) throw prospectNotFound()

  const registrationIds = db
    .selectDistinct({ id: registrationLocks.registrationId })
    .from(registrationLocks)
    .where(eq(registrationLocks.prospectKey, key))
  const registrationRows = await db
    .select({
      id: registrations.id,
      number: registrations.number,
      prospectName: registrations.prospectName,
      prospectKey: registrations.prospectKey,
      partnerId: partners.id,
      partnerName: partners.name,
      partnerTier: partners.tier,
      productLineId: productLines.id,
      productLineCode: productLines.code,
      productLineNameEn: productLines.nameEn,
      productLineNameZh: productLines.nameZh,
      status: registrations.status,
      stage: registrations.stage,
      estimatedValueMinor: registrations.estimatedValueMinor,
      currency: registrations.currency,
      wonAmountMinor: registrations.wonAmountMinor,
      submittedAt: registrations.submittedAt,
      decidedAt: registrations.decidedAt,
      protectionStartsAt: registrations.protectionStartsAt,
      protectionEndsAt: registrations.protectionEndsAt,
      closedAt: registrations.closedAt,
    })
    .from(registrations)
    .innerJoin(partners, eq(partners.id, registrations.partnerId))
    .innerJoin(productLines, eq(productLines.id, registrations.productLineId))
    .where(or(eq(registrations.prospectKey, key), inArray(registrations.id, registrationIds)))
    .orderBy(desc(registrations.submittedAt), desc(registrations.id))
    .limit(500)

  const submitter = alias(partners, 'submitter')
  const holder = alias(registrations, 'holder')
  const holderPartner = alias(partners, 'holder_partner')
  const resolvedBy = alias(users, 'resolved_by')
  const awarded = alias(registrations, 'awarded')
  const ids = registrationRows.map((r) => r.id)
  const conflictRows = await db
    .select({
      id: registrationConflicts.id,
      prospectName: registrationConflicts.prospectName,
      productLineCode: productLines.code,
      productLineNameEn: productLines.nameEn,
      productLineNameZh: productLines.nameZh,
      rule: registrationConflicts.rule,
      status: registrationConflicts.status,
      resolution: registrationConflicts.resolution,
      resolutionReason: registrationConflicts.resolutionReason,
      createdAt: registrationConflicts.createdAt,
      resolvedAt: registrationConflicts.resolvedAt,
      resolvedByName: resolvedBy.name,
      submitterName: submitter.name,
      holderRegistrationId: holder.id,
      holderNumber: holder.number,
      holderPartnerName: holderPartner.name,
      awardedRegistrationId: registrationConflicts.awardedRegistrationId,
      awardedNumber: awarded.number,
    })
    .from(registrationConflicts)
    .innerJoin(productLines, eq(productLines.id, registrationConflicts.productLineId))
    .innerJoin(submitter, eq(submitter.id, registrationConflicts.submittedByPartnerId))
    .innerJoin(holder, eq(holder.id, registrationConflicts.holderRegistrationId))
    .innerJoin(holderPartner, eq(holderPartner.id, holder.partnerId))
    .leftJoin(resolvedBy, eq(resolvedBy.id, registrationConflicts.resolvedById))
    .leftJoin(awarded, eq(awarded.id, registrationConflicts.awardedRegistrationId))
    .where(
      or(
        eq(registrationConflicts.prospectKey, key),
        sql`${registrationConflicts.submission} -> 'prospectKeys' @> jsonb_build_array(${key}::text)`,
        ids.length > 0 ? inArray(registrationConflicts.holderRegistrationId, ids) : undefined,
      ),
    )
    .orderBy(desc(registrationConflicts.createdAt))
    .limit(500)

  if (registrationRows.length === 0 && conflictRows.length === 0) throw prospectNotFound()

  const rows = registrationRows.map((r) => ({
    ...r,
    estimatedValueMinor: Number(r.estimatedValueMinor),
    wonAmountMinor: r.wonAmountMinor === null ? null : Number(r.wonAmountMinor),
    effectiveStatus: effectiveStatus(r.status, r.protectionEndsAt, now) as RegistrationStatus,
  }))
  // Who holds it right now, per product line (pending, or approved and unexpired).
  const holders = rows.filter(
    (r) => r.effectiveStatus === 'pending' || r.effectiveStatus === 'approved',
  )
  const otherKeys = ids.length
    ? (
        await db
          .selectDistinct({ prospectKey: registrationLocks.prospectKey })
          .from(registrationLocks)
          .where(inArray(registrationLocks.registrationId, ids))
      )
        .map((k) => k.prospectKey)
        .filter((k) => k !== key)
        .sort()
    : []
  return {
    prospectKey: key,
    prospectName: rows[0]?.prospectName ?? conflictRows[0]?.prospectName ?? key,
    /** Other keys the same registrations carry (each opens its own view). */
    relatedKeys: otherKeys,
    holders,
    registrations: rows,
    conflicts: conflictRows,
  }
}

export type ProspectView = Awaited<ReturnType<typeof getProspectView>>
