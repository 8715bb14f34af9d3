import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, test } from 'vitest'
import { pricePolicyAcknowledgements } from '#db/schema/catalog'
import { createSessionCookie } from '#app/modules/auth/session.server'
import { loader as productLoader } from '#app/routes/portal.catalog.$sku'
import { loader as listLoader } from '#app/routes/portal.catalog._index'
import { loader as exportLoader } from '#app/routes/portal.catalog.export'
import {
  action as policiesAction,
  loader as policiesLoader,
} from '#app/routes/portal.price-policies'
import {
  createPricePolicy,
  createProduct,
  createUser,
  createVendorStaff,
  updateCatalogSettings,
} from '#tests/factories/index'
import { loadContextOf, useTestDatabase } from '#tests/setup/database'
import { createPricedCatalog } from './catalog-helpers'

// What a partner's browser can get from the catalog routes, whatever it puts in the URL or form:
// its own prices only, valid pages for junk, a CSV that Excel opens, one acknowledgement.

const database = useTestDatabase()

afterEach(async () => {
  await updateCatalogSettings(database.db, { availabilityDisplay: 'exact', lowStockThreshold: 10 })
})

async function cookieFor(userId: string): Promise<string> {
  return (await createSessionCookie(database.db, userId)).split(';')[0]!
}

const context = () => loadContextOf(database)

function get(path: string, cookie: string) {
  return new Request(`http://localhost${path}`, { headers: { cookie } })
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}

/** What a route threw or returned: status, location and the body (data or text). */
async function outcome(work: Promise<unknown>) {
  const result = await work.catch((thrown: unknown) => thrown)
  if (result instanceof Response) {
    const type = result.headers.get('content-type') ?? ''
    return {
      status: result.status,
      location: result.headers.get('location'),
      headers: result.headers,
      // Decoded as Excel would read the bytes: keeping the byte order mark (text() drops it).
      body: type.startsWith('text/csv')
        ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(await result.arrayBuffer())
        : null,
    }
  }
  return { status: 200, location: null, headers: null, body: result }
}

/** What the browser would receive, as text. */
const serialised = (value: unknown) => JSON.stringify(value)
/** A whole number in that text (¥111.11 × 500 = 5555500 does not contain 55555). */
const amount = (minor: number) => new RegExp(`(?<![0-9])${minor}(?![0-9])`)

