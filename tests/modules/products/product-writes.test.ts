import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { createProduct } from '#app/modules/catalog/create-product.server'
import { ProductForm, type ProductFormData } from '#app/modules/catalog/product-rules'
import { setProductActive } from '#app/modules/catalog/set-product-active.server'
import { updateProduct } from '#app/modules/catalog/update-product.server'
import { openDatabase } from '#db/client.server'
import { products, productStock, type Product } from '#db/schema/catalog'
import {
  createCategory,
  createContractPrice,
  createPartner,
  createProduct as insertProduct,
  createProductLine,
  createVendorStaff,
  createVolumeBreak,
  uniqueSuffix,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { auditOf, failureOf } from './helpers'

const database = useTestDatabase()

async function staff() {
  const user = await createVendorStaff(database.db, { role: 'admin' })
  return { id: user.id, email: user.email }
}

async function newInput(overrides: Partial<ProductFormData> = {}): Promise<ProductFormData> {
  const line = await createProductLine(database.db)
  const category = await createCategory(database.db)
  return {
    sku: `NEW-${uniqueSuffix().toUpperCase()}`,
    name: 'Compact PLC 100',
    description: 'A small PLC.',
    productLineId: line.id,
    categoryId: category.id,
    unit: 'pcs',
    listPriceMinor: 268_000,
    currency: 'CNY',
    imageUrl: null,
    active: true,
    ...overrides,
  }
}

/** The edit form as it would come back for this product, with some fields changed. */
const formFor = (product: Product, changes: Partial<ProductFormData> = {}): ProductFormData => ({
  sku: product.sku,
  name: product.name,
  description: product.description,
  productLineId: product.productLineId,
  categoryId: product.categoryId,
  unit: product.unit,
  listPriceMinor: product.listPriceMinor,
  currency: product.currency,
  imageUrl: product.imageUrl,
  active: product.active,
  ...changes,
})

const productById = async (id: string) =>
  (await database.db.select().from(products).where(eq(products.id, id)))[0]!

describe('createProduct', () => {
  test('writes the product with empty stock totals and a product.created audit row', async () => {
    const actor = await staff()
    const input = await newInput({ imageUrl: 'https://cdn.example.com/plc.png' })

    const { productId, sku } = await createProduct(database.db, { actor, input, ip: '10.0.0.7' })

    expect(sku).toBe(input.sku)
    expect(await productById(productId)).toMatchObject({
      sku: input.sku,
      name: 'Compact PLC 100',
      listPriceMinor: 268_000,
      currency: 'CNY',
      imageUrl: 'https://cdn.example.com/plc.png',
      active: true,
    })
    const [totals] = await database.db
      .select()
      .from(productStock)
      .where(eq(productStock.productId, productId))
    expect(totals).toMatchObject({ onHand: 0, reserved: 0, available: 0 })
    const audit = await auditOf(database.db, productId)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'product.created',
      entityType: 'product',
      actorUserId: actor.id,
      before: null,
      ip: '10.0.0.7',
    })
    expect(audit[0]!.after).toMatchObject({ sku: input.sku, listPriceMinor: 268_000, active: true })
  })

  test('a SKU already in use is a field error "SKU already exists", whatever its case', async () => {
    const existing = await insertProduct(database.db)
    const input = ProductForm.parse({
      sku: ` ${existing.sku.toLowerCase()} `,
      name: 'Clone',
      productLineId: existing.productLineId,
      categoryId: existing.categoryId,
      listPrice: '10',
    })
    const before = await database.db.$count(products)

    const error = await failureOf(createProduct(database.db, { actor: await staff(), input }))

    expect(error).toMatchObject({ field: 'sku', userMessage: 'products:validation.skuTaken' })
    expect(await database.db.$count(products)).toBe(before)
  })

  test('an unknown category or an inactive product line is a field error; nothing is written', async () => {
    const inactiveLine = await createProductLine(database.db, { active: false })
    const input = await newInput({ productLineId: inactiveLine.id })
    const lineError = await failureOf(createProduct(database.db, { actor: await staff(), input }))
    expect(lineError).toMatchObject({ field: 'productLineId' })

    const unknownCategory = await newInput({ categoryId: '00000000-0000-4000-8000-00000000dead' })
    const categoryError = await failureOf(
      createProduct(database.db, { actor: await staff(), input: unknownCategory }),
    )
    expect(categoryError).toMatchObject({ field: 'categoryId' })
    expect(await database.db.$count(products, eq(products.sku, input.sku))).toBe(0)
  })
})

