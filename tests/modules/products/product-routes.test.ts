import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { createSessionCookie } from '#app/modules/auth/session.server'
import {
  action as detailAction,
  loader as detailLoader,
} from '#app/routes/admin.products.$productId'
import { loader as listLoader } from '#app/routes/admin.products._index'
import { action as newAction } from '#app/routes/admin.products.new'
import { action as settingsAction } from '#app/routes/admin.products.settings'
import { catalogSettings, products, stockLevels } from '#db/schema/catalog'
import {
  createProduct,
  createUser,
  createVendorStaff,
  createWarehouse,
} from '#tests/factories/index'
import { loadContextOf, useTestDatabase } from '#tests/setup/database'

// The routes' own guarantees: the product comes from the URL, bad ids are 404, channel managers
// read but never write, partners see nothing, and refusals are field errors (4xx), never a 500.

const database = useTestDatabase()

async function signedIn(userId: string): Promise<string> {
  return (await createSessionCookie(database.db, userId)).split(';')[0]!
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}

const get = (path: string, cookie: string) =>
  new Request(`http://localhost${path}`, { headers: { cookie } })

const context = () => loadContextOf(database)

/** What a route threw or returned, as status and body, whether a Response or single-fetch data. */
async function outcome(work: Promise<unknown>) {
  const result = await work.catch((thrown: unknown) => thrown)
  if (result instanceof Response) return { status: result.status, body: null as unknown }
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } | null }
  if (wrapped?.type === 'DataWithResponseInit') {
    return { status: wrapped.init?.status ?? 200, body: wrapped.data }
  }
  return { status: 200, body: result }
}

const productFields = (product: { productLineId: string; categoryId: string }, sku: string) => ({
  sku,
  name: 'Route product',
  description: '',
  productLineId: product.productLineId,
  categoryId: product.categoryId,
  unit: 'pcs',
  listPrice: '1200.00',
  currency: 'CNY',
  imageUrl: '',
  active: 'on',
})

