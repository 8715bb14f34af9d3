import { and, eq, or, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrations, type Registration } from '#db/schema/deals'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'

/**
 * Who may see and change a registration on the partner side (deals brief, "Visibility"):
 * a partner admin sees its organisation's registrations, a partner user the ones it created, and
 * every user of a distributor sees those its partner fulfils (read-only). Anything else is not
 * found, so an id guessed from another partner reveals nothing.
 */

export type RegistrationActor = {
  id: string
  email: string
  role: 'partner_user' | 'partner_admin'
  partnerId: string
}

/** The rows the actor's organisation holds and may change (before the fulfilment rule). */
export function heldByActor(actor: RegistrationActor): SQL {
  return actor.role === 'partner_admin'
    ? eq(registrations.partnerId, actor.partnerId)
    : and(eq(registrations.partnerId, actor.partnerId), eq(registrations.createdById, actor.id))!
}

/** Every row the actor may read: held by it, or fulfilled by its partner. */
export function visibleToActor(actor: RegistrationActor): SQL {
  return or(heldByActor(actor), eq(registrations.fulfilmentPartnerId, actor.partnerId))!
}

export function registrationNotFound() {
  return new AppError('not_found', {
    message: 'registration not found in the actor scope',
    userMessage: 'deals:errors.notFound',
  })
}

/**
 * Locks a registration the actor may change (`for update`), inside the caller's transaction.
 * Out of scope → not found; a fulfilling distributor sees it but may not change it → forbidden.
 */
export async function lockRegistrationForHolder(
  tx: Database,
  actor: RegistrationActor,
  registrationId: string,
): Promise<Registration> {
  if (!isUuid(registrationId)) throw registrationNotFound()
  const [row] = await tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.id, registrationId), visibleToActor(actor)))
    .for('update')
  if (!row) throw registrationNotFound()
  const holds =
    row.partnerId === actor.partnerId &&
    (actor.role === 'partner_admin' || row.createdById === actor.id)
  if (!holds) {
    throw new AppError('forbidden', {
      message: 'the fulfilling distributor may only read this registration',
      userMessage: 'deals:errors.readOnly',
    })
  }
  return row
}
