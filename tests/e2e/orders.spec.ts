/**
 * Ordering journeys (DESIGN §3), in the browser, as the people who use them:
 *
 * - Pearl River's admin (a silver dealer, Chinese UI) quick-orders three SKUs by pasting lines
 *   (two bad lines are reported with their line numbers), reviews the cart at its net prices,
 *   checks out on account to an address from its address book with a PO number, and sees the
 *   order placed: its number, lines with price sources, history, and the printable confirmation.
 * - Eastbridge's staff see their own (empty) cart and order pages in English, and the address
 *   book is for partner admins only.
 *
 * The vendor side (confirm, ship) is not part of this file. Screenshots go to
 * test-results/screenshots/orders-*.png.
 */
import path from 'node:path'
import { type Page } from '@playwright/test'
import { expect, test } from './support/fixtures'
import { partnerIds, reserved, storageStateFor } from './support/accounts'
import { signIn } from './support/auth'
import { closeDatabase, hasDirectDatabase, sql } from './support/db'
import { repoRoot } from './support/env'
import zhCommon from '../../app/locales/zh-CN/common.json' with { type: 'json' }
import zh from '../../app/locales/zh-CN/orders.json' with { type: 'json' }

const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots')
async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `orders-${name}.png`), fullPage: true })
}
/** The same page on a phone (orders-<name>-phone.png), then back to the desktop size. */
async function phoneScreenshot(page: Page, name: string) {
  const desktop = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  await screenshot(page, `${name}-phone`)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width, `${name}: page width on a phone`).toBeLessThanOrEqual(390)
  if (desktop) await page.setViewportSize(desktop)
}

/** "SO-260012" from the order page's title ("SO-260012 · Channel Portal"). */
async function orderNumberOf(page: Page): Promise<string> {
  await expect(page).toHaveTitle(/^SO-\d{6,} · /)
  return (await page.title()).split(' ')[0]!
}

test.describe('Pearl River orders three SKUs by quick order and pays on account', () => {
  test.use({ storageState: { cookies: [], origins: [] } })

  test('quick order → cart → checkout → the placed order and its confirmation', async ({
    page,
  }) => {
    await signIn(page, reserved.pearlRiverAdmin)

    // Quick order: three good lines, one unknown SKU, one line without a quantity.
    await page.goto('/portal/quick-order')
    await expect(page.getByRole('heading', { level: 1, name: zh.quickOrder.title })).toBeVisible()
    await page
      .getByLabel(zh.quickOrder.text)
      .fill(
        ['HT-PX-M12, 20', 'HT-IO-DI16\t5', 'ht-vf-0075 2', 'HT-NOPE-1, 1', 'HT-PX-M18'].join('\n'),
      )
    await page.getByRole('button', { name: zh.quickOrder.submit }).click()
    const added = page.getByRole('status').filter({ hasText: '已将 3 行加入购物车。' })
    await expect(added).toBeVisible()
    const problems = page.getByRole('table', { name: zh.quickOrder.problemsCaption })
    await expect(problems.getByRole('row')).toHaveCount(3)
    await expect(problems.getByRole('row').nth(1)).toContainText('4')
    await expect(problems.getByRole('row').nth(1)).toContainText(zh.quickOrder.reason.sku_unknown)
    await expect(problems.getByRole('row').nth(2)).toContainText('5')
    await expect(problems.getByRole('row').nth(2)).toContainText(
      zh.quickOrder.reason.quantity_missing,
    )
    await screenshot(page, 'quick-order-report')

    // The cart, at Pearl River's net prices (silver: 20 % off list).
    await added.getByRole('link', { name: zh.quickOrder.reviewCart }).click()
    await expect(page).toHaveURL(/\/portal\/cart$/)
    const cart = page.getByRole('table', { name: zh.cart.caption })
    await expect(cart.getByRole('row')).toHaveCount(4)
    for (const [sku, unit, total] of [
      ['HT-PX-M12', '68.80', '1,376.00'],
      ['HT-IO-DI16', '712.00', '3,560.00'],
      ['HT-VF-0075', '1,160.00', '2,320.00'],
    ]) {
      const row = cart.getByRole('row').filter({ hasText: sku })
      await expect(row).toContainText(unit)
      await expect(row).toContainText(total)
      await expect(row).toContainText(zh.priceSource.tier_discount)
    }
    await expect(page.getByText('7,256.00').first()).toBeVisible()
    await screenshot(page, 'cart')
    await phoneScreenshot(page, 'cart')

    // Checkout: the default address is chosen, on account is the payment, card is offered too.
    await page.getByRole('link', { name: zh.cart.checkout }).click()
    await expect(page).toHaveURL(/\/portal\/checkout$/)
    await expect(page.getByRole('heading', { level: 1, name: zh.checkout.title })).toBeVisible()
    await expect(page.getByRole('radio', { name: '广州黄埔仓库' })).toBeChecked()
    await expect(page.getByRole('radio', { name: zh.payment.on_account })).toBeChecked()
    await expect(page.getByRole('radio', { name: zh.payment.card })).toBeEnabled()
    await page.getByRole('radio', { name: '佛山顺德客户现场' }).check()
    await page.getByLabel(zh.checkout.poNumber).fill('PR-2026-118')
    const requested = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)
    await page.getByLabel(zh.checkout.requestedDate).fill(requested)
    await page.getByLabel(zh.checkout.note).fill('请提前一天电话通知收货人。')
    await expect(page.getByTestId('checkout-total')).toContainText('7,256.00')
    await screenshot(page, 'checkout')
    await phoneScreenshot(page, 'checkout')

    await page.getByRole('button', { name: zh.checkout.placeOrder }).click()
    await expect(page).toHaveURL(/\/portal\/orders\/[0-9a-f-]{36}$/)
    const number = await orderNumberOf(page)
    const orderId = new URL(page.url()).pathname.split('/').pop()!
    await expect(
      page.getByRole('status').filter({ hasText: `订单 ${number} 已提交。` }),
    ).toBeVisible()
    await expect(
      page.getByRole('heading', { level: 1, name: new RegExp(`订单 ${number}`) }),
    ).toBeVisible()
    await expect(page.getByText(zh.status.submitted).first()).toBeVisible()
    const lines = page.getByRole('table', { name: zh.detail.lines })
    await expect(lines.getByRole('row')).toHaveCount(4)
    for (const sku of ['HT-PX-M12', 'HT-IO-DI16', 'HT-VF-0075']) {
      await expect(lines.getByRole('row').filter({ hasText: sku })).toContainText(
        zh.priceSource.tier_discount,
      )
    }
    await expect(page.getByTestId('order-total')).toContainText('7,256.00')
    await expect(page.getByRole('main')).toContainText('PR-2026-118')
    await expect(page.getByRole('main')).toContainText('顺德区北滘镇工业大道 18 号')
    await expect(page.getByRole('main')).toContainText(zh.history.types.placed)
    await page.getByRole('button', { name: zhCommon.actions.dismiss }).click()
    await screenshot(page, 'order')
    await phoneScreenshot(page, 'order')

    // The cart is empty now; the order is in the list.
    await page.goto('/portal/cart')
    await expect(page.getByText(zh.cart.empty)).toBeVisible()
    await page.goto('/portal/orders')
    const list = page.getByRole('table', { name: zh.list.caption })
    await expect(list.getByRole('row').filter({ hasText: number })).toContainText('7,256.00')
    await screenshot(page, 'list')

    // The printable confirmation, without the portal's navigation.
    await page.goto(`/portal/orders/${orderId}/confirmation`)
    await expect(page.getByRole('heading', { level: 1, name: zh.confirmation.title })).toBeVisible()
    await expect(page.getByText(number).first()).toBeVisible()
    await expect(page.getByRole('navigation', { name: zhCommon.nav.label })).toHaveCount(0)
    await expect(page.getByText('广州珠江机电设备有限公司')).toBeVisible()
    await screenshot(page, 'confirmation')

    if (hasDirectDatabase) {
      const db = sql()
      const [order] = await db<
        { status: string; total: string; lines: number; reserved: number }[]
      >`select o.status::text, o.total_minor::text as total,
          (select count(*)::int from order_lines where order_id = o.id) as lines,
          (select coalesce(sum(quantity), 0)::int from order_allocations
            where order_id = o.id and status = 'reserved') as reserved
        from orders o where o.id = ${orderId} and o.partner_id = ${partnerIds.pearlRiver}`
      expect(order).toEqual({ status: 'submitted', total: '725600', lines: 3, reserved: 27 })
      await closeDatabase()
    }
  })
})

