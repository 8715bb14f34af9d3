/**
 * CSV import and export journeys (DESIGN §2, ADR 0009), in the browser:
 *
 * - The vendor admin uploads a products file with one bad row: the error table names the line and
 *   column, and nothing is imported. The fixed file imports with its counts; a check-only run of
 *   the same file then reports every row unchanged; the export downloads with the new products.
 * - The same admin with a Chinese browser uploads a GB18030 file from Chinese Excel (Chinese
 *   headers and names): the error table and the result speak Chinese.
 * - A channel manager (Chinese UI) sees the exports only, and downloads contract prices.
 * - Partners get 403 on the page, the upload (a real multipart file), every export and template.
 *
 * SKUs are this run's own (IMP-E2E-…), so no other test's demo data changes. Screenshots go to
 * test-results/screenshots/imports-*.png.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { type Page } from '@playwright/test'
import { expect, test } from './support/fixtures'
import { DEMO_PASSWORD, storageStateFor, type SignedInRole } from './support/accounts'
import { signIn } from './support/auth'
import { repoRoot } from './support/env'
import { encodeGb18030 } from '../modules/imports/csv-files'

const run = Date.now().toString(36).toUpperCase()
const sku = (n: number) => `IMP-E2E-${run}-${n}`

const header = 'sku,name,description,product_line,category,unit,list_price,currency,active'
const productsFile = (category: string) =>
  [
    header,
    `${sku(1)},"Imported servo drive 0.4 kW, EtherCAT",First import,DRV,servo,pcs,"3,150.00",CNY,yes`,
    `${sku(2)},伺服电机 0.4 kW,导入测试,DRV,${category},pcs,2100,CNY,yes`,
    `${sku(3)},Imported sensor cable 5 m,,SNS,accessories,pcs,48.5,CNY,no`,
  ].join('\r\n')

const csvUpload = (name: string, text: string) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(text, 'utf-8'),
})

const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots')
async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `imports-${name}.png`), fullPage: true })
}
/** The same page on a phone (imports-<name>-phone.png), then back to the desktop size. */
async function phoneScreenshot(page: Page, name: string) {
  const desktop = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  await screenshot(page, `${name}-phone`)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width, `${name}: page width on a phone`).toBeLessThanOrEqual(390)
  if (desktop) await page.setViewportSize(desktop)
}

async function exportedProducts(page: Page): Promise<string> {
  const response = await page.request.get('/admin/exports/products')
  expect(response.status()).toBe(200)
  return response.text()
}

