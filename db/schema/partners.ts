import { sql } from 'drizzle-orm'
import {
  bigint,
  char,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, timestamps } from './columns'
import { users } from './users'

export const partnerKinds = ['distributor', 'dealer', 'reseller'] as const
export const partnerTiers = ['platinum', 'gold', 'silver', 'registered'] as const
export const partnerStatuses = ['active', 'suspended'] as const

export const partnerKind = pgEnum('partner_kind', partnerKinds)
export const partnerTier = pgEnum('partner_tier', partnerTiers)
export const partnerStatus = pgEnum('partner_status', partnerStatuses)

export const regions = pgTable('regions', {
  code: text().primaryKey(),
  nameEn: text().notNull(),
  nameZh: text().notNull(),
})

export const partners = pgTable(
  'partners',
  {
    id: id(),
    /** Short human code shown in lists and on documents, e.g. "P-0007". */
    code: text().notNull(),
    name: text().notNull(),
    kind: partnerKind().notNull(),
    tier: partnerTier().notNull().default('registered'),
    status: partnerStatus().notNull().default('active'),
    creditLimitMinor: bigint({ mode: 'number' }).notNull().default(0),
    currency: char({ length: 3 }).notNull().default('CNY'),
    paymentTermsDays: integer().notNull().default(30),
    channelManagerId: uuid().references((): any => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('partners_code_key').on(t.code),
    uniqueIndex('partners_name_key').on(sql`lower(${t.name})`),
    index('partners_channel_manager_idx').on(t.channelManagerId),
    check('partners_credit_limit_nonneg', sql`${t.creditLimitMinor} >= 0`),
    check('partners_payment_terms_range', sql`${t.paymentTermsDays} between 0 and 365`),
    check('partners_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
)

/** A partner's territory: the regions it may register in, optionally narrowed to industries. */
export const partnerTerritories = pgTable(
  'partner_territories',
  {
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    industries: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.regionCode] })],
)

export type Partner = typeof partners.$inferSelect
export type NewPartner = typeof partners.$inferInsert
export type Region = typeof regions.$inferSelect
export type PartnerTerritory = typeof partnerTerritories.$inferSelect
export type PartnerKind = (typeof partnerKinds)[number]
export type PartnerTier = (typeof partnerTiers)[number]