test.describe("Eastbridge's staff, in English", () => {
  test.use({ storageState: storageStateFor('partner_admin') })

  test('the address book, an empty-cart checkout and the order list', async ({ page }) => {
    await page.goto('/portal/addresses')
    await expect(page.getByRole('heading', { level: 1, name: 'Addresses' })).toBeVisible()
    const book = page.getByRole('listitem', { name: 'Shanghai Jiading warehouse' })
    await expect(book).toContainText('Default')
    await expect(book).toContainText('1288 Huyi Highway, Jiading District')
    await expect(page.getByRole('listitem', { name: 'Suzhou project site' })).toBeVisible()
    // A bad phone number is a message beside the field; nothing is added.
    await page.getByLabel('Name').fill('Ningbo port')
    await page.getByLabel('Recipient').fill('Zhang Wei')
    await page.getByLabel('Phone').fill('call the office')
    await page.getByLabel('Region').selectOption({ label: 'East China' })
    await page.getByLabel('City').fill('Ningbo')
    await page.getByLabel('Street address').fill('1 Port Road')
    await page.getByRole('button', { name: 'Add address' }).click()
    await expect(page.getByText('Enter a phone number, e.g. +86 20 8888 0000.')).toBeVisible()
    await expect(page.getByRole('listitem', { name: 'Ningbo port' })).toHaveCount(0)
    await screenshot(page, 'addresses')
    await phoneScreenshot(page, 'addresses')

    await page.goto('/portal/orders')
    await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Quick order' })).toBeVisible()
  })
})

test.describe("Eastbridge's partner user", () => {
  test.use({ storageState: storageStateFor('partner_user') })

  test('may order but not keep the address book', async ({ page }) => {
    const response = await page.goto('/portal/addresses')
    expect(response?.status()).toBe(403)
    await page.goto('/portal/quick-order')
    await expect(page.getByRole('heading', { level: 1, name: 'Quick order' })).toBeVisible()
    await page.getByRole('button', { name: 'Add to cart' }).click()
    await expect(
      page.getByText('There is nothing to add: paste lines or choose a file.'),
    ).toBeVisible()
  })
})
