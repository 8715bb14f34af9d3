import { sql } from 'drizzle-orm'
import {
  bigint,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { createdAt, id, timestamps } from './columns'
import { partners, partnerTier } from './partners'
import { users } from './users'

/**
 * Channel contribution (DESIGN.md §4) and announcements (§5). The figures are sums over
 * registrations, conflicts and orders (ADR 0014), read from daily rollup tables that triggers keep
 * in the writing transaction (migration 0018, ADR 0018; SQL only, never written by the app). Only
 * what people set lives here: targets, the stage probabilities of the weighted forecast, and
 * announcements with their reads.
 */

export const targetPeriodKinds = ['quarter', 'year'] as const
export const targetPeriodKind = pgEnum('target_period_kind', targetPeriodKinds)

/**
 * A partner's revenue and registration target for one quarter or one year. `periodStart` is the
 * period's first calendar day (1 January, 1 April, 1 July or 1 October for quarters).
 */
export const partnerTargets = pgTable(
  'partner_targets',
  {
    id: id(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    periodKind: targetPeriodKind().notNull(),
    periodStart: date({ mode: 'string' }).notNull(),
    revenueTargetMinor: bigint({ mode: 'number' }).notNull().default(0),
    currency: char({ length: 3 }).notNull().default('CNY'),
    registrationsTarget: integer().notNull().default(0),
    updatedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('partner_targets_period_key').on(t.partnerId, t.periodKind, t.periodStart),
    index('partner_targets_period_idx').on(t.periodKind, t.periodStart),
    check('partner_targets_revenue_nonneg', sql`${t.revenueTargetMinor} >= 0`),
    check('partner_targets_registrations_nonneg', sql`${t.registrationsTarget} >= 0`),
    check('partner_targets_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      'partner_targets_period_start',
      sql`extract(day from ${t.periodStart}) = 1 and (
        (${t.periodKind} = 'quarter' and extract(month from ${t.periodStart}) in (1, 4, 7, 10))
        or (${t.periodKind} = 'year' and extract(month from ${t.periodStart}) = 1))`,
    ),
  ],
)

/**
 * How contribution is measured. Exactly one row (id = 1). Probabilities are basis points of the
 * estimated value counted in the weighted forecast for an open registration at that stage.
 */
export const contributionSettings = pgTable(
  'contribution_settings',
  {
    id: smallint().primaryKey().default(1),
    registeredProbabilityBps: integer().notNull().default(1000),
    qualifiedProbabilityBps: integer().notNull().default(2500),
    proposalProbabilityBps: integer().notNull().default(5000),
    negotiationProbabilityBps: integer().notNull().default(7500),
    /**
     * Credited revenue over the trailing twelve months a partner needs for each tier (what the
     * scorecard's "next tier" shows); in the reporting currency's minor units.
     */
    silverThresholdMinor: bigint({ mode: 'number' }).notNull().default(50_000_000),
    goldThresholdMinor: bigint({ mode: 'number' }).notNull().default(200_000_000),
    platinumThresholdMinor: bigint({ mode: 'number' }).notNull().default(500_000_000),
    /** Figures are summed in this currency; rows in another currency are left out (ADR 0014). */
    reportingCurrency: char({ length: 3 }).notNull().default('CNY'),
    updatedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    check('contribution_settings_single_row', sql`${t.id} = 1`),
    check(
      'contribution_settings_probabilities',
      sql`${t.registeredProbabilityBps} between 0 and 10000
        and ${t.qualifiedProbabilityBps} between 0 and 10000
        and ${t.proposalProbabilityBps} between 0 and 10000
        and ${t.negotiationProbabilityBps} between 0 and 10000`,
    ),
    check(
      'contribution_settings_tier_thresholds',
      sql`0 <= ${t.silverThresholdMinor} and ${t.silverThresholdMinor} <= ${t.goldThresholdMinor}
        and ${t.goldThresholdMinor} <= ${t.platinumThresholdMinor}`,
    ),
    check('contribution_settings_currency_format', sql`${t.reportingCurrency} ~ '^[A-Z]{3}$'`),
  ],
)

export const announcementKinds = ['campaign', 'training', 'news'] as const
export const announcementKind = pgEnum('announcement_kind', announcementKinds)

/** A link attached to an announcement (a brochure, a recording, a registration page). */
export type AnnouncementAttachment = { label: string; url: string }

/**
 * A campaign, training or news item for partners. Empty audience lists mean everyone; otherwise a
 * partner sees it when its tier is listed and one of its territory regions is listed. A draft
 * (publishedAt null) is seen only by vendor staff.
 */
export const announcements = pgTable(
  'announcements',
  {
    id: id(),
    title: text().notNull(),
    body: text().notNull().default(''),
    kind: announcementKind().notNull(),
    attachments: jsonb()
      .$type<AnnouncementAttachment[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    audienceTiers: partnerTier()
      .array()
      .notNull()
      .default(sql`'{}'`),
    audienceRegions: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    publishedAt: timestamp({ withTimezone: true }),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** When the title, text or attachments last changed: a read before it was of an earlier version. */
    contentRevisedAt: timestamp({ withTimezone: true }),
    /** The latest edit of any kind (text, kind or audience), and who made it. */
    lastEditedAt: timestamp({ withTimezone: true }),
    lastEditedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    index('announcements_published_idx')
      .on(t.publishedAt)
      .where(sql`${t.publishedAt} is not null`),
    check(
      'announcements_title',
      sql`btrim(${t.title}) <> '' and length(${t.title}) <= 200 and length(${t.body}) <= 20000`,
    ),
    check('announcements_attachments_array', sql`jsonb_typeof(${t.attachments}) = 'array'`),
  ],
)

/** Who opened which announcement, once per user; the partner is kept for per-partner receipts. */
export const announcementReads = pgTable(
  'announcement_reads',
  {
    announcementId: uuid()
      .notNull()
      .references(() => announcements.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    readAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.announcementId, t.userId] }),
    index('announcement_reads_partner_idx').on(t.partnerId, t.announcementId),
  ],
)

export type PartnerTarget = typeof partnerTargets.$inferSelect
export type NewPartnerTarget = typeof partnerTargets.$inferInsert
export type TargetPeriodKind = (typeof targetPeriodKinds)[number]
export type ContributionSettings = typeof contributionSettings.$inferSelect
export type Announcement = typeof announcements.$inferSelect
export type NewAnnouncement = typeof announcements.$inferInsert
export type AnnouncementKind = (typeof announcementKinds)[number]
export type AnnouncementRead = typeof announcementReads.$inferSelect
