/**
 * Editing an announcement (DESIGN §5, ADR 0019): a channel manager publishes one for gold
 * partners, a partner reads it, the manager corrects the text; the partner sees it as updated
 * with the new text, and the manager sees who read which version. Narrowing the audience takes
 * it away from the partners who left.
 *
 * Screenshots: test-results/screenshots/announcement-*.png.
 */
import path from 'node:path'
import { expect, test } from './support/fixtures'
import { storageStateFor } from './support/accounts'
import { repoRoot } from './support/env'

const shots = (name: string) => path.join(repoRoot, 'test-results', 'screenshots', `${name}.png`)
const title = `Servo roadshow ${Date.now().toString(36)}`

test.use({ storageState: storageStateFor('channel_manager') })

test('a channel manager edits an announcement and the partner reads the new text', async ({
  page: manager,
  browser,
}) => {
  const partnerContext = await browser.newContext({
    storageState: storageStateFor('partner_admin'),
  })
  const partner = await partnerContext.newPage()
  const partnerErrors: string[] = []
  partner.on('pageerror', (error) => partnerErrors.push(error.message))
  partner.on('console', (message) => {
    if (message.type() === 'error' && !/^Failed to load resource/.test(message.text()))
      partnerErrors.push(message.text())
  })

  // The manager publishes an announcement for gold partners (Eastbridge is gold).
  await manager.goto('/admin/announcements/new')
  await manager.getByLabel('Title').fill(title)
  await manager.getByLabel('Kind').selectOption('training')
  await manager.getByLabel('Text').fill('The roadshow stops in Suzhou on 12 May.')
  await manager.getByLabel('Gold').check()
  await manager.getByRole('button', { name: 'Save' }).click()
  await expect(manager.getByRole('heading', { name: title })).toBeVisible()
  const announcementUrl = manager.url()

  // The partner reads it.
  await partner.goto('/portal/announcements')
  const item = partner.getByRole('listitem').filter({ hasText: title })
  await expect(item.getByText('New')).toBeVisible()
  await item.getByRole('link').click()
  await expect(partner.getByText('The roadshow stops in Suzhou on 12 May.')).toBeVisible()

  // The manager corrects the text; a wrong attachment is refused beside the field first.
  await manager.reload()
  await manager.getByRole('link', { name: 'Edit' }).click()
  await expect(manager.getByRole('heading', { name: 'Edit announcement' })).toBeVisible()
  await expect(manager.getByLabel('Title')).toHaveValue(title)
  await expect(manager.getByLabel('Gold')).toBeChecked()
  await manager.getByLabel('Attachments').fill('Agenda | javascript:alert(1)')
  await manager.getByRole('button', { name: 'Save changes' }).click()
  await expect(
    manager.getByText('Each attachment needs an https link or a path on this site'),
  ).toBeVisible()
  await manager.screenshot({ path: shots('announcement-edit-error'), fullPage: true })
  await manager.getByLabel('Attachments').fill('Agenda | https://training.hengtai.example/agenda')
  await manager.getByLabel('Text').fill('The roadshow moves to Hangzhou, still on 12 May.')
  await manager.screenshot({ path: shots('announcement-edit'), fullPage: true })
  await manager.getByRole('button', { name: 'Save changes' }).click()
  await expect(
    manager
      .getByRole('status')
      .filter({ hasText: 'Partners who read the earlier version see it as updated.' }),
  ).toBeVisible()
  await expect(manager).toHaveURL(announcementUrl)
  const eastbridgeRow = manager.getByRole('row', { name: /Eastbridge Automation/ })
  await expect(eastbridgeRow.getByText('Read an earlier version')).toBeVisible()
  await expect(manager.getByText(/last edited by/)).toBeVisible()
  await manager.screenshot({ path: shots('announcement-receipts-after-edit'), fullPage: true })

  // The partner sees it as updated, with the new text; reading it again counts.
  await partner.goto('/portal/announcements')
  const updated = partner.getByRole('listitem').filter({ hasText: title })
  await expect(updated.getByText('Updated')).toBeVisible()
  await expect(updated.getByText('New')).toHaveCount(0)
  await partner.screenshot({ path: shots('announcement-partner-list-updated'), fullPage: true })
  await updated.getByRole('link').click()
  await expect(partner.getByText('The roadshow moves to Hangzhou, still on 12 May.')).toBeVisible()
  await expect(partner.getByText('Suzhou')).toHaveCount(0)
  await expect(partner.getByRole('link', { name: 'Agenda' })).toBeVisible()
  await expect(partner.getByText(/· updated /)).toBeVisible()
  await partner.setViewportSize({ width: 390, height: 844 })
  await partner.screenshot({ path: shots('announcement-partner-updated-mobile'), fullPage: true })
  await manager.reload()
  await expect(eastbridgeRow.getByText('Read an earlier version')).toHaveCount(0)
  await expect(eastbridgeRow).toContainText(/\d{4}/)

  // Narrowing the audience to silver: Eastbridge no longer sees it.
  await manager.getByRole('link', { name: 'Edit' }).click()
  await manager.getByLabel('Gold').uncheck()
  await manager.getByLabel('Silver').check()
  await manager.setViewportSize({ width: 390, height: 844 })
  await manager.screenshot({ path: shots('announcement-edit-mobile'), fullPage: true })
  await manager.getByRole('button', { name: 'Save changes' }).click()
  await expect(
    manager.getByRole('status').filter({ hasText: /no longer in the audience/ }),
  ).toBeVisible()
  await partner.goto('/portal/announcements')
  await expect(partner.getByRole('listitem').filter({ hasText: title })).toHaveCount(0)
  const gone = await partner.request.get(announcementUrl.replace('/admin/', '/portal/'))
  expect(gone.status()).toBe(404)

  expect(partnerErrors, 'errors in the partner’s browser console').toEqual([])
  await partnerContext.close()
})
