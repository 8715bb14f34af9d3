import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import type { CurrentUser } from '#app/modules/auth/session.server'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { isPartnerRole, isVendorStaff } from '#app/utils/permissions'
import { selectTeam, type Team } from './team-members.server'

export type FindPartnerUsersOptions = { actor: CurrentUser; partnerId: string }

/**
 * A partner's users and open invitations. Partner users may ask only about their own partner;
 * any other id is "not found", exactly like an id that does not exist.
 */
export async function findPartnerUsers(
  db: Database,
  options: FindPartnerUsersOptions,
): Promise<Team> {
  const { actor, partnerId } = options
  const allowed = isPartnerRole(actor.role)
    ? actor.partnerId !== null && partnerId === actor.partnerId
    : isVendorStaff(actor.role)
  if (!allowed || !isUuid(partnerId)) throw notFound()
  const [partner] = await db
    .select({ id: partners.id })
    .from(partners)
    .where(eq(partners.id, partnerId))
    .limit(1)
  if (!partner) throw notFound()
  return selectTeam(db, partnerId)
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
