import type { Database } from '#db/client.server'
import type { CurrentUser } from '#app/modules/auth/session.server'
import { AppError } from '#app/utils/app-error'
import { isVendorStaff } from '#app/utils/permissions'
import { selectTeam, type Team } from './team-members.server'

export type FindStaffUsersOptions = { actor: CurrentUser }

/** The vendor's own staff (channel managers and admins) and their open invitations. */
export async function findStaffUsers(db: Database, options: FindStaffUsersOptions): Promise<Team> {
  if (!isVendorStaff(options.actor.role)) {
    throw new AppError('not_found', { userMessage: 'errors:notFound.title' })
  }
  return selectTeam(db, null)
}
