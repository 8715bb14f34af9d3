import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { users } from '#db/schema/users'
import type { SupportedLocale } from '#app/utils/i18n'

export type UpdateUserLocaleOptions = { userId: string; locale: SupportedLocale }

/** Saves the user's UI language (a preference, not audited). */
export async function updateUserLocale(db: Database, options: UpdateUserLocaleOptions) {
  await db.update(users).set({ locale: options.locale }).where(eq(users.id, options.userId))
}