describe('updateProduct', () => {
  test('saves the changes and audits only what changed, before and after', async () => {
    const actor = await staff()
    const product = await insertProduct(database.db, { listPriceMinor: 100_000 })

    const result = await updateProduct(database.db, {
      actor,
      productId: product.id,
      input: formFor(product, { listPriceMinor: 95_050, name: 'Renamed PLC' }),
    })

    expect(result).toEqual({ changed: true, sku: product.sku })
    expect(await productById(product.id)).toMatchObject({
      listPriceMinor: 95_050,
      name: 'Renamed PLC',
    })
    const [audit] = await auditOf(database.db, product.id)
    expect(audit).toMatchObject({
      action: 'product.updated',
      before: { listPriceMinor: 100_000, name: product.name },
      after: { listPriceMinor: 95_050, name: 'Renamed PLC' },
    })
  })

  test('saving the form unchanged writes nothing and no audit row', async () => {
    const product = await insertProduct(database.db)
    const result = await updateProduct(database.db, {
      actor: await staff(),
      productId: product.id,
      input: formFor(product),
    })
    expect(result.changed).toBe(false)
    expect(await auditOf(database.db, product.id)).toEqual([])
  })

  test("another product's SKU is a field error; the product keeps its own", async () => {
    const taken = await insertProduct(database.db)
    const product = await insertProduct(database.db)
    const error = await failureOf(
      updateProduct(database.db, {
        actor: await staff(),
        productId: product.id,
        input: formFor(product, { sku: taken.sku }),
      }),
    )
    expect(error).toMatchObject({ field: 'sku', userMessage: 'products:validation.skuTaken' })
    expect((await productById(product.id)).sku).toBe(product.sku)
  })

  test('editing ignores the active flag: status has its own buttons', async () => {
    const product = await insertProduct(database.db, { active: true })
    await updateProduct(database.db, {
      actor: await staff(),
      productId: product.id,
      input: formFor(product, { active: false, name: 'Still active' }),
    })
    expect(await productById(product.id)).toMatchObject({ active: true, name: 'Still active' })
  })

  test('the currency cannot change while contract or volume-break prices are in the old one', async () => {
    const partner = await createPartner(database.db)
    const withContract = await insertProduct(database.db)
    await createContractPrice(database.db, {
      partnerId: partner.id,
      productId: withContract.id,
      priceMinor: 80_000,
    })
    const withBreak = await insertProduct(database.db)
    await createVolumeBreak(database.db, {
      tier: 'gold',
      productId: withBreak.id,
      minQuantity: 10,
      priceMinor: 70_000,
      currency: 'CNY',
    })
    for (const product of [withContract, withBreak]) {
      const error = await failureOf(
        updateProduct(database.db, {
          actor: await staff(),
          productId: product.id,
          input: formFor(product, { currency: 'USD', listPriceMinor: 14_000 }),
        }),
      )
      expect(error).toMatchObject({
        field: 'currency',
        userMessage: 'products:validation.currencyHasPrices',
        params: { currency: 'CNY' },
      })
      expect((await productById(product.id)).currency).toBe('CNY')
    }

    const plain = await insertProduct(database.db)
    await updateProduct(database.db, {
      actor: await staff(),
      productId: plain.id,
      input: formFor(plain, { currency: 'USD', listPriceMinor: 14_000 }),
    })
    expect(await productById(plain.id)).toMatchObject({ currency: 'USD', listPriceMinor: 14_000 })
  })

  test('a product that does not exist, or an id that is no UUID, is not found', async () => {
    const product = await insertProduct(database.db)
    for (const productId of ['00000000-0000-4000-8000-00000000beef', 'not-a-uuid']) {
      const error = await failureOf(
        updateProduct(database.db, { actor: await staff(), productId, input: formFor(product) }),
      )
      expect(error.code).toBe('not_found')
    }
  })
})

describe('setProductActive', () => {
  test('deactivating clears the flag partner catalogs filter on, and is audited', async () => {
    const actor = await staff()
    const product = await insertProduct(database.db, { active: true })

    const result = await setProductActive(database.db, {
      actor,
      productId: product.id,
      active: false,
    })

    expect(result).toEqual({ sku: product.sku, changed: true })
    expect((await productById(product.id)).active).toBe(false)
    const [audit] = await auditOf(database.db, product.id)
    expect(audit).toMatchObject({
      action: 'product.deactivated',
      actorUserId: actor.id,
      before: { active: true },
      after: { active: false },
    })
  })

  test('reactivating shows it again; a repeated click changes and audits nothing', async () => {
    const product = await insertProduct(database.db, { active: false })
    const actor = await staff()
    await setProductActive(database.db, { actor, productId: product.id, active: true })
    const again = await setProductActive(database.db, {
      actor,
      productId: product.id,
      active: true,
    })
    expect(again.changed).toBe(false)
    expect((await productById(product.id)).active).toBe(true)
    expect((await auditOf(database.db, product.id)).map((a) => a.action)).toEqual([
      'product.reactivated',
    ])
  })
})

describe.runIf(process.env.TEST_DATABASE_URL)(
  'createProduct under real concurrency (PostgreSQL)',
  () => {
    test('eight admins creating the same SKU at once: one product, seven "SKU already exists"', async () => {
      const input = await newInput()
      const actor = await staff()
      const connections = await Promise.all(
        Array.from({ length: 8 }, () => openDatabase({ url: database.url!, poolMax: 1 })),
      )
      try {
        const outcomes = await Promise.allSettled(
          connections.map((c) => createProduct(c.db, { actor, input })),
        )
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
        const refused = outcomes.filter((o) => o.status === 'rejected')
        expect(refused.map((r) => (r as PromiseRejectedResult).reason.userMessage)).toEqual(
          Array(7).fill('products:validation.skuTaken'),
        )
        expect(await database.db.$count(products, eq(products.sku, input.sku))).toBe(1)
      } finally {
        await Promise.all(connections.map((c) => c.close()))
      }
    })
  },
)
