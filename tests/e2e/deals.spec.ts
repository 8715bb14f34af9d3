/**
 * Deal registration journeys (DESIGN §1), in the browser, as the people who use them:
 *
 * - Eastbridge (gold distributor, CN-EAST) registers a new prospect: the live blind check says it
 *   is free, the registration is pending and locked for Eastbridge while under review.
 * - Pearl River (another partner, zh-CN UI) tries the same prospect under another spelling: the
 *   check says it is taken, the submission is refused, and nothing tells them who holds it.
 * - A channel manager approves Eastbridge's registration from the review queue; Eastbridge sees
 *   how long it is protected.
 * - The manager decides the conflict Pearl River's refusal recorded; the holder's history shows
 *   the decision and its rule, the audit log the events.
 * - Another partner's registration is "not found"; the review queue is forbidden to partners.
 *
 * Every journey registers prospects of its own (tax IDs unique per run), so none depends on demo
 * data that other tests change. Screenshots go to test-results/screenshots/deals-*.png.
 */
import path from 'node:path'
import { type Browser, type BrowserContext, type Page } from '@playwright/test'
import { expect, test as base } from './support/fixtures'
import { reserved, storageStateFor, type SignedInRole } from './support/accounts'
import { signIn } from './support/auth'
import { closeDatabase, hasDirectDatabase, sql } from './support/db'
import { repoRoot } from './support/env'
import { pathOf, readLinkFromMailbox } from './support/mailbox'
import { normaliseTaxId } from '../../app/modules/deals/prospect-rules'
import zhDeals from '../../app/locales/zh-CN/deals.json' with { type: 'json' }
import zhErrors from '../../app/locales/zh-CN/errors.json' with { type: 'json' }

// ------------------------------------------------------------------------------------------------
// Who is who

const eastbridge = { name: 'Eastbridge Automation Co., Ltd.', user: 'Sun Li' }
const pearlRiver = { name: '广州珠江机电设备有限公司', account: reserved.pearlRiverAdmin }

/** Eastbridge's partner user (A), Pearl River's admin (B, Chinese UI), vendor staff. */
type Actor = Exclude<SignedInRole, 'partner_admin'> | 'pearl_river'
const eastbridgeSales: Actor = 'partner_user'

/**
 * Opens a page as someone, each in a browser of their own. Their pages are watched for uncaught
 * errors and console errors like the default page (support/fixtures.ts).
 */
const test = base.extend<{ as: (actor: Actor) => Promise<Page> }>({
  as: async ({ browser }, use) => {
    const contexts: BrowserContext[] = []
    const errors: string[] = []
    await use(async (actor) => {
      const context = await browser.newContext({ storageState: await storageOf(browser, actor) })
      contexts.push(context)
      context.on('page', (page) => {
        page.on('pageerror', (error) => errors.push(`${actor} uncaught: ${error.message}`))
        page.on('console', (message) => {
          if (message.type() !== 'error') return
          const text = message.text()
          if (/^Failed to load resource: the server responded with a status of \d+/.test(text))
            return
          errors.push(`${actor} console: ${text}`)
        })
      })
      return context.newPage()
    })
    for (const context of contexts) await context.close()
    expect(errors, 'errors in the browser console').toEqual([])
  },
})

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>
let pearlRiverState: StorageState | undefined

/** The shared role sign-ins from auth.setup.ts; Pearl River's admin signs in once per worker. */
async function storageOf(browser: Browser, actor: Actor): Promise<string | StorageState> {
  if (actor !== 'pearl_river') return storageStateFor(actor)
  if (!pearlRiverState) {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signIn(page, pearlRiver.account)
    pearlRiverState = await context.storageState()
    await context.close()
  }
  return pearlRiverState
}

// ------------------------------------------------------------------------------------------------
// Prospects of this run

const usccCharset = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/**
 * A unified social credit code for an enterprise (91) registered in Shanghai Pudong (310115), with
 * `serial` as its organisation code and the GB 32100 check character (ISO 7064 mod 31).
 */
function uscc(serial: string): string {
  const body = `91310115${serial.padStart(9, '0').slice(-9)}`
  const sum = [...body].reduce((s, c, i) => s + usccCharset.indexOf(c) * usccWeights[i], 0)
  return body + usccCharset[(31 - (sum % 31)) % 31]
}

