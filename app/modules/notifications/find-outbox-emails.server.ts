import { count, desc, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { emailOutbox } from '#db/schema/outbox'
import { mailboxPageSize, type OutboxStatusName } from './mailbox-rules'

export type FindOutboxEmailsOptions = {
  status?: OutboxStatusName
  /** 1-based; a page past the end gives the last page. */
  page?: number
  pageSize?: number
}

export type OutboxEmailSummary = {
  id: number
  toEmail: string
  subject: string
  template: string
  locale: string
  status: OutboxStatusName
  attempts: number
  createdAt: Date
  sentAt: Date | null
}

export type OutboxEmailPage = {
  emails: OutboxEmailSummary[]
  total: number
  page: number
  pageSize: number
  pageCount: number
  /** E-mails by status over the whole outbox, for the filter tabs. */
  counts: Record<OutboxStatusName, number>
}

/** The e-mail outbox as an inbox (vendor admins only): newest first, one page, with totals. */
export async function findOutboxEmails(
  db: Database,
  options: FindOutboxEmailsOptions = {},
): Promise<OutboxEmailPage> {
  const pageSize = options.pageSize ?? mailboxPageSize
  const byStatus = await db
    .select({ status: emailOutbox.status, total: count() })
    .from(emailOutbox)
    .groupBy(emailOutbox.status)
  const counts: Record<OutboxStatusName, number> = { pending: 0, sent: 0, failed: 0 }
  for (const row of byStatus) counts[row.status] = row.total
  const total = options.status
    ? counts[options.status]
    : counts.pending + counts.sent + counts.failed
  const pageCount = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pageCount)

  const emails = await db
    .select({
      id: emailOutbox.id,
      toEmail: emailOutbox.toEmail,
      subject: emailOutbox.subject,
      template: emailOutbox.template,
      locale: emailOutbox.locale,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      createdAt: emailOutbox.createdAt,
      sentAt: emailOutbox.sentAt,
    })
    .from(emailOutbox)
    .where(options.status ? eq(emailOutbox.status, options.status) : undefined)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)

  return { emails, total, page, pageSize, pageCount, counts }
}
