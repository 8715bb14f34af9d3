// lucia 3 is no longer maintained upstream; it is used only inside app/modules/auth so that it
// can be replaced without touching routes (see docs/decisions/0002-sessions-with-lucia.md).
import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle'
import { Lucia, TimeSpan } from 'lucia'
import type { Database } from '#db/client.server'
import { sessions, users } from '#db/schema/users'
import type { Role } from '#app/utils/permissions'
import { getEnv } from '#app/utils/env.server'

export const SESSION_COOKIE_NAME = 'cp_session'

function createLucia(db: Database) {
  return new Lucia(new DrizzlePostgreSQLAdapter(db, sessions as never, users as never), {
    sessionExpiresIn: new TimeSpan(30, 'd'),
    sessionCookie: {
      name: SESSION_COOKIE_NAME,
      expires: false,
      attributes: { secure: getEnv().secureCookies, sameSite: 'lax' },
    },
    getUserAttributes: (row) => ({
      email: row.email,
      name: row.name,
      role: row.role,
      partnerId: row.partnerId,
      status: row.status,
      locale: row.locale,
    }),
    getSessionAttributes: (row) => ({ ip: row.ip, userAgent: row.userAgent }),
  })
}

type PortalLucia = ReturnType<typeof createLucia>

declare module 'lucia' {
  interface Register {
    Lucia: PortalLucia
    DatabaseUserAttributes: {
      email: string
      name: string
      role: Role
      partner_id?: never
      partnerId: string | null
      status: 'active' | 'disabled'
      locale: string | null
    }
    DatabaseSessionAttributes: { ip: string | null; userAgent: string | null }
  }
}

const instances = new WeakMap<object, PortalLucia>()

export function getLucia(db: Database): PortalLucia {
  let lucia = instances.get(db)
  if (!lucia) {
    lucia = createLucia(db)
    instances.set(db, lucia)
  }
  return lucia
}