const run = Date.now()
let prospectCount = 0

type Prospect = { name: string; chineseName: string; taxId: string }

/** A prospect nobody has registered: a fresh name and tax ID for every call. */
function newProspect(): Prospect {
  prospectCount += 1
  const tag = `${(run % 1_000_000).toString(36).toUpperCase()}${prospectCount}`
  const taxId = uscc(`${run % 10_000_000}${String(prospectCount).padStart(2, '0')}`)
  expect(normaliseTaxId(taxId).ok, `${taxId} is a valid USCC`).toBe(true)
  return {
    name: `Lakeside Precision Robotics ${tag} Co., Ltd.`,
    // The same company as Pearl River would write it: another name, the same tax ID.
    chineseName: `湖畔精密机器人${tag}有限公司`,
    taxId,
  }
}

/** An expected close date two months ahead (YYYY-MM-DD). */
function closeDateAhead(days = 60): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots')
async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `deals-${name}.png`), fullPage: true })
}
/** The same page on a phone (deals-<name>-phone.png), then back to the desktop size. */
async function phoneScreenshot(page: Page, name: string) {
  const desktop = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  await screenshot(page, `${name}-phone`)
  // Nothing makes the page scroll sideways (wide tables scroll inside their own box).
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width, `${name}: page width on a phone`).toBeLessThanOrEqual(390)
  if (desktop) await page.setViewportSize(desktop)
}

// ------------------------------------------------------------------------------------------------
// Steps

type Registered = { id: string; number: string; url: string }

/**
 * Eastbridge's partner user fills the registration form; the live check must say "free" before
 * submitting. `beforeSubmit` runs with the form filled (for a screenshot). Returns the new
 * registration, whose page is then showing.
 */
async function registerAsEastbridge(
  page: Page,
  prospect: Prospect,
  beforeSubmit?: () => Promise<void>,
): Promise<Registered> {
  await page.goto('/portal/registrations/new')
  await expect(
    page.getByRole('heading', { level: 1, name: 'Register an opportunity' }),
  ).toBeVisible()
  const availability = page.getByRole('region', { name: 'Availability' })
  await expect(availability).toContainText('Type a tax ID, domain or company name')

  // Product line first, then the prospect: one availability check, not one per field.
  await page.getByLabel('Product line').selectOption({ label: 'PLC controllers (PLC)' })
  await page.getByLabel('Company name').fill(prospect.name)
  await page.getByLabel('Tax ID').fill(prospect.taxId)
  await expect(availability).toContainText('Free to register')
  await expect(availability).toContainText('Nobody holds this prospect for PLC controllers.')

  await page.getByLabel('Region').selectOption({ label: 'East China' })
  await page.getByLabel('Industry').selectOption({ label: 'Manufacturing' })
  await page.getByLabel('Estimated value').fill('250000')
  await page.getByLabel('Expected close date').fill(closeDateAhead())
  await page.getByLabel('Notes').fill('Two assembly lines to automate; pilot cell in Q1.')
  await page.getByLabel('Contact name').fill('Wang Fang')
  await page.getByLabel('Contact e-mail').fill('wang.fang@lakeside-robotics.example')
  await beforeSubmit?.()

  await page.getByRole('button', { name: 'Register opportunity' }).click()
  await expect(page).toHaveURL(/\/portal\/registrations\/[0-9a-f-]{36}$/)
  const url = new URL(page.url()).pathname
  const id = url.split('/').pop()!
  // The page title starts with the registration's number (R-000123 · Channel Portal).
  await expect(page).toHaveTitle(/^R-\d{6} · /)
  const number = (await page.title()).split(' ')[0]
  return { id, number, url }
}

/**
 * Pearl River's admin (Chinese UI) checks the same prospect under its Chinese name and submits
 * anyway. Returns the refusal's text as shown.
 */
