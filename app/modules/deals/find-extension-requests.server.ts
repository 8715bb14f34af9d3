import { and, asc, count, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { productLines, registrationExtensions, registrations } from '#db/schema/deals'
import { partners, regions } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { addDays, effectiveStatus } from './deal-rules'
import { getDealSettings } from './get-deal-settings.server'
import { reviewPageSize, type RegistrationStatus, type ReviewQueueQuery } from './review-rules'
import { reviewFilterConditions } from './review-support.server'

export type FindExtensionRequestsOptions = {
  actor: { id: string }
  /** The queue's filters (partner, region, product line, mine) and page. */
  query: ReviewQueueQuery
  now?: Date
}

export type ExtensionRequestRow = {
  id: string
  registrationId: string
  number: string
  partnerName: string
  partnerCode: string
  partnerTier: (typeof partners.$inferSelect)['tier']
  prospectName: string
  productLineCode: string
  productLineNameEn: string
  productLineNameZh: string
  regionCode: string
  regionNameEn: string
  regionNameZh: string
  days: number
  progressNote: string
  requestedByName: string
  requestedAt: Date
  protectionEndsAt: Date | null
  /** The end if approved now: the current end plus the requested days. */
  proposedEndsAt: Date | null
  extensionsUsed: number
  extensionMaxCount: number
  /** Approving would exceed the current limit (settings may have changed since the request). */
  limitReached: boolean
  effectiveStatus: RegistrationStatus
}

export type FindExtensionRequestsResult = {
  rows: ExtensionRequestRow[]
  total: number
  page: number
  pageSize: number
  pageCount: number
}

/** Pending extension requests for vendor staff, oldest first, with what approving would do. */
export async function findExtensionRequests(
  db: Database,
  options: FindExtensionRequestsOptions,
): Promise<FindExtensionRequestsResult> {
  const { query, actor } = options
  const now = options.now ?? new Date()
  const settings = await getDealSettings(db)
  const where = and(
    eq(registrationExtensions.status, 'pending'),
    ...reviewFilterConditions(query, actor),
  )
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: registrationExtensions.id,
        registrationId: registrations.id,
        number: registrations.number,
        partnerName: partners.name,
        partnerCode: partners.code,
        partnerTier: partners.tier,
        prospectName: registrations.prospectName,
        productLineCode: productLines.code,
        productLineNameEn: productLines.nameEn,
        productLineNameZh: productLines.nameZh,
        regionCode: registrations.regionCode,
        regionNameEn: regions.nameEn,
        regionNameZh: regions.nameZh,
        days: registrationExtensions.days,
        progressNote: registrationExtensions.progressNote,
        requestedByName: users.name,
        requestedAt: registrationExtensions.createdAt,
        status: registrations.status,
        protectionEndsAt: registrations.protectionEndsAt,
        extensionsUsed: registrations.extensionsUsed,
      })
      .from(registrationExtensions)
      .innerJoin(registrations, eq(registrations.id, registrationExtensions.registrationId))
      .innerJoin(partners, eq(partners.id, registrations.partnerId))
      .innerJoin(productLines, eq(productLines.id, registrations.productLineId))
      .innerJoin(regions, eq(regions.code, registrations.regionCode))
      .innerJoin(users, eq(users.id, registrationExtensions.requestedById))
      .where(where)
      .orderBy(asc(registrationExtensions.createdAt), asc(registrationExtensions.id))
      .limit(reviewPageSize)
      .offset((query.page - 1) * reviewPageSize),
    db
      .select({ total: count() })
      .from(registrationExtensions)
      .innerJoin(registrations, eq(registrations.id, registrationExtensions.registrationId))
      .innerJoin(partners, eq(partners.id, registrations.partnerId))
      .where(where),
  ])
  const total = Number(counted?.total ?? 0)
  return {
    rows: rows.map(({ status, ...row }) => ({
      ...row,
      proposedEndsAt: row.protectionEndsAt ? addDays(row.protectionEndsAt, row.days) : null,
      extensionMaxCount: settings.extensionMaxCount,
      limitReached: row.extensionsUsed >= settings.extensionMaxCount,
      effectiveStatus: effectiveStatus(status, row.protectionEndsAt, now) as RegistrationStatus,
    })),
    total,
    page: query.page,
    pageSize: reviewPageSize,
    pageCount: Math.max(1, Math.ceil(total / reviewPageSize)),
  }
}
