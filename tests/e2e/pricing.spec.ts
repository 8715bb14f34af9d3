/**
 * Vendor pricing journeys (DESIGN §2 and §5), in the browser, as the vendor admin:
 *
 * - publishes a price policy for a future date that raises the registered tier's discount on
 *   collaborative robots (ROB), sees it scheduled in the tier discount matrix with its date, opens
 *   the policy, and withdraws it before its date: the matrix is as before;
 * - opens the seeded price list and sees which addressed partners acknowledged it and which not;
 * - adds a contract price for Westline Energy (a registered reseller no other journey prices),
 *   then an overlapping one, which is refused beside the field with the dates in the way;
 * - a channel manager reads the same pages without any form to change them.
 *
 * Prices of Eastbridge (gold) and Pearl River (silver), which other journeys assert, are never
 * touched. Screenshots go to test-results/screenshots/pricing-*.png.
 */
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './support/fixtures'
import { seed, storageStateFor, DEMO_PASSWORD } from './support/accounts'
import { signIn } from './support/auth'
import { repoRoot } from './support/env'
import { todayInShanghai } from '../../app/modules/deals/deal-rules'
import { shiftDay } from '../../app/modules/pricing/price-validity-rules'
import { formatDate } from '../../app/utils/format'

const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots')
async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `pricing-${name}.png`), fullPage: true })
}
/** The same page on a phone (pricing-<name>-phone.png), then back to the desktop size. */
async function phoneScreenshot(page: Page, name: string) {
  const desktop = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  await screenshot(page, `${name}-phone`)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width, `${name}: page width on a phone`).toBeLessThanOrEqual(390)
  if (desktop) await page.setViewportSize(desktop)
}

const today = todayInShanghai(new Date())
/** The channel manager whose UI is in Chinese (only signs in; nothing of the account changes). */
const chenAccount = {
  email: 'manager.chen@hengtai.example',
  password: DEMO_PASSWORD,
  home: '/admin',
  name: seed.staff.find((u) => u.email === 'manager.chen@hengtai.example')!.name,
}
/** How the English UI writes a calendar day ("Dec 15, 2026"). */
const day = (date: string) => formatDate(date, 'en', 'UTC')