async function refusedAsPearlRiver(page: Page, prospect: Prospect): Promise<string> {
  await page.goto('/portal/registrations/new')
  await expect(page.getByRole('heading', { level: 1, name: zhDeals.new.title })).toBeVisible()
  const availability = page.getByRole('region', { name: zhDeals.check.title })
  await page.getByLabel(zhDeals.new.fields.productLine).selectOption({ label: 'PLC 控制器 (PLC)' })
  await page.getByLabel(zhDeals.new.fields.prospectName).fill(prospect.chineseName)
  await page.getByLabel(zhDeals.new.fields.prospectTaxId).fill(prospect.taxId)
  await expect(availability).toContainText(zhDeals.check.taken)

  await page.getByLabel(zhDeals.new.fields.regionCode).selectOption({ label: '华南' })
  await page.getByLabel(zhDeals.new.fields.estimatedValue).fill('180000')
  await page.getByLabel(zhDeals.new.fields.expectedCloseDate).fill(closeDateAhead(45))
  await page.getByRole('button', { name: zhDeals.new.submit }).click()
  const refusal = page.getByRole('alert').filter({ hasText: zhDeals.submit.alreadyRegistered })
  await expect(refusal).toBeVisible()
  // Still on the form, with what they typed.
  await expect(page).toHaveURL(/\/portal\/registrations\/new$/)
  await expect(page.getByLabel(zhDeals.new.fields.prospectName)).toHaveValue(prospect.chineseName)
  return (await refusal.textContent()) ?? ''
}

/** Clicks through the list's pages (Next) until `link` shows; lists are oldest first. */
async function findOnPages(page: Page, link: ReturnType<Page['getByRole']>) {
  for (let i = 0; i < 20; i++) {
    if ((await link.count()) > 0) return
    const next = page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next' })
    if ((await next.count()) === 0) break
    await next.click()
    await page.waitForLoadState('networkidle')
  }
  await expect(link).toBeVisible()
}

// ------------------------------------------------------------------------------------------------
// Journeys

test('a partner registers a new prospect: free, then pending and locked for it while reviewed', async ({
  as,
}) => {
  const prospect = newProspect()
  const page = await as(eastbridgeSales)
  const registration = await registerAsEastbridge(page, prospect, async () => {
    await screenshot(page, 'form-free')
    await phoneScreenshot(page, 'form-free')
  })

  await expect(page.getByRole('status')).toContainText(
    `${registration.number} registered. The prospect is locked for you while a channel manager reviews it.`,
  )
  await expect(page.getByRole('heading', { level: 1, name: prospect.name })).toBeVisible()
  await expect(page.getByText('Pending review', { exact: true }).first()).toBeVisible()
  const protection = page.getByRole('region', { name: 'Protection', exact: true })
  await expect(protection).toContainText(
    'Locked for you while under review. Protection starts when a channel manager approves it.',
  )
  const summary = page.getByRole('main')
  await expect(summary).toContainText(prospect.taxId)
  await expect(summary).toContainText('East China')
  await expect(summary).toContainText('250,000.00')
  await expect(summary).toContainText(`Submitted by ${eastbridge.user}`)
  // Its history starts with the submission, decided by time priority.
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible()
  const submitted = page.getByRole('listitem').filter({ hasText: 'Rule: Time priority' })
  await expect(submitted).toHaveCount(1)
  await expect(submitted).toContainText('Registered')
  await expect(submitted).toContainText(eastbridge.user)
  await expect(submitted).toContainText('Pending review')
  await page.getByRole('button', { name: 'Dismiss' }).click()
  await screenshot(page, 'detail-pending')
  await phoneScreenshot(page, 'detail-pending')

  // It is in their list, pending.
  await page.goto('/portal/registrations')
  const row = page.getByRole('row').filter({ hasText: registration.number })
  await expect(row).toContainText(prospect.name)
  await expect(row).toContainText('Pending review')

  // Checking it again now says it is theirs, with a link to it.
  await page.goto('/portal/registrations/new')
  await page.getByLabel('Product line').selectOption({ label: 'PLC controllers (PLC)' })
  await page.getByLabel('Tax ID').fill(prospect.taxId)
  const availability = page.getByRole('region', { name: 'Availability' })
  await expect(availability).toContainText(`You already hold this (${registration.number})`)
  await expect(
    availability.getByRole('link', { name: `Open ${registration.number}` }),
  ).toHaveAttribute('href', registration.url)
})

