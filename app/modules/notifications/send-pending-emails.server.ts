import { and, asc, eq, lte, sql } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import type { Database } from '#db/client.server'
import { emailOutbox } from '#db/schema/outbox'

export type SendPendingEmailsOptions = {
  smtpUrl: string
  from: string
  batchSize?: number
  /** Injected in tests; defaults to a nodemailer SMTP transport. */
  transport?: {
    sendMail: (message: {
      from: string
      to: string
      subject: string
      text: string
    }) => Promise<unknown>
  }
}

const MAX_ATTEMPTS = 8

/**
 * Claims a batch of due e-mails (FOR UPDATE SKIP LOCKED, so parallel senders never take the same
 * row), sends each, and records the outcome. A failure is retried with exponential backoff and
 * marked failed after MAX_ATTEMPTS. Returns how many were sent.
 */
export async function sendPendingEmails(
  db: Database,
  options: SendPendingEmailsOptions,
): Promise<number> {
  const transport = options.transport ?? nodemailer.createTransport(options.smtpUrl)
  let sent = 0
  await db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, 'pending'), lte(emailOutbox.nextAttemptAt, sql`now()`)))
      .orderBy(asc(emailOutbox.id))
      .limit(options.batchSize ?? 20)
      .for('update', { skipLocked: true })
    for (const email of due) {
      try {
        await transport.sendMail({
          from: options.from,
          to: email.toEmail,
          subject: email.subject,
          text: email.bodyText,
        })
        await tx
          .update(emailOutbox)
          .set({
            status: 'sent',
            sentAt: new Date(),
            attempts: email.attempts + 1,
            lastError: null,
          })
          .where(eq(emailOutbox.id, email.id))
        sent++
      } catch (error) {
        const attempts = email.attempts + 1
        await tx
          .update(emailOutbox)
          .set({
            attempts,
            status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
            lastError: String(error instanceof Error ? error.message : error).slice(0, 1000),
            nextAttemptAt: sql`now() + make_interval(secs => ${Math.min(3600, 2 ** attempts * 15)})`,
          })
          .where(eq(emailOutbox.id, email.id))
      }
    }
  })
  return sent
}
