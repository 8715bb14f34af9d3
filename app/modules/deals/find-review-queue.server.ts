import { and, asc, count, desc, eq, gt, lte, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  productLines,
  registrationConflicts,
  registrationExtensions,
  registrations,
} from '#db/schema/deals'
import { partners, regions } from '#db/schema/partners'
import { effectiveStatus } from './deal-rules'
import { reviewFilterConditions } from './review-support.server'
import {
  findExtensionRequests,
  type FindExtensionRequestsResult,
} from './find-extension-requests.server'
import { findReviewFilterOptions } from './find-review-filter-options.server'
import { getDealSettings } from './get-deal-settings.server'
import {
  hoursWaiting,
  isOverdue,
  overdueBefore,
  reviewPageSize,
  type RegistrationStatus,
  type ReviewQueueQuery,
} from './review-rules'

export type FindReviewQueueOptions = {
  /** The vendor staff member looking; "mine" means partners this user manages. */
  actor: { id: string }
  query: ReviewQueueQuery
  now?: Date
}

export type ReviewQueueRow = {
  id: string
  number: string
  partnerId: string
  partnerName: string
  partnerCode: string
  partnerTier: (typeof partners.$inferSelect)['tier']
  prospectName: string
  prospectKey: string
  productLineCode: string
  productLineNameEn: string
  productLineNameZh: string
  regionCode: string
  regionNameEn: string
  regionNameZh: string
  estimatedValueMinor: number
  currency: string
  outsideTerritory: boolean
  status: RegistrationStatus
  /** What users see: approved past its end is expired. */
  effectiveStatus: RegistrationStatus
  submittedAt: Date
  protectionEndsAt: Date | null
  hoursWaiting: number
  /** Pending past the review SLA. */
  overdue: boolean
  openConflictCount: number
  conflictCount: number
}

export type ReviewQueuePage = {
  rows: ReviewQueueRow[]
  total: number
  page: number
  pageSize: number
  pageCount: number
}

export type FindReviewQueueResult = {
  /** The registrations of the pending or all tab; null on the extensions tab. */
  registrations: ReviewQueuePage | null
  /** The pending extension requests on the extensions tab; null otherwise. */
  extensions: FindExtensionRequestsResult | null
  reviewSlaHours: number
  /** For the tabs: everything waiting, whatever the filters. */
  counts: { pending: number; overdue: number; extensions: number }
  /** The filters' choices. */
  regions: { code: string; nameEn: string; nameZh: string }[]
  productLines: { id: string; code: string; nameEn: string; nameZh: string }[]
}

/** Status as users see it, in SQL: approved past its end counts as expired. */
function statusCondition(status: RegistrationStatus, now: Date): SQL | undefined {
  if (status === 'approved')
    return and(eq(registrations.status, 'approved'), gt(registrations.protectionEndsAt, now))
  if (status === 'expired') {
    return or(
      eq(registrations.status, 'expired'),
      and(eq(registrations.status, 'approved'), lte(registrations.protectionEndsAt, now)),
    )
  }
  return eq(registrations.status, status)
}

/**
 * The review queue for vendor staff. Tab "pending": registrations waiting for a decision, oldest
 * first, with hours waiting and whether the review SLA is past. Tab "extensions": pending extension
 * requests. Tab "all": every registration, newest first, filtered by the status users see. Pages
 * of 25, plus the tabs' counts and the filters' choices.
 */
export async function findReviewQueue(
  db: Database,
  options: FindReviewQueueOptions,
): Promise<FindReviewQueueResult> {
  const { query } = options
  const now = options.now ?? new Date()
  const settings = await getDealSettings(db)
  const [registrationPage, extensions, counts, filterOptions] = await Promise.all([
    query.tab === 'extensions'
      ? null
      : findRegistrationPage(db, { ...options, now, reviewSlaHours: settings.reviewSlaHours }),
    query.tab === 'extensions' ? findExtensionRequests(db, { ...options, now }) : null,
    countWaiting(db, settings.reviewSlaHours, now),
    findReviewFilterOptions(db),
  ])
  return {
    registrations: registrationPage,
    extensions,
    reviewSlaHours: settings.reviewSlaHours,
    counts,
    ...filterOptions,
  }
}

