import type { Database } from '#db/client.server'
import type { Role } from '#app/utils/permissions'
import { getLucia } from './lucia.server'

export type CurrentUser = {
  id: string
  email: string
  name: string
  role: Role
  partnerId: string | null
  locale: string | null
  sessionId: string
}

const perRequest = new WeakMap<Request, Promise<CurrentUser | null>>()

function readSessionId(db: Database, request: Request): string | null {
  return getLucia(db).readSessionCookie(request.headers.get('cookie') ?? '')
}

/** The signed-in user of this request, or null. Looked up once per request. */
export function getCurrentUser(db: Database, request: Request): Promise<CurrentUser | null> {
  let pending = perRequest.get(request)
  if (!pending) {
    pending = lookUp(db, request)
    perRequest.set(request, pending)
  }
  return pending
}

async function lookUp(db: Database, request: Request): Promise<CurrentUser | null> {
  const sessionId = readSessionId(db, request)
  if (!sessionId) return null
  const { session, user } = await getLucia(db).validateSession(sessionId)
  if (!session || !user || user.status !== 'active') return null
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    partnerId: user.partnerId,
    locale: user.locale,
    sessionId: session.id,
  }
}

/** Set-Cookie value that starts a new session for the user (a fresh id: rotation at sign-in). */
export async function createSessionCookie(
  db: Database,
  userId: string,
  meta: { ip?: string | null; userAgent?: string | null } = {},
): Promise<string> {
  const lucia = getLucia(db)
  const session = await lucia.createSession(userId, {
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 400) ?? null,
  })
  return lucia.createSessionCookie(session.id).serialize()
}

export function blankSessionCookie(db: Database): string {
  return getLucia(db).createBlankSessionCookie().serialize()
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await getLucia(db).invalidateSession(sessionId)
}

export async function invalidateUserSessions(db: Database, userId: string): Promise<void> {
  await getLucia(db).invalidateUserSessions(userId)
}
