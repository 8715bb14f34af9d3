import { and, eq, ne } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { sessions } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import type { CurrentUser } from './session.server'

export type SignOutOtherSessionsOptions = { actor: CurrentUser; ip?: string | null }

/** Ends every session of the user except the one making the request; returns how many ended. */
export async function signOutOtherSessions(
  db: Database,
  options: SignOutOtherSessionsOptions,
): Promise<number> {
  const { actor } = options
  return db.transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, actor.id), ne(sessions.id, actor.sessionId)))
      .returning({ id: sessions.id })
    if (ended.length > 0) {
      await recordAudit(tx, {
        actor: { id: actor.id, email: actor.email },
        action: 'user.sessions_revoked',
        entityType: 'user',
        entityId: actor.id,
        partnerId: actor.partnerId,
        after: { sessionsEnded: ended.length },
        ip: options.ip,
      })
    }
    return ended.length
  })
}
