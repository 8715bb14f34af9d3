/**
 * The ordering benchmarks' own database: recreated, migrated with the project's migrations, then
 * filled with on-account buyers (one partner each, so their checkouts never queue on one partner
 * row), a catalog with deep stock in two warehouses, and the "hot" SKU with few units that buyers
 * race for. Rows go in through the test factories: the same rows the module tests build on.
 */
import { eq } from 'drizzle-orm'
import postgres from 'postgres'
import { openDatabase, type Database, type DatabaseConnection } from '#db/client.server'
import { products, stockLevels } from '#db/schema/catalog'
import type { PlaceOrderActor } from '#app/modules/orders/place-order.server'
import {
  createBuyer,
  createCategory,
  createProduct,
  createProductLine,
  createTierDiscount,
  createWarehouse,
  defaultPassword,
} from '#tests/factories/index'

/** Where a benchmark's database is dropped and created: its name must say "bench". */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl)
  const name = decodeURIComponent(url.pathname.slice(1))
  if (!/bench/i.test(name)) {
    throw new Error(`Refusing to drop "${name}": the bench database name must contain "bench".`)
  }
  url.pathname = '/postgres'
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`)
    await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`)
  } finally {
    await admin.end({ timeout: 5 })
  }
}

export const databaseNameOf = (databaseUrl: string) =>
  decodeURIComponent(new URL(databaseUrl).pathname.slice(1))

export type BenchBuyer = {
  actor: PlaceOrderActor
  /** Signs in with BUYER_PASSWORD. */
  email: string
  addressId: string
  creditLimitMinor: number
}

export type BenchProduct = { id: string; sku: string }

export type OrdersFixture = {
  buyers: BenchBuyer[]
  products: BenchProduct[]
  /** The SKU with `hotUnits` units over two warehouses, which many buyers try to order at once. */
  hot: BenchProduct & { units: number }
  warehouseIds: string[]
}

export const BUYER_PASSWORD = defaultPassword

export type SeedOrdersOptions = {
  buyers: number
  products: number
  hotUnits: number
  /** On hand per product and warehouse: deep enough that the load never runs a SKU out. */
  onHand?: number
  /** Per partner; large enough that no bench order goes to credit hold unless told otherwise. */
  creditLimitMinor?: number
}

/**
 * Creates the database and its rows, then VACUUM ANALYZE (autovacuum is off on the bench
 * server, and the planner must see the real row counts) and a CHECKPOINT, so that the first
 * measured phase does not pay for the load's checkpoint (its writes, and the full-page images
 * every first change of a page after it puts in the WAL).
 */
export async function seedOrdersDatabase(
  databaseUrl: string,
  options: SeedOrdersOptions,
): Promise<OrdersFixture> {
  await recreateDatabase(databaseUrl)
  const connection: DatabaseConnection = await openDatabase({ url: databaseUrl, poolMax: 4 })
  try {
    await connection.migrate()
    const fixture = await seedRows(connection.db, options)
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
    try {
      await sql`vacuum analyze`
      await sql`checkpoint`
    } finally {
      await sql.end({ timeout: 5 })
    }
    return fixture
  } finally {
    await connection.close()
  }
}

async function seedRows(db: Database, options: SeedOrdersOptions): Promise<OrdersFixture> {
  const onHand = options.onHand ?? 1_000_000
  const creditLimitMinor = options.creditLimitMinor ?? 1_000_000_000_000
  const north = await createWarehouse(db, { code: 'WH-BENCH-N', sortOrder: 1 })
  const south = await createWarehouse(db, { code: 'WH-BENCH-S', sortOrder: 2 })
  const line = await createProductLine(db, { code: 'PL-BENCH' })
  const category = await createCategory(db, { code: 'CAT-BENCH' })
  // Registered-tier partners get 12 % off the line: every line is priced by a rule, not at list.
  await createTierDiscount(db, { tier: 'registered', productLineId: line.id, discountBps: 1200 })

  const catalog: BenchProduct[] = []
  for (let n = 1; n <= options.products; n++) {
    const sku = `BENCH-${String(n).padStart(5, '0')}`
    const product = await createProduct(db, {
      sku,
      name: `Bench product ${n}`,
      listPriceMinor: 10_000 + (n % 97) * 1_000,
      productLineId: line.id,
      categoryId: category.id,
      stock: { onHand, warehouseId: north.id },
    })
    await db.insert(stockLevels).values({ productId: product.id, warehouseId: south.id, onHand })
    catalog.push({ id: product.id, sku })
  }

  // The hot SKU: its units split over both warehouses, so a reservation may take from either.
  const hotNorth = Math.ceil(options.hotUnits / 2)
  const hotProduct = await createProduct(db, {
    sku: 'BENCH-HOT',
    name: 'Bench hot product',
    listPriceMinor: 50_000,
    productLineId: line.id,
    categoryId: category.id,
    stock: { onHand: hotNorth, warehouseId: north.id },
  })
  await db.insert(stockLevels).values({
    productId: hotProduct.id,
    warehouseId: south.id,
    onHand: options.hotUnits - hotNorth,
  })

  const buyers: BenchBuyer[] = []
  for (let n = 1; n <= options.buyers; n++) {
    const code = `BENCH-P${String(n).padStart(4, '0')}`
    const buyer = await createBuyer(db, {
      code,
      name: `Bench partner ${n}`,
      creditLimitMinor,
      paymentTermsDays: 30,
    })
    buyers.push({
      actor: buyer.actor,
      email: buyer.user.email,
      addressId: buyer.address.id,
      creditLimitMinor,
    })
  }

  const [hot] = await db
    .select({ id: products.id, sku: products.sku })
    .from(products)
    .where(eq(products.id, hotProduct.id))
  return {
    buyers,
    products: catalog,
    hot: { ...hot!, units: options.hotUnits },
    warehouseIds: [north.id, south.id],
  }
}
