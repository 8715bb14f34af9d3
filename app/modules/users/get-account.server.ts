import { and, count, eq, gt } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import { sessions, users } from '#db/schema/users'
import type { CurrentUser } from '#app/modules/auth/session.server'
import { AppError } from '#app/utils/app-error'
import { matchLocale, type SupportedLocale } from '#app/utils/i18n'
import type { Role } from '#app/utils/permissions'

export type GetAccountOptions = { actor: CurrentUser; now?: Date }

export type Account = {
  id: string
  name: string
  email: string
  role: Role
  /** null: follows the browser. */
  locale: SupportedLocale | null
  /** The partner's name for partner users; null for vendor staff. */
  partnerName: string | null
  passwordChangedAt: Date | null
  /** Unexpired sessions, this one included. */
  activeSessions: number
}

/** The signed-in user's own account, for the account page. */
export async function getAccount(db: Database, options: GetAccountOptions): Promise<Account> {
  const now = options.now ?? new Date()
  const [[row], [sessionCount]] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: users.role,
        locale: users.locale,
        partnerName: partners.name,
        passwordChangedAt: users.passwordChangedAt,
      })
      .from(users)
      .leftJoin(partners, eq(partners.id, users.partnerId))
      .where(eq(users.id, options.actor.id))
      .limit(1),
    db
      .select({ value: count() })
      .from(sessions)
      .where(and(eq(sessions.userId, options.actor.id), gt(sessions.expiresAt, now))),
  ])
  if (!row) throw new AppError('not_found', { userMessage: 'errors:notFound.title' })
  return {
    ...row,
    locale: matchLocale(row.locale),
    activeSessions: sessionCount?.value ?? 0,
  }
}
