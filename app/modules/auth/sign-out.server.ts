import type { Database } from '#db/client.server'
import { blankSessionCookie, getCurrentUser, invalidateSession } from './session.server'

/** Ends this browser's session; returns the Set-Cookie that clears it. */
export async function signOut(db: Database, request: Request): Promise<string> {
  const user = await getCurrentUser(db, request)
  if (user) await invalidateSession(db, user.sessionId)
  return blankSessionCookie(db)
}
