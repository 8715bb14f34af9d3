import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  catalogSettings,
  categories,
  contractPrices,
  pricePolicies,
  products,
  stockLevels,
  tierDiscounts,
  volumeBreaks,
  warehouses,
  type CatalogSettings,
  type NewPricePolicy,
  type NewProduct,
} from '#db/schema/catalog'
import type { PartnerTier } from '#db/schema/partners'
import { createProductLine } from './deals'
import { uniqueSuffix } from './unique'

export async function createCategory(
  db: Database,
  overrides: Partial<typeof categories.$inferInsert> = {},
) {
  const suffix = uniqueSuffix()
  const [category] = await db
    .insert(categories)
    .values({
      code: `CAT-${suffix}`,
      nameEn: `Category ${suffix}`,
      nameZh: `类别 ${suffix}`,
      ...overrides,
    })
    .returning()
  return category!
}

export async function createWarehouse(
  db: Database,
  overrides: Partial<typeof warehouses.$inferInsert> = {},
) {
  const suffix = uniqueSuffix()
  const [warehouse] = await db
    .insert(warehouses)
    .values({
      code: `WH-${suffix}`,
      name: `Warehouse ${suffix}`,
      nameZh: `仓库 ${suffix}`,
      ...overrides,
    })
    .returning()
  return warehouse!
}

export type CreateProductOptions = Partial<Omit<NewProduct, 'id'>> & {
  /** Stock to put in a (new, unless given) warehouse: on hand, and optionally reserved. */
  stock?: { onHand: number; reserved?: number; warehouseId?: string; restockDate?: string | null }
}

/** An active product at ¥1,000.00 in a new product line and category, unless told otherwise. */
export async function createProduct(db: Database, options: CreateProductOptions = {}) {
  const { stock, ...overrides } = options
  const suffix = uniqueSuffix().toUpperCase()
  const productLineId = overrides.productLineId ?? (await createProductLine(db)).id
  const categoryId = overrides.categoryId ?? (await createCategory(db)).id
  const [product] = await db
    .insert(products)
    .values({
      sku: `SKU-${suffix}`,
      name: `Product ${suffix}`,
      listPriceMinor: 100_000,
      currency: 'CNY',
      ...overrides,
      productLineId,
      categoryId,
    })
    .returning()
  if (stock) {
    const warehouseId = stock.warehouseId ?? (await createWarehouse(db)).id
    await db.insert(stockLevels).values({
      productId: product!.id,
      warehouseId,
      onHand: stock.onHand,
      reserved: stock.reserved ?? 0,
      restockDate: stock.restockDate ?? null,
    })
  }
  return product!
}

export async function createTierDiscount(
  db: Database,
  values: {
    tier: PartnerTier
    productLineId: string
    discountBps: number
    validFrom?: string
    validTo?: string | null
    policyId?: string | null
  },
) {
  const [row] = await db
    .insert(tierDiscounts)
    .values({ validFrom: '2000-01-01', ...values })
    .returning()
  return row!
}

export async function createVolumeBreak(
  db: Database,
  values: Omit<typeof volumeBreaks.$inferInsert, 'id' | 'validFrom'> & { validFrom?: string },
) {
  const [row] = await db
    .insert(volumeBreaks)
    .values({ validFrom: '2000-01-01', ...values })
    .returning()
  return row!
}

export async function createContractPrice(
  db: Database,
  values: Omit<typeof contractPrices.$inferInsert, 'id' | 'currency' | 'validFrom'> & {
    currency?: string
    validFrom?: string
  },
) {
  const [row] = await db
    .insert(contractPrices)
    .values({ currency: 'CNY', validFrom: '2000-01-01', ...values })
    .returning()
  return row!
}

export async function createPricePolicy(
  db: Database,
  overrides: Partial<NewPricePolicy> & { effectiveFrom: string },
) {
  const [row] = await db
    .insert(pricePolicies)
    .values({
      title: `Price policy ${uniqueSuffix()}`,
      status: 'published',
      publishedAt: new Date(),
      ...overrides,
    })
    .returning()
  return row!
}

export async function updateCatalogSettings(db: Database, changes: Partial<CatalogSettings>) {
  await db.update(catalogSettings).set(changes).where(eq(catalogSettings.id, 1))
}