test('another partner is told the prospect is taken and refused, never by whom', async ({ as }) => {
  const prospect = newProspect()
  const holder = await registerAsEastbridge(await as(eastbridgeSales), prospect)

  const page = await as('pearl_river')
  const refusal = await refusedAsPearlRiver(page, prospect)
  await screenshot(page, 'refused-zh')
  expect(refusal).toContain(zhDeals.submit.alreadyRegistered)

  // Nothing on the page names the holder, its registration, its user or its spelling.
  const shown = (await page.locator('body').innerText()).toLowerCase()
  for (const secret of [
    'eastbridge',
    holder.number.toLowerCase(),
    holder.id,
    eastbridge.user.toLowerCase(),
    prospect.name.toLowerCase(),
  ]) {
    expect(shown, `the refusal page mentions "${secret}"`).not.toContain(secret)
  }

  // Nor do Pearl River's registrations list it.
  await page.goto(`/portal/registrations?q=${encodeURIComponent(prospect.taxId)}`)
  await expect(page.getByRole('row').filter({ hasText: prospect.taxId })).toHaveCount(0)
  await expect(page.getByText(holder.number)).toHaveCount(0)
})

test('a channel manager approves the registration from the queue; the partner sees its protection', async ({
  as,
  browser,
}) => {
  const prospect = newProspect()
  const partner = await as(eastbridgeSales)
  const registration = await registerAsEastbridge(partner, prospect)

  const manager = await as('channel_manager')
  await manager.goto('/admin/registrations')
  await expect(manager.getByRole('heading', { level: 1, name: 'Registrations' })).toBeVisible()
  await expect(
    manager.getByRole('link', { name: /Pending review/, exact: false }).first(),
  ).toHaveAttribute('aria-current', 'page')
  await screenshot(manager, 'queue')
  await phoneScreenshot(manager, 'queue')

  // Narrowed to the partner, the new registration is listed with what matters for the decision.
  await manager.getByRole('searchbox', { name: 'Partner' }).fill('Eastbridge')
  await manager.getByRole('button', { name: 'Apply' }).click()
  await expect(manager).toHaveURL(/partner=Eastbridge/)
  const link = manager.getByRole('link', { name: new RegExp(registration.number) })
  await findOnPages(manager, link)
  const row = manager.getByRole('row').filter({ has: link })
  await expect(row).toContainText(prospect.name)
  await expect(row).toContainText(eastbridge.name)
  await expect(row).toContainText('PLC controllers')
  await expect(row).toContainText('East China')
  await link.click()

  await expect(manager).toHaveURL(`/admin/registrations/${registration.id}`)
  await expect(manager.getByRole('heading', { level: 1 })).toContainText(prospect.name)
  const approveForm = manager.getByRole('form', { name: 'Approve' })
  const explain = await approveForm
    .getByText(/^Approving protects this opportunity for/)
    .textContent()
  const terms = /for (\d+) days \(Gold tier\), until (.+)\.$/.exec(explain ?? '')
  expect(terms, `the approval says how long: "${explain}"`).not.toBeNull()
  const [, days, until] = terms!
  await screenshot(manager, 'review')
  await approveForm.getByLabel('Note (optional)').fill('Pilot cell confirmed with the customer.')
  await approveForm.getByRole('button', { name: 'Approve' }).click()
  await expect(manager.getByRole('status')).toContainText(
    `${registration.number} approved. The partner has been told.`,
  )
  await expect(manager.getByText('Approved', { exact: true }).first()).toBeVisible()
  await expect(manager.getByRole('form', { name: 'Approve' })).toHaveCount(0)

  // The partner: approved, protected until the date the manager was shown, with a countdown.
  await partner.goto(registration.url)
  await expect(partner.getByText('Approved', { exact: true }).first()).toBeVisible()
  const protection = partner.getByRole('region', { name: 'Protection', exact: true })
  await expect(protection).toContainText(`Protected until ${until}`)
  const n = Number(days)
  await expect(protection).toContainText(new RegExp(`(${n - 1} d 23 h|${n} d 0 h) left`))
  await expect(protection).toContainText('Extensions used: 0 of')
  await expect(partner.getByText('Pilot cell confirmed with the customer.')).toBeVisible()
  await expect(partner.getByText('Rule: Manager review')).toBeVisible()
  await screenshot(partner, 'detail-approved')

  // Eastbridge's user was e-mailed the decision, with a link to the registration.
  const mail = await readLinkFromMailbox(
    browser,
    'sales@eastbridge.example',
    /\/portal\/registrations\//,
    { subject: new RegExp(`^Registration ${registration.number} approved$`) },
  )
  expect(pathOf(mail.href)).toBe(registration.url)
  expect(mail.body).toContain(`It is protected for you until ${until}`)

  // The audit log has the approval, by the manager, for Eastbridge.
  const admin = await as('admin')
  await admin.goto('/admin/audit?action=registration.approved&actor=manager.li%40hengtai.example')
  const approved = admin
    .getByRole('row')
    .filter({ has: admin.locator(`[title="${registration.id}"]`) })
  await expect(approved).toHaveCount(1)
  await expect(approved).toContainText('Registration approved')
  await expect(approved).toContainText(eastbridge.name)
})

