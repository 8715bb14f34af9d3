import { expect, test } from './support/fixtures'
import { reserved, storageStateFor } from './support/accounts'
import { signIn, signOut, submitSignIn } from './support/auth'
import { baseURL } from './support/env'
import { pathOf, readLinkFromMailbox } from './support/mailbox'

test('forgot password → e-mail → link → new password → signed in; old password and link are spent', async ({
  page,
  browser,
}) => {
  const account = reserved.passwordReset
  const newPassword = 'Harbour-lights-2027'

  // A session in another browser, to check that resetting the password ends it.
  const otherBrowser = await browser.newContext()
  const otherPage = await otherBrowser.newPage()
  await signIn(otherPage, account)

  await page.goto('/forgot-password')
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible()
  await page.getByLabel('E-mail').fill(account.email)
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByRole('heading', { name: 'Check your e-mail' })).toBeVisible()
  await expect(page.getByRole('status')).toContainText(account.email)

  const mail = await readLinkFromMailbox(browser, account.email, /\/reset-password\//)
  expect(mail.href.startsWith(`${baseURL}/reset-password/`), mail.href).toBe(true)
  const link = pathOf(mail.href)

  // The user follows the link in their own browser.
  await page.goto(link)
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible()
  await expect(page.getByText(`For ${account.email}.`, { exact: false })).toBeVisible()

  // Bad input gets a message next to the field and changes nothing.
  await page.getByLabel('New password', { exact: true }).fill('short1')
  await page.getByLabel('Confirm new password').fill('short1')
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page.getByText(/at least 10 characters/i).first()).toBeVisible()

  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('Confirm new password').fill(newPassword)
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page).toHaveURL(account.home)
  await expect(
    page.getByText('Your password has been changed and you are signed in.'),
  ).toBeVisible()
  await expect(page.getByRole('banner').getByText(account.name, { exact: true })).toBeVisible()

  // The other browser's session was ended.
  await otherPage.goto(account.home)
  await expect(otherPage).toHaveURL(/\/login\?redirectTo=/)
  await otherBrowser.close()

  // Old password refused, new one works.
  await signOut(page)
  await submitSignIn(page, account.email, account.password)
  await expect(
    page.getByText('That e-mail and password do not match an active account.'),
  ).toBeVisible()
  await submitSignIn(page, account.email, newPassword)
  await expect(page).toHaveURL(account.home)

  // The link works once.
  const reuse = await page.goto(link)
  expect(reuse?.status()).toBe(410)
  await expect(page.getByRole('heading', { name: 'This link can no longer be used' })).toBeVisible()
  await expect(page.getByText('This reset link has already been used.')).toBeVisible()
})

test('the sign-in page links to the reset page with one click', async ({ page }) => {
  await page.goto('/login')
  await page.waitForLoadState('networkidle')
  const email = page.getByLabel('E-mail')
  await expect(email).toBeFocused()
  // A person's click: press, a moment, release, at the same spot. Leaving the focused e-mail
  // field must not move the link away under the pointer (an error appearing on blur above the
  // link would shift it, and the release would land elsewhere: no click).
  const link = page.getByRole('link', { name: 'Forgot your password?' })
  const box = (await link.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.waitForTimeout(150)
  await page.mouse.up()
  await expect(page).toHaveURL('/forgot-password')
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible()
})

test('a made-up reset link is refused', async ({ page }) => {
  const response = await page.goto('/reset-password/not-a-real-token')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'This link can no longer be used' })).toBeVisible()
  await expect(
    page.getByText('We do not recognise this reset link.', { exact: false }),
  ).toBeVisible()
})

test('asking a reset for an unknown e-mail looks the same and sends nothing', async ({
  page,
  browser,
}) => {
  const unknown = 'nobody-here@unknown.example'
  await page.goto('/forgot-password')
  await page.getByLabel('E-mail').fill(unknown)
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByRole('heading', { name: 'Check your e-mail' })).toBeVisible()

  const admin = await browser.newContext({ storageState: storageStateFor('admin') })
  const mailbox = await admin.newPage()
  await mailbox.goto('/admin/mailbox')
  await expect(mailbox.getByRole('heading', { level: 1, name: 'Mailbox' })).toBeVisible()
  await expect(mailbox.getByRole('cell', { name: unknown, exact: true })).toHaveCount(0)
  await admin.close()
})
