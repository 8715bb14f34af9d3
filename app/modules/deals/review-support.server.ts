import { and, eq, ilike, or, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrations } from '#db/schema/deals'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import type { ReviewQueueQuery } from './review-rules'

/** Small pieces shared by the vendor-side review use cases (approve, reject, award, extend). */

export type ReviewActor = { id: string; email: string }

export const registrationNotFound = () =>
  new AppError('not_found', {
    message: 'registration not found',
    userMessage: 'review:errors.registrationNotFound',
  })

/** The user an e-mail goes to, when still active (a disabled account gets nothing). */
export async function activeUserContact(db: Database, userId: string) {
  const [user] = await db
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.status, 'active')))
  return user ?? null
}

/** The registration with its partner's tier, locked for the rest of the transaction. */
export async function lockRegistration(db: Database, registrationId: string) {
  if (!isUuid(registrationId)) throw registrationNotFound()
  const [row] = await db
    .select({
      id: registrations.id,
      number: registrations.number,
      partnerId: registrations.partnerId,
      createdById: registrations.createdById,
      prospectName: registrations.prospectName,
      status: registrations.status,
      submittedAt: registrations.submittedAt,
      decidedAt: registrations.decidedAt,
      protectionStartsAt: registrations.protectionStartsAt,
      protectionEndsAt: registrations.protectionEndsAt,
      extensionsUsed: registrations.extensionsUsed,
      tier: partners.tier,
    })
    .from(registrations)
    .innerJoin(partners, eq(partners.id, registrations.partnerId))
    .where(eq(registrations.id, registrationId))
    .for('update', { of: registrations })
  if (!row) throw registrationNotFound()
  return row
}

/** Refusal when a decision meets a registration that is no longer pending (someone was faster). */
export const notPending = (status: string) =>
  new AppError('conflict', {
    message: `registration is ${status}, not pending`,
    userMessage: 'review:errors.notPending',
    params: { status },
  })

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** The filters shared by the queue tabs (partner, region, product line, "mine"). */
export function reviewFilterConditions(
  query: ReviewQueueQuery,
  actor: { id: string },
): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = []
  if (query.partner) {
    const pattern = `%${escapeLike(query.partner)}%`
    conditions.push(or(ilike(partners.name, pattern), ilike(partners.code, pattern)))
  }
  if (query.region) conditions.push(eq(registrations.regionCode, query.region))
  if (query.productLineId) conditions.push(eq(registrations.productLineId, query.productLineId))
  if (query.mine) conditions.push(eq(partners.channelManagerId, actor.id))
  return conditions
}
