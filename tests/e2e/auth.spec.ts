import { expect, test } from './support/fixtures'
import { roleAccounts, signedInRoles } from './support/accounts'
import { signIn, signOut, submitSignIn } from './support/auth'

// Every test here signs in through the form in a fresh browser context (no saved state).

const homeHeading: Record<string, string> = { '/admin': 'Vendor', '/portal': 'Partner' }

for (const role of signedInRoles) {
  test(`${role} signs in, lands on their home with their name shown, and signs out`, async ({
    page,
    context,
  }) => {
    const account = roleAccounts[role]
    await signIn(page, account)
    const header = page.getByRole('banner')
    await expect(header.getByText(account.name, { exact: true })).toBeVisible()
    await expect(header.getByText(homeHeading[account.home], { exact: true })).toBeVisible()

    const sessionCookie = (await context.cookies()).find((c) => c.name === 'cp_session')
    expect(sessionCookie?.value, 'a session cookie after sign-in').toBeTruthy()

    await signOut(page)
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()

    // Signed out for real: home now sends us to sign-in…
    await page.goto(account.home)
    await expect(page).toHaveURL(`/login?redirectTo=${encodeURIComponent(account.home)}`)
    // …and the old session cookie was ended on the server, not just removed from the browser.
    const replay = await page.request.get(account.home, {
      headers: { cookie: `cp_session=${sessionCookie!.value}` },
      maxRedirects: 0,
    })
    expect(replay.status()).toBe(302)
    expect(replay.headers().location).toMatch(/^\/login\?redirectTo=/)
  })
}

test('a protected page opened signed out goes to sign-in and back there afterwards', async ({
  page,
}) => {
  await page.goto('/admin/partners?page=1')
  await expect(page).toHaveURL(`/login?redirectTo=${encodeURIComponent('/admin/partners?page=1')}`)
  await submitSignIn(
    page,
    roleAccounts.channel_manager.email,
    roleAccounts.channel_manager.password,
  )
  await expect(page).toHaveURL('/admin/partners?page=1')
  await expect(page.getByRole('heading', { level: 1, name: 'Partners' })).toBeVisible()
})

test('the sign-in page refuses a wrong password with a message and does not sign in', async ({
  page,
  context,
}) => {
  await page.goto('/login')
  await submitSignIn(page, roleAccounts.channel_manager.email, 'not-the-password-1')
  await expect(
    page.getByText('That e-mail and password do not match an active account.'),
  ).toBeVisible()
  await expect(page).toHaveURL(/\/login/)
  expect((await context.cookies()).some((c) => c.name === 'cp_session')).toBe(false)
})

test('sign-in ignores a redirect to another site', async ({ page }) => {
  await page.goto('/login?redirectTo=' + encodeURIComponent('//evil.example/steal'))
  await submitSignIn(page, roleAccounts.partner_user.email, roleAccounts.partner_user.password)
  await expect(page).toHaveURL('/portal')
})

test('a signed-in user opening /login or / is sent to their home', async ({ page }) => {
  await signIn(page, roleAccounts.partner_admin)
  await page.goto('/login')
  await expect(page).toHaveURL('/portal')
  await page.goto('/')
  await expect(page).toHaveURL('/portal')
})
