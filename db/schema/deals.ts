import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { createdAt, id, timestamps } from './columns'
import { partners, regions } from './partners'
import { users } from './users'

export const registrationStatuses = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'won',
  'lost',
  'withdrawn',
] as const
export const registrationStages = [
  'registered',
  'qualified',
  'proposal',
  'negotiation',
  'won',
  'lost',
] as const
export const territoryPolicies = ['review', 'refuse', 'allow'] as const
/** The rule that decided a transition, refusal or conflict: shown in history ("explainable"). */
export const decisionRules = [
  'time_priority',
  'territory',
  'existing_customer',
  'manager_award',
  'manager_review',
  'auto_approve',
  'protection_expired',
  'review_sla',
  'holder_action',
  'extension_limit',
] as const

export const registrationStatus = pgEnum('registration_status', registrationStatuses)
export const registrationStage = pgEnum('registration_stage', registrationStages)
export const territoryPolicy = pgEnum('territory_policy', territoryPolicies)
export const decisionRule = pgEnum('decision_rule', decisionRules)
export const conflictStatus = pgEnum('conflict_status', ['open', 'resolved'])
export const conflictResolution = pgEnum('conflict_resolution', [
  'kept_holder',
  'awarded_to_submitter',
])
export const extensionStatus = pgEnum('extension_status', ['pending', 'approved', 'rejected'])
export const availabilityResult = pgEnum('availability_result', ['free', 'taken', 'own'])

