import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import type { CurrentUser } from '#app/modules/auth/session.server'
import { AppError } from '#app/utils/app-error'
import type { SupportedLocale } from '#app/utils/i18n'

export type UpdateProfileOptions = {
  actor: CurrentUser
  name: string
  /** null: follow the browser's language. */
  locale: SupportedLocale | null
  ip?: string | null
}

export type UpdateProfileResult = { name: string; locale: SupportedLocale | null; changed: boolean }

/** The signed-in user edits their own name and language; audited when something changed. */
export async function updateProfile(
  db: Database,
  options: UpdateProfileOptions,
): Promise<UpdateProfileResult> {
  const { actor } = options
  const name = options.name.trim()
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: users.name, locale: users.locale })
      .from(users)
      .where(eq(users.id, actor.id))
      .for('update')
    if (!before) throw new AppError('not_found', { userMessage: 'errors:notFound.title' })
    const after = { name, locale: options.locale }
    if (before.name === after.name && before.locale === after.locale) {
      return { ...after, changed: false }
    }
    await tx.update(users).set(after).where(eq(users.id, actor.id))
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: 'user.updated',
      entityType: 'user',
      entityId: actor.id,
      partnerId: actor.partnerId,
      before,
      after,
      ip: options.ip,
    })
    return { ...after, changed: true }
  })
}
