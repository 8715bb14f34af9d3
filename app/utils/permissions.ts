/**
 * Permission strings: `<action>:<entity>:<scope>`. `own` means "within the acting user's partner"
 * (or the user's own record), `any` means across all partners. The server enforces these in every
 * loader and action (app/modules/auth/require.server.ts); this file is also the client twin used
 * only to show or hide UI.
 */
export const roles = ['partner_user', 'partner_admin', 'channel_manager', 'admin'] as const
export type Role = (typeof roles)[number]

export const permissions = [
  'read:portal:own',
  'read:partner:own',
  'read:user:own',
  'manage:user:own',
  'read:audit:own',
  'read:admin:any',
  'read:partner:any',
  'manage:partner:any',
  'read:user:any',
  'manage:user:any',
  'manage:staff:any',
  'read:audit:any',
  'read:mailbox:any',
  'create:registration:own',
  'read:registration:own',
  'read:registration:any',
  'review:registration:any',
  'manage:settings:any',
  'read:catalog:own',
  'acknowledge:price_policy:own',
  'read:catalog:any',
  'manage:catalog:any',
  'manage:stock:any',
  'read:order:any',
  'manage:order:any',
  'read:pricing:any',
  'manage:pricing:any',
  'create:order:own',
  'read:order:own',
  'manage:address:own',
  'read:contribution:any',
  'read:contribution:own',
  'manage:targets:any',
  'manage:announcements:any',
  'read:announcements:own',
] as const
export type Permission = (typeof permissions)[number]

const partnerUser: Permission[] = [
  'read:portal:own',
  'read:partner:own',
  'create:registration:own',
  'read:registration:own',
  'read:catalog:own',
  'acknowledge:price_policy:own',
  'create:order:own',
  'read:order:own',
  'read:contribution:own',
  'read:announcements:own',
]
const partnerAdmin: Permission[] = [
  ...partnerUser,
  'read:user:own',
  'manage:user:own',
  'read:audit:own',
  'manage:address:own',
]
const channelManager: Permission[] = [
  'read:admin:any',
  'read:partner:any',
  'manage:partner:any',
  'read:user:any',
  'manage:user:any',
  'read:registration:any',
  'review:registration:any',
  'read:catalog:any',
  'read:order:any',
  'manage:order:any',
  'read:pricing:any',
  'read:contribution:any',
  'manage:targets:any',
  'manage:announcements:any',
]
const admin: Permission[] = [
  ...channelManager,
  'manage:staff:any',
  'read:audit:any',
  'read:mailbox:any',
  'manage:settings:any',
  'manage:catalog:any',
  'manage:stock:any',
  'manage:pricing:any',
]

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  partner_user: new Set(partnerUser),
  partner_admin: new Set(partnerAdmin),
  channel_manager: new Set(channelManager),
  admin: new Set(admin),
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission)
}

export function isVendorStaff(role: Role): boolean {
  return role === 'channel_manager' || role === 'admin'
}

export function isPartnerRole(role: Role): role is 'partner_user' | 'partner_admin' {
  return role === 'partner_user' || role === 'partner_admin'
}

/** Where a signed-in user lands. */
export function homePathFor(role: Role): string {
  return isVendorStaff(role) ? '/admin' : '/portal'
}