describe('product routes', () => {
  test('a channel manager reads the list and a product, but cannot change either', async () => {
    const manager = await createVendorStaff(database.db)
    const cookie = await signedIn(manager.id)
    const warehouse = await createWarehouse(database.db)
    const product = await createProduct(database.db, {
      stock: { onHand: 10, warehouseId: warehouse.id },
    })
    const path = `/admin/products/${product.id}`
    const params = { productId: product.id }

    expect(
      (
        await outcome(
          listLoader({ request: get('/admin/products', cookie), params: {}, context: context() }),
        )
      ).status,
    ).toBe(200)
    const page = await outcome(
      detailLoader({ request: get(path, cookie), params, context: context() }),
    )
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({ canManage: false, canAdjustStock: false })

    for (const fields of <Record<string, string>[]>[
      { intent: 'adjust-stock', warehouseId: warehouse.id, change: '-10', reason: 'Gone' },
      { intent: 'set-product-active', active: 'false' },
      { intent: 'update-product', ...productFields(product, 'CM-RENAMED') },
    ]) {
      const denied = await outcome(
        detailAction({ request: post(path, cookie, fields), params, context: context() }),
      )
      expect(denied.status).toBe(403)
    }
    const created = await outcome(
      newAction({
        request: post('/admin/products/new', cookie, productFields(product, 'CM-NEW')),
        params: {},
        context: context(),
      }),
    )
    expect(created.status).toBe(403)
    const settings = await outcome(
      settingsAction({
        request: post('/admin/products/settings', cookie, {
          availabilityDisplay: 'banded',
          lowStockThreshold: '77',
        }),
        params: {},
        context: context(),
      }),
    )
    expect(settings.status).toBe(403)

    const [row] = await database.db.select().from(products).where(eq(products.id, product.id))
    expect(row).toMatchObject({ sku: product.sku, active: true })
    const [level] = await database.db
      .select()
      .from(stockLevels)
      .where(eq(stockLevels.productId, product.id))
    expect(level!.onHand).toBe(10)
    expect(await database.db.$count(products, eq(products.sku, 'CM-NEW'))).toBe(0)
    const [current] = await database.db.select().from(catalogSettings)
    expect(current!.lowStockThreshold).not.toBe(77)
  })

  test('partner users cannot open the product pages at all (403)', async () => {
    const partnerAdmin = await createUser(database.db, { role: 'partner_admin' })
    const cookie = await signedIn(partnerAdmin.id)
    const product = await createProduct(database.db)
    const list = await outcome(
      listLoader({ request: get('/admin/products', cookie), params: {}, context: context() }),
    )
    expect(list.status).toBe(403)
    const page = await outcome(
      detailLoader({
        request: get(`/admin/products/${product.id}`, cookie),
        params: { productId: product.id },
        context: context(),
      }),
    )
    expect(page.status).toBe(403)
  })

  test('the stock form adjusts the product in the URL, whatever productId the form carries', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const cookie = await signedIn(admin.id)
    const warehouse = await createWarehouse(database.db)
    const target = await createProduct(database.db)
    const other = await createProduct(database.db)
    const result = await outcome(
      detailAction({
        request: post(`/admin/products/${target.id}`, cookie, {
          intent: 'adjust-stock',
          productId: other.id,
          warehouseId: warehouse.id,
          change: '+12',
          reason: 'Received',
          restockDate: '',
        }),
        params: { productId: target.id },
        context: context(),
      }),
    )
    expect(result.status).toBe(302)
    const levels = await database.db
      .select({ productId: stockLevels.productId, onHand: stockLevels.onHand })
      .from(stockLevels)
      .where(eq(stockLevels.warehouseId, warehouse.id))
    expect(levels).toEqual([{ productId: target.id, onHand: 12 }])
  })

  test('a write-off below the reservation is a 422 with the numbers for the message', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const cookie = await signedIn(admin.id)
    const warehouse = await createWarehouse(database.db)
    const product = await createProduct(database.db, {
      stock: { onHand: 8, reserved: 5, warehouseId: warehouse.id },
    })
    const result = await outcome(
      detailAction({
        request: post(`/admin/products/${product.id}`, cookie, {
          intent: 'adjust-stock',
          warehouseId: warehouse.id,
          change: '-4',
          reason: 'Broken',
        }),
        params: { productId: product.id },
        context: context(),
      }),
    )
    expect(result).toEqual({
      status: 422,
      body: {
        ok: false,
        intent: 'adjust-stock',
        fieldErrors: { change: 'products:stock.validation.belowReserved' },
        messageValues: { change: { onHand: 8, reserved: 5, max: 3 } },
        warehouseId: warehouse.id,
      },
    })
    const [level] = await database.db
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.productId, product.id), eq(stockLevels.warehouseId, warehouse.id)))
    expect(level!.onHand).toBe(8)
  })

  test('a duplicate SKU on the new-product form is a 409 with "SKU already exists" beside the field', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const cookie = await signedIn(admin.id)
    const existing = await createProduct(database.db)
    const result = await outcome(
      newAction({
        request: post(
          '/admin/products/new',
          cookie,
          productFields(existing, existing.sku.toLowerCase()),
        ),
        params: {},
        context: context(),
      }),
    )
    expect(result).toEqual({
      status: 409,
      body: {
        ok: false,
        fieldErrors: { sku: 'products:validation.skuTaken' },
        formError: undefined,
      },
    })
  })

  test.each(['not-a-uuid', '6f1c1f8e-5d2a-4b8a-9a51-0c6f2e9c1d11'])(
    'product id %s is a 404 for the page and for every form',
    async (productId) => {
      const admin = await createVendorStaff(database.db, { role: 'admin' })
      const cookie = await signedIn(admin.id)
      const warehouse = await createWarehouse(database.db)
      const any = await createProduct(database.db)
      const path = `/admin/products/${productId}`
      const params = { productId }
      expect(
        (await outcome(detailLoader({ request: get(path, cookie), params, context: context() })))
          .status,
      ).toBe(404)
      for (const fields of <Record<string, string>[]>[
        { intent: 'adjust-stock', warehouseId: warehouse.id, change: '5', reason: 'x' },
        { intent: 'set-product-active', active: 'false' },
        { intent: 'update-product', ...productFields(any, 'NOBODY-1') },
      ]) {
        const result = await outcome(
          detailAction({ request: post(path, cookie, fields), params, context: context() }),
        )
        expect(result.status).toBe(404)
      }
    },
  )

  test('an unknown intent is a 400, and junk list parameters still render the list', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const cookie = await signedIn(admin.id)
    const product = await createProduct(database.db)
    const unknown = await outcome(
      detailAction({
        request: post(`/admin/products/${product.id}`, cookie, { intent: 'delete-everything' }),
        params: { productId: product.id },
        context: context(),
      }),
    )
    expect(unknown.status).toBe(400)
    const list = await outcome(
      listLoader({
        request: get(
          `/admin/products?page=-4&sort=%27&stock=zz&line=1%27&q=${'%25'.repeat(300)}`,
          cookie,
        ),
        params: {},
        context: context(),
      }),
    )
    expect(list.status).toBe(200)
  })
})
