import { expect, test } from './support/fixtures'
import { partnerIds, reserved, seed, storageStateFor, userIdOf } from './support/accounts'
import { submitSignIn } from './support/auth'
import { closeDatabase, hasDirectDatabase, sql } from './support/db'

const pearlRiverUsers = seed.partnerUsers.filter((u) => u.partnerCode === 'P-0002')
const eastbridgeUsers = seed.partnerUsers.filter((u) => u.partnerCode === 'P-0001')

test.describe("Eastbridge's partner admin", () => {
  test.use({ storageState: storageStateFor('partner_admin') })

  test("cannot open Pearl River's partner page by URL", async ({ page }) => {
    for (const id of [partnerIds.pearlRiver, partnerIds.eastbridge]) {
      const response = await page.goto(`/admin/partners/${id}`)
      expect(response?.status()).toBe(403)
      await expect(
        page.getByRole('heading', { name: 'You do not have access to this page' }),
      ).toBeVisible()
      await expect(page.getByText('广州珠江机电设备有限公司')).toHaveCount(0)
    }
  })

  test('sees only its own users on the team page, whatever the URL says', async ({ page }) => {
    for (const url of ['/portal/team', `/portal/team?partnerId=${partnerIds.pearlRiver}`]) {
      await page.goto(url)
      const users = page.getByRole('region', { name: 'Users' })
      await expect(users.getByText(eastbridgeUsers[0].email)).toBeVisible()
      for (const own of eastbridgeUsers) await expect(users.getByText(own.email)).toBeVisible()
      for (const other of pearlRiverUsers) {
        await expect(page.getByText(other.email)).toHaveCount(0)
        await expect(page.getByText(other.name)).toHaveCount(0)
      }
    }
  })

  test("a tampered disable form naming Pearl River's user changes nothing", async ({
    page,
    browser,
  }) => {
    const victim = reserved.pearlRiverAdmin
    // The form we tamper with is the one for Gao Lijuan, an Eastbridge user no other test signs in
    // as: should the tampering ever not take, only this test would notice her disabled.
    const colleague = seed.partnerUsers.find((u) => u.email === 'lijuan.gao@eastbridge.example')!
    const victimId = userIdOf(victim.email)

    // Rewrite the form's userId on its way to the server, as a curious admin with devtools would.
    // If the request does not carry the colleague's id, it is aborted rather than sent unchanged.
    let tampered = false
    await page.route(
      (url) => url.pathname.startsWith('/portal/team'),
      async (route) => {
        const request = route.request()
        const body = request.postData() ?? ''
        if (request.method() !== 'POST') return route.continue()
        if (!body.includes(colleague.id)) return route.abort()
        tampered = true
        await route.continue({ postData: body.replaceAll(colleague.id, victimId) })
      },
    )
    await page.goto('/portal/team')
    const disable = page.getByRole('button', { name: `Disable ${colleague.name}` })
    await expect(disable).toBeVisible()
    await disable.click()
    await expect(
      page.getByText('That user or invitation no longer exists, or is not yours to change.'),
    ).toBeVisible()
    expect(tampered, 'the POST went out with the other partner’s user id').toBe(true)
    await page.unroute((url) => url.pathname.startsWith('/portal/team'))
    // Our own colleague was not disabled either.
    await page.reload()
    const row = page
      .getByRole('region', { name: 'Users' })
      .getByRole('row')
      .filter({ hasText: colleague.email })
    await expect(row).toContainText('Active')

    // The same through a hand-made request: refused, nothing disabled.
    const response = await page.request.post('/portal/team', {
      form: { intent: 'set-user-status', userId: userIdOf(victim.email), status: 'disabled' },
      maxRedirects: 0,
    })
    expect([302, 403, 404]).toContain(response.status())
    if (response.status() === 302) expect(response.headers().location).toBe('/portal/team')

    if (hasDirectDatabase) {
      const [row] = await sql()<{ status: string }[]>`
        select status from users where email = ${victim.email}`
      expect(row.status).toBe('active')
      const audit = await sql()`
        select 1 from audit_log where action = 'user.disabled' and entity_id = ${userIdOf(victim.email)}`
      expect(audit).toHaveLength(0)
      await closeDatabase()
    }

    // Pearl River's admin can still sign in: the account is active.
    const victimContext = await browser.newContext({ storageState: { cookies: [], origins: [] } })
    const victimPage = await victimContext.newPage()
    await victimPage.goto('/login')
    await submitSignIn(victimPage, victim.email, victim.password)
    await expect(victimPage).toHaveURL('/portal')
    await expect(
      victimPage.getByRole('banner').getByText(victim.name, { exact: true }),
    ).toBeVisible()
    await victimContext.close()
  })

  test('an invitation posted with another partner in the form is made for its own partner', async ({
    page,
    browser,
  }) => {
    const invitee = 'cross.partner.invitee@example.com'
    await page.goto('/portal/team')
    const form = page
      .locator('form')
      .filter({ has: page.getByRole('button', { name: 'Send invitation' }) })
    await form.evaluate((element, id) => {
      const input = document.createElement('input')
      input.type = 'hidden'
      input.name = 'partnerId'
      input.value = id
      element.appendChild(input)
    }, partnerIds.pearlRiver)
    await form.getByLabel('Work e-mail').fill(invitee)
    await form.getByLabel('Full name').fill('Cross Partner')
    await form.getByRole('button', { name: 'Send invitation' }).click()
    await expect(page.getByText(`Invitation sent to ${invitee}.`)).toBeVisible()
    await expect(
      page
        .getByRole('region', { name: 'Open invitations' })
        .getByRole('row')
        .filter({ hasText: invitee }),
    ).toHaveCount(1)

    // Pearl River's page (as vendor staff) does not list it.
    const manager = await browser.newContext({ storageState: storageStateFor('channel_manager') })
    const managerPage = await manager.newPage()
    await managerPage.goto(`/admin/partners/${partnerIds.pearlRiver}`)
    await expect(
      managerPage.getByRole('region', { name: 'Users' }).getByText(pearlRiverUsers[0].email),
    ).toBeVisible()
    await expect(managerPage.getByText(invitee)).toHaveCount(0)
    await manager.close()

    if (hasDirectDatabase) {
      const rows = await sql()<{ partnerId: string }[]>`
        select partner_id as "partnerId" from invitations where email = ${invitee}`
      expect(rows).toEqual([{ partnerId: partnerIds.eastbridge }])
      await closeDatabase()
    }
  })
})
