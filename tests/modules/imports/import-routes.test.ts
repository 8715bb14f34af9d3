import { describe, expect, test } from 'vitest'
import { createSessionCookie } from '#app/modules/auth/session.server'
import { importKinds, kindSlug } from '#app/modules/imports/import-rules'
import { loader as exportLoader } from '#app/routes/admin.exports.$kind'
import { action as importAction, loader as importLoader } from '#app/routes/admin.imports'
import { loader as templateLoader } from '#app/routes/admin.imports_.templates.$kind'
import {
  createProduct,
  createProductLine,
  createCategory,
  createUser,
  createVendorStaff,
} from '#tests/factories/index'
import { loadContextOf, useTestDatabase } from '#tests/setup/database'
import { csv } from './csv-files'
import { productBySku } from './import-helpers'

// The routes' own guarantees: only vendor staff reach exports, only admins import, partners get
// 403 everywhere, a broken upload is a 400 and an export is a UTF-8 CSV attachment.

const database = useTestDatabase()
const context = () => loadContextOf(database)

async function cookieFor(role: 'partner_user' | 'partner_admin' | 'channel_manager' | 'admin') {
  const user =
    role === 'admin' || role === 'channel_manager'
      ? await createVendorStaff(database.db, { role })
      : await createUser(database.db, { role })
  return (await createSessionCookie(database.db, user.id)).split(';')[0]!
}

/** What a loader or action answered (or threw), as a status and the response or data. */
async function outcome(work: Promise<unknown>) {
  const result = await work.catch((thrown: unknown) => thrown)
  if (result instanceof Response)
    return { status: result.status, response: result, body: null as unknown }
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } | null }
  if (wrapped?.type === 'DataWithResponseInit') {
    return { status: wrapped.init?.status ?? 200, response: null, body: wrapped.data }
  }
  return { status: 200, response: null, body: result }
}

function get(path: string, cookie: string) {
  return new Request(`http://localhost${path}`, { headers: { cookie } })
}

function upload(
  cookie: string,
  fields: Record<string, string>,
  file?: { name: string; text: string },
) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  if (file) form.append('file', new File([file.text], file.name, { type: 'text/csv' }))
  return new Request('http://localhost/admin/imports', {
    method: 'POST',
    headers: { cookie },
    body: form,
  })
}

async function catalogFile(sku: string) {
  const line = await createProductLine(database.db)
  const category = await createCategory(database.db)
  return csv([
    ['sku', 'name', 'product_line', 'category', 'list_price', 'currency'],
    [sku, 'Route import', line.code, category.code, '10.00', 'CNY'],
  ])
}

