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
import { productLines } from './deals'
import { partners, partnerTier } from './partners'
import { users } from './users'

export const availabilityDisplays = ['exact', 'banded'] as const
export const availabilityDisplay = pgEnum('availability_display', availabilityDisplays)
export const pricePolicyStatuses = ['draft', 'published', 'withdrawn'] as const
export const pricePolicyStatus = pgEnum('price_policy_status', pricePolicyStatuses)

export const categories = pgTable(
  'categories',
  {
    id: id(),
    code: text().notNull(),
    nameEn: text().notNull(),
    nameZh: text().notNull(),
    sortOrder: smallint().notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex('categories_code_key').on(t.code)],
)

export const products = pgTable(
  'products',
  {
    id: id(),
    /** Stored upper-cased and trimmed; unique. */
    sku: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    productLineId: uuid()
      .notNull()
      .references(() => productLines.id),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id),
    /** Unit of sale as shown to buyers, e.g. "pcs", "set", "m". */
    unit: text().notNull().default('pcs'),
    listPriceMinor: bigint({ mode: 'number' }).notNull(),
    currency: char({ length: 3 }).notNull().default('CNY'),
    active: boolean().notNull().default(true),
    /** An https:// URL or a path under /; null shows the product line's placeholder. */
    imageUrl: text(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('products_sku_key').on(t.sku),
    index('products_line_idx').on(t.productLineId),
    index('products_category_idx').on(t.categoryId),
    index('products_name_idx').on(t.name, t.id),
    // A partner's catalog filtered by line or category, in name order: a walk of one line's
    // active products instead of the whole catalog's names.
    index('products_active_line_name_idx')
      .on(t.productLineId, t.name, t.id)
      .where(sql`${t.active}`),
    index('products_active_category_name_idx')
      .on(t.categoryId, t.name, t.id)
      .where(sql`${t.active}`),
    index('products_sku_trgm_idx').using('gin', t.sku.op('gin_trgm_ops')),
    index('products_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    check('products_list_price_nonneg', sql`${t.listPriceMinor} >= 0`),
    check('products_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('products_sku_format', sql`${t.sku} = upper(btrim(${t.sku})) and ${t.sku} <> ''`),
  ],
)

/**
 * A published price policy: what changes, from which date, for whom. The price rows it introduces
 * (tier discounts, volume breaks, contract prices) point back to it with `policyId`.
 */
export const pricePolicies = pgTable(
  'price_policies',
  {
    id: id(),
    title: text().notNull(),
    body: text().notNull().default(''),
    /** Calendar date (Asia/Shanghai) from which the policy's prices apply. */
    effectiveFrom: date({ mode: 'string' }).notNull(),
    status: pricePolicyStatus().notNull().default('draft'),
    /** Tiers addressed; empty = every tier. */
    audienceTiers: partnerTier()
      .array()
      .notNull()
      .default(sql`'{}'`),
    /** Set for a policy addressed to one partner (its contract prices). */
    partnerId: uuid().references(() => partners.id),
    createdById: uuid().references(() => users.id),
    publishedAt: timestamp({ withTimezone: true }),
    publishedById: uuid().references(() => users.id),
    ...timestamps(),
  },
  (t) => [
    index('price_policies_effective_idx').on(t.status, t.effectiveFrom),
    index('price_policies_partner_idx').on(t.partnerId),
  ],
)

/** Who acknowledged which policy (one row per user; the partner is kept for the vendor's view). */
export const pricePolicyAcknowledgements = pgTable(
  'price_policy_acknowledgements',
  {
    policyId: uuid()
      .notNull()
      .references(() => pricePolicies.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id),
    acknowledgedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.policyId, t.userId] }),
    index('price_policy_acks_partner_idx').on(t.partnerId, t.policyId),
  ],
)

/**
 * Tier discount off list for a product line, valid on calendar dates [validFrom, validTo] (both
 * inclusive; validTo null = open-ended). Migration 0007 forbids two overlapping rows for one
 * (tier, product line).
 */
