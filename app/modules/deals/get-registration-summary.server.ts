import { and, count, eq, gt, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrations } from '#db/schema/deals'
import { addDays } from './deal-rules'
import { expiringSoonDays } from './partner-registration-rules'
import { heldByActor, type RegistrationActor } from './registration-access.server'

export type GetRegistrationSummaryOptions = { actor: RegistrationActor; now?: Date }

export type RegistrationSummary = {
  pending: number
  protected: number
  expiringSoon: number
  expiringSoonDays: number
}

/**
 * The partner home's registration figures over what the actor holds (its own registrations, or
 * its organisation's for a partner admin); "expiring soon" matches the list's filter.
 */
export async function getRegistrationSummary(
  db: Database,
  options: GetRegistrationSummaryOptions,
): Promise<RegistrationSummary> {
  const now = options.now ?? new Date()
  const warnUntil = addDays(now, expiringSoonDays)
  const approvedAndHeld = and(
    eq(registrations.status, 'approved'),
    gt(registrations.protectionEndsAt, now),
  )
  const [row] = await db
    .select({
      pending: count(),
    })
    .from(registrations)
    .where(and(heldByActor(options.actor), eq(registrations.status, 'pending')))
  const [held] = await db
    .select({
      protected: count(),
      expiringSoon: sql<number>`count(*) filter (where ${registrations.protectionEndsAt} <= ${warnUntil.toISOString()}::timestamptz)::int`,
    })
    .from(registrations)
    .where(and(heldByActor(options.actor), approvedAndHeld))
  return {
    pending: Number(row?.pending ?? 0),
    protected: Number(held?.protected ?? 0),
    expiringSoon: Number(held?.expiringSoon ?? 0),
    expiringSoonDays,
  }
}