export const productLines = pgTable(
  'product_lines',
  {
    id: id(),
    code: text().notNull(),
    nameEn: text().notNull(),
    nameZh: text().notNull(),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [uniqueIndex('product_lines_code_key').on(t.code)],
)

export const industries = pgTable('industries', {
  code: text().primaryKey(),
  nameEn: text().notNull(),
  nameZh: text().notNull(),
})

export const lossReasons = pgTable('loss_reasons', {
  code: text().primaryKey(),
  nameEn: text().notNull(),
  nameZh: text().notNull(),
  active: boolean().notNull().default(true),
  sortOrder: smallint().notNull().default(0),
})

/** The registration rules a vendor admin configures. Exactly one row (id = 1). */
export const dealSettings = pgTable(
  'deal_settings',
  {
    id: smallint().primaryKey().default(1),
    protectionDaysPlatinum: integer().notNull().default(120),
    protectionDaysGold: integer().notNull().default(90),
    protectionDaysSilver: integer().notNull().default(90),
    protectionDaysRegistered: integer().notNull().default(90),
    extensionMaxCount: integer().notNull().default(1),
    extensionDays: integer().notNull().default(30),
    expiryWarningDays: integer().notNull().default(14),
    reviewSlaHours: integer().notNull().default(72),
    territoryPolicy: territoryPolicy().notNull().default('review'),
    autoApproveEnabled: boolean().notNull().default(false),
    /** Inside its territory, a registration under this value is approved at once (when enabled). */
    autoApproveBelowMinor: bigint({ mode: 'number' }).notNull().default(0),
    autoApproveCurrency: char({ length: 3 }).notNull().default('CNY'),
    /** Extra discount on orders linked to the buyer's approved registration, in basis points. */
    dealDiscountBps: integer().notNull().default(500),
    /** Blind availability checks a partner user may make per hour. */
    availabilityChecksPerHour: integer().notNull().default(30),
    ...timestamps(),
  },
  (t) => [
    check('deal_settings_single_row', sql`${t.id} = 1`),
    check(
      'deal_settings_ranges',
      sql`${t.protectionDaysPlatinum} between 1 and 730 and ${t.protectionDaysGold} between 1 and 730
        and ${t.protectionDaysSilver} between 1 and 730 and ${t.protectionDaysRegistered} between 1 and 730
        and ${t.extensionMaxCount} between 0 and 10 and ${t.extensionDays} between 1 and 365
        and ${t.expiryWarningDays} between 0 and 90 and ${t.reviewSlaHours} between 1 and 720
        and ${t.autoApproveBelowMinor} >= 0 and ${t.dealDiscountBps} between 0 and 5000
        and ${t.availabilityChecksPerHour} between 1 and 10000`,
    ),
  ],
)

export const registrations = pgTable(
  'registrations',
  {
    id: id(),
    /** Human reference, e.g. "R-260001". */
    number: text().notNull(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id),
    createdById: uuid()
      .notNull()
      .references(() => users.id),
    /** A reseller's registration may name the distributor that fulfils it (two-tier deals). */
    fulfilmentPartnerId: uuid().references(() => partners.id),
    prospectName: text().notNull(),
    prospectTaxId: text(),
    prospectDomain: text(),
    /** The preferred key (tax, else domain, else name); every key is held in registration_locks. */
    prospectKey: text().notNull(),
    contactName: text(),
    contactEmail: text(),
    contactPhone: text(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    industry: text().references(() => industries.code),
    productLineId: uuid()
      .notNull()
      .references(() => productLines.id),
    estimatedValueMinor: bigint({ mode: 'number' }).notNull(),
    currency: char({ length: 3 }).notNull().default('CNY'),
    expectedCloseDate: date({ mode: 'string' }).notNull(),
    notes: text(),
    status: registrationStatus().notNull().default('pending'),
    stage: registrationStage().notNull().default('registered'),
    /** True when submitted outside the partner's territory (so it needed manual review). */
    outsideTerritory: boolean().notNull().default(false),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
    decidedById: uuid().references(() => users.id),
    protectionStartsAt: timestamp({ withTimezone: true }),
    protectionEndsAt: timestamp({ withTimezone: true }),
    extensionsUsed: integer().notNull().default(0),
    expiryWarnedAt: timestamp({ withTimezone: true }),
    escalatedAt: timestamp({ withTimezone: true }),
    wonAmountMinor: bigint({ mode: 'number' }),
    wonOn: date({ mode: 'string' }),
    lostReasonCode: text().references(() => lossReasons.code),
    closedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('registrations_number_key').on(t.number),
    index('registrations_partner_status_idx').on(t.partnerId, t.status, t.submittedAt),
    index('registrations_fulfilment_idx')
      .on(t.fulfilmentPartnerId)
      .where(sql`${t.fulfilmentPartnerId} is not null`),
    index('registrations_prospect_key_idx').on(t.prospectKey),
    index('registrations_pending_idx')
      .on(t.submittedAt)
      .where(sql`${t.status} = 'pending'`),
    index('registrations_protection_end_idx')
      .on(t.protectionEndsAt)
      .where(sql`${t.status} = 'approved'`),
    index('registrations_created_by_idx').on(t.createdById),
    check('registrations_value_nonneg', sql`${t.estimatedValueMinor} >= 0`),
    check(
      'registrations_won_amount_nonneg',
      sql`${t.wonAmountMinor} is null or ${t.wonAmountMinor} >= 0`,
    ),
    check('registrations_extensions_nonneg', sql`${t.extensionsUsed} >= 0`),
    check(
      'registrations_protection_when_approved',
      sql`${t.status} <> 'approved' or (${t.protectionStartsAt} is not null and ${t.protectionEndsAt} > ${t.protectionStartsAt})`,
    ),
    check(
      'registrations_won_has_amount',
      sql`${t.status} <> 'won' or (${t.wonAmountMinor} is not null and ${t.wonOn} is not null)`,
    ),
    check(
      'registrations_lost_has_reason',
      sql`${t.status} <> 'lost' or ${t.lostReasonCode} is not null`,
    ),
    check(
      'registrations_not_self_fulfilled',
      sql`${t.fulfilmentPartnerId} is distinct from ${t.partnerId}`,
    ),
  ],
)

/**
 * One row per prospect key of a registration (tax ID, domain, name). PostgreSQL's exclusion
 * constraint (migration 0002) makes overlapping active locks on the same key and product line
 * impossible: exactly one partner can hold an opportunity at any instant.
 */
export const registrationLocks = pgTable(
  'registration_locks',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    registrationId: uuid()
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    prospectKey: text().notNull(),
    productLineId: uuid().notNull(),
    partnerId: uuid().notNull(),
    lockedFrom: timestamp({ withTimezone: true }).notNull(),
    /** Null while pending review (held until decided); the protection end once approved. */
    lockedUntil: timestamp({ withTimezone: true }),
    active: boolean().notNull().default(true),
  },
  (t) => [
    index('registration_locks_registration_idx').on(t.registrationId),
    // All rows, not only active ones: "was this prospect ever won?" reads released locks too.
    index('registration_locks_key_idx').on(t.prospectKey, t.productLineId),
    check(
      'registration_locks_range',
      sql`${t.lockedUntil} is null or ${t.lockedUntil} > ${t.lockedFrom}`,
    ),
  ],
)

export const registrationEvents = pgTable(
  'registration_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    registrationId: uuid()
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    actorUserId: uuid().references(() => users.id),
    type: text().notNull(),
    fromStatus: registrationStatus(),
    toStatus: registrationStatus(),
    fromStage: registrationStage(),
    toStage: registrationStage(),
    rule: decisionRule(),
    reason: text(),
    details: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [index('registration_events_registration_idx').on(t.registrationId, t.createdAt)],
)

/** A refused submission for an opportunity someone else holds, kept for channel managers. */
export const registrationConflicts = pgTable(
  'registration_conflicts',
  {
    id: id(),
    productLineId: uuid()
      .notNull()
      .references(() => productLines.id),
    prospectKey: text().notNull(),
    prospectName: text().notNull(),
    submittedByPartnerId: uuid()
      .notNull()
      .references(() => partners.id),
    submittedById: uuid()
      .notNull()
      .references(() => users.id),
    /** The refused form as submitted (for the award decision). */
    submission: jsonb().notNull(),
    holderRegistrationId: uuid()
      .notNull()
      .references(() => registrations.id),
    rule: decisionRule().notNull(),
    status: conflictStatus().notNull().default('open'),
    resolution: conflictResolution(),
    resolvedById: uuid().references(() => users.id),
    resolvedAt: timestamp({ withTimezone: true }),
    resolutionReason: text(),
    /** The registration created for the submitter when the manager awarded it. */
    awardedRegistrationId: uuid().references(() => registrations.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('registration_conflicts_open_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'open'`),
    index('registration_conflicts_holder_idx').on(t.holderRegistrationId),
    index('registration_conflicts_submitter_idx').on(t.submittedByPartnerId, t.createdAt),
    index('registration_conflicts_key_idx').on(t.prospectKey),
  ],
)

export const registrationExtensions = pgTable(
  'registration_extensions',
  {
    id: id(),
    registrationId: uuid()
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    requestedById: uuid()
      .notNull()
      .references(() => users.id),
    progressNote: text().notNull(),
    days: integer().notNull(),
    status: extensionStatus().notNull().default('pending'),
    decidedById: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionReason: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('registration_extensions_registration_idx').on(t.registrationId),
    uniqueIndex('registration_extensions_one_pending')
      .on(t.registrationId)
      .where(sql`${t.status} = 'pending'`),
    check('registration_extensions_days', sql`${t.days} between 1 and 365`),
  ],
)

/** Every blind availability check (also the source of its rate limit). */
export const availabilityChecks = pgTable(
  'availability_checks',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id),
    query: text().notNull(),
    productLineId: uuid(),
    prospectKeys: text().array().notNull(),
    result: availabilityResult().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('availability_checks_user_idx').on(t.userId, t.createdAt)],
)

export type ProductLine = typeof productLines.$inferSelect
export type Registration = typeof registrations.$inferSelect
export type NewRegistration = typeof registrations.$inferInsert
export type RegistrationEvent = typeof registrationEvents.$inferSelect
export type RegistrationConflict = typeof registrationConflicts.$inferSelect
export type RegistrationExtension = typeof registrationExtensions.$inferSelect
export type DealSettings = typeof dealSettings.$inferSelect
export type RegistrationStatus = (typeof registrationStatuses)[number]
export type RegistrationStage = (typeof registrationStages)[number]
export type DecisionRule = (typeof decisionRules)[number]
export type TerritoryPolicy = (typeof territoryPolicies)[number]
