import { type Locator } from '@playwright/test'
import { expect, test } from './support/fixtures'
import { storageStateFor } from './support/accounts'

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

async function boxOf(locator: Locator) {
  const box = await locator.boundingBox()
  if (!box) throw new Error(`no box for ${locator}`)
  return box
}

test.describe('the signed-in layout', () => {
  test.use({ storageState: storageStateFor('partner_admin') })

  test('a confirmation toast leaves the main navigation clickable', async ({ page }) => {
    await page.goto('/portal/team')
    const form = page
      .locator('form')
      .filter({ has: page.getByRole('button', { name: 'Send invitation' }) })
    await form.getByLabel('Work e-mail').fill('toast.check@eastbridge.example')
    await form.getByLabel('Full name').fill('Toast Check')
    await form.getByRole('button', { name: 'Send invitation' }).click()
    const toast = page.getByRole('status').filter({ hasText: 'Invitation sent to' })
    await expect(toast).toBeVisible()

    const toastBox = await boxOf(toast)
    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link')
    for (const link of await links.all()) {
      const name = (await link.textContent())?.trim()
      expect(overlaps(toastBox, await boxOf(link)), `the toast covers the "${name}" link`).toBe(
        false,
      )
    }
    const signOut = page.getByRole('button', { name: 'Sign out' })
    expect(overlaps(toastBox, await boxOf(signOut)), 'the toast covers "Sign out"').toBe(false)
  })
})
