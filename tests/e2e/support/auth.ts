import { expect, type Page } from '@playwright/test'

/** Signs in through the login form as a user would; does not wait for a particular page. */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Opens /login, signs in and waits until the user's home (or `expectPath`) is shown. */
export async function signIn(
  page: Page,
  account: { email: string; password: string; home: string },
  expectPath: string | RegExp = account.home,
) {
  await page.goto('/login')
  await submitSignIn(page, account.email, account.password)
  await expect(page).toHaveURL(
    typeof expectPath === 'string' ? new RegExp(`${escapeRegExp(expectPath)}$`) : expectPath,
  )
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).first().click()
  await expect(page).toHaveURL(/\/login$/)
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
