import { redirect } from '@remix-run/node'
import type { Database } from '#db/client.server'
import { hasPermission, homePathFor, isPartnerRole, type Permission } from '#app/utils/permissions'
import { getCurrentUser, type CurrentUser } from './session.server'

export type PartnerActor = CurrentUser & {
  partnerId: string
  role: 'partner_user' | 'partner_admin'
}

export function forbidden(): never {
  throw new Response(null, { status: 403, statusText: 'Forbidden' })
}

export function notFound(): never {
  throw new Response(null, { status: 404, statusText: 'Not Found' })
}

/** The signed-in user, or a redirect to sign-in that comes back here afterwards. */
export async function requireUser(db: Database, request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(db, request)
  if (!user) {
    const url = new URL(request.url)
    const back = url.pathname + url.search
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
  }
  return user
}

export async function requirePermission(
  db: Database,
  request: Request,
  permission: Permission,
): Promise<CurrentUser> {
  const user = await requireUser(db, request)
  if (!hasPermission(user.role, permission)) forbidden()
  return user
}

/** A partner user or partner admin acting for their own partner. */
export async function requirePartnerUser(
  db: Database,
  request: Request,
  permission: Permission = 'read:portal:own',
): Promise<PartnerActor> {
  const user = await requirePermission(db, request, permission)
  if (!isPartnerRole(user.role) || !user.partnerId) forbidden()
  return user as PartnerActor
}

export async function requireAnonymous(db: Database, request: Request): Promise<void> {
  const user = await getCurrentUser(db, request)
  if (user) throw redirect(homePathFor(user.role))
}
