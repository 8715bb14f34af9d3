import { type Page } from '@playwright/test'
import { expect, test } from './support/fixtures'
import { roleAccounts, seed, storageStateFor } from './support/accounts'
import { signOut, submitSignIn } from './support/auth'
import { closeDatabase, hasDirectDatabase, sql } from './support/db'
import { baseURL } from './support/env'
import { pathOf, readLinkFromMailbox } from './support/mailbox'

const jadeHarbour = seed.partners.find((p) => p.name === 'Jade Harbour Engineering Ltd.')!

async function invite(page: Page, person: { email: string; name: string; role: string }) {
  const form = page
    .locator('form')
    .filter({ has: page.getByRole('button', { name: 'Send invitation' }) })
  await form.getByLabel('Work e-mail').fill(person.email)
  await form.getByLabel('Full name').fill(person.name)
  await form.getByLabel('Role').selectOption({ label: person.role })
  await form.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByText(`Invitation sent to ${person.email}.`)).toBeVisible()
  await expect(rowsWith(page, 'Open invitations', person.email)).toHaveCount(1)
}

/** Rows of the team page's "Users" or "Open invitations" table that mention `text`. */
function rowsWith(page: Page, section: 'Users' | 'Open invitations', text: string) {
  return page.getByRole('region', { name: section }).getByRole('row').filter({ hasText: text })
}

/** The invitee's side: open the link in their own browser, choose a password, land signed in. */
async function accept(
  page: Page,
  link: string,
  expected: { organisation: string; role: string; email: string; name: string },
  password: string,
) {
  const response = await page.goto(link)
  expect(response?.status()).toBe(200)
  await expect(page.getByRole('heading', { name: `Join ${expected.organisation}` })).toBeVisible()
  await expect(page.getByText(`You have been invited as ${expected.role}.`)).toBeVisible()
  await expect(page.getByText('Invited e-mail', { exact: true })).toBeVisible()
  await expect(page.getByText(expected.email, { exact: true })).toBeVisible()
  await expect(page.getByLabel('Your full name')).toHaveValue(expected.name)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByLabel('Confirm password').fill(password)
  await page.getByRole('button', { name: 'Create my account' }).click()
}

