/**
 * Channel contribution journeys (DESIGN §4, §5) in the browser:
 *
 * - A channel manager opens the dashboard, changes the period and the region, drills from a
 *   partner's order revenue to its orders (whose total equals the figure), and exports the
 *   ranking; the CSV holds the same figures as the table.
 * - A partner opens its own scorecard; a partnerId in the URL or export changes nothing.
 * - A partner opens an announcement addressed to it, which is then marked read.
 *
 * Screenshots: test-results/screenshots/contribution-*.png.
 */
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { expect, test } from './support/fixtures'
import { partnerIds, storageStateFor } from './support/accounts'
import { repoRoot } from './support/env'

const shots = (name: string) => path.join(repoRoot, 'test-results', 'screenshots', `${name}.png`)
const amountOf = (text: string) => Number(text.replace(/[^\d.-]/g, ''))

test.describe('vendor contribution', () => {
  test.use({ storageState: storageStateFor('channel_manager') })

  test('dashboard → period and region → drill to orders → export', async ({ page }) => {
    await page.goto('/admin/contribution')
    await expect(page.getByRole('heading', { name: 'Channel contribution' })).toBeVisible()
    await expect(page.getByRole('img', { name: /Order revenue by month/ })).toBeVisible()
    await page.screenshot({ path: shots('contribution-dashboard'), fullPage: true })

    await page.getByLabel('Period', { exact: true }).selectOption('year')
    await page.getByLabel('Region').selectOption('CN-EAST')
    await page.getByRole('button', { name: 'Show' }).click()
    await expect(page).toHaveURL(/period=year/)
    await expect(page).toHaveURL(/region=CN-EAST/)
    // The address bar changes a moment before the page shows the new figures: wait for the page.
    await expect(page.getByText(/^\d{4} · figures in the reporting currency/)).toBeVisible()

    const row = page.getByRole('row', { name: /Eastbridge Automation/ })
    const revenueCell = row.locator('[data-column="orderRevenue"]')
    const shown = amountOf(await revenueCell.innerText())
    expect(shown).toBeGreaterThan(0)
    await revenueCell.getByRole('link').click()
    await expect(page.getByRole('heading', { name: 'Orders behind the revenue' })).toBeVisible()
    await expect(page).toHaveURL(new RegExp(`partnerId=${partnerIds.eastbridge}`))
    await expect(page).toHaveURL(/region=CN-EAST/)
    const summary = await page.getByTestId('drill-summary').innerText()
    expect(amountOf(/[\d,]+\.\d{2}/.exec(summary)?.[0] ?? '')).toBe(shown)
    await page.screenshot({ path: shots('contribution-drill-orders'), fullPage: true })

    await page.goBack()
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: 'Export table (CSV)' }).click()
    const file = await (await download).path()
    const { readFile } = await import('node:fs/promises')
    const csv = (await readFile(file!, 'utf8')).replace(/^\uFEFF/, '')
    const [header, ...rows] = parse(csv) as string[][]
    const revenueColumn = header!.findIndex((h) => h.startsWith('Order revenue'))
    const cells = rows.find((row) => row[0] === 'Eastbridge Automation Co., Ltd.')
    expect(cells, 'the partner is in the export').toBeDefined()
    // The page shows the same figure the file holds.
    expect(Number(cells![revenueColumn])).toBe(shown)
    expect(rows.at(-1)?.[0]).toBe('Total')
  })

  test('partner scorecard from the ranking', async ({ page }) => {
    await page.goto(`/admin/contribution/partners/${partnerIds.eastbridge}`)
    await expect(
      page.getByRole('heading', { name: 'Eastbridge Automation Co., Ltd.' }),
    ).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Target attainment' })).toBeVisible()
    await page.screenshot({ path: shots('contribution-vendor-scorecard'), fullPage: true })
  })
})

test.describe('partner scorecard and announcements', () => {
  test.use({ storageState: storageStateFor('partner_admin') })

  test('a partner sees its own scorecard, whatever the URL says', async ({ page, request }) => {
    await page.goto(`/portal/scorecard?partnerId=${partnerIds.pearlRiver}`)
    await expect(page.getByRole('heading', { name: 'Your scorecard' })).toBeVisible()
    await expect(page.getByText('Eastbridge Automation Co., Ltd.').first()).toBeVisible()
    await expect(page.getByText('广州珠江机电设备有限公司')).toHaveCount(0)
    await page.screenshot({ path: shots('contribution-partner-scorecard'), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: shots('contribution-partner-scorecard-mobile'), fullPage: true })

    const exported = await page.request.get(
      `/portal/scorecard/export?table=orders&partnerId=${partnerIds.pearlRiver}`,
    )
    expect(exported.status()).toBe(200)
    const text = await exported.text()
    expect(text).not.toContain('广州珠江机电设备有限公司')
    void request
  })

  test('an announcement is marked read once opened', async ({ page }) => {
    await page.goto('/portal/announcements')
    const item = page.getByRole('listitem').filter({ hasText: 'Q-end drive promotion' })
    await expect(item.getByText('New')).toBeVisible()
    await item.getByRole('link').click()
    await expect(page.getByRole('heading', { name: /Q-end drive promotion/ })).toBeVisible()
    await page.goto('/portal/announcements')
    await expect(
      page.getByRole('listitem').filter({ hasText: 'Q-end drive promotion' }).getByText('New'),
    ).toHaveCount(0)
  })
})
