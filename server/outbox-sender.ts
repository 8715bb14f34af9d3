import type { Database } from '#db/client.server'
import type { Env } from '#app/utils/env.server'
import { sendPendingEmails } from '#app/modules/notifications/send-pending-emails.server'

/**
 * Delivers queued e-mails through SMTP every few seconds. Without SMTP_URL nothing is sent: the
 * e-mails stay readable in the admin mailbox. Safe with several app servers (rows are claimed with
 * SKIP LOCKED).
 */
export function startOutboxSender(db: Database, env: Env): { stop: () => Promise<void> } {
  if (!env.SMTP_URL) return { stop: async () => {} }
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const timer = setInterval(() => {
    running = running
      .then(() =>
        stopped ? 0 : sendPendingEmails(db, { smtpUrl: env.SMTP_URL!, from: env.MAIL_FROM }),
      )
      .catch((error: unknown) => console.error('Outbox sender failed:', error))
  }, 3000)
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