export const tierDiscounts = pgTable(
  'tier_discounts',
  {
    id: id(),
    tier: partnerTier().notNull(),
    productLineId: uuid()
      .notNull()
      .references(() => productLines.id),
    discountBps: integer().notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }),
    policyId: uuid().references(() => pricePolicies.id),
    ...timestamps(),
  },
  (t) => [
    index('tier_discounts_lookup_idx').on(t.tier, t.productLineId, t.validFrom),
    check('tier_discounts_bps', sql`${t.discountBps} between 0 and 10000`),
    check('tier_discounts_dates', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
)

/**
 * A volume break for a tier: on one SKU or a whole product line (exactly one), a unit price or a
 * discount off list (exactly one), from `minQuantity` units, valid on [validFrom, validTo].
 */
export const volumeBreaks = pgTable(
  'volume_breaks',
  {
    id: id(),
    tier: partnerTier().notNull(),
    productId: uuid().references(() => products.id, { onDelete: 'cascade' }),
    productLineId: uuid().references(() => productLines.id),
    minQuantity: integer().notNull(),
    priceMinor: bigint({ mode: 'number' }),
    currency: char({ length: 3 }),
    discountBps: integer(),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }),
    policyId: uuid().references(() => pricePolicies.id),
    ...timestamps(),
  },
  (t) => [
    index('volume_breaks_product_idx')
      .on(t.productId, t.tier)
      .where(sql`${t.productId} is not null`),
    index('volume_breaks_line_idx')
      .on(t.productLineId, t.tier)
      .where(sql`${t.productLineId} is not null`),
    check('volume_breaks_target', sql`(${t.productId} is null) <> (${t.productLineId} is null)`),
    check(
      'volume_breaks_amount',
      sql`(${t.priceMinor} is null) <> (${t.discountBps} is null)
        and (${t.priceMinor} is null or (${t.priceMinor} >= 0 and ${t.currency} is not null))
        and (${t.discountBps} is null or ${t.discountBps} between 0 and 10000)`,
    ),
    check('volume_breaks_min_quantity', sql`${t.minQuantity} >= 1`),
    check('volume_breaks_dates', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
)

/** A partner's agreed unit price for one SKU on [validFrom, validTo]; never overlapping (0007). */
export const contractPrices = pgTable(
  'contract_prices',
  {
    id: id(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    priceMinor: bigint({ mode: 'number' }).notNull(),
    currency: char({ length: 3 }).notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }),
    policyId: uuid().references(() => pricePolicies.id),
    note: text(),
    ...timestamps(),
  },
  (t) => [
    index('contract_prices_lookup_idx').on(t.partnerId, t.productId, t.validFrom),
    index('contract_prices_product_idx').on(t.productId),
    check('contract_prices_price_nonneg', sql`${t.priceMinor} >= 0`),
    check('contract_prices_dates', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
)

export const warehouses = pgTable(
  'warehouses',
  {
    id: id(),
    code: text().notNull(),
    name: text().notNull(),
    nameZh: text().notNull(),
    active: boolean().notNull().default(true),
    /** Reservations take stock from warehouses in this order (then by code). */
    sortOrder: smallint().notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex('warehouses_code_key').on(t.code)],
)

/** Stock of one SKU in one warehouse. available = on hand − reserved, never negative. */
export const stockLevels = pgTable(
  'stock_levels',
  {
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id),
    onHand: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
    /** Expected restock date when out (a calendar date), set by the vendor. */
    restockDate: date({ mode: 'string' }),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.warehouseId] }),
    index('stock_levels_warehouse_idx').on(t.warehouseId),
    check('stock_levels_on_hand_nonneg', sql`${t.onHand} >= 0`),
    check('stock_levels_reserved_nonneg', sql`${t.reserved} >= 0`),
    check('stock_levels_reserved_within_on_hand', sql`${t.reserved} <= ${t.onHand}`),
  ],
)

/**
 * Per-SKU totals over every warehouse, kept by a trigger on stock_levels (migration 0007) in the
 * same transaction as the change, so catalog pages filter and sort by availability with an index.
 */
export const productStock = pgTable(
  'product_stock',
  {
    productId: uuid()
      .primaryKey()
      .references(() => products.id, { onDelete: 'cascade' }),
    onHand: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
    available: integer().notNull().default(0),
    /** The earliest restock date among warehouses with nothing available. */
    restockDate: date({ mode: 'string' }),
  },
  (t) => [index('product_stock_available_idx').on(t.available)],
)

/**
 * A tier's net unit price of a product at one unit before contract prices (volume break at one
 * unit, else tier discount, else list), as time segments [validFrom, validTo] that cover every
 * date exactly once (the first starts at -infinity; validTo null = open-ended). Kept by triggers
 * on products, tier_discounts and volume_breaks in the same transaction as the change (migration
 * 0015), so the catalog sorts by net price with an index walk and only the partner's few
 * contract prices are merged in per request (ADR 0016). Never shown: prices on screen come from
 * the net-price join.
 */
export const catalogTierPrices = pgTable(
  'catalog_tier_prices',
  {
    tier: partnerTier().notNull(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }),
    unitNetMinor: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tier, t.productId, t.validFrom] }),
    index('catalog_tier_prices_sort_idx').on(t.tier, t.unitNetMinor, t.productId),
  ],
)

/** Every manual stock change, with its reason (orders reserve and ship through their own rows). */
export const stockAdjustments = pgTable(
  'stock_adjustments',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    warehouseId: uuid()
      .notNull()
      .references(() => warehouses.id),
    /** Change to on hand (positive = received, negative = written off). */
    delta: integer().notNull(),
    onHandAfter: integer().notNull(),
    reason: text().notNull(),
    actorUserId: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('stock_adjustments_product_idx').on(t.productId, t.createdAt)],
)

/** Catalog options a vendor admin sets. Exactly one row (id = 1). */
export const catalogSettings = pgTable(
  'catalog_settings',
  {
    id: smallint().primaryKey().default(1),
    availabilityDisplay: availabilityDisplay().notNull().default('exact'),
    /** Banded display: at or below this many units available reads "low stock". */
    lowStockThreshold: integer().notNull().default(10),
    ...timestamps(),
  },
  (t) => [
    check('catalog_settings_single_row', sql`${t.id} = 1`),
    check('catalog_settings_threshold', sql`${t.lowStockThreshold} between 0 and 1000000`),
  ],
)

export type Category = typeof categories.$inferSelect
export type Product = typeof products.$inferSelect
export type NewProduct = typeof products.$inferInsert
export type PricePolicy = typeof pricePolicies.$inferSelect
export type NewPricePolicy = typeof pricePolicies.$inferInsert
export type TierDiscountRow = typeof tierDiscounts.$inferSelect
export type VolumeBreakRow = typeof volumeBreaks.$inferSelect
export type ContractPriceRow = typeof contractPrices.$inferSelect
export type Warehouse = typeof warehouses.$inferSelect
export type StockLevel = typeof stockLevels.$inferSelect
export type CatalogSettings = typeof catalogSettings.$inferSelect
