import { and, count, eq, lte } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrationConflicts, registrationExtensions, registrations } from '#db/schema/deals'
import { getDealSettings } from './get-deal-settings.server'
import { overdueBefore } from './review-rules'

export type GetReviewSummaryOptions = { now?: Date }

export type ReviewSummary = {
  pendingReview: number
  overdue: number
  openConflicts: number
  pendingExtensions: number
}

/** The vendor home's work queue figures: what is waiting for a channel manager's decision. */
export async function getReviewSummary(
  db: Database,
  options: GetReviewSummaryOptions = {},
): Promise<ReviewSummary> {
  const now = options.now ?? new Date()
  const settings = await getDealSettings(db)
  const [[pending], [overdue], [conflicts], [extensions]] = await Promise.all([
    db.select({ n: count() }).from(registrations).where(eq(registrations.status, 'pending')),
    db
      .select({ n: count() })
      .from(registrations)
      .where(
        and(
          eq(registrations.status, 'pending'),
          lte(registrations.submittedAt, overdueBefore(settings.reviewSlaHours, now)),
        ),
      ),
    db
      .select({ n: count() })
      .from(registrationConflicts)
      .where(eq(registrationConflicts.status, 'open')),
    db
      .select({ n: count() })
      .from(registrationExtensions)
      .where(eq(registrationExtensions.status, 'pending')),
  ])
  return {
    pendingReview: Number(pending?.n ?? 0),
    overdue: Number(overdue?.n ?? 0),
    openConflicts: Number(conflicts?.n ?? 0),
    pendingExtensions: Number(extensions?.n ?? 0),
  }
}