test.describe('the vendor admin', () => {
  test.use({ storageState: storageStateFor('admin') })

  test('a file with one bad row is refused whole and names the row; the fixed file imports', async ({
    page,
  }) => {
    await page.goto('/admin/imports')
    await expect(page.getByRole('heading', { name: 'Import and export', level: 1 })).toBeVisible()
    await expect(page.getByLabel('What the file contains')).toHaveValue('products')

    // One bad row: a category code that does not exist.
    await page
      .getByLabel('CSV file')
      .setInputFiles(csvUpload('price-list.csv', productsFile('motors')))
    await page.getByRole('button', { name: 'Import', exact: true }).click()

    await expect(page.getByRole('heading', { name: '1 row has a problem' })).toBeVisible()
    const errors = page.getByRole('table', { name: 'Problems found, by line of the file' })
    await expect(errors.getByRole('row')).toHaveCount(2)
    await expect(errors.getByRole('row').nth(1)).toContainText('3')
    await expect(errors.getByRole('row').nth(1)).toContainText('category')
    await expect(errors.getByRole('row').nth(1)).toContainText('No category has the code motors.')
    await expect(page.getByText('Nothing was changed.')).toBeVisible()
    await screenshot(page, 'errors')
    await phoneScreenshot(page, 'errors')

    // Not even the good rows were imported.
    expect(await exportedProducts(page)).not.toContain(`IMP-E2E-${run}`)

    await page
      .getByLabel('CSV file')
      .setInputFiles(csvUpload('price-list.csv', productsFile('servo')))
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Import complete' })).toBeVisible()
    const counts = page.getByRole('status')
    await expect(counts).toContainText(
      'price-list.csv (Products, 3 rows) was imported in one step.',
    )
    await expect(counts.getByText('Created').locator('..')).toContainText('3')
    await expect(counts.getByText('Updated').locator('..')).toContainText('0')
    await screenshot(page, 'imported')
    await phoneScreenshot(page, 'imported')

    // Check only, with the same file: valid, every row unchanged, nothing written.
    await page
      .getByLabel('CSV file')
      .setInputFiles(csvUpload('price-list.csv', productsFile('servo')))
    await page.getByRole('button', { name: 'Check only' }).click()
    await expect(page.getByRole('heading', { name: 'The file is ready to import' })).toBeVisible()
    await expect(page.getByRole('status').getByText('Unchanged').locator('..')).toContainText('3')

    // The export downloads as a file and holds the imported products, Chinese names intact.
    const downloading = page.waitForEvent('download')
    await page.getByRole('link', { name: 'Download CSV of Products' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^products-\d{4}-\d{2}-\d{2}\.csv$/)
    const bytes = await readFile((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf-8')
    expect(text).toContain(
      `${sku(1)},"Imported servo drive 0.4 kW, EtherCAT",First import,DRV,servo,pcs,3150.00,CNY,true,,0,0,0`,
    )
    expect(text).toContain(`${sku(2)},伺服电机 0.4 kW,导入测试,DRV,servo,pcs,2100.00,CNY,true`)
    expect(text).toContain(
      `${sku(3)},Imported sensor cable 5 m,,SNS,accessories,pcs,48.50,CNY,false`,
    )

    // The audit log records the import.
    await page.goto('/admin/audit?action=import.products')
    await expect(
      page.getByRole('cell', { name: 'Products imported from CSV' }).first(),
    ).toBeVisible()
  })

  test('a file that is not CSV gets a clear message, not an error page', async ({ page }) => {
    await page.goto('/admin/imports')
    await page.getByLabel('CSV file').setInputFiles({
      name: 'catalog.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
    })
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await expect(
      page.getByRole('heading', { name: 'The file could not be imported' }),
    ).toBeVisible()
    await expect(page.getByText(/This is an Excel workbook, not a CSV file/)).toBeVisible()
    await screenshot(page, 'file-error')
  })
})

test('a GB18030 products file from Chinese Excel, in the Chinese UI: errors, then the import', async ({
  browser,
}) => {
  // The admin has no language on the profile, so a Chinese browser gets the Chinese UI.
  const context = await browser.newContext({
    storageState: storageStateFor('admin'),
    locale: 'zh-CN',
    extraHTTPHeaders: { 'Accept-Language': 'zh-CN,zh;q=0.9' },
  })
  const page = await context.newPage()
  await page.goto('/admin/imports')
  await expect(page.getByRole('heading', { name: '导入与导出', level: 1 })).toBeVisible()
  await page.getByLabel('文件内容').selectOption('products')
  const file = (category: string) =>
    encodeGb18030(
      [
        '物料编码,产品名称,产品线,类别,列表价,币种',
        `${sku(10)},光电传感器（漫反射）,SNS,sensors,245.00,CNY`,
        `${sku(11)},温度变送器,SNS,${category},"1,420",CNY`,
      ].join('\r\n'),
    )
  const upload = (bytes: Uint8Array) => ({
    name: '传感器价格.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(bytes),
  })
  await page.getByLabel('CSV 文件').setInputFiles(upload(file('温度')))
  await page.getByRole('button', { name: '导入', exact: true }).click()
  await expect(page.getByRole('heading', { name: '1 行有问题' })).toBeVisible()
  const errors = page.getByRole('table', { name: '发现的问题（按文件行号）' })
  await expect(errors.getByRole('row').nth(1)).toContainText('类别')
  await expect(errors.getByRole('row').nth(1)).toContainText('没有代码为 温度 的类别。')
  await screenshot(page, 'errors-zh')

  await page.getByLabel('CSV 文件').setInputFiles(upload(file('sensors')))
  await page.getByRole('button', { name: '导入', exact: true }).click()
  await expect(page.getByRole('heading', { name: '导入完成' })).toBeVisible()
  await expect(page.getByText('该文件已按 GB18030（中文 Excel）读取。')).toBeVisible()
  await screenshot(page, 'imported-zh')
  const text = await exportedProducts(page)
  expect(text).toContain(`${sku(10)},光电传感器（漫反射）,,SNS,sensors,pcs,245.00,CNY,true`)
  expect(text).toContain(`${sku(11)},温度变送器,,SNS,sensors,pcs,1420.00,CNY,true`)
  await context.close()
})

test('a channel manager (Chinese UI) downloads exports but has no import form', async ({
  browser,
}) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signIn(page, {
    email: 'manager.chen@hengtai.example',
    password: DEMO_PASSWORD,
    home: '/admin',
  })
  await page.goto('/admin/imports')
  await expect(page.getByRole('heading', { name: '导入与导出', level: 1 })).toBeVisible()
  await expect(page.getByLabel('CSV 文件')).toHaveCount(0)
  await expect(page.getByRole('link', { name: /^模板/ })).toHaveCount(0)
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: '下载 CSV：合同价' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^contract-prices-\d{4}-\d{2}-\d{2}\.csv$/)
  const text = (await readFile((await download.path())!)).toString('utf-8')
  expect(text.split('\r\n')[0]).toBe(
    '\uFEFFpartner_code,partner_name,sku,product_name,price,currency,valid_from,valid_to',
  )
  await screenshot(page, 'manager-zh')
  await context.close()
})

for (const role of ['partner_user', 'partner_admin'] satisfies SignedInRole[]) {
  test(`a ${role.replace('_', ' ')} gets 403 on every import and export route`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ storageState: storageStateFor(role) })
    const page = await context.newPage()
    const response = await page.goto('/admin/imports')
    expect(response?.status()).toBe(403)
    for (const kind of ['products', 'contract-prices', 'stock']) {
      for (const url of [`/admin/exports/${kind}`, `/admin/imports/templates/${kind}`]) {
        expect((await page.request.get(url, { maxRedirects: 0 })).status(), url).toBe(403)
      }
    }
    const marker = `IMP-E2E-${run}-PARTNER`
    const posted = await page.request.post('/admin/imports', {
      headers: { Origin: new URL(page.url()).origin },
      multipart: {
        kind: 'products',
        encoding: 'auto',
        intent: 'import',
        file: csvUpload('p.csv', `${header}\r\n${marker},Denied,,DRV,servo,pcs,1,CNY,yes`),
      },
      maxRedirects: 0,
    })
    expect(posted.status()).toBe(403)
    await context.close()

    const admin = await browser.newContext({ storageState: storageStateFor('admin') })
    expect(await exportedProducts(await admin.newPage())).not.toContain(marker)
    await admin.close()
  })
}