test('a channel manager invites a partner admin, who joins, signs out and in again; the link works once', async ({
  page,
  browser,
}) => {
  const person = {
    email: 'new.admin@jadeharbour.example',
    name: 'Winnie Lau',
    role: 'Partner admin',
  }
  const password = 'Jade-harbour-2026'

  // The channel manager, on the partner's page.
  const manager = await browser.newContext({ storageState: storageStateFor('channel_manager') })
  const managerPage = await manager.newPage()
  await managerPage.goto(`/admin/partners/${jadeHarbour.id}`)
  await expect(managerPage.getByRole('heading', { level: 1, name: jadeHarbour.name })).toBeVisible()
  await invite(managerPage, person)

  // The e-mail, read in the admin's mailbox.
  const mail = await readLinkFromMailbox(browser, person.email, /\/invite\//)
  expect(mail.subject).toBe(`You are invited to ${jadeHarbour.name} on Channel Portal`)
  expect(mail.href.startsWith(`${baseURL}/invite/`), mail.href).toBe(true)
  const link = pathOf(mail.href)

  // The invitee, in a browser of their own.
  await accept(page, link, { ...person, organisation: jadeHarbour.name }, password)
  await expect(page).toHaveURL('/portal')
  await expect(page.getByText(`Welcome, ${person.name}! Your account is ready.`)).toBeVisible()
  const banner = page.getByRole('banner')
  await expect(banner.getByText(person.name, { exact: true })).toBeVisible()
  await expect(banner.getByText(jadeHarbour.name, { exact: true })).toBeVisible()
  // A partner admin: the team page is theirs. (The toast may cover the navigation — see
  // layout.spec.ts — so it is dismissed first, as a user would.)
  await page.getByRole('button', { name: 'Dismiss' }).click()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible()

  await signOut(page)
  await submitSignIn(page, person.email, password)
  await expect(page).toHaveURL('/portal')
  await expect(page.getByRole('banner').getByText(person.name, { exact: true })).toBeVisible()

  // The same link again: already used, and nothing to submit.
  const again = await page.goto(link)
  expect(again?.status()).toBe(410)
  await expect(
    page.getByRole('heading', { name: 'This invitation has already been used' }),
  ).toBeVisible()
  await expect(page.getByRole('button', { name: 'Create my account' })).toHaveCount(0)

  // The manager now sees a user, not an open invitation.
  await managerPage.reload()
  await expect(rowsWith(managerPage, 'Users', person.email)).toHaveCount(1)
  await expect(rowsWith(managerPage, 'Open invitations', person.email)).toHaveCount(0)
  await manager.close()

  // And the audit log says who joined, by invitation, where.
  const admin = await browser.newContext({ storageState: storageStateFor('admin') })
  const audit = await admin.newPage()
  await audit.goto(`/admin/audit?action=user.created&actor=${encodeURIComponent(person.email)}`)
  const rows = audit.getByRole('row').filter({ hasText: 'Joined by invitation' })
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(jadeHarbour.name)
  await admin.close()

  if (hasDirectDatabase) {
    const users = await sql()`
      select role, partner_id, status from users where email = ${person.email}`
    expect(users).toEqual([{ role: 'partner_admin', partner_id: jadeHarbour.id, status: 'active' }])
    const [invitation] = await sql()`
      select accepted_at is not null as accepted from invitations where email = ${person.email}`
    expect(invitation.accepted).toBe(true)
    await closeDatabase()
  }
})

test('a partner admin invites a colleague, who joins as a partner user of that partner only', async ({
  page,
  browser,
}) => {
  const eastbridgeName = 'Eastbridge Automation Co., Ltd.'
  const person = {
    email: 'new.colleague@eastbridge.example',
    name: 'Qian Hao',
    role: 'Partner user',
  }
  const password = 'Eastbridge-new-2026'

  const partnerAdmin = await browser.newContext({ storageState: storageStateFor('partner_admin') })
  const adminPage = await partnerAdmin.newPage()
  await adminPage.goto('/portal/team')
  await expect(adminPage.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible()
  // A partner admin can hand out partner roles only.
  const roleOptions = adminPage.getByLabel('Role').locator('option')
  await expect(roleOptions).toHaveText(['Partner user', 'Partner admin'])
  await invite(adminPage, person)

  const mail = await readLinkFromMailbox(browser, person.email, /\/invite\//)
  await accept(page, pathOf(mail.href), { ...person, organisation: eastbridgeName }, password)
  await expect(page).toHaveURL('/portal')
  await expect(page.getByRole('banner').getByText(eastbridgeName, { exact: true })).toBeVisible()
  // A partner user: no team page.
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }),
  ).toHaveCount(0)
  expect((await page.goto('/portal/team'))?.status()).toBe(403)

  // The inviter sees the new colleague as an active user.
  await adminPage.reload()
  const row = rowsWith(adminPage, 'Users', person.email)
  await expect(row).toContainText(person.name)
  await expect(row).toContainText('Active')
  await partnerAdmin.close()
})

test('an invitation link that does not exist says so', async ({ page }) => {
  const response = await page.goto('/invite/this-is-not-a-token')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'Invitation not found' })).toBeVisible()
})

test.describe('a partner admin on the team page', () => {
  test.use({ storageState: storageStateFor('partner_admin') })

  test('cannot invite an e-mail that already has an account: the field says so', async ({
    page,
  }) => {
    await page.goto('/portal/team')
    const form = page
      .locator('form')
      .filter({ has: page.getByRole('button', { name: 'Send invitation' }) })
    // Their own e-mail: an account that exists and that no test disables.
    await form.getByLabel('Work e-mail').fill(roleAccounts.partner_admin.email)
    await form.getByLabel('Full name').fill('Someone Else')
    await form.getByRole('button', { name: 'Send invitation' }).click()
    await expect(form.getByText('Someone already has an account with this e-mail.')).toBeVisible()
    await expect(rowsWith(page, 'Open invitations', roleAccounts.partner_admin.email)).toHaveCount(
      0,
    )
  })
})
