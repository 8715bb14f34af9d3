/**
 * Partner catalog journeys (DESIGN §2 and §5), in the browser, on the demo catalog:
 *
 * - Eastbridge (gold distributor, sales@eastbridge) searches and filters the catalog; every row
 *   shows its own net price with the source; the upcoming gold policy is announced.
 * - Eastbridge and Pearl River (silver dealer, Chinese UI) open the same SKU and see different net
 *   prices, each with its explanation; quantities re-price along the volume breaks.
 * - Eastbridge's contract prices never reach Pearl River: not on the list, the product page, nor
 *   in the CSV export.
 * - Eastbridge acknowledges the upcoming gold drives policy; Pearl River cannot.
 *
 * The demo data is shared with other test files: nothing here changes a price or a product, and
 * the only write is sales@eastbridge's acknowledgement of one policy (no other test depends on
 * it). Screenshots go to test-results/screenshots/catalog-*.png.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { expect, test as base } from './support/fixtures'
import { partnerIds, reserved, storageStateFor, userIdOf } from './support/accounts'
import { signIn } from './support/auth'
import { closeDatabase, hasDirectDatabase, sql } from './support/db'
import { repoRoot } from './support/env'
import { stableUuid } from '../../db/seed-data'

const goldPolicy = {
  id: stableUuid('price-policy:drives-gold-upcoming'),
  title: 'Servo & VFD drives: gold discount rises to 32 %',
}

type Actor = 'eastbridge' | 'pearl_river'

/** Each actor in a browser of their own, watched for console errors like the default page. */
const test = base.extend<{ as: (actor: Actor) => Promise<Page> }>({
  as: async ({ browser }, use) => {
    const contexts: BrowserContext[] = []
    const errors: string[] = []
    await use(async (actor) => {
      const context = await browser.newContext({ storageState: await storageOf(browser, actor) })
      contexts.push(context)
      context.on('page', (page) => {
        page.on('pageerror', (error) => errors.push(`${actor} uncaught: ${error.message}`))
        page.on('console', (message) => {
          if (message.type() !== 'error') return
          const text = message.text()
          if (/^Failed to load resource: the server responded with a status of \d+/.test(text))
            return
          errors.push(`${actor} console: ${text}`)
        })
      })
      return context.newPage()
    })
    for (const context of contexts) await context.close()
    expect(errors, 'errors in the browser console').toEqual([])
  },
})

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>
let pearlRiverState: StorageState | undefined

/** Eastbridge's partner user is a shared sign-in; Pearl River's admin signs in once per worker. */
async function storageOf(browser: Browser, actor: Actor): Promise<string | StorageState> {
  if (actor === 'eastbridge') return storageStateFor('partner_user')
  if (!pearlRiverState) {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signIn(page, reserved.pearlRiverAdmin)
    pearlRiverState = await context.storageState()
    await context.close()
  }
  return pearlRiverState
}

const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots')
async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `catalog-${name}.png`), fullPage: true })
}
/** The same page at phone width: its first two screens (further down, the same cards repeat). */
async function phoneScreenshot(page: Page, name: string) {
  const size = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({
    path: path.join(screenshotDir, `catalog-${name}-phone.png`),
    fullPage: true,
    clip: { x: 0, y: 0, width: 390, height: 1688 },
  })
  if (size) await page.setViewportSize(size)
}

/** The table row of a SKU on the catalog list (wide screens). */
const rowOf = (page: Page, sku: string) =>
  page.getByRole('table', { name: 'Products' }).getByRole('row').filter({ hasText: sku })

test.afterAll(async () => {
  if (hasDirectDatabase) await closeDatabase()
})