test.describe('vendor pricing', () => {
  test.use({ storageState: storageStateFor('admin') })

  test('publish a future tier discount change, see it scheduled, withdraw it', async ({ page }) => {
    const effective = shiftDay(today, 10)
    const title = `Cobots for registered partners ${Date.now().toString(36)}`

    await page.goto('/admin/pricing')
    await expect(page.getByRole('heading', { name: 'Tier discounts' })).toBeVisible()
    const cell = page.getByTestId('discount-ROB-registered')
    await expect(cell).toHaveText('5%')
    await expect(page.getByTestId('scheduled-ROB-registered')).toHaveCount(0)
    // The seeded gold drives change is scheduled too, with its policy named.
    await expect(page.getByTestId('scheduled-DRV-gold')).toContainText('32%')

    await page.getByRole('link', { name: 'Publish a price policy' }).click()
    await expect(page).toHaveURL(/\/admin\/pricing\/policies\/new$/)
    await page.getByLabel('Title').fill(title)
    await page
      .getByLabel('Text for partners')
      .fill('From the effective date, registered partners get 7 % off every collaborative robot.')
    await page.getByLabel('Effective date').fill(effective)
    await page.getByLabel('Selected tiers').check()
    await page.getByLabel('Registered').check()
    const change = page.getByRole('listitem', { name: 'Change 1' })
    await change.getByLabel('Tier').selectOption('registered')
    await change.getByLabel('Product line').selectOption({ label: 'ROB · Collaborative robots' })
    await expect(change.getByText('Today 5%')).toBeVisible()

    // A second change for a tier outside the audience is caught before anything is sent.
    await page.getByRole('button', { name: 'Add a change' }).click()
    const second = page.getByRole('listitem', { name: 'Change 2' })
    await second.getByLabel('Tier').selectOption('silver')
    await expect(second.getByText('This tier is not in the audience')).toBeVisible()
    await page.getByRole('button', { name: 'Remove change 2' }).click()

    await change.getByLabel('New discount (%)').fill('7')
    await screenshot(page, 'publish-form')
    await page.getByRole('button', { name: 'Publish policy' }).click()

    await expect(page).toHaveURL(/\/admin\/pricing\/policies\/[0-9a-f-]{36}$/)
    await expect(page.getByRole('status')).toContainText(`“${title}” is published with 1 change.`)
    await expect(page.getByRole('heading', { name: title })).toBeVisible()
    await expect(page.getByText('Scheduled', { exact: true })).toBeVisible()
    const changes = page.getByRole('table', { name: 'Tier discount changes of this policy' })
    await expect(changes.getByRole('row').nth(1)).toContainText('5%')
    await expect(changes.getByRole('row').nth(1)).toContainText('7%')
    await expect(changes.getByRole('row').nth(1)).toContainText(`from ${day(effective)}`)
    const policyUrl = page.url()

    await page.goto('/admin/pricing')
    await expect(page.getByTestId('discount-ROB-registered')).toHaveText('5%')
    const scheduled = page.getByTestId('scheduled-ROB-registered')
    await expect(scheduled).toContainText(`7% from ${day(effective)}`)
    await expect(scheduled.getByRole('link', { name: title })).toBeVisible()
    const listed = page
      .getByRole('table', { name: 'Price policies' })
      .getByRole('row', { name: new RegExp(title) })
    await expect(listed).toContainText(day(effective))
    await expect(listed).toContainText('Registered')
    await expect(listed).toContainText('0 / ')
    await screenshot(page, 'overview')
    await phoneScreenshot(page, 'overview')

    // Before its date the policy can be withdrawn; the matrix is as it was.
    await page.goto(policyUrl)
    await page.getByRole('button', { name: 'Withdraw policy' }).click()
    await expect(page.getByRole('status')).toContainText('was withdrawn')
    await expect(page.getByText('Withdrawn', { exact: true }).first()).toBeVisible()
    await expect(page.getByRole('button', { name: 'Withdraw policy' })).toHaveCount(0)
    await page.goto('/admin/pricing')
    await expect(page.getByTestId('scheduled-ROB-registered')).toHaveCount(0)
    await expect(page.getByTestId('discount-ROB-registered')).toHaveText('5%')
  })

  test('a price policy shows who acknowledged it and who has not yet', async ({ page }) => {
    await page.goto('/admin/pricing')
    const priceList = `Channel price list ${today.slice(0, 4)}`
    await page
      .getByRole('table', { name: 'Price policies' })
      .getByRole('link', { name: priceList })
      .click()
    await expect(page.getByRole('heading', { level: 1, name: priceList })).toBeVisible()
    await expect(page.getByText('In force', { exact: true })).toBeVisible()
    // Pearl River's admin acknowledged the price list (demo data); Haiyun Marine has not.
    await expect(page.getByText(/^\d+ of \d+ addressed partners acknowledged/)).toBeVisible()
    const acknowledged = page.getByRole('row', { name: /广州珠江机电设备有限公司/ })
    await expect(acknowledged).toContainText('Acknowledged')
    await expect(acknowledged).toContainText('admin@pearlriver.example')
    const haiyun = /Qingdao Haiyun Marine Controls/
    await expect(page.getByRole('row', { name: haiyun })).toContainText('Not yet')
    // Suspended partners are not addressed.
    await expect(page.getByRole('row', { name: /东莞金三角贸易有限公司/ })).toHaveCount(0)
    // This policy is in force: it can no longer be withdrawn.
    await expect(page.getByRole('button', { name: 'Withdraw policy' })).toHaveCount(0)
    await expect(page.getByText('can no longer be withdrawn')).toBeVisible()
    await screenshot(page, 'policy-acknowledgements')

    await page.getByRole('link', { name: 'Not yet acknowledged' }).click()
    await expect(page.getByRole('row', { name: /广州珠江机电设备有限公司/ })).toHaveCount(0)
    await expect(page.getByRole('row', { name: haiyun })).toBeVisible()
    await phoneScreenshot(page, 'policy-acknowledgements')
  })

  test('add a contract price; an overlapping one is refused with the dates in the way', async ({
    page,
  }) => {
    const until = shiftDay(today, 30)
    await page.goto('/admin/pricing/contracts')
    await page.getByLabel('Partner name or code').fill('Westline')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('link', { name: 'Westline Energy Systems Co., Ltd.' }).click()
    await expect(
      page.getByRole('heading', { name: 'Contract prices · Westline Energy Systems Co., Ltd.' }),
    ).toBeVisible()

    await page.getByLabel('SKU', { exact: true }).fill('ht-cobot-3')
    await page.getByLabel('Contract unit price').fill('60000')
    await page.getByLabel('Valid to').fill(until)
    await page.getByLabel('Note').fill('Wind-farm retrofit project')
    await page.getByRole('button', { name: 'Add contract price' }).click()
    await expect(page.getByRole('status')).toContainText('Contract price for HT-COBOT-3 added.')
    const row = page.getByRole('row', { name: /HT-COBOT-3/ })
    await expect(row).toContainText('¥60,000.00')
    await expect(row).toContainText('¥68,000.00')
    await expect(row).toContainText(day(today))
    await expect(row).toContainText(day(until))
    await expect(row).toContainText('Wind-farm retrofit project')

    // The same SKU again, starting inside the first one's period.
    await page.getByLabel('SKU', { exact: true }).fill('HT-COBOT-3')
    await page.getByLabel('Contract unit price').fill('59000')
    await page.getByLabel('Valid from').fill(shiftDay(today, 10))
    await page.getByRole('button', { name: 'Add contract price' }).click()
    const validFrom = page.getByLabel('Valid from')
    await expect(validFrom).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByRole('alert')).toContainText(
      `already has a contract price for this SKU from ${day(today)} to ${day(until)}`,
    )
    // Nothing was added: still one price for the SKU, the first one.
    await expect(page.getByRole('row', { name: /HT-COBOT-3/ })).toHaveCount(1)
    await screenshot(page, 'contracts')
    await phoneScreenshot(page, 'contracts')

    // A currency other than the product's is refused too.
    await page.getByLabel('Valid from').fill(shiftDay(today, 31))
    await page.getByLabel('Currency').fill('USD')
    await page.getByRole('button', { name: 'Add contract price' }).click()
    await expect(page.getByRole('alert')).toContainText('This product is priced in CNY')
  })

  test('volume breaks: a duplicate at the same quantity names the dates in the way', async ({
    page,
  }) => {
    await page.goto('/admin/pricing/volume-breaks')
    await expect(page.getByRole('link', { name: /HT-PLC-200/ })).toBeVisible()
    await page.getByLabel('SKU', { exact: true }).fill('HT-COBOT-5')
    await page.getByRole('button', { name: 'Show SKU' }).click()
    await expect(page.getByRole('heading', { name: /Volume breaks · HT-COBOT-5/ })).toBeVisible()
    const add = async (quantity: string, discount: string) => {
      await page.getByLabel('Tier', { exact: true }).selectOption('registered')
      await page.getByLabel('From quantity').fill(quantity)
      await page.getByLabel('Discount (%)').fill(discount)
      await page.getByRole('button', { name: 'Add volume break' }).click()
    }
    await add('3', '8')
    await expect(page.getByRole('status')).toContainText('Volume break from 3 units added.')
    await expect(page.getByRole('row', { name: /3 units/ })).toContainText('8% off')
    await add('3', '9')
    await expect(page.getByRole('alert')).toContainText(
      `already has a break from 3 units here from ${day(today)}, open-ended`,
    )
    await screenshot(page, 'volume-breaks')
  })
})

