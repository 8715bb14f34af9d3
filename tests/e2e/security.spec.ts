import { expect, test } from './support/fixtures'
import { roleAccounts, storageStateFor } from './support/accounts'
import { baseURL } from './support/env'
import { signIn } from './support/auth'

const foreignOrigin = 'https://evil.example'

test('pages carry a nonce-based CSP and the other security headers', async ({ request }) => {
  const response = await request.get('/login')
  expect(response.status()).toBe(200)
  const headers = response.headers()
  const csp = headers['content-security-policy'] ?? ''
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1]
  expect(nonce, `a nonce in the CSP: ${csp}`).toBeTruthy()
  expect(csp).toMatch(/script-src [^;]*'nonce-/)
  expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/)
  expect(csp).toMatch(/object-src 'none'/)
  const framing =
    /frame-ancestors 'none'/.test(csp) ||
    /^(deny|sameorigin)$/i.test(headers['x-frame-options'] ?? '')
  expect(framing, 'framing forbidden by frame-ancestors or X-Frame-Options').toBe(true)
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toMatch(
    /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
  )
  expect(headers['x-powered-by']).toBeUndefined()

  // Every inline script carries this response's nonce (else the CSP would block the app).
  const html = await response.text()
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
  expect(scripts.length).toBeGreaterThan(0)
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)

  // A fresh nonce per response.
  const again = await request.get('/login')
  expect(again.headers()['content-security-policy']).not.toContain(`'nonce-${nonce}'`)
})

test('the session cookie is HttpOnly and SameSite=Lax', async ({ page, context }) => {
  await signIn(page, roleAccounts.partner_user)
  const cookie = (await context.cookies()).find((c) => c.name === 'cp_session')
  expect(cookie).toBeDefined()
  expect(cookie!.httpOnly).toBe(true)
  expect(cookie!.sameSite).toBe('Lax')
  expect(cookie!.path).toBe('/')
  // Not readable from page scripts.
  expect(await page.evaluate(() => document.cookie)).not.toContain('cp_session')
})

test.describe('cross-site requests (CSRF)', () => {
  test('a sign-in POST from another origin is refused and signs nobody in', async ({
    playwright,
  }) => {
    const request = await playwright.request.newContext({ baseURL })
    const account = roleAccounts.channel_manager
    const response = await request.post('/login', {
      form: { email: account.email, password: account.password },
      headers: { Origin: foreignOrigin },
      maxRedirects: 0,
    })
    expect(response.status()).toBe(403)
    expect(response.headers()['set-cookie'] ?? '').not.toContain('cp_session')
    // Still anonymous.
    const home = await request.get('/admin', { maxRedirects: 0 })
    expect(home.status()).toBe(302)
    expect(home.headers().location).toMatch(/^\/login/)

    // The same POST from our own origin works: the check is on the origin, not the form.
    const own = await request.post('/login', {
      form: { email: account.email, password: account.password },
      headers: { Origin: new URL(response.url()).origin },
      maxRedirects: 0,
    })
    expect(own.status()).toBe(302)
    expect(own.headers().location).toBe('/admin')
    await request.dispose()
  })

  test("a signed-in user's actions posted from another site change nothing", async ({
    playwright,
  }) => {
    const request = await playwright.request.newContext({
      baseURL,
      storageState: storageStateFor('channel_manager'),
    })
    const before = await request.get('/admin')
    expect(before.status()).toBe(200)
    expect(await before.text()).toContain('<html lang="en"')

    const changeLanguage = await request.post('/locale', {
      form: { locale: 'zh-CN', redirectTo: '/admin' },
      headers: { Origin: foreignOrigin },
      maxRedirects: 0,
    })
    expect(changeLanguage.status()).toBe(403)
    // Without Origin, a browser's Sec-Fetch-Site still tells a cross-site form post apart.
    const viaFetchMetadata = await request.post('/locale', {
      form: { locale: 'zh-CN', redirectTo: '/admin' },
      headers: { 'Sec-Fetch-Site': 'cross-site' },
      maxRedirects: 0,
    })
    expect(viaFetchMetadata.status()).toBe(403)
    const signOut = await request.post('/logout', {
      headers: { Origin: 'null' },
      maxRedirects: 0,
    })
    expect(signOut.status()).toBe(403)

    // Still signed in, still in English.
    const after = await request.get('/admin')
    expect(after.status()).toBe(200)
    expect(await after.text()).toContain('<html lang="en"')
    await request.dispose()
  })
})
