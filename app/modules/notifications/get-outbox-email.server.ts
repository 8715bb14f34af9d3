import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { emailOutbox, type OutboxEmail } from '#db/schema/outbox'
import { AppError } from '#app/utils/app-error'

export type GetOutboxEmailOptions = { emailId: string }

/** One outbox e-mail by id, or not-found (also for ids that are not positive integers). */
export async function getOutboxEmail(
  db: Database,
  options: GetOutboxEmailOptions,
): Promise<OutboxEmail> {
  const id = /^[1-9]\d{0,15}$/.test(options.emailId) ? Number(options.emailId) : undefined
  const email =
    id !== undefined && Number.isSafeInteger(id)
      ? (await db.select().from(emailOutbox).where(eq(emailOutbox.id, id)).limit(1))[0]
      : undefined
  if (!email) throw new AppError('not_found', { userMessage: 'errors:notFound.title' })
  return email
}
