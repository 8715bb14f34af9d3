import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  index,
  inet,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { createdAt, id, timestamps } from './columns'
import { partners } from './partners'

export const roles = ['partner_user', 'partner_admin', 'channel_manager', 'admin'] as const
export const userStatuses = ['active', 'disabled'] as const
export const locales = ['en', 'zh-CN'] as const

export const userRole = pgEnum('user_role', roles)
export const userStatus = pgEnum('user_status', userStatuses)

export const users = pgTable(
  'users',
  {
    id: id(),
    /** Always stored lower-cased and trimmed; unique. */
    email: text().notNull(),
    name: text().notNull(),
    role: userRole().notNull(),
    partnerId: uuid().references((): any => partners.id, { onDelete: 'restrict' }),
    status: userStatus().notNull().default('active'),
    /** Preferred UI locale; null means "follow the browser". */
    locale: text(),
    passwordHash: text(),
    passwordChangedAt: timestamp({ withTimezone: true }),
    lastLoginAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    index('users_partner_idx').on(t.partnerId),
    check(
      'users_partner_matches_role',
      sql`(${t.role} in ('partner_user','partner_admin')) = (${t.partnerId} is not null)`,
    ),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
    check('users_locale_known', sql`${t.locale} is null or ${t.locale} in ('en','zh-CN')`),
  ],
)

export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
)

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    /** SHA-256 of the token in the link; the token itself is never stored. */
    tokenHash: text().notNull(),
    email: text().notNull(),
    name: text().notNull(),
    role: userRole().notNull(),
    partnerId: uuid().references(() => partners.id, { onDelete: 'cascade' }),
    invitedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    index('invitations_partner_idx').on(t.partnerId),
    index('invitations_email_idx').on(t.email),
  ],
)

export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('password_reset_tokens_user_idx').on(t.userId)],
)

/** Every sign-in attempt, kept in the database so throttling holds across app servers. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: id(),
    email: text().notNull(),
    ip: inet(),
    succeeded: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('login_attempts_email_idx').on(t.email, t.createdAt),
    index('login_attempts_ip_idx').on(t.ip, t.createdAt),
  ],
)

export type User = typeof users.$inferSelect
export type NewUser = typeof users.$inferInsert
export type Role = (typeof roles)[number]
export type Locale = (typeof locales)[number]
export type Invitation = typeof invitations.$inferSelect
export type Session = typeof sessions.$inferSelect
