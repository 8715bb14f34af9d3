import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { invalidateUserSessions, type CurrentUser } from '#app/modules/auth/session.server'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { canManageUser, isInActorScope } from './user-rules'

export type SetUserStatusOptions = {
  actor: CurrentUser
  userId: string
  status: 'active' | 'disabled'
  ip?: string | null
}

export type SetUserStatusResult = {
  userId: string
  name: string
  status: 'active' | 'disabled'
  changed: boolean
}

/**
 * Disables or re-enables an account. A disabled user is signed out everywhere at once (their
 * sessions are deleted in the same transaction). Users outside the actor's scope are "not
 * found"; one's own account is refused so an organisation never locks out the person acting.
 */
export async function setUserStatus(
  db: Database,
  options: SetUserStatusOptions,
): Promise<SetUserStatusResult> {
  const { actor, userId, status } = options
  const load = async (tx: Database, lock: boolean) => {
    if (!isUuid(userId)) throw notFound()
    const query = tx
      .select({
        id: users.id,
        name: users.name,
        role: users.role,
        partnerId: users.partnerId,
        status: users.status,
      })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1)
    const [user] = lock ? await query.for('update') : await query
    if (!user || !isInActorScope(actor, user.partnerId)) throw notFound()
    if (!canManageUser(actor, user)) {
      throw new AppError('forbidden', {
        userMessage: user.id === actor.id ? 'users:errors.notYourself' : 'errors:forbidden.title',
      })
    }
    return user
  }

  const early = await load(db, false)
  if (early.status === status) return { userId, name: early.name, status, changed: false }

  return db.transaction(async (tx) => {
    const user = await load(tx, true)
    if (user.status === status) return { userId, name: user.name, status, changed: false }
    await tx.update(users).set({ status }).where(eq(users.id, user.id))
    if (status === 'disabled') await invalidateUserSessions(tx, user.id)
    await recordAudit(tx, {
      actor,
      action: status === 'disabled' ? 'user.disabled' : 'user.enabled',
      entityType: 'user',
      entityId: user.id,
      partnerId: user.partnerId,
      before: { status: user.status },
      after: { status },
      ip: options.ip,
    })
    return { userId, name: user.name, status, changed: true }
  })
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
