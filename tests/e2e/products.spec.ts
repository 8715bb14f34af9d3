/**
 * Products and stock on the vendor side (DESIGN §2), in the browser:
 *
 * - The demo admin creates a product (the form first says what is wrong: a bad price, a SKU that
 *   already exists), edits its list price, receives stock into a warehouse with a reason, is
 *   refused a write-off larger than what is on hand, and finds the product in the list with its
 *   price and stock.
 * - A channel manager sees the same product and stock read-only; a Chinese-speaking one reads
 *   the pages in Chinese.
 *
 * Every run creates a SKU of its own, so nothing depends on demo rows other tests change.
 * Screenshots go to test-results/screenshots/products-*.png.
 */
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './support/fixtures'
import { DEMO_PASSWORD, storageStateFor } from './support/accounts'
import { signIn } from './support/auth'
import { closeDatabase, hasDirectDatabase, sql } from './support/db'
import { repoRoot } from './support/env'

const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots')
async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `products-${name}.png`), fullPage: true })
}
/** The same page on a phone (products-<name>-phone.png), then back to the desktop size. */
async function phoneScreenshot(page: Page, name: string) {
  const desktop = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  await screenshot(page, `${name}-phone`)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width, `${name}: page width on a phone`).toBeLessThanOrEqual(390)
  if (desktop) await page.setViewportSize(desktop)
}

const run = Date.now().toString(36).toUpperCase()
const sku = `HT-E2E-${run}`
const name = `E2E compact PLC ${run}`
/** A demo SKU that exists (db/seed-catalog.ts). */
const demoSku = 'HT-PLC-100'
const warehouse = 'Shanghai Jiading'

test.describe.serial('products and stock, as the vendor admin', () => {
  test.use({ storageState: storageStateFor('admin') })
  let productUrl = ''

  test('create a product: the form explains a bad price and a SKU in use, then creates it', async ({
    page,
  }) => {
    await page.goto('/admin/products')
    await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible()
    await page.getByRole('link', { name: 'New product' }).click()
    await expect(page).toHaveURL(/\/admin\/products\/new$/)

    await page.getByLabel('SKU').fill(demoSku.toLowerCase())
    await page.getByLabel('Name').fill(name)
    await page.getByLabel('Product line').selectOption({ label: 'PLC controllers' })
    await page.getByLabel('Category').selectOption({ label: 'Controllers & CPUs' })
    await page.getByLabel('Description').fill('Compact PLC for the journey test.\nTwo lines.')
    await page.getByLabel('List price').fill('12,80.5x')
    await page.getByLabel('Image URL').fill('http://cdn.example.com/plc.png')
    await page.getByRole('button', { name: 'Create product' }).click()
    await expect(page.getByText('Enter an amount such as 12500.00.')).toBeVisible()
    await expect(
      page.getByText('Enter an https:// address or a path starting with /.'),
    ).toBeVisible()
    await expect(page).toHaveURL(/\/admin\/products\/new$/)

    // Right price and image; the SKU is a demo product's: the server says so beside the field.
    await page.getByLabel('List price').fill('1280.00')
    await page.getByLabel('Image URL').fill('')
    await page.getByRole('button', { name: 'Create product' }).click()
    await expect(page.getByText('SKU already exists')).toBeVisible()
    await expect(page.getByLabel('SKU')).toHaveAttribute('aria-invalid', 'true')
    await screenshot(page, 'form-error')

    await page.getByLabel('SKU').fill(sku.toLowerCase())
    await page.getByRole('button', { name: 'Create product' }).click()
    await expect(page.getByRole('status')).toContainText(`${sku} created.`)
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible()
    productUrl = new URL(page.url()).pathname
    expect(productUrl).toMatch(/^\/admin\/products\/[0-9a-f-]{36}$/)
  })

  test('edit its list price', async ({ page }) => {
    await page.goto(productUrl)
    const edit = page.locator('#edit')
    await expect(edit.getByLabel('List price')).toHaveValue('1280.00')
    await edit.getByLabel('List price').fill('1,350.50')
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await expect(page.getByRole('status')).toContainText(`${sku} saved.`)
    await expect(page.getByText('¥1,350.50')).toBeVisible()
    await expect(page.locator('#edit').getByLabel('List price')).toHaveValue('1350.50')
  })

  test('receive stock with a reason; a write-off beyond what is on hand is refused', async ({
    page,
  }) => {
    await page.goto(productUrl)
    await page.getByRole('link', { name: `Adjust stock in ${warehouse}` }).click()
    const form = page.getByRole('form', { name: `Adjust stock in ${warehouse}` })
    await form.getByLabel('Change in on hand').fill('+40')
    await form.getByLabel('Reason').fill(`Received PO ${run}`)
    await form.getByRole('button', { name: 'Save adjustment' }).click()
    await expect(page.getByRole('status')).toContainText(
      `Stock of ${sku} in SH adjusted: 40 on hand.`,
    )
    const stock = page.getByRole('table', { name: 'Stock per warehouse' })
    await expect(stock.getByRole('row', { name: new RegExp(warehouse) })).toContainText('40')
    const history = page.getByRole('table', { name: 'Latest stock adjustments' })
    await expect(history).toContainText(`Received PO ${run}`)
    await expect(history).toContainText('+40')

    await page.getByRole('link', { name: `Adjust stock in ${warehouse}` }).click()
    await form.getByLabel('Change in on hand').fill('-50')
    await form.getByLabel('Reason').fill('Damaged in transit')
    await form.getByRole('button', { name: 'Save adjustment' }).click()
    await expect(
      form.getByText('Only 40 on hand: you cannot write off more than that.'),
    ).toBeVisible()
    await expect(stock.getByRole('row', { name: new RegExp(warehouse) })).toContainText('40')
    await expect(history).not.toContainText('Damaged in transit')
    await screenshot(page, 'stock-error')

    await page.getByRole('link', { name: 'Cancel' }).click()
    await expect(form).toBeHidden()
    await screenshot(page, 'detail')
    await phoneScreenshot(page, 'detail')
  })

  test('find it in the list with its price and stock', async ({ page }) => {
    await page.goto('/admin/products')
    await screenshot(page, 'list')
    await phoneScreenshot(page, 'list')
    await page.getByRole('searchbox', { name: 'Search' }).fill(sku.toLowerCase())
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect(page).toHaveURL(new RegExp(`q=${sku.toLowerCase()}`))
    const row = page
      .getByRole('table', { name: 'Products' })
      .getByRole('row', { name: new RegExp(sku) })
    await expect(row).toContainText(name)
    await expect(row).toContainText('¥1,350.50')
    await expect(row).toContainText('40')
    await expect(row).toContainText('Active')
    await expect(page.getByText('Page 1 of 1 · 1 in all')).toBeVisible()

    await page.getByRole('link', { name: 'Warehouses' }).click()
    await expect(page.getByRole('table', { name: 'Warehouses' })).toContainText('Shanghai Jiading')
    await screenshot(page, 'warehouses')

    // The stock filter finds the demo's out-of-stock SKUs and not ours.
    await page.goto('/admin/products?stock=out')
    await expect(page.getByRole('table', { name: 'Products' })).toContainText('HT-PLC-510F')
    await expect(page.getByRole('table', { name: 'Products' })).not.toContainText(sku)
  })

  test('the audit log has the creation, the price change and the adjustment', async ({ page }) => {
    test.skip(!hasDirectDatabase, 'PGlite: the admin pages above are the witness')
    const db = sql()
    const rows = await db<{ action: string }[]>`
      select action from audit_log
      where entity_type = 'product'
        and entity_id = ${productUrl.split('/').pop()!}
      order by id`
    expect(rows.map((r) => r.action)).toEqual([
      'product.created',
      'product.updated',
      'stock.adjusted',
    ])
    await closeDatabase()
    void page
  })
})