async function countWaiting(db: Database, reviewSlaHours: number, now: Date) {
  const [[pendingCounts], [extensionCount]] = await Promise.all([
    db
      .select({
        pending: count(),
        overdue: sql<number>`count(*) filter (where ${registrations.submittedAt} <= ${overdueBefore(reviewSlaHours, now).toISOString()}::timestamptz)::int`,
      })
      .from(registrations)
      .where(eq(registrations.status, 'pending')),
    db
      .select({ total: count() })
      .from(registrationExtensions)
      .where(eq(registrationExtensions.status, 'pending')),
  ])
  return {
    pending: Number(pendingCounts?.pending ?? 0),
    overdue: Number(pendingCounts?.overdue ?? 0),
    extensions: Number(extensionCount?.total ?? 0),
  }
}

async function findRegistrationPage(
  db: Database,
  options: FindReviewQueueOptions & { now: Date; reviewSlaHours: number },
): Promise<ReviewQueuePage> {
  const { query, actor, now, reviewSlaHours } = options
  const settings = { reviewSlaHours }
  const conditions = reviewFilterConditions(query, actor)
  const pendingTab = query.tab !== 'all'
  if (pendingTab) {
    conditions.push(eq(registrations.status, 'pending'))
    if (query.overdue)
      conditions.push(lte(registrations.submittedAt, overdueBefore(settings.reviewSlaHours, now)))
  } else if (query.status) {
    conditions.push(statusCondition(query.status, now))
  }
  const where = and(...conditions)
  const offset = (query.page - 1) * reviewPageSize

  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: registrations.id,
        number: registrations.number,
        partnerId: registrations.partnerId,
        partnerName: partners.name,
        partnerCode: partners.code,
        partnerTier: partners.tier,
        prospectName: registrations.prospectName,
        prospectKey: registrations.prospectKey,
        productLineCode: productLines.code,
        productLineNameEn: productLines.nameEn,
        productLineNameZh: productLines.nameZh,
        regionCode: registrations.regionCode,
        regionNameEn: regions.nameEn,
        regionNameZh: regions.nameZh,
        estimatedValueMinor: registrations.estimatedValueMinor,
        currency: registrations.currency,
        outsideTerritory: registrations.outsideTerritory,
        status: registrations.status,
        submittedAt: registrations.submittedAt,
        protectionEndsAt: registrations.protectionEndsAt,
        openConflictCount: sql<number>`(select count(*) from ${registrationConflicts}
          where ${registrationConflicts.holderRegistrationId} = ${registrations.id}
          and ${registrationConflicts.status} = 'open')::int`,
        conflictCount: sql<number>`(select count(*) from ${registrationConflicts}
          where ${registrationConflicts.holderRegistrationId} = ${registrations.id})::int`,
      })
      .from(registrations)
      .innerJoin(partners, eq(partners.id, registrations.partnerId))
      .innerJoin(productLines, eq(productLines.id, registrations.productLineId))
      .innerJoin(regions, eq(regions.code, registrations.regionCode))
      .where(where)
      .orderBy(
        ...(pendingTab
          ? [asc(registrations.submittedAt), asc(registrations.id)]
          : [desc(registrations.submittedAt), desc(registrations.id)]),
      )
      .limit(reviewPageSize)
      .offset(offset),
    db
      .select({ total: count() })
      .from(registrations)
      .innerJoin(partners, eq(partners.id, registrations.partnerId))
      .where(where),
  ])
  const total = Number(counted?.total ?? 0)
  return {
    rows: rows.map((row) => ({
      ...row,
      estimatedValueMinor: Number(row.estimatedValueMinor),
      effectiveStatus: effectiveStatus(row.status, row.protectionEndsAt, now) as RegistrationStatus,
      hoursWaiting: row.status === 'pending' ? hoursWaiting(row.submittedAt, now) : 0,
      overdue: row.status === 'pending' && isOverdue(row.submittedAt, settings.reviewSlaHours, now),
      openConflictCount: Number(row.openConflictCount),
      conflictCount: Number(row.conflictCount),
    })),
    total,
    page: query.page,
    pageSize: reviewPageSize,
    pageCount: Math.max(1, Math.ceil(total / reviewPageSize)),
  }
}