test('Eastbridge searches and filters the catalog at its own prices', async ({ as }) => {
  const page = await as('eastbridge')
  await page.goto('/portal/catalog')
  await expect(page.getByRole('heading', { name: 'Catalog', level: 1 })).toBeVisible()
  await expect(page.getByText('Every product at your net price (Gold tier)')).toBeVisible()
  // The upcoming gold drives policy is not acknowledged yet.
  const banner = page.getByRole('status').filter({ hasText: 'takes effect soon' })
  await expect(banner).toBeVisible()
  await expect(banner.getByRole('link', { name: 'Read and acknowledge' })).toHaveAttribute(
    'href',
    '/portal/price-policies',
  )

  // Contract, tier and list prices side by side, each with its source.
  await expect(rowOf(page, 'HT-PLC-100')).toContainText('CN¥2,680.00')
  await expect(rowOf(page, 'HT-PLC-100')).toContainText('Contract')
  await expect(rowOf(page, 'HT-PLC-100')).toContainText('CN¥1,690.00')
  await expect(rowOf(page, 'HT-IO-AI8')).toContainText('CN¥2,150.00')
  await expect(rowOf(page, 'HT-IO-AI8')).toContainText('Tier')
  await expect(rowOf(page, 'HT-IO-AI8')).toContainText('CN¥1,505.00')
  await expect(page.getByText('Page 1 of 3 · 52 in all')).toBeVisible()
  await screenshot(page, 'list')
  await phoneScreenshot(page, 'list')

  // A SKU fragment narrows the list to that SKU.
  await page.getByLabel('Search').fill('plc-2')
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/\/portal\/catalog\?q=plc-2$/)
  await expect(page.getByText('Page 1 of 1 · 1 in all')).toBeVisible()
  await expect(rowOf(page, 'HT-PLC-200')).toContainText('CN¥3,045.00')

  // A name fragment: the three inductive proximity sensors, sorted by name.
  await page.getByLabel('Search').fill('proximity')
  await page.getByRole('button', { name: 'Apply' }).click()
  const skus = page.getByRole('table', { name: 'Products' }).locator('tbody tr td:first-child')
  await expect(skus).toHaveText(['HT-PX-M12', 'HT-PX-M18', 'HT-PX-M30'])

  // Drives in stock, cheapest net price first: the link reproduces the view.
  await page.goto('/portal/catalog')
  await page.getByLabel('Product line').selectOption({ label: 'Servo & VFD drives' })
  await page.getByLabel('Sort by').selectOption({ label: 'Net price' })
  await page.getByLabel('In stock only').check()
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/\/portal\/catalog\?line=[0-9a-f-]{36}&inStock=1&sort=price$/)
  await expect(rowOf(page, 'HT-SV-0750')).toHaveCount(0) // out of stock
  await expect(skus.first()).toHaveText('HT-VF-0075') // ¥1,450 × 0.70
  await expect(rowOf(page, 'HT-SV-0075')).toContainText('Contract')
  const shared = page.url()
  const again = await as('eastbridge')
  await again.goto(shared)
  await expect(again.getByLabel('In stock only')).toBeChecked()
  await expect(again.getByLabel('Sort by')).toHaveValue('price')
  await expect(
    again.getByRole('table', { name: 'Products' }).locator('tbody tr td:first-child').first(),
  ).toHaveText('HT-VF-0075')

  // The column header flips the order.
  await page.getByRole('link', { name: 'Your price' }).click()
  await expect(page).toHaveURL(/sort=price&dir=desc/)
  await expect(skus.first()).toHaveText('HT-VF-4500')

  // Nothing matches: said so, not an empty table.
  await page.goto('/portal/catalog?q=no-such-thing')
  await expect(page.getByText('No products match.')).toBeVisible()
})

