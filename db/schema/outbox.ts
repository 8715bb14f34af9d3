import { sql } from 'drizzle-orm'
import {
  bigserial,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'
import { createdAt } from './columns'

export const outboxStatus = pgEnum('outbox_status', ['pending', 'sent', 'failed'])

/** E-mail written in the same transaction as the change that caused it; a sender loop delivers it. */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    toEmail: text().notNull(),
    subject: text().notNull(),
    bodyText: text().notNull(),
    bodyHtml: text(),
    template: text().notNull(),
    locale: text().notNull().default('en'),
    status: outboxStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('email_outbox_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('email_outbox_created_idx').on(t.createdAt),
    check('email_outbox_attempts_nonneg', sql`${t.attempts} >= 0`),
  ],
)

export type OutboxEmail = typeof emailOutbox.$inferSelect
export type NewOutboxEmail = typeof emailOutbox.$inferInsert