describe('partner catalog routes', () => {
  test("one partner's contract price is never visible to another, by any URL", async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    const { contract } = world.products
    const owner = await cookieFor(
      (await createUser(db, { role: 'partner_user', partnerId: world.partner.id })).id,
    )
    const other = await cookieFor(
      (await createUser(db, { role: 'partner_admin', partnerId: world.rival.id })).id,
    )
    // The owner's contract is ¥555.55 (55555); the rival's own is ¥111.11 (11111).
    const tampering = [
      `partnerId=${world.partner.id}`,
      `partner=${world.partner.id}`,
      `actor=${world.partner.id}&tier=platinum`,
    ]
    const listUrls = [
      `/portal/catalog?q=${world.tag}`,
      `/portal/catalog?q=${world.tag}&sort=price`,
      `/portal/catalog?q=${world.tag}&sort=price&dir=desc&inStock=1`,
      `/portal/catalog?line=${world.line.id}&sort=availability`,
      ...tampering.map((t) => `/portal/catalog?q=${world.tag}&${t}`),
    ]
    const productUrls = [
      `/portal/catalog/${contract.sku}`,
      `/portal/catalog/${contract.sku}?qty=500`,
      ...tampering.map((t) => `/portal/catalog/${contract.sku}?${t}`),
    ]
    const exportUrls = [
      `/portal/catalog/export?q=${world.tag}`,
      `/portal/catalog/export?q=${world.tag}&sort=price`,
      ...tampering.map((t) => `/portal/catalog/export?q=${world.tag}&${t}`),
    ]
    for (const url of listUrls) {
      const own = await outcome(
        listLoader({ request: get(url, owner), params: {}, context: context() }),
      )
      const rival = await outcome(
        listLoader({ request: get(url, other), params: {}, context: context() }),
      )
      expect(own.status, url).toBe(200)
      expect(rival.status, url).toBe(200)
      expect(serialised(own.body), url).toMatch(amount(55555))
      expect(serialised(rival.body), url).toMatch(amount(11111))
      expect(serialised(rival.body), url).not.toMatch(amount(55555))
      expect(serialised(own.body), url).not.toMatch(amount(11111))
    }
    for (const url of productUrls) {
      const params = { sku: contract.sku }
      const own = await outcome(
        productLoader({ request: get(url, owner), params, context: context() }),
      )
      const rival = await outcome(
        productLoader({ request: get(url, other), params, context: context() }),
      )
      expect(serialised(own.body), url).toMatch(amount(55555))
      expect(serialised(rival.body), url).toMatch(amount(11111))
      expect(serialised(rival.body), url).not.toMatch(amount(55555))
      expect(serialised(own.body), url).not.toMatch(amount(11111))
    }
    for (const url of exportUrls) {
      const own = await outcome(
        exportLoader({ request: get(url, owner), params: {}, context: context() }),
      )
      const rival = await outcome(
        exportLoader({ request: get(url, other), params: {}, context: context() }),
      )
      expect(own.body, url).toContain('555.55')
      expect(rival.body, url).toContain('111.11')
      expect(rival.body, url).not.toContain('555.55')
      expect(own.body, url).not.toContain('111.11')
    }
  })

  test('junk in the URL gives a page, never an error; a SKU in another form lands on its page', async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    const cookie = await cookieFor(
      (await createUser(db, { role: 'partner_user', partnerId: world.partner.id })).id,
    )
    for (const search of [
      '?page=-1&sort=zzz&dir=up&line=nope&category=%27%22&inStock=maybe',
      `?q=${encodeURIComponent(`x'"<>%;--\\_`)}&page=999999999`,
      '?q=%00',
    ]) {
      const list = await outcome(
        listLoader({
          request: get(`/portal/catalog${search}`, cookie),
          params: {},
          context: context(),
        }),
      )
      expect(list.status, search).toBe(200)
      const csv = await outcome(
        exportLoader({
          request: get(`/portal/catalog/export${search}`, cookie),
          params: {},
          context: context(),
        }),
      )
      expect(csv.status, search).toBe(200)
    }

    const { skuBreak } = world.products
    const lower = skuBreak.sku.toLowerCase()
    const canonical = await outcome(
      productLoader({
        request: get(`/portal/catalog/${lower}?qty=10`, cookie),
        params: { sku: lower },
        context: context(),
      }),
    )
    expect(canonical).toMatchObject({
      status: 302,
      location: `/portal/catalog/${skuBreak.sku}?qty=10`,
    })
    const junkQty = await outcome(
      productLoader({
        request: get(`/portal/catalog/${skuBreak.sku}?qty=lots`, cookie),
        params: { sku: skuBreak.sku },
        context: context(),
      }),
    )
    expect(junkQty.status).toBe(200)
    expect(junkQty.body).toMatchObject({
      quantity: { ok: false, raw: 'lots', error: 'catalog:product.quantityInvalid' },
      product: { price: { quantity: 1 } },
    })
    for (const sku of ['NOPE-404', "'; drop table products; --", '%25', 'x'.repeat(300)]) {
      const missing = await outcome(
        productLoader({
          request: get(`/portal/catalog/${encodeURIComponent(sku)}`, cookie),
          params: { sku },
          context: context(),
        }),
      )
      expect(missing.status, sku).toBe(404)
    }
  })

  test('the CSV: byte order mark, the page’s rows in its order, own prices, Chinese for Chinese users', async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    await createProduct(db, {
      name: `=HYPERLINK("http://evil.example") ${world.tag}`,
      productLineId: world.bareLine.id,
      listPriceMinor: 1_00,
    })
    await createProduct(db, {
      name: `Retired ${world.tag}`,
      productLineId: world.line.id,
      active: false,
    })
    const english = await cookieFor(
      (await createUser(db, { role: 'partner_user', partnerId: world.partner.id })).id,
    )
    const chinese = await cookieFor(
      (
        await createUser(db, {
          role: 'partner_admin',
          partnerId: world.partner.id,
          locale: 'zh-CN',
        })
      ).id,
    )
    const file = await outcome(
      exportLoader({
        request: get(`/portal/catalog/export?q=${world.tag}&sort=price`, english),
        params: {},
        context: context(),
      }),
    )
    expect(file.headers?.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(file.headers?.get('content-disposition')).toMatch(
      new RegExp(
        `^attachment; filename="catalog-${world.partner.code}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`,
      ),
    )
    expect(file.headers?.get('cache-control')).toBe('private, no-store')
    const text = file.body as string
    expect(
      text.startsWith(
        '\uFEFFSKU,Name,Product line,Category,Unit,Currency,List price,Net price,Price source,Availability,Expected restock\n',
      ),
    ).toBe(true)
    const lines = text.trim().split('\n').slice(1)
    const { contract, skuBreak, tier, list } = world.products
    expect(lines.map((l) => l.split(',')[0])).toEqual([
      expect.stringMatching(/^SKU-/), // the ¥1.00 product
      contract.sku,
      list.sku,
      skuBreak.sku,
      tier.sku,
    ])
    expect(lines[0]).toContain(`"'=HYPERLINK(""http://evil.example"") ${world.tag}"`)
    expect(lines[1]).toBe(
      `${contract.sku},Alpha contract drive ${world.tag},${world.line.nameEn},${world.category.nameEn},pcs,CNY,1000.00,555.55,Contract,40,`,
    )
    expect(lines[4]).toMatch(/,Tier,0,2099-01-15$/)
    expect(text).not.toContain('Retired')

    // The same rows on the page, in the same order.
    const page = (await outcome(
      listLoader({
        request: get(`/portal/catalog?q=${world.tag}&sort=price`, english),
        params: {},
        context: context(),
      }),
    )) as { body: { catalog: { products: { sku: string }[] } } }
    expect(page.body.catalog.products.map((p) => p.sku)).toEqual(lines.map((l) => l.split(',')[0]))

    // Banded display: bands, no counts; Chinese header and labels for a Chinese user.
    await updateCatalogSettings(db, { availabilityDisplay: 'banded' })
    const zh = await outcome(
      exportLoader({
        request: get(`/portal/catalog/export?q=${world.tag}`, chinese),
        params: {},
        context: context(),
      }),
    )
    const zhLines = (zh.body as string).trimEnd().split('\n')
    expect(zhLines[0]).toBe(
      '\uFEFFSKU,名称,产品线,类别,单位,币种,目录价,净价,价格来源,库存,预计到货日期',
    )
    const contractLine = zhLines.find((l) => l.startsWith(contract.sku))!
    expect(contractLine).toBe(
      `${contract.sku},Alpha contract drive ${world.tag},${world.line.nameZh},${world.category.nameZh},pcs,CNY,1000.00,555.55,合同价,有货,`,
    )
    expect(zh.body).not.toMatch(/,999,|,40,|,5,/)
  })

  test('acknowledging through the page: once, with a toast; refused for others’ policies and for staff', async () => {
    const db = database.db
    const world = await createPricedCatalog(db)
    const user = await createUser(db, { role: 'partner_user', partnerId: world.partner.id })
    const cookie = await cookieFor(user.id)
    const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)
    const gold = await createPricePolicy(db, { effectiveFrom: inTwoWeeks, audienceTiers: ['gold'] })
    const silver = await createPricePolicy(db, {
      effectiveFrom: inTwoWeeks,
      audienceTiers: ['silver'],
    })
    const mine = await createPricePolicy(db, {
      effectiveFrom: inTwoWeeks,
      partnerId: world.partner.id,
    })
    const theirs = await createPricePolicy(db, {
      effectiveFrom: inTwoWeeks,
      partnerId: world.rival.id,
    })

    const page = await outcome(
      policiesLoader({
        request: get('/portal/price-policies', cookie),
        params: {},
        context: context(),
      }),
    )
    const listed = (page.body as { upcoming: { id: string }[] }).upcoming.map((p) => p.id)
    expect(listed).toEqual(expect.arrayContaining([gold.id, mine.id]))
    expect(listed).not.toContain(silver.id)
    expect(listed).not.toContain(theirs.id)
    const banner = await outcome(
      listLoader({ request: get('/portal/catalog', cookie), params: {}, context: context() }),
    )
    const before = (banner.body as { unacknowledgedPolicies: number }).unacknowledgedPolicies
    expect(before).toBeGreaterThanOrEqual(2)

    const form = (policyId: string) => ({ intent: 'acknowledge', policyId })
    const first = await outcome(
      policiesAction({
        request: post('/portal/price-policies', cookie, form(gold.id)),
        params: {},
        context: context(),
      }),
    )
    expect(first).toMatchObject({ status: 302, location: '/portal/price-policies' })
    expect(first.headers?.get('set-cookie')).toContain('cp_toast=')
    const second = await outcome(
      policiesAction({
        request: post('/portal/price-policies', cookie, form(gold.id)),
        params: {},
        context: context(),
      }),
    )
    expect(second.status).toBe(302)
    const rows = await db
      .select()
      .from(pricePolicyAcknowledgements)
      .where(
        and(
          eq(pricePolicyAcknowledgements.policyId, gold.id),
          eq(pricePolicyAcknowledgements.userId, user.id),
        ),
      )
    expect(rows).toHaveLength(1)
    const after = await outcome(
      listLoader({ request: get('/portal/catalog', cookie), params: {}, context: context() }),
    )
    expect((after.body as { unacknowledgedPolicies: number }).unacknowledgedPolicies).toBe(
      before - 1,
    )

    for (const policyId of [silver.id, theirs.id, 'not-a-uuid']) {
      const refused = await outcome(
        policiesAction({
          request: post('/portal/price-policies', cookie, form(policyId)),
          params: {},
          context: context(),
        }),
      )
      expect(refused.status, policyId).toBe(404)
    }
    const malformed = await outcome(
      policiesAction({
        request: post('/portal/price-policies', cookie, { intent: 'publish', policyId: gold.id }),
        params: {},
        context: context(),
      }),
    )
    expect(malformed.status).toBe(400)

    const staff = await cookieFor((await createVendorStaff(db)).id)
    const denied = await outcome(
      policiesAction({
        request: post('/portal/price-policies', staff, form(gold.id)),
        params: {},
        context: context(),
      }),
    )
    expect(denied.status).toBe(403)
    const staffRows = await db
      .select()
      .from(pricePolicyAcknowledgements)
      .where(eq(pricePolicyAcknowledgements.policyId, gold.id))
    expect(staffRows).toHaveLength(1)
  })
})
