import { and, asc, count, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { availabilityChecks, registrationLocks, registrations } from '#db/schema/deals'
import { users } from '#db/schema/users'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { getDealSettings } from './get-deal-settings.server'
import { prospectKeysOf } from './prospect-rules'

export type CheckAvailabilityOptions = {
  actor: { id: string; partnerId: string }
  query: {
    taxId?: string | null
    domain?: string | null
    name?: string | null
    /** Without one, the answer covers every product line ("taken" if held on any). */
    productLineId?: string | null
  }
  now?: Date
}

export type AvailabilityAnswer =
  | { result: 'free' }
  | { result: 'taken' }
  | { result: 'own'; registrationId: string; number: string }

const HOUR_MS = 3_600_000

/**
 * The blind check (DESIGN.md §1): is this prospect free to register? It says "taken" without ever
 * saying by whom, or names the actor's own partner's registration. Every key derivable from the
 * query counts, as in submitRegistration. A prospect another partner has won is "taken" too: a
 * submission would be refused as an existing customer. Each check is logged in
 * availability_checks, which is also the source of the per-user hourly limit; the user's row is
 * locked for the count, so parallel requests cannot slip past the limit.
 */
export async function checkAvailability(
  db: Database,
  options: CheckAvailabilityOptions,
): Promise<AvailabilityAnswer> {
  const { actor, query } = options
  const now = options.now ?? new Date()
  const productLineId = query.productLineId || null
  if (productLineId !== null && !isUuid(productLineId)) {
    throw new AppError('invalid', {
      userMessage: 'validation:invalidChoice',
      field: 'productLineId',
    })
  }
  const keys = prospectKeysOf({
    taxId: query.taxId,
    domain: query.domain,
    companyName: query.name ?? '',
  }).map((k) => k.key)
  if (keys.length === 0) {
    throw new AppError('invalid', { userMessage: 'deals:check.needKey', field: 'name' })
  }
  const settings = await getDealSettings(db)

  return db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, actor.id)).for('update')
    const [recent] = await tx
      .select({ n: count() })
      .from(availabilityChecks)
      .where(
        and(
          eq(availabilityChecks.userId, actor.id),
          gt(availabilityChecks.createdAt, new Date(now.getTime() - HOUR_MS)),
        ),
      )
    if (Number(recent?.n ?? 0) >= settings.availabilityChecksPerHour) {
      throw new AppError('rate_limited', {
        message: 'availability check limit reached',
        userMessage: 'deals:check.rateLimited',
        params: { limit: settings.availabilityChecksPerHour },
      })
    }

    const onLine = productLineId ? eq(registrationLocks.productLineId, productLineId) : undefined
    const [held, won] = await Promise.all([
      tx
        .select({
          registrationId: registrationLocks.registrationId,
          partnerId: registrationLocks.partnerId,
          number: registrations.number,
        })
        .from(registrationLocks)
        .innerJoin(registrations, eq(registrations.id, registrationLocks.registrationId))
        .where(
          and(
            eq(registrationLocks.active, true),
            inArray(registrationLocks.prospectKey, keys),
            onLine,
            or(isNull(registrationLocks.lockedUntil), gt(registrationLocks.lockedUntil, now)),
          ),
        )
        .orderBy(asc(registrationLocks.lockedFrom)),
      tx
        .select({ one: sql`1` })
        .from(registrationLocks)
        .innerJoin(registrations, eq(registrations.id, registrationLocks.registrationId))
        .where(
          and(
            inArray(registrationLocks.prospectKey, keys),
            onLine,
            eq(registrations.status, 'won'),
            ne(registrations.partnerId, actor.partnerId),
          ),
        )
        .limit(1),
    ])

    let answer: AvailabilityAnswer = { result: 'free' }
    const own = held.find((h) => h.partnerId === actor.partnerId)
    if (won.length > 0 || held.some((h) => h.partnerId !== actor.partnerId)) {
      answer = { result: 'taken' }
    } else if (own) {
      answer = { result: 'own', registrationId: own.registrationId, number: own.number }
    }

    await tx.insert(availabilityChecks).values({
      userId: actor.id,
      partnerId: actor.partnerId,
      query: JSON.stringify({
        taxId: query.taxId || null,
        domain: query.domain || null,
        name: query.name || null,
      }),
      productLineId,
      prospectKeys: keys,
      result: answer.result,
      createdAt: now,
    })
    return answer
  })
}
