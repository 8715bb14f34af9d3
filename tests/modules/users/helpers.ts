import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { emailOutbox } from '#db/schema/outbox'
import type { CurrentUser } from '#app/modules/auth/session.server'
import { createInvitation } from '#app/modules/users/create-invitation.server'
import type { Role } from '#app/utils/permissions'
import type { TestUser } from '#tests/factories/index'
import { uniqueSuffix } from '#tests/factories/index'

export const origin = 'https://portal.example.test'

/** The signed-in form of a factory user, as the guards hand it to module functions. */
export function actorOf(user: TestUser): CurrentUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    partnerId: user.partnerId,
    locale: user.locale,
    sessionId: 'test-session',
  }
}

export const freshEmail = () => `invitee-${uniqueSuffix()}@example.test`

/** Invites someone and returns the token read back from the outbox e-mail, as the invitee would. */
export async function inviteAndReadLink(
  db: Database,
  options: { actor: TestUser; role: Role; partnerId: string | null; email?: string; name?: string },
) {
  const email = options.email ?? freshEmail()
  const { invitationId } = await createInvitation(db, {
    actor: actorOf(options.actor),
    email,
    name: options.name ?? 'Invited Person',
    role: options.role,
    partnerId: options.partnerId,
    origin,
  })
  const token = await latestTokenFor(db, email)
  return { invitationId, email, token }
}

export async function latestTokenFor(db: Database, email: string): Promise<string> {
  const mails = await db
    .select({ bodyText: emailOutbox.bodyText })
    .from(emailOutbox)
    .where(eq(emailOutbox.toEmail, email))
    .orderBy(emailOutbox.id)
  const body = mails.at(-1)?.bodyText ?? ''
  const match = new RegExp(`${origin}/invite/([A-Za-z0-9_-]+)`).exec(body)
  if (!match) throw new Error(`No invitation link in the outbox for ${email}`)
  return match[1]
}

export function auditRowsFor(db: Database, entityType: string, entityId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
}
