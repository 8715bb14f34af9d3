/**
 * Contribution settings (DESIGN §4): a vendor admin changes the stage probabilities of the
 * weighted forecast and sees the forecast change; a wrong value gets a message beside the field
 * and saves nothing. It runs after the other journeys (its own project in playwright.config.ts):
 * their pages never show the raised probabilities, and nothing moves the forecast while this one
 * compares figures. The settings are put back.
 *
 * Screenshots: test-results/screenshots/contribution-settings*.png.
 */
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './support/fixtures'
import { storageStateFor } from './support/accounts'
import { repoRoot } from './support/env'

const shots = (name: string) => path.join(repoRoot, 'test-results', 'screenshots', `${name}.png`)
const dashboard = '/admin/contribution?period=year'

async function weightedForecast(page: Page): Promise<number> {
  await page.goto(dashboard)
  const hint = await page.getByText(/^Weighted forecast /).innerText()
  return Number(hint.replace(/[^\d.]/g, ''))
}

async function setProbabilities(page: Page, percents: [string, string, string, string]) {
  const labels = ['Registered (%)', 'Qualified (%)', 'Proposal (%)', 'Negotiation (%)']
  for (const [index, label] of labels.entries()) {
    await page.getByLabel(label).fill(percents[index]!)
  }
  await page.getByRole('button', { name: 'Save settings' }).click()
}

test.describe('contribution settings', () => {
  test.use({ storageState: storageStateFor('admin') })

  test('an admin raises the stage probabilities and the weighted forecast grows', async ({
    page,
  }) => {
    const before = await weightedForecast(page)
    expect(before, 'the demo data has an open pipeline this year').toBeGreaterThan(0)

    await page.getByRole('link', { name: 'Forecast and tier settings' }).click()
    await expect(page.getByRole('heading', { name: 'Contribution settings' })).toBeVisible()
    await expect(page.getByLabel('Negotiation (%)')).toHaveValue('75')
    await expect(page.getByLabel('Gold (CNY)')).toHaveValue('2000000.00')
    await page.screenshot({ path: shots('contribution-settings'), fullPage: true })

    // A later stage below an earlier one, and a tier threshold below the one under it.
    await page.getByLabel('Proposal (%)').fill('5')
    await page.getByLabel('Platinum (CNY)').fill('100')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect(page.getByText('May not be lower than the stage before it.')).toBeVisible()
    await expect(page.getByText('Must be more than the tier below.')).toBeVisible()
    await page.screenshot({ path: shots('contribution-settings-errors'), fullPage: true })
    // The server refuses the same, beside the field, when the browser's check is skipped.
    const refused = await page.request.post('/admin/contribution/settings', {
      form: {
        registeredPercent: '10',
        qualifiedPercent: '25',
        proposalPercent: '5',
        negotiationPercent: '75',
        silverThreshold: '500000',
        goldThreshold: '2000000',
        platinumThreshold: '5000000',
      },
      maxRedirects: 0,
    })
    expect(refused.status()).toBe(400)
    await page.reload()
    await expect(page.getByLabel('Proposal (%)')).toHaveValue('50')

    await setProbabilities(page, ['20', '40', '60', '90'])
    await expect(
      page.getByRole('status').filter({ hasText: 'Contribution settings saved.' }),
    ).toBeVisible()
    await expect(page.getByTestId('settings-last-change')).toContainText('Last changed by')
    await expect(page.getByLabel('Negotiation (%)')).toHaveValue('90')

    const after = await weightedForecast(page)
    expect(after).toBeGreaterThan(before)

    await page.goto('/admin/audit?action=contribution_settings.updated')
    await expect(
      page.getByRole('cell', { name: 'Contribution settings updated' }).first(),
    ).toBeVisible()

    await page.goto('/admin/contribution/settings')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: shots('contribution-settings-mobile'), fullPage: true })
    await page.setViewportSize({ width: 1280, height: 800 })
    await setProbabilities(page, ['10', '25', '50', '75'])
    // Saved (the fields hold what was typed before the save is done): only then read the forecast.
    await expect(
      page.getByRole('status').filter({ hasText: 'Contribution settings saved.' }),
    ).toBeVisible()
    await expect(page.getByLabel('Negotiation (%)')).toHaveValue('75')
    expect(await weightedForecast(page)).toBe(before)
  })
})

test.describe('contribution settings for a channel manager', () => {
  test.use({ storageState: storageStateFor('channel_manager') })

  test('a channel manager sees no settings link and may not open the page', async ({ page }) => {
    await page.goto('/admin/contribution')
    await expect(page.getByRole('heading', { name: 'Channel contribution' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Forecast and tier settings' })).toHaveCount(0)
    const response = await page.request.get('/admin/contribution/settings')
    expect(response.status()).toBe(403)
  })
})