test.describe('products as a channel manager', () => {
  test.use({ storageState: storageStateFor('channel_manager') })

  test('sees products and stock read-only', async ({ page }) => {
    await page.goto('/admin/products')
    await expect(page.getByRole('link', { name: 'New product' })).toHaveCount(0)
    await page.getByRole('table', { name: 'Products' }).getByRole('link', { name: demoSku }).click()
    await expect(page.getByRole('table', { name: 'Stock per warehouse' })).toBeVisible()
    await expect(page.getByText('Read only: vendor admins adjust stock.')).toBeVisible()
    await expect(page.getByRole('link', { name: /^Adjust stock in/ })).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Deactivate' })).toHaveCount(0)
    await expect(page.getByRole('heading', { name: 'Edit product' })).toHaveCount(0)
  })
})

test.describe('products in Chinese', () => {
  test.use({ storageState: { cookies: [], origins: [] } })

  test('a Chinese-speaking channel manager reads the list and a product page in Chinese', async ({
    page,
  }) => {
    await signIn(page, {
      email: 'manager.chen@hengtai.example',
      password: DEMO_PASSWORD,
      home: '/admin',
    })
    await page.goto('/admin/products?stock=low')
    await expect(page.getByRole('heading', { name: '产品', level: 1 })).toBeVisible()
    await expect(page.getByRole('table', { name: '产品' })).toContainText('库存偏低')
    await screenshot(page, 'list-zh')
    await page
      .getByRole('table', { name: '产品' })
      .getByRole('link', { name: /^HT-/ })
      .first()
      .click()
    await expect(page.getByRole('table', { name: '各仓库库存' })).toBeVisible()
    await expect(page.getByText('只读：库存由供应商管理员调整。')).toBeVisible()
    await screenshot(page, 'detail-zh')
  })
})
