import { and, asc, count, desc, eq, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '#db/client.server'
import { productLines, registrationConflicts, registrations } from '#db/schema/deals'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { effectiveStatus } from './deal-rules'
import { reviewPageSize, type ConflictListQuery, type RegistrationStatus } from './review-rules'

export type FindConflictsOptions = {
  /** The vendor staff member looking; "mine" means either partner is managed by this user. */
  actor: { id: string }
  query: ConflictListQuery
  now?: Date
}

/**
 * Conflicts for vendor staff (who may see both sides): open ones oldest first, resolved ones most
 * recently decided first. Pages of 25, with the count of each tab.
 */
export async function findConflicts(db: Database, options: FindConflictsOptions) {
  const { query, actor } = options
  const now = options.now ?? new Date()
  const submitter = alias(partners, 'submitter')
  const holderPartner = alias(partners, 'holder_partner')
  const holder = alias(registrations, 'holder')
  const submittedBy = alias(users, 'submitted_by')
  const resolvedBy = alias(users, 'resolved_by')
  const awarded = alias(registrations, 'awarded')

  const mine = query.mine
    ? or(eq(submitter.channelManagerId, actor.id), eq(holderPartner.channelManagerId, actor.id))
    : undefined
  const where = and(eq(registrationConflicts.status, query.tab), mine)

  const [rows, [counted], tabCounts] = await Promise.all([
    db
      .select({
        id: registrationConflicts.id,
        prospectName: registrationConflicts.prospectName,
        prospectKey: registrationConflicts.prospectKey,
        productLineCode: productLines.code,
        productLineNameEn: productLines.nameEn,
        productLineNameZh: productLines.nameZh,
        rule: registrationConflicts.rule,
        status: registrationConflicts.status,
        resolution: registrationConflicts.resolution,
        createdAt: registrationConflicts.createdAt,
        resolvedAt: registrationConflicts.resolvedAt,
        resolvedByName: resolvedBy.name,
        submitterPartnerId: submitter.id,
        submitterName: submitter.name,
        submitterTier: submitter.tier,
        submittedByName: submittedBy.name,
        holderRegistrationId: holder.id,
        holderNumber: holder.number,
        holderStatus: holder.status,
        holderProtectionEndsAt: holder.protectionEndsAt,
        holderPartnerName: holderPartner.name,
        holderPartnerTier: holderPartner.tier,
        awardedRegistrationId: registrationConflicts.awardedRegistrationId,
        awardedNumber: awarded.number,
      })
      .from(registrationConflicts)
      .innerJoin(productLines, eq(productLines.id, registrationConflicts.productLineId))
      .innerJoin(submitter, eq(submitter.id, registrationConflicts.submittedByPartnerId))
      .innerJoin(submittedBy, eq(submittedBy.id, registrationConflicts.submittedById))
      .innerJoin(holder, eq(holder.id, registrationConflicts.holderRegistrationId))
      .innerJoin(holderPartner, eq(holderPartner.id, holder.partnerId))
      .leftJoin(resolvedBy, eq(resolvedBy.id, registrationConflicts.resolvedById))
      .leftJoin(awarded, eq(awarded.id, registrationConflicts.awardedRegistrationId))
      .where(where)
      .orderBy(
        ...(query.tab === 'open'
          ? [asc(registrationConflicts.createdAt), asc(registrationConflicts.id)]
          : [desc(registrationConflicts.resolvedAt), desc(registrationConflicts.id)]),
      )
      .limit(reviewPageSize)
      .offset((query.page - 1) * reviewPageSize),
    db
      .select({ total: count() })
      .from(registrationConflicts)
      .innerJoin(submitter, eq(submitter.id, registrationConflicts.submittedByPartnerId))
      .innerJoin(holder, eq(holder.id, registrationConflicts.holderRegistrationId))
      .innerJoin(holderPartner, eq(holderPartner.id, holder.partnerId))
      .where(where),
    db
      .select({
        open: sql<number>`count(*) filter (where ${registrationConflicts.status} = 'open')::int`,
        resolved: sql<number>`count(*) filter (where ${registrationConflicts.status} = 'resolved')::int`,
      })
      .from(registrationConflicts),
  ])
  const total = Number(counted?.total ?? 0)
  return {
    rows: rows.map(({ holderStatus, holderProtectionEndsAt, ...row }) => ({
      ...row,
      holderStatus: effectiveStatus(
        holderStatus,
        holderProtectionEndsAt,
        now,
      ) as RegistrationStatus,
    })),
    total,
    page: query.page,
    pageSize: reviewPageSize,
    pageCount: Math.max(1, Math.ceil(total / reviewPageSize)),
    counts: {
      open: Number(tabCounts[0]?.open ?? 0),
      resolved: Number(tabCounts[0]?.resolved ?? 0),
    },
  }
}

export type FindConflictsResult = Awaited<ReturnType<typeof findConflicts>>
export type ConflictListRow = FindConflictsResult['rows'][number]