describe('import and export routes', () => {
  test('partners get 403 on the page, the import, every export and every template; nothing changes', async () => {
    const sku = 'IMP-ROUTE-PARTNER'
    const text = await catalogFile(sku)
    for (const role of ['partner_user', 'partner_admin'] as const) {
      const cookie = await cookieFor(role)
      expect(
        (
          await outcome(
            importLoader({
              request: get('/admin/imports', cookie),
              params: {},
              context: context(),
            }),
          )
        ).status,
      ).toBe(403)
      const posted = await outcome(
        importAction({
          request: upload(
            cookie,
            { kind: 'products', encoding: 'auto', intent: 'import' },
            { name: 'p.csv', text },
          ),
          params: {},
          context: context(),
        }),
      )
      expect(posted.status, role).toBe(403)
      for (const kind of [...importKinds.map(kindSlug), 'bogus']) {
        const params = { kind }
        expect(
          (
            await outcome(
              exportLoader({
                request: get(`/admin/exports/${kind}`, cookie),
                params,
                context: context(),
              }),
            )
          ).status,
        ).toBe(403)
        expect(
          (
            await outcome(
              templateLoader({
                request: get(`/admin/imports/templates/${kind}`, cookie),
                params,
                context: context(),
              }),
            )
          ).status,
        ).toBe(403)
      }
    }
    expect(await productBySku(database.db, sku)).toBeUndefined()
  })

  test('a channel manager exports (contract prices included) but cannot import', async () => {
    const cookie = await cookieFor('channel_manager')
    const page = await outcome(
      importLoader({ request: get('/admin/imports', cookie), params: {}, context: context() }),
    )
    expect(page.body).toMatchObject({
      importable: [],
      exportable: ['products', 'contract_prices', 'stock'],
    })
    const exported = await outcome(
      exportLoader({
        request: get('/admin/exports/contract-prices', cookie),
        params: { kind: 'contract-prices' },
        context: context(),
      }),
    )
    expect(exported.status).toBe(200)
    const sku = 'IMP-ROUTE-MANAGER'
    const posted = await outcome(
      importAction({
        request: upload(
          cookie,
          { kind: 'products', encoding: 'auto', intent: 'import' },
          { name: 'p.csv', text: await catalogFile(sku) },
        ),
        params: {},
        context: context(),
      }),
    )
    expect(posted.status).toBe(403)
    expect(await productBySku(database.db, sku)).toBeUndefined()
  })

  test('an admin imports through the form, checks only with "validate"', async () => {
    const cookie = await cookieFor('admin')
    const sku = 'IMP-ROUTE-ADMIN'
    const text = await catalogFile(sku)
    const checked = await outcome(
      importAction({
        request: upload(
          cookie,
          { kind: 'products', encoding: 'auto', intent: 'validate' },
          { name: 'p.csv', text },
        ),
        params: {},
        context: context(),
      }),
    )
    expect(checked).toMatchObject({
      status: 200,
      body: { ok: true, report: { status: 'valid', created: 1 } },
    })
    expect(await productBySku(database.db, sku)).toBeUndefined()

    const imported = await outcome(
      importAction({
        request: upload(
          cookie,
          { kind: 'products', encoding: 'auto', intent: 'import' },
          { name: 'p.csv', text },
        ),
        params: {},
        context: context(),
      }),
    )
    expect(imported).toMatchObject({
      status: 200,
      body: { ok: true, report: { status: 'imported', created: 1 } },
    })
    expect(await productBySku(database.db, sku)).toMatchObject({
      name: 'Route import',
      listPriceMinor: 1000,
    })

    const broken = await outcome(
      importAction({
        request: upload(
          cookie,
          { kind: 'products', encoding: 'auto', intent: 'import' },
          { name: 'p.csv', text: 'sku\n"unclosed' },
        ),
        params: {},
        context: context(),
      }),
    )
    expect(broken).toMatchObject({
      status: 400,
      body: { ok: true, report: { status: 'file_error' } },
    })
  })

  test('no file, an unknown kind or a truncated upload is a 400, never a 500', async () => {
    const cookie = await cookieFor('admin')
    const missing = await outcome(
      importAction({
        request: upload(cookie, { kind: 'widgets', encoding: 'auto' }),
        params: {},
        context: context(),
      }),
    )
    expect(missing).toMatchObject({
      status: 400,
      body: {
        ok: false,
        fieldErrors: { kind: 'validation:invalidChoice', file: 'imports:form.fileRequired' },
      },
    })

    const boundary = 'cut-off-boundary'
    const truncated = new Request('http://localhost/admin/imports', {
      method: 'POST',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: [
        `--${boundary}`,
        'Content-Disposition: form-data; name="kind"',
        '',
        'products',
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="big.csv"',
        'Content-Type: text/csv',
        '',
        'sku,name,product_line',
        'A-1,Half a fi',
      ].join('\r\n'),
    })
    expect(
      (await outcome(importAction({ request: truncated, params: {}, context: context() }))).status,
    ).toBe(400)
  })

  test('an export is a UTF-8 CSV attachment with a BOM; an unknown kind is 404', async () => {
    const cookie = await cookieFor('admin')
    await createProduct(database.db, { sku: 'IMP-ROUTE-EXPORT', name: '伺服电机' })
    const exported = await outcome(
      exportLoader({
        request: get('/admin/exports/products', cookie),
        params: { kind: 'products' },
        context: context(),
      }),
    )
    expect(exported.status).toBe(200)
    const response = exported.response!
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="products-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder().decode(bytes)).toContain('IMP-ROUTE-EXPORT,伺服电机,')

    const template = await outcome(
      templateLoader({
        request: get('/admin/imports/templates/stock', cookie),
        params: { kind: 'stock' },
        context: context(),
      }),
    )
    expect(template.response!.headers.get('content-disposition')).toBe(
      'attachment; filename="stock-template.csv"',
    )
    const templateBytes = new Uint8Array(await template.response!.arrayBuffer())
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(templateBytes)).toBe(
      '\uFEFFsku,warehouse,on_hand,restock_date\r\n',
    )

    for (const kind of ['bogus', 'products.csv', 'x\'"<>']) {
      expect(
        (
          await outcome(
            exportLoader({
              request: get('/admin/exports/x', cookie),
              params: { kind },
              context: context(),
            }),
          )
        ).status,
      ).toBe(404)
      expect(
        (
          await outcome(
            templateLoader({
              request: get('/admin/imports/templates/x', cookie),
              params: { kind },
              context: context(),
            }),
          )
        ).status,
      ).toBe(404)
    }
  })
})
