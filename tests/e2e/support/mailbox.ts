import { expect, type Browser, type Page } from '@playwright/test'
import { storageStateFor } from './accounts'

/**
 * Reads the newest e-mail to `recipient` in the admin's mailbox (/admin/mailbox), as a person
 * testing the portal would, and returns the first link in its body matching `linkPattern`.
 */
export async function readLinkFromMailbox(
  browser: Browser,
  recipient: string,
  linkPattern: RegExp,
  options: { subject?: RegExp } = {},
): Promise<{ href: string; subject: string; body: string; mailPath: string }> {
  const context = await browser.newContext({ storageState: storageStateFor('admin') })
  try {
    const page = await context.newPage()
    await page.goto('/admin/mailbox')
    await expect(page.getByRole('heading', { level: 1, name: 'Mailbox' })).toBeVisible()
    const row = await newestRowFor(page, recipient, options.subject)
    const subjectLink = row.getByRole('link').first()
    const subject = (await subjectLink.textContent())?.trim() ?? ''
    await subjectLink.click()
    await expect(page).toHaveURL(/\/admin\/mailbox\/[^/?]+$/)
    const mailPath = new URL(page.url()).pathname
    await expect(page.getByText(recipient, { exact: true })).toBeVisible()
    const link = page.getByRole('link', { name: linkPattern }).first()
    await expect(link).toBeVisible()
    const href = (await link.getAttribute('href')) ?? ''
    const body = (await page.getByRole('main').textContent()) ?? ''
    return { href, subject, body, mailPath }
  } finally {
    await context.close()
  }
}

/** The mailbox lists newest first; the first row addressed to `recipient` is the latest mail. */
async function newestRowFor(page: Page, recipient: string, subject?: RegExp) {
  let rows = page.getByRole('row').filter({
    has: page.getByRole('cell', { name: recipient, exact: true }),
  })
  if (subject) rows = rows.filter({ has: page.getByRole('link', { name: subject }) })
  await expect(rows.first(), `an e-mail to ${recipient} in the mailbox`).toBeVisible()
  return rows.first()
}

/** The URL path of an absolute link from an e-mail (the e-mails link to the app's origin). */
export function pathOf(href: string): string {
  const url = new URL(href)
  return url.pathname + url.search
}