test('the pricing pages in Chinese, for a channel manager who reads them in zh-CN', async ({
  page,
}) => {
  await signIn(page, chenAccount)
  await page.goto('/admin/pricing')
  await expect(page.getByRole('heading', { name: '等级折扣' })).toBeVisible()
  await expect(page.getByTestId('scheduled-DRV-gold')).toContainText('32%')
  await expect(page.getByRole('link', { name: '发布价格政策' })).toHaveCount(0)
  await screenshot(page, 'overview-zh')
  const drives = 'Servo & VFD drives: gold discount rises to 32 %'
  await page.getByRole('table', { name: '价格政策' }).getByRole('link', { name: drives }).click()
  await expect(page.getByRole('heading', { level: 1, name: drives })).toBeVisible()
  await expect(page.getByText('待生效', { exact: true })).toBeVisible()
  await expect(page.getByText(/5 家目标合作伙伴中已有 \d+ 家确认/)).toBeVisible()
  await screenshot(page, 'policy-zh')
  await page.goto('/admin/pricing/volume-breaks?sku=HT-PLC-200')
  await expect(page.getByRole('columnheader', { name: '起订量' })).toBeVisible()
  await screenshot(page, 'volume-breaks-zh')
})

test.describe('a channel manager reads pricing', () => {
  test.use({ storageState: storageStateFor('channel_manager') })

  test('sees the matrix, policies and contract prices, with nothing to change them', async ({
    page,
  }) => {
    await page.goto('/admin/pricing')
    await expect(page.getByRole('heading', { name: 'Tier discounts' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Publish a price policy' })).toHaveCount(0)
    await page.getByRole('link', { name: 'Contract prices' }).first().click()
    await page.getByRole('link', { name: 'Eastbridge Automation Co., Ltd.' }).click()
    await expect(page.getByRole('row', { name: /HT-PLC-100/ })).toContainText('¥1,690.00')
    await expect(page.getByRole('button', { name: 'Add contract price' })).toHaveCount(0)
    await expect(page.getByText('End early')).toHaveCount(0)
  })
})
