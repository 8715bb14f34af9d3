import { expect, test } from './support/fixtures'
import { reserved } from './support/accounts'
import { signIn, submitSignIn } from './support/auth'

test('switching to 简体中文 shows the Chinese UI and is kept for the user', async ({
  page,
  browser,
}) => {
  const account = reserved.language
  await signIn(page, account)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()

  await page.getByRole('button', { name: '简体中文' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible()
  await expect(
    page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '首页' }),
  ).toBeVisible()
  await expect(page.getByRole('button', { name: '简体中文' })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  await expect(page).toHaveURL(account.home)

  // The choice is saved on the user, not only in this browser: a new browser with an English
  // Accept-Language and no cookies shows English until sign-in, then Chinese.
  const other = await browser.newContext({ locale: 'en-GB' })
  const fresh = await other.newPage()
  await fresh.goto('/login')
  await expect(fresh.locator('html')).toHaveAttribute('lang', 'en')
  await submitSignIn(fresh, account.email, account.password)
  await expect(fresh).toHaveURL(account.home)
  await expect(fresh.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(fresh.getByRole('button', { name: '退出登录' })).toBeVisible()

  // And back to English.
  await fresh.getByRole('button', { name: 'English' }).click()
  await expect(fresh.locator('html')).toHaveAttribute('lang', 'en')
  await expect(fresh.getByRole('button', { name: 'Sign out' })).toBeVisible()
  await other.close()
})

test('an anonymous visitor can switch the sign-in page to Chinese', async ({ page }) => {
  await page.goto('/login')
  await page.getByRole('button', { name: '简体中文' }).click()
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible()
  await expect(page.getByLabel('电子邮箱')).toBeVisible()
  await page.reload()
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible()
})
