/**
 * From a partner's order to its delivery (DESIGN §3), in the browser, as the people who do it:
 *
 * - Jade Harbour's admin (English UI) adds a delivery address, quick-orders three SKUs and checks
 *   out on account; the vendor admin finds the order in the queue, confirms it and ships it with a
 *   carrier and tracking number; the buyer sees the order shipped with its tracking number.
 * - The same buyer pays an order by card: checkout sends them to the payment page of the test
 *   Stripe (tests/fakes/stripe.ts, which the e2e server is configured with), they pay, Stripe's
 *   signed webhook reaches the portal, and the order page shows it paid.
 *
 * Screenshots go to test-results/screenshots/fulfilment-*.png.
 */
import path from 'node:path'
import { type Browser, type Page } from '@playwright/test'
import { expect, test } from './support/fixtures'
import { DEMO_PASSWORD, roleAccounts, type Account } from './support/accounts'
import { signIn } from './support/auth'
import { repoRoot } from './support/env'
import en from '../../app/locales/en/orders.json' with { type: 'json' }
import enFulfilment from '../../app/locales/en/fulfilment.json' with { type: 'json' }

const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots')
async function screenshot(page: Page, name: string) {
  await page.screenshot({
    path: path.join(screenshotDir, `fulfilment-${name}.png`),
    fullPage: true,
  })
}

const buyer: Account = {
  email: 'eric.leung@jadeharbour.example',
  password: DEMO_PASSWORD,
  name: 'Eric Leung',
  home: '/portal',
}

async function signedInPage(browser: Browser, account: Account): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } })
  const page = await context.newPage()
  await signIn(page, account)
  return page
}

/** "SO-260012" from the order page's title ("SO-260012 · Channel Portal"). */
async function orderNumberOf(page: Page): Promise<string> {
  await expect(page).toHaveTitle(/^SO-\d{6,} · /)
  return (await page.title()).split(' ')[0]!
}

test.describe.configure({ mode: 'serial' })

