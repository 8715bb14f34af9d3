import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { invitations, users } from '#db/schema/users'
import type { Role } from '#app/utils/permissions'
import { pendingStatusOf } from './user-rules'

export type TeamMember = {
  id: string
  name: string
  email: string
  role: Role
  status: 'active' | 'disabled'
  lastLoginAt: Date | null
  createdAt: Date
}

export type TeamInvitation = {
  id: string
  email: string
  name: string
  role: Role
  expiresAt: Date
  createdAt: Date
  status: 'pending' | 'expired'
}

export type Team = { users: TeamMember[]; invitations: TeamInvitation[] }

/**
 * The users and open (neither accepted nor revoked) invitations of one organisation: a partner,
 * or the vendor's staff when partnerId is null. Not scoped: callers (findPartnerUsers,
 * findStaffUsers) check the actor first.
 */
export async function selectTeam(db: Database, partnerId: string | null): Promise<Team> {
  const ofUsers = partnerId === null ? isNull(users.partnerId) : eq(users.partnerId, partnerId)
  const ofInvitations =
    partnerId === null ? isNull(invitations.partnerId) : eq(invitations.partnerId, partnerId)
  const [members, open] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: users.role,
        status: users.status,
        lastLoginAt: users.lastLoginAt,
        createdAt: users.createdAt,
      })
      .from(users)
      .where(ofUsers)
      // Active first, then by name: the people an admin looks for.
      .orderBy(sql`${users.status} = 'disabled'`, asc(sql`lower(${users.name})`), asc(users.email)),
    db
      .select({
        id: invitations.id,
        email: invitations.email,
        name: invitations.name,
        role: invitations.role,
        expiresAt: invitations.expiresAt,
        createdAt: invitations.createdAt,
      })
      .from(invitations)
      .where(and(ofInvitations, isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .orderBy(desc(invitations.createdAt))
      .limit(200),
  ])
  const now = new Date()
  return {
    users: members,
    invitations: open.map((i) => ({ ...i, status: pendingStatusOf(i.expiresAt, now) })),
  }
}