test('the same SKU at two partners: different net prices, each explained', async ({ as }) => {
  const eastbridge = await as('eastbridge')
  await eastbridge.goto('/portal/catalog')
  await eastbridge
    .getByRole('table', { name: 'Products' })
    .getByRole('link', { name: 'HT-PLC-200' })
    .click()
  await expect(eastbridge).toHaveURL('/portal/catalog/HT-PLC-200')
  await expect(eastbridge.getByRole('heading', { level: 1 })).toHaveText(
    'Compact PLC 200, 24 DI / 16 DO, Ethernet',
  )
  await expect(eastbridge.getByTestId('net-price')).toHaveText('CN¥3,045.00')
  await expect(eastbridge.getByTestId('price-explanation')).toHaveText(
    /^List CN¥4,350\.00\s*→\s*Gold tier −30%\s*→\s*CN¥3,045\.00$/,
  )
  const ladder = eastbridge.getByRole('table', { name: 'Price by quantity' })
  await expect(ladder.getByRole('row')).toHaveText([
    /Quantity\s*Unit price\s*Source/,
    /From 1 unit\s*CN¥3,045\.00\s*Tier/,
    /From 10 units\s*CN¥2,950\.00\s*Volume/,
    /From 50 units\s*CN¥2,790\.00\s*Volume/,
  ])
  const stock = eastbridge.getByRole('table', { name: 'Availability by warehouse' })
  await expect(stock.getByRole('row', { name: /Shanghai Jiading/ })).toContainText('25 available')
  await expect(stock.getByRole('row', { name: /Tianjin Binhai/ })).toContainText('Low stock')

  // Ten units: the SKU's volume price.
  await eastbridge.getByLabel('Quantity').fill('10')
  await eastbridge.getByRole('button', { name: 'Update price' }).click()
  await expect(eastbridge).toHaveURL('/portal/catalog/HT-PLC-200?qty=10')
  await expect(eastbridge.getByTestId('net-price')).toHaveText('CN¥2,950.00')
  await expect(eastbridge.getByTestId('price-explanation')).toHaveText(
    /^List CN¥4,350\.00\s*→\s*Volume price from 10 units\s*→\s*CN¥2,950\.00$/,
  )
  await expect(eastbridge.getByTestId('line-total')).toHaveText('10 × CN¥2,950.00 = CN¥29,500.00')
  await expect(ladder.locator('tr[aria-current="true"]')).toContainText('From 10 units')
  await screenshot(eastbridge, 'product-en')
  await phoneScreenshot(eastbridge, 'product-en')

  // A quantity that is not a number: said beside the field, one unit priced.
  await eastbridge.goto('/portal/catalog/HT-PLC-200?qty=a%20lot')
  await expect(eastbridge.getByText('Enter a whole number of units')).toBeVisible()
  await expect(eastbridge.getByTestId('net-price')).toHaveText('CN¥3,045.00')

  // Pearl River (silver, Chinese UI): silver tier 20 % off, and the silver break from 10.
  const pearlRiver = await as('pearl_river')
  await pearlRiver.goto('/portal/catalog/HT-PLC-200')
  await expect(pearlRiver.getByTestId('net-price')).toHaveText('¥3,480.00')
  await expect(pearlRiver.getByTestId('price-explanation')).toHaveText(
    /^目录价 ¥4,350\.00\s*→\s*银牌等级 −20%\s*→\s*¥3,480\.00$/,
  )
  await expect(pearlRiver.getByRole('table', { name: '按数量定价' }).getByRole('row')).toHaveText([
    /数量\s*单价\s*来源/,
    /1 件起\s*¥3,480\.00\s*等级折扣/,
    /10 件起\s*¥3,262\.50\s*批量价/,
  ])
  await expect(pearlRiver.getByText('上海嘉定仓')).toBeVisible()
  await screenshot(pearlRiver, 'product-zh')
  await pearlRiver.getByLabel('数量').fill('12')
  await pearlRiver.getByRole('button', { name: '更新价格' }).click()
  await expect(pearlRiver.getByTestId('net-price')).toHaveText('¥3,262.50')
  await expect(pearlRiver.getByTestId('price-explanation')).toHaveText(
    /^目录价 ¥4,350\.00\s*→\s*10 件起批量折扣 −25%\s*→\s*¥3,262\.50$/,
  )
})

test("Eastbridge's contract prices never reach Pearl River", async ({ as }) => {
  const eastbridge = await as('eastbridge')
  await eastbridge.goto('/portal/catalog/HT-PLC-100')
  await expect(eastbridge.getByTestId('net-price')).toHaveText('CN¥1,690.00')
  await expect(eastbridge.getByTestId('price-explanation')).toHaveText(
    /^List CN¥2,680\.00\s*→\s*Your contract price\s*→\s*CN¥1,690\.00$/,
  )
  await expect(eastbridge.getByText(/Contract price valid until/)).toBeVisible()
  await expect(eastbridge.getByText('Your contract price applies at every quantity.')).toBeVisible()
  // The contract on the 7" panel starts next week: announced, not yet applied.
  await eastbridge.goto('/portal/catalog/HT-HMI-7')
  await expect(eastbridge.getByTestId('net-price')).toHaveText('CN¥1,645.00')
  await expect(eastbridge.getByText(/Your contract price of CN¥1,520\.00 starts on/)).toBeVisible()

  const pearlRiver = await as('pearl_river')
  // Eastbridge's contract prices as text and as minor units (in the page's data).
  const forbidden = ['1,690.00', '2,650.00', '1,520.00', '169000', '265000', '152000']
  for (const url of [
    '/portal/catalog',
    '/portal/catalog?sort=price',
    '/portal/catalog?q=HT-PLC-100',
    `/portal/catalog?q=HT&partnerId=${partnerIds.eastbridge}`,
    '/portal/catalog/HT-PLC-100',
    '/portal/catalog/HT-SV-0075?qty=5',
    '/portal/catalog/HT-HMI-7',
  ]) {
    const response = await pearlRiver.goto(url)
    expect(response?.status(), url).toBe(200)
    const html = await pearlRiver.content()
    for (const amount of forbidden) {
      expect(html, `${url} shows ${amount}`).not.toMatch(
        new RegExp(`(?<![0-9,.])${amount}(?![0-9])`),
      )
    }
  }
  await pearlRiver.goto('/portal/catalog?sort=availability')
  await expect(pearlRiver.getByRole('heading', { name: '产品目录', level: 1 })).toBeVisible()
  await screenshot(pearlRiver, 'list-zh')
  await pearlRiver.goto('/portal/catalog/HT-PLC-100')
  await expect(pearlRiver.getByTestId('net-price')).toHaveText('¥2,144.00')
  await expect(pearlRiver.getByText('合同价')).toHaveCount(0)

  // The CSV each downloads from its catalog page.
  const download = async (page: Page) => {
    await page.goto('/portal/catalog?q=HT-')
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Export CSV|导出 CSV/ }).click(),
    ])
    return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) }
  }
  const ours = await download(eastbridge)
  expect(ours.name).toMatch(/^catalog-P-0001-\d{4}-\d{2}-\d{2}\.csv$/)
  expect([...ours.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const ourText = ours.bytes.toString('utf8')
  expect(ourText).toContain('HT-PLC-100,"Compact PLC 100, 14 DI / 10 DO",PLC controllers')
  expect(ourText).toMatch(/HT-PLC-100,.*,2680\.00,1690\.00,Contract,69,/)
  const theirs = await download(pearlRiver)
  const theirText = theirs.bytes.toString('utf8')
  expect(theirText.split('\n')[0]).toBe(
    '\uFEFFSKU,名称,产品线,类别,单位,币种,目录价,净价,价格来源,库存,预计到货日期',
  )
  expect(theirText).toMatch(
    /HT-PLC-100,.*,PLC 控制器,控制器与 CPU,pcs,CNY,2680\.00,2144\.00,等级折扣,69,/,
  )
  for (const amount of ['1690.00', '2650.00', '1520.00']) {
    // Whole amounts only: the safety PLC's ¥21,520.00 is Pearl River's own silver price.
    expect(theirText).not.toMatch(new RegExp(`,${amount.replace('.', '\\.')},`))
  }
})