test('the manager keeps the holder in the conflict a refused submission recorded; history and audit show it', async ({
  as,
}) => {
  const prospect = newProspect()
  const partner = await as(eastbridgeSales)
  const holder = await registerAsEastbridge(partner, prospect)
  await refusedAsPearlRiver(await as('pearl_river'), prospect)

  const manager = await as('channel_manager')
  await manager.goto('/admin/conflicts')
  await expect(manager.getByRole('heading', { level: 1, name: 'Conflicts' })).toBeVisible()
  const link = manager.getByRole('link', { name: prospect.chineseName, exact: true })
  await findOnPages(manager, link)
  const row = manager.getByRole('row').filter({ has: link })
  await expect(row).toContainText(pearlRiver.name)
  await expect(row).toContainText(eastbridge.name)
  await expect(row).toContainText(holder.number)
  await expect(row).toContainText('Time priority')
  await link.click()

  await expect(
    manager.getByRole('heading', { level: 1, name: `Conflict: ${prospect.chineseName}` }),
  ).toBeVisible()
  const conflictId = new URL(manager.url()).pathname.split('/').pop()!
  await expect(manager.getByText('Open', { exact: true }).first()).toBeVisible()
  // Why they collided: the tax ID, although the names differ.
  const why = manager.getByRole('region', { name: 'Why they collided' })
  await expect(why).toContainText(prospect.taxId)
  await expect(manager.getByRole('link', { name: holder.number })).toHaveAttribute(
    'href',
    holder.url.replace('/portal/', '/admin/'),
  )
  await screenshot(manager, 'conflict-open')
  await phoneScreenshot(manager, 'conflict-open')

  await manager.getByRole('radio', { name: /Keep the holder/ }).check()
  const reason = 'Eastbridge registered first and has a pilot cell under way.'
  await manager.getByLabel('Reason').fill(reason)
  await manager.getByRole('button', { name: 'Record decision' }).click()
  await expect(manager.getByRole('status')).toContainText(
    `Conflict decided: ${holder.number} keeps the opportunity.`,
  )
  await expect(manager.getByRole('button', { name: 'Record decision' })).toHaveCount(0)
  await expect(manager.getByText('Resolved', { exact: true }).first()).toBeVisible()
  await expect(manager.getByText('Holder kept it')).toBeVisible()
  await expect(manager.getByText(reason)).toBeVisible()
  await manager.getByRole('button', { name: 'Dismiss' }).click()
  await screenshot(manager, 'conflict-resolved')

  // It moved to the resolved list.
  await manager.goto('/admin/conflicts')
  await expect(manager.getByRole('link', { name: prospect.chineseName, exact: true })).toHaveCount(
    0,
  )
  await manager.goto('/admin/conflicts?tab=resolved')
  const resolved = manager.getByRole('row').filter({
    has: manager.getByRole('link', { name: prospect.chineseName, exact: true }),
  })
  await expect(resolved).toContainText('Holder kept it')

  // The holder's history: the refused attempt (time priority), then the decision (manager award),
  // and never who tried.
  await partner.goto(holder.url)
  const conflictEntry = partner.getByRole('listitem').filter({
    hasText: 'A conflicting submission by another partner was refused',
  })
  await expect(conflictEntry).toContainText('Rule: Time priority')
  const decision = partner.getByRole('listitem').filter({
    hasText: 'Conflict decided by a channel manager',
  })
  await expect(decision).toContainText('Rule: Manager award')
  await expect(decision).toContainText('You keep the opportunity.')
  await expect(decision).toContainText(reason)
  await expect(partner.getByText(pearlRiver.name)).toHaveCount(0)
  await expect(partner.getByText(prospect.chineseName)).toHaveCount(0)
  await screenshot(partner, 'detail-conflict-history')

  // The vendor's view of the holder lists the conflict as decided.
  await manager.goto(`/admin/registrations/${holder.id}`)
  const conflicts = manager.getByRole('listitem').filter({
    hasText: `Refused submission by ${pearlRiver.name}`,
  })
  await expect(conflicts).toContainText('Holder kept it')
  await expect(conflicts).toContainText('Time priority')

  // The audit log: Eastbridge's submission, Pearl River's refused attempt, the decision.
  const admin = await as('admin')
  const auditRow = async (action: string, actor: string, entityId: string) => {
    await admin.goto(`/admin/audit?action=${action}&actor=${encodeURIComponent(actor)}`)
    return admin.getByRole('row').filter({ has: admin.locator(`[title="${entityId}"]`) })
  }
  const submitted = await auditRow('registration.submitted', 'sales@eastbridge.example', holder.id)
  await expect(submitted).toHaveCount(1)
  await expect(submitted).toContainText('Registration submitted')
  await expect(submitted).toContainText(eastbridge.name)
  const refused = await auditRow('registration.conflict', pearlRiver.account.email, conflictId)
  await expect(refused).toHaveCount(1)
  await expect(refused).toContainText('Conflicting registration refused')
  await expect(refused).toContainText(pearlRiver.name)
  const decided = await auditRow(
    'registration_conflict.resolved',
    'manager.li@hengtai.example',
    conflictId,
  )
  await expect(decided).toHaveCount(1)
  await expect(decided).toContainText('Conflict resolved')
  await screenshot(admin, 'audit')

  if (hasDirectDatabase) {
    const events = await sql()<{ type: string; rule: string | null }[]>`
      select type, rule from registration_events
      where registration_id = ${holder.id} order by created_at, id`
    expect(events.map((e) => [e.type, e.rule])).toEqual([
      ['submitted', 'time_priority'],
      ['conflict', 'time_priority'],
      ['conflict_resolved', 'manager_award'],
    ])
    const [lock] = await sql()<{ active: boolean; until: Date | null }[]>`
      select active, locked_until as until from registration_locks
      where registration_id = ${holder.id} and prospect_key = ${`tax:uscc:${prospect.taxId}`}`
    expect(lock).toEqual({ active: true, until: null })
    await closeDatabase()
  }
})

test("another partner's registration is not found; the review queue is forbidden to partners", async ({
  as,
}) => {
  const prospect = newProspect()
  const eastbridgePage = await as(eastbridgeSales)
  const registration = await registerAsEastbridge(eastbridgePage, prospect)

  const other = await as('pearl_river')
  const response = await other.goto(registration.url)
  expect(response?.status()).toBe(404)
  await expect(other.getByRole('heading', { name: zhErrors.notFound.title })).toBeVisible()
  const shown = await other.locator('body').innerText()
  expect(shown).not.toContain(prospect.name)
  expect(shown).not.toContain(registration.number)
  await screenshot(other, 'not-found-zh')

  for (const url of ['/admin/registrations', `/admin/registrations/${registration.id}`]) {
    const forbidden = await eastbridgePage.goto(url)
    expect(forbidden?.status(), url).toBe(403)
    await expect(
      eastbridgePage.getByRole('heading', { name: 'You do not have access to this page' }),
    ).toBeVisible()
    await expect(eastbridgePage.getByText(prospect.name)).toHaveCount(0)
  }
  await screenshot(eastbridgePage, 'forbidden')
})
