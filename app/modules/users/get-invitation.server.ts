import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import { invitations } from '#db/schema/users'
import { hashToken } from '#app/modules/auth/tokens.server'
import type { Role } from '#app/utils/permissions'
import { invitationStatusOf } from './user-rules'

export type GetInvitationOptions = { token: string; now?: Date }

export type InvitationLookup =
  | {
      status: 'valid'
      invitationId: string
      email: string
      name: string
      role: Role
      /** The partner's name; null when the invitation is to the vendor's own staff. */
      organisation: string | null
      expiresAt: Date
    }
  | { status: 'expired' | 'used' | 'revoked' | 'unknown' }

// Tokens are 43 base64url characters; anything much longer is not one of ours.
const MAX_TOKEN_LENGTH = 200

/**
 * What an invitation link leads to. Only a valid link reveals who is invited and where; a link to
 * a partner that has been suspended since counts as withdrawn.
 */
export async function getInvitation(
  db: Database,
  options: GetInvitationOptions,
): Promise<InvitationLookup> {
  if (!options.token || options.token.length > MAX_TOKEN_LENGTH) return { status: 'unknown' }
  const [row] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      name: invitations.name,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      partnerName: partners.name,
      partnerStatus: partners.status,
    })
    .from(invitations)
    .leftJoin(partners, eq(partners.id, invitations.partnerId))
    .where(eq(invitations.tokenHash, hashToken(options.token)))
    .limit(1)
  const status = invitationStatusOf(row ?? null, options.now ?? new Date())
  if (status !== 'valid') return { status }
  if (!row) return { status: 'unknown' }
  if (row.partnerStatus === 'suspended') return { status: 'revoked' }
  return {
    status: 'valid',
    invitationId: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organisation: row.partnerName,
    expiresAt: row.expiresAt,
  }
}