test.describe('Jade Harbour orders, the vendor ships, the buyer follows it', () => {
  test('address → quick order → on account → confirmed and shipped → tracking number', async ({
    browser,
  }) => {
    const page = await signedInPage(browser, buyer)

    // A first delivery address for the organisation.
    await page.goto('/portal/addresses')
    const form = page.getByRole('main')
    await form.getByLabel(en.addresses.fields.label, { exact: true }).fill('Kwun Tong warehouse')
    await form.getByLabel(en.addresses.fields.recipient).fill('Eric Leung')
    await form.getByLabel(en.addresses.fields.phone).fill('+852 2345 6789')
    await form.getByLabel(en.addresses.fields.region).selectOption({ index: 1 })
    await form.getByLabel(en.addresses.fields.city).fill('Hong Kong')
    await form.getByLabel(en.addresses.fields.postalCode).fill('999077')
    await form.getByLabel(en.addresses.fields.line1).fill('88 Hoi Bun Road, Kwun Tong')
    await form.getByRole('button', { name: en.addresses.add }).click()
    await expect(page.getByText('Kwun Tong warehouse').first()).toBeVisible()

    // Quick order: three SKUs.
    await page.goto('/portal/quick-order')
    await page.getByLabel(en.quickOrder.text).fill('HT-PX-M12, 10\nHT-IO-DI16, 2\nHT-VF-0075, 1')
    await page.getByRole('button', { name: en.quickOrder.submit }).click()
    await expect(page.getByRole('status').filter({ hasText: '3 lines added' })).toBeVisible()
    await page.goto('/portal/cart')
    await expect(page.getByRole('table', { name: en.cart.caption }).getByRole('row')).toHaveCount(4)

    // Checkout on account, with a PO number.
    await page.getByRole('link', { name: en.cart.checkout }).click()
    // The default address comes first and is chosen; this order goes to the new one.
    await expect(page.getByRole('radio', { name: 'Main warehouse' })).toBeChecked()
    await page.getByRole('radio', { name: 'Kwun Tong warehouse' }).check()
    await expect(page.getByRole('radio', { name: en.payment.on_account })).toBeChecked()
    await page.getByLabel(en.checkout.poNumber).fill('JH-7781')
    await page.getByRole('button', { name: en.checkout.placeOrder }).click()
    await expect(page).toHaveURL(/\/portal\/orders\/[0-9a-f-]{36}$/)
    const number = await orderNumberOf(page)
    const orderUrl = new URL(page.url()).pathname
    await expect(page.getByText(en.detail.deliveryState.submitted)).toBeVisible()
    await expect(page.getByRole('main')).toContainText('88 Hoi Bun Road, Kwun Tong')

    // The vendor admin: the queue, the order, confirm, ship.
    const vendor = await signedInPage(browser, roleAccounts.admin)
    await vendor.goto(`/admin/orders?q=${number}`)
    const queue = vendor.getByRole('table', { name: enFulfilment.queue.caption })
    await expect(queue.getByRole('row').filter({ hasText: number })).toContainText('JH-7781')
    await screenshot(vendor, 'queue')
    await queue.getByRole('link', { name: number }).click()
    await expect(vendor.getByRole('heading', { level: 1 })).toContainText(number)
    await vendor.getByRole('button', { name: enFulfilment.actions.confirm.submit }).click()
    await expect(
      vendor.getByRole('status').filter({ hasText: `Order ${number} confirmed.` }),
    ).toBeVisible()
    const ship = vendor.getByRole('form', { name: enFulfilment.actions.ship.title })
    await ship.getByLabel(enFulfilment.actions.ship.carrier).fill('SF Express')
    await ship.getByLabel(enFulfilment.actions.ship.tracking).fill('SF1234567890')
    await screenshot(vendor, 'ship')
    await ship.getByRole('button', { name: enFulfilment.actions.ship.submit }).click()
    await expect(
      vendor.getByRole('status').filter({ hasText: `Order ${number} marked as shipped.` }),
    ).toBeVisible()
    await expect(vendor.getByRole('main')).toContainText('SF1234567890')
    await screenshot(vendor, 'order-shipped')
    await vendor.context().close()

    // The buyer sees it shipped, with the carrier and tracking number.
    await page.goto(orderUrl)
    await expect(page.getByText(en.status.shipped).first()).toBeVisible()
    await expect(page.getByRole('main')).toContainText('SF Express')
    await expect(page.getByRole('main')).toContainText('SF1234567890')
    await screenshot(page, 'buyer-tracking')
    await page.context().close()
  })

  test('card checkout: Stripe’s payment page, the signed webhook, the order paid', async ({
    browser,
  }) => {
    const page = await signedInPage(browser, buyer)
    await page.goto('/portal/quick-order')
    await page.getByLabel(en.quickOrder.text).fill('HT-PX-M12, 4')
    await page.getByRole('button', { name: en.quickOrder.submit }).click()
    await expect(page.getByRole('status').filter({ hasText: '1 line added' })).toBeVisible()

    await page.goto('/portal/checkout')
    await page.getByRole('radio', { name: en.payment.card }).check()
    await page.getByLabel(en.checkout.poNumber).fill('JH-CARD-1')
    await screenshot(page, 'card-checkout')
    await page.getByRole('button', { name: en.checkout.placeOrder }).click()

    // Stripe's hosted page (the test stand-in): the amount, and pay.
    await expect(page.getByRole('heading', { name: 'Test checkout' })).toBeVisible()
    await expect(page.getByTestId('amount')).toContainText('CNY')
    await screenshot(page, 'stripe-page')
    await page.getByRole('button', { name: 'Pay' }).click()

    // Back on the order: paid once the signed webhook arrived (it did, before the redirect).
    await expect(page).toHaveURL(/\/portal\/orders\/[0-9a-f-]{36}\?payment=success$/)
    await expect(page.getByRole('main')).toContainText(
      `${en.payment.card} · ${en.paymentStatus.paid}`,
    )
    await expect(page.getByText(en.detail.deliveryState.submitted)).toBeVisible()
    await screenshot(page, 'card-paid')
    await page.context().close()
  })
})
