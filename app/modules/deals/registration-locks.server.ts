import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrationExtensions, registrationLocks, registrations } from '#db/schema/deals'

/**
 * The locks behind "exactly one partner holds an opportunity": one row per prospect key of a
 * registration; PostgreSQL's exclusion constraint registration_locks_no_overlap refuses overlaps.
 * These helpers are used inside the transactions of the registration use cases.
 */

export const LOCK_VIOLATION = '23P01'

export async function insertLocks(
  db: Database,
  options: {
    registrationId: string
    partnerId: string
    productLineId: string
    prospectKeys: string[]
    from: Date
    until: Date | null
  },
): Promise<void> {
  await db.insert(registrationLocks).values(
    [...new Set(options.prospectKeys)].map((prospectKey) => ({
      registrationId: options.registrationId,
      partnerId: options.partnerId,
      productLineId: options.productLineId,
      prospectKey,
      lockedFrom: options.from,
      lockedUntil: options.until,
    })),
  )
}

/** Moves the end of a registration's active locks (approval sets protection; extension moves it). */
export async function setLocksUntil(
  db: Database,
  registrationId: string,
  until: Date | null,
): Promise<void> {
  await db
    .update(registrationLocks)
    .set({ lockedUntil: until })
    .where(
      and(eq(registrationLocks.registrationId, registrationId), eq(registrationLocks.active, true)),
    )
}

/**
 * Frees the opportunity (rejected, withdrawn, won, lost, expired). An extension request still
 * waiting for a decision has nothing left to extend, so it is closed with the registration.
 */
export async function releaseLocks(db: Database, registrationId: string): Promise<void> {
  await db
    .update(registrationLocks)
    .set({ active: false })
    .where(
      and(eq(registrationLocks.registrationId, registrationId), eq(registrationLocks.active, true)),
    )
  await db
    .update(registrationExtensions)
    .set({ status: 'rejected', decidedAt: new Date(), decisionReason: 'registration_closed' })
    .where(
      and(
        eq(registrationExtensions.registrationId, registrationId),
        eq(registrationExtensions.status, 'pending'),
      ),
    )
}

export type Holder = { registrationId: string; partnerId: string; number: string; status: string }

/** Who holds any of these keys for the product line at `at` (pending, or approved and unexpired). */
export async function findActiveHolder(
  db: Database,
  options: { prospectKeys: string[]; productLineId: string; at: Date },
): Promise<Holder | null> {
  if (options.prospectKeys.length === 0) return null
  const [holder] = await db
    .select({
      registrationId: registrationLocks.registrationId,
      partnerId: registrationLocks.partnerId,
      number: registrations.number,
      status: registrations.status,
    })
    .from(registrationLocks)
    .innerJoin(registrations, eq(registrations.id, registrationLocks.registrationId))
    .where(
      and(
        eq(registrationLocks.active, true),
        eq(registrationLocks.productLineId, options.productLineId),
        inArray(registrationLocks.prospectKey, options.prospectKeys),
        or(isNull(registrationLocks.lockedUntil), gt(registrationLocks.lockedUntil, options.at)),
      ),
    )
    .orderBy(sql`${registrationLocks.lockedFrom} asc`)
    .limit(1)
  return holder ?? null
}
