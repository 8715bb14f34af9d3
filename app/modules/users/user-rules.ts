import { z } from 'zod'
import { EmailField, NewPasswordField } from '#app/modules/auth/auth-rules'
import { isPartnerRole, roles, type Role } from '#app/utils/permissions'

/**
 * Who may invite, disable, enable and revoke whom. Pure, so the UI can hide what the server would
 * refuse; the modules enforce the same functions and filter by them in SQL.
 *
 * - partner admin: users and invitations of its own partner (partner roles only), never itself;
 * - channel manager: partner users and invitations of any partner, never vendor staff;
 * - admin: the same plus vendor staff (channel managers and admins), never itself.
 */

export const partnerRoles = ['partner_user', 'partner_admin'] as const
export const staffRoles = ['channel_manager', 'admin'] as const

export type UserActor = { id: string; role: Role; partnerId: string | null }
/** Whom an action is about: a user, or an invitation (which has no id of a user yet). */
export type UserTarget = { id?: string; role: Role; partnerId: string | null }

/** True when the role belongs to the organisation `partnerId` (null: the vendor). */
export function roleFitsOrganisation(role: Role, partnerId: string | null): boolean {
  return isPartnerRole(role) ? partnerId !== null : partnerId === null
}

/**
 * Whether the actor can see and manage the organisation at all: a partner admin only its own
 * partner; vendor staff any partner; only an admin the vendor's own staff (partnerId null).
 * Outside this scope a row is "not found", never "forbidden".
 */
export function isInActorScope(actor: UserActor, partnerId: string | null): boolean {
  if (actor.role === 'partner_admin') return partnerId !== null && partnerId === actor.partnerId
  if (actor.role === 'channel_manager') return partnerId !== null
  if (actor.role === 'admin') return true
  return false
}

/** The roles the actor may hand out in that organisation (empty: it may not invite there). */
export function invitableRoles(actor: UserActor, partnerId: string | null): Role[] {
  if (!isInActorScope(actor, partnerId)) return []
  return partnerId === null ? [...staffRoles] : [...partnerRoles]
}

export function canInvite(
  actor: UserActor,
  target: { role: Role; partnerId: string | null },
): boolean {
  return (
    roleFitsOrganisation(target.role, target.partnerId) &&
    invitableRoles(actor, target.partnerId).includes(target.role)
  )
}

/** Disable or enable a user: within scope, and never one's own account. */
export function canManageUser(actor: UserActor, target: UserTarget & { id: string }): boolean {
  return target.id !== actor.id && canManageInScope(actor, target)
}

/** Revoke an invitation: the same scope as inviting. */
export function canRevokeInvitation(actor: UserActor, invitation: UserTarget): boolean {
  return canManageInScope(actor, invitation)
}

function canManageInScope(actor: UserActor, target: UserTarget): boolean {
  if (!isInActorScope(actor, target.partnerId)) return false
  // A staff role is never tied to a partner and vice versa (the database checks it too), so the
  // scope above already keeps channel managers away from vendor staff.
  return roleFitsOrganisation(target.role, target.partnerId)
}

export type InvitationStatus = 'valid' | 'expired' | 'used' | 'revoked' | 'unknown'

/** The state of an invitation link at `now`; a used link stays used even after its expiry. */
export function invitationStatusOf(
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | null,
  now: Date,
): InvitationStatus {
  if (!invitation) return 'unknown'
  if (invitation.acceptedAt) return 'used'
  if (invitation.revokedAt) return 'revoked'
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired'
  return 'valid'
}

const NameField = z
  .string({ error: 'validation:required' })
  .trim()
  .min(1, 'validation:required')
  .max(120, 'validation:tooLong')

export const InviteUserForm = z.object({
  email: EmailField,
  name: NameField,
  role: z.enum(roles, { error: 'validation:invalidChoice' }),
})
export type InviteUserInput = z.infer<typeof InviteUserForm>

export const AcceptInvitationForm = z
  .object({ name: NameField, password: NewPasswordField, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, {
    message: 'validation:passwordMismatch',
    path: ['confirmPassword'],
  })

/** The `intent` values of the team forms (the portal team page, staff page, partner detail page). */
export const userIntents = {
  invite: 'invite-user',
  setStatus: 'set-user-status',
  revokeInvitation: 'revoke-invitation',
} as const

export const SetUserStatusForm = z.object({
  userId: z.string().min(1, 'validation:required').max(100, 'validation:tooLong'),
  status: z.enum(['active', 'disabled'], { error: 'validation:invalidChoice' }),
})

export const RevokeInvitationForm = z.object({
  invitationId: z.string().min(1, 'validation:required').max(100, 'validation:tooLong'),
})

/** Pending invitations show in the team list; expired ones too, so the admin can invite again. */
export function pendingStatusOf(expiresAt: Date, now: Date): 'pending' | 'expired' {
  return expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending'
}
