import { expect, test } from './support/fixtures'
import { reserved } from './support/accounts'
import { submitSignIn } from './support/auth'

test('after five wrong passwords the account is throttled, even for the right password', async ({
  page,
  context,
}) => {
  const account = reserved.throttled
  await page.goto('/login')
  for (let attempt = 1; attempt <= 5; attempt++) {
    await submitSignIn(page, account.email, `wrong-password-${attempt}`)
    await expect(
      page.getByText('That e-mail and password do not match an active account.'),
    ).toBeVisible()
    // Wait for the form to be ready again before the next attempt.
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled()
  }

  await submitSignIn(page, account.email, account.password)
  await expect(
    page.getByText(/Too many sign-in attempts\. Try again in \d+ minutes\./),
  ).toBeVisible()
  await expect(page).toHaveURL(/\/login/)
  expect((await context.cookies()).some((c) => c.name === 'cp_session')).toBe(false)

  // The account stays closed whatever the letter case of the e-mail.
  await submitSignIn(page, account.email.toUpperCase(), account.password)
  await expect(page.getByText(/Too many sign-in attempts/)).toBeVisible()
  expect((await context.cookies()).some((c) => c.name === 'cp_session')).toBe(false)
})

test("a suspended partner's user is refused with the suspension message", async ({
  page,
  context,
}) => {
  const account = reserved.suspended
  await page.goto('/login')
  await submitSignIn(page, account.email, account.password)
  await expect(
    page.getByText("Your organisation's access is suspended. Contact your channel manager."),
  ).toBeVisible()
  await expect(page).toHaveURL(/\/login/)
  expect((await context.cookies()).some((c) => c.name === 'cp_session')).toBe(false)
  await page.goto('/portal')
  await expect(page).toHaveURL(/\/login\?redirectTo=/)
})