test('Eastbridge acknowledges the upcoming gold drives policy; Pearl River cannot', async ({
  as,
}) => {
  const pearlRiver = await as('pearl_river')
  await pearlRiver.goto('/portal/price-policies')
  await expect(pearlRiver.getByRole('heading', { name: '价格政策', level: 1 })).toBeVisible()
  await expect(pearlRiver.getByText(goldPolicy.title)).toHaveCount(0)
  await screenshot(pearlRiver, 'policies-zh')
  // Not addressed to a silver partner: "not found", even by a hand-made request.
  const refused = await pearlRiver.request.post('/portal/price-policies', {
    form: { intent: 'acknowledge', policyId: goldPolicy.id },
    maxRedirects: 0,
  })
  expect(refused.status()).toBe(404)

  const page = await as('eastbridge')
  await page.goto('/portal/catalog')
  await page.getByRole('link', { name: 'Read and acknowledge' }).click()
  await expect(page).toHaveURL('/portal/price-policies')
  const policy = page.getByRole('article', { name: goldPolicy.title })
  // The seed sets it 14 Shanghai days ahead; a server seeded before Shanghai's midnight and
  // checked after it is one day closer.
  await expect(policy).toContainText(/in 1[34] days/)
  await expect(policy).toContainText('For Gold partners')
  await expect(policy.getByRole('row', { name: /Servo & VFD drives/ })).toContainText(
    'Gold discount 30% → 32%',
  )
  await screenshot(page, 'policies')
  await policy.getByRole('button', { name: `Acknowledge “${goldPolicy.title}”` }).click()
  await expect(page.getByText(`Acknowledged: ${goldPolicy.title}`)).toBeVisible()
  await expect(policy.getByTestId('acknowledged')).toContainText('You acknowledged this on')
  await expect(policy.getByRole('button', { name: /Acknowledge/ })).toHaveCount(0)
  await screenshot(page, 'policies-acknowledged')
  await phoneScreenshot(page, 'policies-acknowledged')

  // A replayed form changes nothing: still one acknowledgement, one audit entry.
  const replay = await page.request.post('/portal/price-policies', {
    form: { intent: 'acknowledge', policyId: goldPolicy.id },
    maxRedirects: 0,
  })
  expect(replay.status()).toBe(302)
  if (hasDirectDatabase) {
    const userId = userIdOf('sales@eastbridge.example')
    const acks = await sql()`
      select 1 from price_policy_acknowledgements
      where policy_id = ${goldPolicy.id} and user_id = ${userId}`
    expect(acks).toHaveLength(1)
    const audit = await sql()`
      select 1 from audit_log
      where action = 'price_policy.acknowledged' and entity_id = ${goldPolicy.id}
        and actor_user_id = ${userId}`
    expect(audit).toHaveLength(1)
  }
})
