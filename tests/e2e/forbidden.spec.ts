import { type Page } from '@playwright/test'
import { expect, test } from './support/fixtures'
import { storageStateFor } from './support/accounts'

async function expectForbiddenPage(page: Page, path: string) {
  const response = await page.goto(path)
  expect(response?.status(), `${path} status`).toBe(403)
  await expect(
    page.getByRole('heading', { name: 'You do not have access to this page' }),
  ).toBeVisible()
  // The page says so and shows nothing of the section: no admin navigation.
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0)
}

test.describe('a partner user', () => {
  test.use({ storageState: storageStateFor('partner_user') })

  for (const path of ['/admin', '/admin/partners', '/admin/audit', '/admin/mailbox']) {
    test(`gets the 403 page at ${path}`, async ({ page }) => {
      await expectForbiddenPage(page, path)
    })
  }

  test('does not see the team section (partner admins only)', async ({ page }) => {
    await page.goto('/portal')
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }),
    ).toHaveCount(0)
    await expectForbiddenPage(page, '/portal/team')
  })
})

test.describe('a channel manager', () => {
  test.use({ storageState: storageStateFor('channel_manager') })

  for (const path of ['/admin/staff', '/admin/audit', '/admin/mailbox']) {
    test(`gets the 403 page at admin-only ${path}`, async ({ page }) => {
      await expectForbiddenPage(page, path)
    })
  }

  test('does not see admin-only sections in the navigation', async ({ page }) => {
    await page.goto('/admin')
    const nav = page.getByRole('navigation', { name: 'Main' })
    await expect(nav.getByRole('link', { name: 'Partners' })).toBeVisible()
    for (const name of ['Staff', 'Audit log', 'Mailbox']) {
      await expect(nav.getByRole('link', { name })).toHaveCount(0)
    }
  })

  test('gets the 403 page in the partner portal', async ({ page }) => {
    await expectForbiddenPage(page, '/portal')
  })
})

test.describe('a partner admin', () => {
  test.use({ storageState: storageStateFor('partner_admin') })

  for (const path of ['/admin', '/admin/partners', '/admin/staff']) {
    test(`gets the 403 page at ${path}`, async ({ page }) => {
      await expectForbiddenPage(page, path)
    })
  }
})
