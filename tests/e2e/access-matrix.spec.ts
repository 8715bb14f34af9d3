/**
 * The role × route authorisation matrix. Every route of the built app must be classified below:
 * a route that exists in the build but not in `matrix` (or the other way round) fails the first
 * test, so a new page cannot ship without someone deciding who may open it and who may post to it.
 *
 * For each route: GET sample URLs as each role (anonymous, partner user, partner admin, channel
 * manager, admin) and compare the answer with the table: the page (200), a redirect to sign-in
 * (and back), a redirect home, 403, 404 or 410 — never a 500. Pages are also fetched as
 * single-fetch data requests (`.data`), which run the same loaders without the HTML. Routes with
 * an action are POSTed by every role that must not write, with a form that would change something,
 * and afterwards a witness confirms that nothing did.
 */
import { pathToFileURL } from 'node:url'
import path from 'node:path'
import {
  expect,
  test,
  type APIRequestContext,
  type APIResponse,
  type Browser,
  type PlaywrightWorkerArgs,
} from '@playwright/test'
import {
  allRoles,
  partnerIds,
  reserved,
  roleAccounts,
  seed,
  storageStateFor,
  userIdOf,
  type Role,
} from './support/accounts'
import { prospectKeyOf } from '../../app/modules/deals/prospect-rules'
import { seedProductLines, stableUuid } from '../../db/seed-data'
import { closeDatabase, hasDirectDatabase, sql } from './support/db'
import { baseURL, repoRoot } from './support/env'
import { pathOf, readLinkFromMailbox } from './support/mailbox'

// ------------------------------------------------------------------------------------------------
// Vocabulary

/** What a role gets from a request. */
type Outcome =
  | 'ok' // 200 with the page (or JSON)
  | 'login' // 302 to /login?redirectTo=<this URL>
  | 'home' // 302 to the role's home (/admin or /portal)
  | { redirect: string } // 302 to exactly this path
  | 400 // bad input, or a GET on a POST-only resource route
  | 403
  | 404
  | 405
  | 410

type ByRole = Record<Role, Outcome>

/** Values only known at run time (ids of e-mails, live tokens), gathered before the checks. */
type Fixtures = {
  mailPath: string
  resetPath: string
  invitePath: string
}

type Sample = {
  path: string | ((f: Fixtures) => string)
  expect: ByRole
  note?: string
}

type Write = {
  path: string | ((f: Fixtures) => string)
  form: Record<string, string>
  /** Every role that is not a writer must be listed; writers may be listed when harmless. */
  expect: Partial<ByRole>
  note?: string
}

type PostRule =
  | { writers: 'anyone'; why: string; checks?: Write[] }
  | {
      writers: Role[]
      checks: Write[]
      /** Run after the denied POSTs: proves they changed nothing. */
      witness: (as: Record<Role, APIRequestContext>) => Promise<void>
    }

type RouteRule = { layout: true; why: string } | { layout?: false; get: Sample[]; post?: PostRule }

// ------------------------------------------------------------------------------------------------
// Role sets, named by who may open the page

const everyone = (outcome: Outcome): ByRole => ({
  anonymous: outcome,
  partner_user: outcome,
  partner_admin: outcome,
  channel_manager: outcome,
  admin: outcome,
})
const signedIn: ByRole = { ...everyone('ok'), anonymous: 'login' }
const anonymousOnly: ByRole = { ...everyone('home'), anonymous: 'ok' }
const partnerStaff: ByRole = {
  anonymous: 'login',
  partner_user: 'ok',
  partner_admin: 'ok',
  channel_manager: 403,
  admin: 403,
}
const partnerAdmins: ByRole = { ...partnerStaff, partner_user: 403 }
const vendorStaff: ByRole = {
  anonymous: 'login',
  partner_user: 403,
  partner_admin: 403,
  channel_manager: 'ok',
  admin: 'ok',
}
const adminsOnly: ByRole = { ...vendorStaff, channel_manager: 403 }
/** A record that does not exist: the guard first, then 404 for those who may look. */
const missingFor = (who: ByRole): ByRole =>
  Object.fromEntries(
    Object.entries(who).map(([role, outcome]) => [role, outcome === 'ok' ? 404 : outcome]),
  ) as ByRole

const randomUuid = '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f'
const junk = `x'"<>%20;--`
const eastbridgeSales = userIdOf('sales@eastbridge.example')
const managerLi = userIdOf(roleAccounts.channel_manager.email)

const registrationOf = (key: string) => {
  const registration = seed.registrations.find((r) => r.key === key)
  if (!registration) throw new Error(`No demo registration ${key}`)
  return registration.id
}
/** Eastbridge's own registration, and Pearl River's (not fulfilled by Eastbridge). */
const eastbridgeRegistration = registrationOf('eb-xizi')
const pearlRiverRegistration = registrationOf('pr-huakai')
/** The prospect key of Eastbridge's registration, as the app derives it (a pure rule). */
const eastbridgeProspectKey = (() => {
  const registration = seed.registrations.find((r) => r.key === 'eb-xizi')!
  const key = prospectKeyOf({
    taxId: registration.prospectTaxId,
    domain: registration.prospectDomain,
    companyName: registration.prospectName,
  })
  if (!key) throw new Error('eb-xizi has no prospect key')
  return key.key
})()
const conflictId = (() => {
  const conflict = seed.conflicts.find((c) => c.key === 'xizi-shenhang')
  if (!conflict) throw new Error('No demo conflict xizi-shenhang')
  return conflict.id
})()
/** Partner staff open their own partner's records; another partner's are "not found". */
const otherPartnersRecord: ByRole = { ...partnerStaff, partner_user: 404, partner_admin: 404 }

/** Demo orders and addresses (db/seed-orders.ts names them by these stable keys). */
const eastbridgeOrder = stableUuid('order:eb-framework')
const pearlRiverOrder = stableUuid('order:pr-sensors')
const eastbridgeAddress = stableUuid('address:P-0001:jiading')
const pearlRiverAddress = stableUuid('address:P-0002:huangpu')

async function expectNoStaffCarts() {
  if (!hasDirectDatabase) return // PGlite: vendor staff cannot open a cart page to look at
  const [row] = await sql()`
    select count(*)::int as n from carts c join users u on u.id = c.user_id
    where u.role in ('channel_manager', 'admin')`
  expect(row?.n).toBe(0)
}

async function expectPearlRiverAddressKept() {
  if (!hasDirectDatabase) return // PGlite: Pearl River's page is checked in orders.spec.ts
  const [row] = await sql()`
    select label from partner_addresses where id = ${pearlRiverAddress}`
  expect(row?.label).toBe('广州黄埔仓库')
}

const validNewPassword = { password: 'Matrix-pass-2026', confirmPassword: 'Matrix-pass-2026' }

// ------------------------------------------------------------------------------------------------
// The table: route id (as in build/server/index.js) → expectations

const matrix: Record<string, RouteRule> = {
  root: { layout: true, why: 'the document shell; its loader runs on every request below' },

  'routes/_index': {
    get: [{ path: '/', expect: { ...everyone('home'), anonymous: { redirect: '/login' } } }],
  },
  'routes/login': {
    get: [
      { path: '/login', expect: anonymousOnly },
      { path: '/login?redirectTo=%2F%2Fevil.example', expect: anonymousOnly },
    ],
    post: { writers: 'anyone', why: 'signing in is public (throttled; see sign-in-protection)' },
  },
  'routes/logout': {
    get: [{ path: '/logout', expect: everyone({ redirect: '/' }) }],
    post: {
      writers: 'anyone',
      why: 'ends only the poster’s own session; posting it here would sign the shared roles out',
    },
  },
  'routes/locale': {
    get: [{ path: '/locale', expect: everyone({ redirect: '/' }) }],
    post: {
      writers: 'anyone',
      why: 'sets the poster’s own language (cookie, and profile when signed in)',
      checks: [
        {
          path: '/locale',
          form: { locale: 'klingon', redirectTo: '/' },
          expect: { anonymous: 400 },
          note: 'an unknown language is refused',
        },
      ],
    },
  },
  'routes/healthz': { get: [{ path: '/healthz', expect: everyone('ok') }] },
  'routes/forgot-password': {
    get: [{ path: '/forgot-password', expect: everyone('ok') }],
    post: {
      writers: 'anyone',
      why: 'asking for a reset link is public; the answer never says whether the account exists',
      checks: [
        { path: '/forgot-password', form: { email: 'not an e-mail' }, expect: everyone(400) },
      ],
    },
  },
  'routes/reset-password.$token': {
    get: [
      { path: (f) => f.resetPath, expect: everyone('ok'), note: 'a live link (not spent here)' },
      { path: '/reset-password/not-a-token', expect: everyone(404) },
      { path: `/reset-password/${'A'.repeat(43)}`, expect: everyone(404) },
      { path: `/reset-password/${encodeURIComponent(junk)}`, expect: everyone(404) },
    ],
    post: {
      writers: 'anyone',
      why: 'the token in the URL is the credential',
      checks: [
        { path: '/reset-password/not-a-token', form: validNewPassword, expect: everyone(404) },
        { path: (f) => f.resetPath, form: { password: 'short' }, expect: everyone(400) },
      ],
    },
  },
  'routes/invite.$token': {
    get: [
      {
        path: (f) => f.invitePath,
        expect: everyone('ok'),
        note: 'a live invitation (not accepted)',
      },
      { path: '/invite/not-a-token', expect: everyone(404) },
      { path: `/invite/${encodeURIComponent(junk)}`, expect: everyone(404) },
    ],
    post: {
      writers: 'anyone',
      why: 'the token in the URL is the credential',
      checks: [
        {
          path: '/invite/not-a-token',
          form: { name: 'Nobody', ...validNewPassword },
          expect: everyone(404),
        },
        { path: (f) => f.invitePath, form: { name: '' }, expect: everyone(400) },
      ],
    },
  },
  'routes/account': {
    get: [{ path: '/account', expect: signedIn }],
    post: {
      writers: ['partner_user', 'partner_admin', 'channel_manager', 'admin'],
      checks: [
        {
          path: '/account',
          form: { intent: 'profile', name: 'Matrix Anonymous', locale: 'zh-CN' },
          expect: { anonymous: 'login' },
        },
      ],
      witness: async () => {
        // Nobody is signed in, so there is no account the POST could have changed.
      },
    },
  },

  'routes/portal': {
    layout: true,
    why: 'partner layout; its guard is exercised by every portal page',
  },
  'routes/portal._index': { get: [{ path: '/portal', expect: partnerStaff }] },
  'routes/portal.registrations._index': {
    get: [
      { path: '/portal/registrations', expect: partnerStaff },
      {
        path: `/portal/registrations?page=-1&status=bogus&q=${encodeURIComponent(junk)}`,
        expect: partnerStaff,
      },
    ],
  },
  'routes/portal.registrations.new': {
    get: [{ path: '/portal/registrations/new', expect: partnerStaff }],
    post: {
      writers: ['partner_user', 'partner_admin'],
      checks: [
        {
          path: '/portal/registrations/new',
          form: {
            prospectName: 'Matrix Denied Prospect',
            prospectDomain: 'matrix-denied.example',
            regionCode: 'CN-EAST',
            productLineId: randomUuid,
            estimatedValue: '1000',
            currency: 'CNY',
            expectedCloseDate: '2030-01-01',
          },
          expect: { anonymous: 'login', channel_manager: 403, admin: 403 },
        },
      ],
      witness: async (as) => {
        const list = await as.partner_admin.get('/portal/registrations?q=Matrix')
        expect(list.status()).toBe(200)
        expect(await list.text()).not.toContain('Matrix Denied Prospect')
      },
    },
  },
  'routes/portal.registrations.check': {
    get: [
      {
        path: '/portal/registrations/check',
        expect: everyone(400),
        note: 'POST only: Remix answers a GET without loader with 400',
      },
    ],
    post: {
      writers: ['partner_user', 'partner_admin'],
      checks: [
        {
          path: '/portal/registrations/check',
          form: { domain: 'matrix-denied-check.example' },
          expect: { anonymous: 'login', channel_manager: 403, admin: 403 },
        },
      ],
      witness: async () => {
        // Nothing a page shows: availability checks are counted in PostgreSQL (test below).
      },
    },
  },
  'routes/portal.registrations.$registrationId': {
    get: [
      { path: `/portal/registrations/${eastbridgeRegistration}`, expect: partnerStaff },
      { path: `/portal/registrations/${pearlRiverRegistration}`, expect: otherPartnersRecord },
      { path: `/portal/registrations/${randomUuid}`, expect: missingFor(partnerStaff) },
      { path: '/portal/registrations/not-a-uuid', expect: missingFor(partnerStaff) },
      {
        path: `/portal/registrations/${encodeURIComponent(junk)}`,
        expect: missingFor(partnerStaff),
      },
    ],
    post: {
      writers: ['partner_user', 'partner_admin'],
      checks: [
        {
          path: `/portal/registrations/${eastbridgeRegistration}`,
          form: { intent: 'withdraw', reason: 'Matrix denied' },
          expect: { anonymous: 'login', channel_manager: 403, admin: 403 },
        },
        {
          path: `/portal/registrations/${pearlRiverRegistration}`,
          form: { intent: 'withdraw', reason: 'Matrix denied' },
          expect: otherPartnersRecord,
          note: "Eastbridge's staff writing to Pearl River's registration: not found",
        },
        {
          path: `/portal/registrations/${pearlRiverRegistration}`,
          form: { intent: 'update-stage', stage: 'qualified', note: 'Matrix denied' },
          expect: otherPartnersRecord,
        },
      ],
      witness: async (as) => {
        // Pearl River's registration is still theirs and unchanged as far as Eastbridge can tell:
        // still not found; the vendor's view shows no withdrawal (checked in PostgreSQL below).
        const other = await as.partner_admin.get(`/portal/registrations/${pearlRiverRegistration}`)
        expect(other.status()).toBe(404)
      },
    },
  },
  'routes/portal.team': {
    get: [
      { path: '/portal/team', expect: partnerAdmins },
      { path: `/portal/team?partnerId=${partnerIds.pearlRiver}`, expect: partnerAdmins },
    ],
    post: {
      writers: ['partner_admin'],
      checks: [
        {
          path: '/portal/team',
          form: {
            intent: 'invite-user',
            email: 'matrix-denied-team@eastbridge.example',
            name: 'Matrix Denied Team',
            role: 'partner_admin',
          },
          expect: { anonymous: 'login', partner_user: 403, channel_manager: 403, admin: 403 },
        },
        {
          path: '/portal/team',
          form: { intent: 'set-user-status', userId: eastbridgeSales, status: 'disabled' },
          expect: { anonymous: 'login', partner_user: 403, channel_manager: 403, admin: 403 },
        },
      ],
      witness: async (as) => {
        const team = await as.partner_admin.get('/portal/team')
        expect(team.status()).toBe(200)
        expect(await team.text()).not.toContain('matrix-denied-team@eastbridge.example')
        // Still active: the partner user's session still opens the portal.
        expect((await as.partner_user.get('/portal', { maxRedirects: 0 })).status()).toBe(200)
      },
    },
  },

  'routes/admin': {
    layout: true,
    why: 'vendor layout; its guard is exercised by every admin page',
  },
  'routes/admin._index': { get: [{ path: '/admin', expect: vendorStaff }] },
  'routes/admin.partners._index': {
    get: [
      { path: '/admin/partners', expect: vendorStaff },
      { path: '/admin/partners?page=-5&sort=zzz&tier=bogus&q=%25%27', expect: vendorStaff },
    ],
  },
  'routes/admin.partners.new': {
    get: [{ path: '/admin/partners/new', expect: vendorStaff }],
    post: {
      writers: ['channel_manager', 'admin'],
      checks: [
        {
          path: '/admin/partners/new',
          form: {
            name: 'Matrix Denied Partner',
            code: 'P-9901',
            kind: 'dealer',
            tier: 'registered',
            currency: 'CNY',
            creditLimit: '0',
            paymentTermsDays: '30',
            territory: 'CN-EAST',
          },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403 },
        },
      ],
      witness: async (as) => {
        const list = await as.admin.get('/admin/partners?q=Matrix')
        expect(list.status()).toBe(200)
        expect(await list.text()).not.toContain('Matrix Denied Partner')
      },
    },
  },
  'routes/admin.partners.$partnerId': {
    get: [
      { path: `/admin/partners/${partnerIds.eastbridge}`, expect: vendorStaff },
      { path: `/admin/partners/${partnerIds.pearlRiver}`, expect: vendorStaff },
      { path: `/admin/partners/${randomUuid}`, expect: missingFor(vendorStaff) },
      { path: '/admin/partners/not-a-uuid', expect: missingFor(vendorStaff) },
      { path: `/admin/partners/${encodeURIComponent(junk)}`, expect: missingFor(vendorStaff) },
    ],
    post: {
      writers: ['channel_manager', 'admin'],
      checks: [
        {
          path: `/admin/partners/${partnerIds.eastbridge}`,
          form: { intent: 'set-partner-status', status: 'suspended', reason: 'Matrix denied' },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403 },
        },
        {
          path: `/admin/partners/${partnerIds.eastbridge}`,
          form: { intent: 'set-user-status', userId: eastbridgeSales, status: 'disabled' },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403 },
        },
        {
          path: `/admin/partners/${partnerIds.eastbridge}`,
          form: {
            intent: 'invite-user',
            email: 'matrix-denied-partner@eastbridge.example',
            name: 'Matrix Denied Invitee',
            role: 'partner_admin',
          },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403 },
        },
        {
          path: `/admin/partners/${randomUuid}`,
          form: { intent: 'set-partner-status', status: 'suspended', reason: 'Matrix missing' },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403, admin: 404 },
          note: 'a partner that does not exist is a 404 even for an admin',
        },
      ],
      witness: async (as) => {
        // Eastbridge is not suspended and its user not disabled: their session still works.
        expect((await as.partner_user.get('/portal', { maxRedirects: 0 })).status()).toBe(200)
        const detail = await as.admin.get(`/admin/partners/${partnerIds.eastbridge}`)
        expect(detail.status()).toBe(200)
        expect(await detail.text()).not.toContain('matrix-denied-partner@eastbridge.example')
      },
    },
  },
  'routes/admin.registrations.$registrationId': {
    get: [
      { path: `/admin/registrations/${eastbridgeRegistration}`, expect: vendorStaff },
      { path: `/admin/registrations/${pearlRiverRegistration}`, expect: vendorStaff },
      { path: `/admin/registrations/${randomUuid}`, expect: missingFor(vendorStaff) },
      { path: '/admin/registrations/not-a-uuid', expect: missingFor(vendorStaff) },
    ],
    post: {
      writers: ['channel_manager', 'admin'],
      checks: [
        {
          path: `/admin/registrations/${pearlRiverRegistration}`,
          form: { intent: 'reject', reason: 'Matrix denied' },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403 },
        },
        {
          path: `/admin/registrations/${eastbridgeRegistration}`,
          form: { intent: 'approve', note: 'Matrix denied' },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403 },
        },
      ],
      witness: async () => {
        // Checked in PostgreSQL below: no event on either registration during this run.
      },
    },
  },
  'routes/admin.registrations._index': {
    get: [
      { path: '/admin/registrations', expect: vendorStaff },
      {
        path: `/admin/registrations?page=zz&status=bogus&partner=${encodeURIComponent(junk)}&sort=x`,
        expect: vendorStaff,
      },
    ],
  },
  'routes/admin.conflicts._index': {
    get: [
      { path: '/admin/conflicts', expect: vendorStaff },
      { path: '/admin/conflicts?page=-1&status=bogus', expect: vendorStaff },
    ],
  },
  'routes/admin.conflicts.$conflictId': {
    get: [
      { path: `/admin/conflicts/${conflictId}`, expect: vendorStaff },
      { path: `/admin/conflicts/${randomUuid}`, expect: missingFor(vendorStaff) },
      { path: '/admin/conflicts/not-a-uuid', expect: missingFor(vendorStaff) },
    ],
    post: {
      writers: ['channel_manager', 'admin'],
      checks: [
        {
          path: `/admin/conflicts/${conflictId}`,
          form: { intent: 'resolve', decision: 'award_to_submitter', reason: 'Matrix denied' },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403 },
        },
        {
          path: `/admin/conflicts/${randomUuid}`,
          form: { intent: 'resolve', decision: 'keep_holder', reason: 'Matrix missing' },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403, admin: 404 },
          note: 'a conflict that does not exist is a 404 even for an admin',
        },
      ],
      witness: async () => {
        // Checked in PostgreSQL below: no audit entry on the conflict during this run.
      },
    },
  },
  'routes/admin.prospects': {
    get: [
      {
        path: `/admin/prospects?key=${encodeURIComponent(eastbridgeProspectKey)}`,
        expect: vendorStaff,
      },
      {
        path: '/admin/prospects',
        expect: missingFor(vendorStaff),
        note: 'no key: nothing to show',
      },
      { path: `/admin/prospects?key=${encodeURIComponent(junk)}`, expect: missingFor(vendorStaff) },
      { path: '/admin/prospects?key=tax:00000000000000000X', expect: missingFor(vendorStaff) },
    ],
  },
  'routes/admin.settings': {
    get: [{ path: '/admin/settings', expect: adminsOnly }],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: '/admin/settings',
          form: {
            protectionDaysPlatinum: '77',
            protectionDaysGold: '77',
            protectionDaysSilver: '77',
            protectionDaysRegistered: '77',
            extensionMaxCount: '1',
            extensionDays: '30',
            expiryWarningDays: '14',
            reviewSlaHours: '72',
            territoryPolicy: 'allow',
            autoApproveBelow: '0',
            autoApproveCurrency: 'CNY',
            dealDiscountPercent: '5',
            availabilityChecksPerHour: '30',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
      ],
      witness: async (as) => {
        const settings = await as.admin.get('/admin/settings')
        expect(settings.status()).toBe(200)
        expect(await settings.text()).not.toMatch(/name="protectionDaysGold"[^>]*value="77"/)
      },
    },
  },
  'routes/admin.staff': {
    get: [{ path: '/admin/staff', expect: adminsOnly }],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: '/admin/staff',
          form: {
            intent: 'invite-user',
            email: 'matrix-denied-staff@hengtai.example',
            name: 'Matrix Denied Staff',
            role: 'admin',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
        {
          path: '/admin/staff',
          form: { intent: 'set-user-status', userId: managerLi, status: 'disabled' },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
      ],
      witness: async (as) => {
        const staff = await as.admin.get('/admin/staff')
        expect(staff.status()).toBe(200)
        expect(await staff.text()).not.toContain('matrix-denied-staff@hengtai.example')
        expect((await as.channel_manager.get('/admin', { maxRedirects: 0 })).status()).toBe(200)
      },
    },
  },
  'routes/admin.audit': {
    get: [
      { path: '/admin/audit', expect: adminsOnly },
      {
        path: `/admin/audit?page=abc&partnerId=${encodeURIComponent(junk)}&from=not-a-date&action=zzz`,
        expect: adminsOnly,
      },
      { path: `/admin/audit?partnerId=${partnerIds.pearlRiver}`, expect: adminsOnly },
    ],
  },
  'routes/admin.mailbox._index': {
    get: [
      { path: '/admin/mailbox', expect: adminsOnly },
      { path: '/admin/mailbox?page=x&status=bogus', expect: adminsOnly },
    ],
  },
  'routes/admin.mailbox.$emailId': {
    get: [
      { path: (f) => f.mailPath, expect: adminsOnly },
      { path: '/admin/mailbox/999999999', expect: missingFor(adminsOnly) },
      { path: '/admin/mailbox/99999999999999999999999999', expect: missingFor(adminsOnly) },
      { path: '/admin/mailbox/abc', expect: missingFor(adminsOnly) },
      { path: `/admin/mailbox/${randomUuid}`, expect: missingFor(adminsOnly) },
    ],
  },
  // Products and stock (vendor side): HT-IO-DI16 is a demo product the matrix only reads.
  'routes/admin.products._index': {
    get: [
      { path: '/admin/products', expect: vendorStaff },
      {
        path: `/admin/products?page=-2&sort=zzz&dir=up&status=bogus&stock=lots&line=${encodeURIComponent(junk)}&q=%25%27`,
        expect: vendorStaff,
      },
    ],
  },
  'routes/admin.products.new': {
    get: [{ path: '/admin/products/new', expect: adminsOnly }],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: '/admin/products/new',
          form: {
            sku: 'MATRIX-DENIED-1',
            name: 'Matrix Denied Product',
            productLineId: seedProductLines[0]!.id,
            categoryId: stableUuid('category:controllers'),
            unit: 'pcs',
            listPrice: '100',
            currency: 'CNY',
            active: 'on',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
      ],
      witness: async (as) => {
        const list = await as.admin.get('/admin/products?q=MATRIX-DENIED')
        expect(list.status()).toBe(200)
        expect(await list.text()).not.toContain('Matrix Denied Product')
      },
    },
  },
  'routes/admin.products.settings': {
    get: [{ path: '/admin/products/settings', expect: adminsOnly }],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: '/admin/products/settings',
          form: { availabilityDisplay: 'banded', lowStockThreshold: '777' },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
      ],
      witness: async (as) => {
        const settings = await as.admin.get('/admin/products/settings')
        expect(settings.status()).toBe(200)
        expect(await settings.text()).not.toMatch(/name="lowStockThreshold"[^>]*value="777"/)
      },
    },
  },
  'routes/admin.products.warehouses': {
    get: [
      { path: '/admin/products/warehouses', expect: adminsOnly },
      {
        path: `/admin/products/warehouses?edit=${encodeURIComponent(junk)}`,
        expect: adminsOnly,
      },
    ],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: '/admin/products/warehouses',
          form: {
            intent: 'create-warehouse',
            code: 'MATRIX-DENIED',
            name: 'Matrix Denied Warehouse',
            nameZh: '矩阵拒绝仓',
            sortOrder: '9',
            active: 'on',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
        {
          path: '/admin/products/warehouses',
          form: {
            intent: 'update-warehouse',
            warehouseId: stableUuid('warehouse:SH'),
            code: 'SH',
            name: 'Matrix Denied Rename',
            nameZh: '上海嘉定仓',
            sortOrder: '1',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
      ],
      witness: async (as) => {
        const page = await as.admin.get('/admin/products/warehouses')
        expect(page.status()).toBe(200)
        const html = await page.text()
        expect(html).not.toContain('Matrix Denied')
        expect(html).toContain('Shanghai Jiading')
      },
    },
  },
  'routes/admin.products.$productId': {
    get: [
      { path: `/admin/products/${stableUuid('product:HT-IO-DI16')}`, expect: vendorStaff },
      {
        path: `/admin/products/${stableUuid('product:HT-IO-DI16')}?adjust=${encodeURIComponent(junk)}`,
        expect: vendorStaff,
      },
      { path: `/admin/products/${randomUuid}`, expect: missingFor(vendorStaff) },
      { path: '/admin/products/not-a-uuid', expect: missingFor(vendorStaff) },
      { path: `/admin/products/${encodeURIComponent(junk)}`, expect: missingFor(vendorStaff) },
    ],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: `/admin/products/${stableUuid('product:HT-IO-DI16')}`,
          form: {
            intent: 'adjust-stock',
            warehouseId: stableUuid('warehouse:SH'),
            change: '-1',
            reason: 'Matrix denied stock',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
          note: 'channel managers read stock but never change it',
        },
        {
          path: `/admin/products/${stableUuid('product:HT-IO-DI16')}`,
          form: { intent: 'set-product-active', active: 'false' },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
        {
          path: `/admin/products/${stableUuid('product:HT-IO-DI16')}`,
          form: {
            intent: 'update-product',
            sku: 'MATRIX-DENIED-2',
            name: 'Matrix Denied Rename',
            productLineId: seedProductLines[0]!.id,
            categoryId: stableUuid('category:controllers'),
            listPrice: '1',
            currency: 'CNY',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
        {
          path: `/admin/products/${randomUuid}`,
          form: { intent: 'set-product-active', active: 'false' },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
            admin: 404,
          },
          note: 'a product that does not exist is a 404 even for an admin',
        },
      ],
      witness: async (as) => {
        const page = await as.admin.get(`/admin/products/${stableUuid('product:HT-IO-DI16')}`)
        expect(page.status()).toBe(200)
        const html = await page.text()
        expect(html).toContain('HT-IO-DI16')
        expect(html).not.toContain('Matrix Denied Rename')
        expect(html).not.toContain('Matrix denied stock')
        // Still active: the page offers to deactivate it.
        expect(html).toContain('Deactivate')
      },
    },
  },
  // CSV import and export (products, contract prices, stock)
  'routes/admin.imports': {
    get: [{ path: '/admin/imports', expect: vendorStaff, note: 'managers see the exports only' }],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: '/admin/imports',
          form: {
            kind: 'products',
            encoding: 'auto',
            intent: 'import',
            file: 'sku,name,product_line,category,list_price,currency\nIMP-MATRIX-DENIED,Matrix Denied,PLC,controllers,1,CNY',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
            admin: 400,
          },
          note: 'refused before the body is read; text in place of a file is a 400 even for an admin',
        },
      ],
      witness: async (as) => {
        const products = await as.admin.get('/admin/exports/products')
        expect(products.status()).toBe(200)
        expect(await products.text()).not.toContain('IMP-MATRIX-DENIED')
      },
    },
  },
  'routes/admin.exports.$kind': {
    get: [
      { path: '/admin/exports/products', expect: vendorStaff },
      { path: '/admin/exports/contract-prices', expect: vendorStaff },
      { path: '/admin/exports/stock', expect: vendorStaff },
      { path: '/admin/exports/products.csv', expect: missingFor(vendorStaff) },
      { path: `/admin/exports/${encodeURIComponent(junk)}`, expect: missingFor(vendorStaff) },
    ],
  },
  'routes/admin.imports_.templates.$kind': {
    get: [
      { path: '/admin/imports/templates/products', expect: vendorStaff },
      { path: '/admin/imports/templates/contract-prices', expect: vendorStaff },
      { path: '/admin/imports/templates/stock', expect: vendorStaff },
      { path: '/admin/imports/templates/bogus', expect: missingFor(vendorStaff) },
      {
        path: `/admin/imports/templates/${encodeURIComponent(junk)}`,
        expect: missingFor(vendorStaff),
      },
    ],
  },

  // Partner catalog and price policies (seeded SKUs; the gold drives policy of db/seed-catalog.ts)
  'routes/portal.catalog._index': {
    get: [
      { path: '/portal/catalog', expect: partnerStaff },
      { path: '/portal/catalog?q=HT-PLC&sort=price&dir=desc&inStock=1', expect: partnerStaff },
      {
        path: `/portal/catalog?page=-1&sort=zzz&dir=up&line=not-a-uuid&category=${encodeURIComponent(junk)}&inStock=maybe&q=${encodeURIComponent(junk)}`,
        expect: partnerStaff,
      },
      { path: `/portal/catalog?partnerId=${partnerIds.pearlRiver}`, expect: partnerStaff },
    ],
  },
  'routes/portal.catalog.$sku': {
    get: [
      { path: '/portal/catalog/HT-PLC-200', expect: partnerStaff },
      { path: '/portal/catalog/HT-PLC-200?qty=abc', expect: partnerStaff },
      { path: '/portal/catalog/HT-PLC-200?qty=99999999999999', expect: partnerStaff },
      {
        path: `/portal/catalog/HT-PLC-100?partnerId=${partnerIds.pearlRiver}`,
        expect: partnerStaff,
        note: 'always priced for the signed-in partner',
      },
      {
        path: '/portal/catalog/ht-plc-200',
        expect: {
          ...partnerStaff,
          partner_user: { redirect: '/portal/catalog/HT-PLC-200' },
          partner_admin: { redirect: '/portal/catalog/HT-PLC-200' },
        },
        note: 'a SKU typed in lower case lands on its one address',
      },
      {
        path: '/portal/catalog/HT-PLC-050',
        expect: missingFor(partnerStaff),
        note: 'discontinued (inactive) product',
      },
      { path: '/portal/catalog/NO-SUCH-SKU', expect: missingFor(partnerStaff) },
      { path: `/portal/catalog/${encodeURIComponent(junk)}`, expect: missingFor(partnerStaff) },
    ],
  },
  'routes/portal.catalog.export': {
    get: [
      { path: '/portal/catalog/export', expect: partnerStaff },
      {
        path: `/portal/catalog/export?sort=zzz&page=-1&line=x&q=${encodeURIComponent(junk)}&partnerId=${partnerIds.pearlRiver}`,
        expect: partnerStaff,
      },
    ],
  },
  'routes/portal.price-policies': {
    get: [
      { path: '/portal/price-policies', expect: partnerStaff },
      { path: `/portal/price-policies?policyId=${randomUuid}`, expect: partnerStaff },
    ],
    post: {
      writers: ['partner_user', 'partner_admin'],
      checks: [
        {
          path: '/portal/price-policies',
          form: {
            intent: 'acknowledge',
            policyId: stableUuid('price-policy:drives-gold-upcoming'),
          },
          expect: { anonymous: 'login', channel_manager: 403, admin: 403 },
        },
        {
          path: '/portal/price-policies',
          form: { intent: 'acknowledge', policyId: randomUuid },
          expect: otherPartnersRecord,
          note: 'a policy that does not exist (or is not addressed to them) is not found',
        },
        {
          path: '/portal/price-policies',
          form: { intent: 'acknowledge', policyId: junk },
          expect: otherPartnersRecord,
        },
      ],
      witness: async (as) => {
        // The gold policy is still to acknowledge for Eastbridge's admin (no test acknowledges as them).
        const page = await as.partner_admin.get('/portal/price-policies')
        expect(page.status()).toBe(200)
        const policyId = stableUuid('price-policy:drives-gold-upcoming')
        expect(await page.text()).toContain(`name="policyId" value="${policyId}"`)
        if (!hasDirectDatabase) return
        const [staff] = await sql()<{ count: number }[]>`
          select count(*)::int as count from price_policy_acknowledgements a
          join users u on u.id = a.user_id where u.role in ('channel_manager', 'admin')`
        expect(staff?.count).toBe(0)
      },
    },
  },
  // Pricing (vendor side): channel managers read, vendor admins change prices.
  'routes/admin.pricing._index': {
    get: [
      { path: '/admin/pricing', expect: vendorStaff },
      { path: `/admin/pricing?page=-3&x=${encodeURIComponent(junk)}`, expect: vendorStaff },
      { path: '/admin/pricing?page=99999999999', expect: vendorStaff },
    ],
  },
  'routes/admin.pricing.policies.new': {
    get: [{ path: '/admin/pricing/policies/new', expect: adminsOnly }],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: '/admin/pricing/policies/new',
          form: {
            title: 'Matrix Denied Policy',
            effectiveFrom: '2099-01-01',
            audience: 'all',
            'changes.0.tier': 'registered',
            'changes.0.productLineId': seedProductLines.find((l) => l.code === 'ROB')!.id,
            'changes.0.discount': '9',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
      ],
      witness: async (as) => {
        const overview = await as.admin.get('/admin/pricing')
        expect(overview.status()).toBe(200)
        expect(await overview.text()).not.toContain('Matrix Denied Policy')
      },
    },
  },
  'routes/admin.pricing.policies.$policyId': {
    get: [
      {
        path: `/admin/pricing/policies/${stableUuid('price-policy:drives-gold-upcoming')}`,
        expect: vendorStaff,
      },
      {
        path: `/admin/pricing/policies/${stableUuid('price-policy:drives-gold-upcoming')}?show=bogus&page=-2`,
        expect: vendorStaff,
      },
      { path: `/admin/pricing/policies/${randomUuid}`, expect: missingFor(vendorStaff) },
      { path: '/admin/pricing/policies/not-a-uuid', expect: missingFor(vendorStaff) },
      {
        path: `/admin/pricing/policies/${encodeURIComponent(junk)}`,
        expect: missingFor(vendorStaff),
      },
    ],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: `/admin/pricing/policies/${stableUuid('price-policy:drives-gold-upcoming')}`,
          form: { intent: 'withdraw' },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
        {
          path: `/admin/pricing/policies/${randomUuid}`,
          form: { intent: 'withdraw' },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
            admin: 404,
          },
          note: 'a policy that does not exist is a 404 even for an admin',
        },
      ],
      witness: async (as) => {
        // The seeded gold drives policy is still scheduled, so it can still be withdrawn.
        const policy = await as.admin.get(
          `/admin/pricing/policies/${stableUuid('price-policy:drives-gold-upcoming')}`,
        )
        expect(policy.status()).toBe(200)
        expect(await policy.text()).toContain('Withdraw policy')
      },
    },
  },
  'routes/admin.pricing.contracts': {
    get: [
      { path: '/admin/pricing/contracts', expect: vendorStaff },
      { path: `/admin/pricing/contracts?q=${encodeURIComponent(junk)}`, expect: vendorStaff },
      { path: `/admin/pricing/contracts?partner=${partnerIds.eastbridge}`, expect: vendorStaff },
      { path: `/admin/pricing/contracts?partner=${partnerIds.pearlRiver}`, expect: vendorStaff },
      {
        path: `/admin/pricing/contracts?partner=${partnerIds.eastbridge}&when=bogus&page=x&sku=%25%27`,
        expect: vendorStaff,
      },
      { path: `/admin/pricing/contracts?partner=${randomUuid}`, expect: missingFor(vendorStaff) },
      {
        path: `/admin/pricing/contracts?partner=${encodeURIComponent(junk)}`,
        expect: vendorStaff,
        note: 'not a partner id: the partner picker',
      },
    ],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: `/admin/pricing/contracts?partner=${partnerIds.eastbridge}`,
          form: {
            intent: 'add',
            sku: 'HT-HMI-4',
            price: '1',
            currency: 'CNY',
            validFrom: '2099-01-01',
            note: 'Matrix denied',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
        {
          path: `/admin/pricing/contracts?partner=${partnerIds.pearlRiver}`,
          form: {
            intent: 'add',
            sku: 'HT-HMI-4',
            price: '1',
            currency: 'CNY',
            validFrom: '2099-01-01',
            note: 'Matrix denied',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
          note: "Eastbridge's staff adding a price for Pearl River: refused",
        },
        {
          path: `/admin/pricing/contracts?partner=${randomUuid}`,
          form: { intent: 'add', sku: 'HT-HMI-4', price: '1', validFrom: '2099-01-01' },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
            admin: 404,
          },
          note: 'a partner that does not exist is a 404 even for an admin',
        },
      ],
      witness: async (as) => {
        for (const partnerId of [partnerIds.eastbridge, partnerIds.pearlRiver]) {
          const future = await as.admin.get(
            `/admin/pricing/contracts?partner=${partnerId}&when=future`,
          )
          expect(future.status()).toBe(200)
          expect(await future.text()).not.toContain('Matrix denied')
        }
      },
    },
  },
  'routes/admin.pricing.volume-breaks': {
    get: [
      { path: '/admin/pricing/volume-breaks', expect: vendorStaff },
      { path: '/admin/pricing/volume-breaks?sku=HT-PLC-200&tier=gold', expect: vendorStaff },
      {
        path: `/admin/pricing/volume-breaks?line=${seedProductLines[0]!.id}&when=past`,
        expect: vendorStaff,
      },
      {
        path: `/admin/pricing/volume-breaks?line=${randomUuid}&tier=bogus&when=zzz`,
        expect: vendorStaff,
        note: 'an unknown line: said on the page',
      },
      {
        path: `/admin/pricing/volume-breaks?sku=${encodeURIComponent(junk)}`,
        expect: vendorStaff,
      },
    ],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: '/admin/pricing/volume-breaks?sku=HT-PLC-200',
          form: {
            intent: 'add',
            tier: 'gold',
            minQuantity: '987',
            kind: 'discount',
            amount: '1',
            validFrom: '2099-01-01',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
      ],
      witness: async (as) => {
        const breaks = await as.admin.get('/admin/pricing/volume-breaks?sku=HT-PLC-200&when=future')
        expect(breaks.status()).toBe(200)
        expect(await breaks.text()).not.toContain('987 units')
      },
    },
  },
  // Ordering: cart, quick order, checkout, the partner's orders and confirmation, address book
  'routes/portal.cart': {
    get: [{ path: '/portal/cart', expect: partnerStaff }],
    post: {
      writers: ['partner_user', 'partner_admin'],
      checks: [
        {
          path: '/portal/cart',
          form: { intent: 'add', sku: 'HT-PX-M12', quantity: '1', redirectTo: '/portal/cart' },
          expect: { anonymous: 'login', channel_manager: 403, admin: 403 },
        },
        {
          path: '/portal/cart',
          form: { intent: 'update', itemId: randomUuid, quantity: '5' },
          expect: {
            anonymous: 'login',
            partner_user: 404,
            partner_admin: 404,
            channel_manager: 403,
            admin: 403,
          },
          note: 'a line that is not in your own cart is not found',
        },
      ],
      witness: async () => {
        // Vendor staff have no cart to change (checked in PostgreSQL below).
        await expectNoStaffCarts()
      },
    },
  },
  'routes/portal.quick-order': {
    get: [{ path: '/portal/quick-order', expect: partnerStaff }],
    post: {
      writers: ['partner_user', 'partner_admin'],
      checks: [
        {
          path: '/portal/quick-order',
          form: { text: 'HT-PX-M12, 1' },
          expect: { anonymous: 'login', channel_manager: 403, admin: 403 },
        },
      ],
      witness: async () => {
        await expectNoStaffCarts()
      },
    },
  },
  'routes/portal.checkout': {
    get: [{ path: '/portal/checkout', expect: partnerStaff }],
    post: {
      writers: ['partner_user', 'partner_admin'],
      checks: [
        {
          path: '/portal/checkout',
          form: {
            idempotencyKey: 'matrix-denied-checkout',
            cartVersion: '0-00000000',
            shippingAddressId: pearlRiverAddress,
            paymentMethod: 'on_account',
          },
          expect: { anonymous: 'login', channel_manager: 403, admin: 403 },
        },
      ],
      witness: async () => {
        if (!hasDirectDatabase) return // PGlite: nothing a denied role could open shows orders
        const placed = await sql()`
          select count(*)::int as n from orders where idempotency_key = 'matrix-denied-checkout'`
        expect(placed[0]?.n).toBe(0)
      },
    },
  },
  'routes/portal.orders._index': {
    get: [
      { path: '/portal/orders', expect: partnerStaff },
      {
        path: `/portal/orders?page=-3&status=bogus&q=${encodeURIComponent(junk)}`,
        expect: partnerStaff,
      },
    ],
  },
  'routes/portal.orders.$orderId': {
    get: [
      { path: `/portal/orders/${eastbridgeOrder}`, expect: partnerStaff },
      { path: `/portal/orders/${pearlRiverOrder}`, expect: otherPartnersRecord },
      { path: `/portal/orders/${randomUuid}`, expect: missingFor(partnerStaff) },
      { path: '/portal/orders/not-a-uuid', expect: missingFor(partnerStaff) },
      { path: `/portal/orders/${encodeURIComponent(junk)}`, expect: missingFor(partnerStaff) },
    ],
    post: {
      writers: ['partner_user', 'partner_admin'],
      checks: [
        {
          path: `/portal/orders/${pearlRiverOrder}`,
          form: { intent: 'cancel', reason: 'Matrix denied' },
          expect: otherPartnersRecord,
          note: "Eastbridge's staff cancelling Pearl River's order: not found",
        },
        {
          path: `/portal/orders/${pearlRiverOrder}`,
          form: { intent: 'reorder' },
          expect: otherPartnersRecord,
        },
        {
          path: `/portal/orders/${eastbridgeOrder}`,
          form: { intent: 'cancel', reason: 'Matrix denied' },
          expect: { anonymous: 'login', channel_manager: 403, admin: 403 },
        },
      ],
      witness: async (as) => {
        const other = await as.partner_admin.get(`/portal/orders/${pearlRiverOrder}`)
        expect(other.status()).toBe(404)
        const own = await as.partner_admin.get(`/portal/orders/${eastbridgeOrder}`)
        expect(await own.text()).not.toContain('Matrix denied')
        if (!hasDirectDatabase) return
        const rows = await sql()`
          select status::text as status from orders where id in (${eastbridgeOrder}, ${pearlRiverOrder})
          order by id`
        expect(rows.map((r) => r.status)).not.toContain('cancelled')
      },
    },
  },
  'routes/portal_.orders.$orderId.confirmation': {
    get: [
      { path: `/portal/orders/${eastbridgeOrder}/confirmation`, expect: partnerStaff },
      { path: `/portal/orders/${pearlRiverOrder}/confirmation`, expect: otherPartnersRecord },
      { path: `/portal/orders/${randomUuid}/confirmation`, expect: missingFor(partnerStaff) },
      { path: '/portal/orders/not-a-uuid/confirmation', expect: missingFor(partnerStaff) },
    ],
  },
  'routes/portal.addresses._index': {
    get: [
      { path: '/portal/addresses', expect: partnerAdmins },
      { path: `/portal/addresses?partnerId=${partnerIds.pearlRiver}`, expect: partnerAdmins },
    ],
    post: {
      writers: ['partner_admin'],
      checks: [
        {
          path: '/portal/addresses',
          form: {
            intent: 'create',
            label: 'Matrix Denied Address',
            recipient: 'Nobody',
            phone: '+86 21 0000 0000',
            regionCode: 'CN-EAST',
            city: 'Shanghai',
            line1: '1 Matrix Road',
          },
          expect: { anonymous: 'login', partner_user: 403, channel_manager: 403, admin: 403 },
        },
        {
          path: '/portal/addresses',
          form: { intent: 'delete', addressId: pearlRiverAddress },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 404,
            channel_manager: 403,
            admin: 403,
          },
          note: "Eastbridge's admin removing Pearl River's address: not found",
        },
      ],
      witness: async (as) => {
        const book = await as.partner_admin.get('/portal/addresses')
        expect(book.status()).toBe(200)
        expect(await book.text()).not.toContain('Matrix Denied Address')
        await expectPearlRiverAddressKept()
      },
    },
  },
  'routes/portal.addresses.$addressId': {
    get: [
      { path: `/portal/addresses/${eastbridgeAddress}`, expect: partnerAdmins },
      {
        path: `/portal/addresses/${pearlRiverAddress}`,
        expect: { ...partnerAdmins, partner_admin: 404 },
      },
      { path: `/portal/addresses/${randomUuid}`, expect: missingFor(partnerAdmins) },
      { path: '/portal/addresses/not-a-uuid', expect: missingFor(partnerAdmins) },
    ],
    post: {
      writers: ['partner_admin'],
      checks: [
        {
          path: `/portal/addresses/${pearlRiverAddress}`,
          form: {
            intent: 'update',
            label: 'Matrix Denied Takeover',
            recipient: 'Nobody',
            phone: '+86 21 0000 0000',
            regionCode: 'CN-EAST',
            city: 'Shanghai',
            line1: '1 Matrix Road',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 404,
            channel_manager: 403,
            admin: 403,
          },
        },
        {
          path: `/portal/addresses/${eastbridgeAddress}`,
          form: { intent: 'delete' },
          expect: { anonymous: 'login', partner_user: 403, channel_manager: 403, admin: 403 },
        },
      ],
      witness: async (as) => {
        const own = await as.partner_admin.get(`/portal/addresses/${eastbridgeAddress}`)
        expect(own.status()).toBe(200)
        await expectPearlRiverAddressKept()
      },
    },
  },
  // The vendor's order desk, card payment and Stripe's webhook
  'routes/admin.orders._index': {
    get: [
      { path: '/admin/orders', expect: vendorStaff },
      {
        path: `/admin/orders?status=bogus&payment=zzz&from=2026-13-45&to=x&page=-2&q=${encodeURIComponent(junk)}`,
        expect: vendorStaff,
      },
    ],
  },
  'routes/admin.orders.$orderId': {
    get: [
      { path: `/admin/orders/${eastbridgeOrder}`, expect: vendorStaff },
      { path: `/admin/orders/${randomUuid}`, expect: missingFor(vendorStaff) },
      { path: '/admin/orders/not-a-uuid', expect: missingFor(vendorStaff) },
    ],
    post: {
      writers: ['channel_manager', 'admin'],
      checks: [
        {
          path: `/admin/orders/${pearlRiverOrder}`,
          form: { intent: 'cancel', reason: 'Matrix denied' },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403 },
        },
        {
          path: `/admin/orders/${pearlRiverOrder}`,
          form: { intent: 'ship', carrier: 'Matrix', trackingNumber: 'MATRIX-DENIED' },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403 },
        },
      ],
      witness: async (as) => {
        const page = await as.admin.get(`/admin/orders/${pearlRiverOrder}`)
        expect(page.status()).toBe(200)
        const html = await page.text()
        expect(html).not.toContain('MATRIX-DENIED')
        expect(html).not.toContain('Matrix denied')
      },
    },
  },
  'routes/portal.orders.$orderId.pay': {
    get: [
      {
        path: `/portal/orders/${eastbridgeOrder}/pay`,
        expect: {
          ...partnerStaff,
          partner_user: { redirect: `/portal/orders/${eastbridgeOrder}` },
          partner_admin: { redirect: `/portal/orders/${eastbridgeOrder}` },
        },
      },
    ],
    post: {
      writers: ['partner_user', 'partner_admin'],
      checks: [
        {
          path: `/portal/orders/${pearlRiverOrder}/pay`,
          form: {},
          expect: otherPartnersRecord,
          note: "Eastbridge's staff cannot start a payment for Pearl River's order",
        },
      ],
      witness: async (as) => {
        const page = await as.admin.get(`/admin/orders/${pearlRiverOrder}`)
        expect(page.status()).toBe(200)
      },
    },
  },
  'routes/webhooks.stripe': {
    get: [{ path: '/webhooks/stripe', expect: everyone(405) }],
    post: {
      writers: 'anyone',
      why: 'Stripe posts without a session; the signature over the raw body is the credential',
      checks: [
        {
          path: '/webhooks/stripe',
          form: { type: 'checkout.session.completed' },
          expect: everyone(400),
        },
      ],
    },
  },
  // Contribution, targets and announcements
  'routes/admin.contribution._index': {
    get: [
      { path: '/admin/contribution', expect: vendorStaff },
      {
        path: `/admin/contribution?period=bogus&from=2026-13-45&groupBy=x&region=${encodeURIComponent(junk)}&tier=zzz&productLine=1&sort=x&dir=up&page=-4`,
        expect: vendorStaff,
      },
      {
        path: '/admin/contribution?period=custom&from=2001-01-01&to=2999-12-31',
        expect: vendorStaff,
      },
    ],
  },
  'routes/admin.contribution.export': {
    get: [
      { path: '/admin/contribution/export?table=ranking', expect: vendorStaff },
      {
        path: `/admin/contribution/export?table=orders&partnerId=${partnerIds.pearlRiver}&credit=bogus`,
        expect: vendorStaff,
      },
      {
        path: '/admin/contribution/export?table=bogus',
        expect: { ...vendorStaff, channel_manager: 400, admin: 400 },
      },
    ],
  },
  'routes/admin.contribution.orders': {
    get: [
      {
        path: `/admin/contribution/orders?partnerId=${partnerIds.eastbridge}`,
        expect: vendorStaff,
      },
      {
        path: `/admin/contribution/orders?which=x&credit=y&page=zz&partnerId=${encodeURIComponent(junk)}`,
        expect: vendorStaff,
      },
    ],
  },
  'routes/admin.contribution.registrations': {
    get: [
      { path: '/admin/contribution/registrations?metric=open', expect: vendorStaff },
      {
        path: `/admin/contribution/registrations?metric=${encodeURIComponent(junk)}&page=-1`,
        expect: vendorStaff,
      },
    ],
  },
  'routes/admin.contribution.partners.$partnerId': {
    get: [
      { path: `/admin/contribution/partners/${partnerIds.eastbridge}`, expect: vendorStaff },
      {
        path: `/admin/contribution/partners/${partnerIds.pearlRiver}?period=year`,
        expect: vendorStaff,
      },
      { path: `/admin/contribution/partners/${randomUuid}`, expect: missingFor(vendorStaff) },
      { path: '/admin/contribution/partners/not-a-uuid', expect: missingFor(vendorStaff) },
    ],
  },
  'routes/admin.contribution.targets': {
    get: [
      { path: '/admin/contribution/targets', expect: vendorStaff },
      {
        path: `/admin/contribution/targets?period=${encodeURIComponent(junk)}&q=%25&page=x`,
        expect: vendorStaff,
      },
    ],
    post: {
      writers: ['channel_manager', 'admin'],
      checks: [
        {
          path: '/admin/contribution/targets?period=2026-Q1',
          form: {
            intent: 'set',
            partnerId: partnerIds.eastbridge,
            period: '2026-Q1',
            revenueTarget: '987654.32',
            registrationsTarget: '3',
          },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403 },
        },
      ],
      witness: async (as) => {
        const sheet = await as.admin.get('/admin/contribution/targets?period=2026-Q1&q=P-0001')
        expect(sheet.status()).toBe(200)
        expect(await sheet.text()).not.toContain('987654.32')
      },
    },
  },
  'routes/admin.contribution.settings': {
    get: [
      { path: '/admin/contribution/settings', expect: adminsOnly },
      {
        path: `/admin/contribution/settings?registeredPercent=${encodeURIComponent(junk)}`,
        expect: adminsOnly,
      },
    ],
    post: {
      writers: ['admin'],
      checks: [
        {
          path: '/admin/contribution/settings',
          form: {
            registeredPercent: '7',
            qualifiedPercent: '25',
            proposalPercent: '50',
            negotiationPercent: '75',
            silverThreshold: '500000',
            goldThreshold: '2000000',
            platinumThreshold: '5000000',
          },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 403,
          },
        },
      ],
      witness: async (as) => {
        const settings = await as.admin.get('/admin/contribution/settings')
        expect(settings.status()).toBe(200)
        expect(await settings.text()).not.toMatch(/name="registeredPercent"[^>]*value="7"/)
      },
    },
  },
  'routes/admin.announcements._index': {
    get: [
      { path: '/admin/announcements', expect: vendorStaff },
      { path: '/admin/announcements?page=-3', expect: vendorStaff },
    ],
  },
  'routes/admin.announcements.new': {
    get: [{ path: '/admin/announcements/new', expect: vendorStaff }],
    post: {
      writers: ['channel_manager', 'admin'],
      checks: [
        {
          path: '/admin/announcements/new',
          form: { title: 'Matrix Denied Announcement', kind: 'news', body: 'x', publish: 'on' },
          expect: { anonymous: 'login', partner_user: 403, partner_admin: 403 },
        },
      ],
      witness: async (as) => {
        const list = await as.admin.get('/admin/announcements')
        expect(await list.text()).not.toContain('Matrix Denied Announcement')
        const portal = await as.partner_user.get('/portal/announcements')
        expect(await portal.text()).not.toContain('Matrix Denied Announcement')
      },
    },
  },
  'routes/admin.announcements.$announcementId': {
    get: [
      { path: `/admin/announcements/${randomUuid}`, expect: missingFor(vendorStaff) },
      { path: '/admin/announcements/not-a-uuid', expect: missingFor(vendorStaff) },
    ],
    post: {
      writers: ['channel_manager', 'admin'],
      checks: [
        {
          path: `/admin/announcements/${randomUuid}`,
          form: { intent: 'withdraw' },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 404,
            admin: 404,
          },
          note: 'an announcement that does not exist is a 404 even for vendor staff',
        },
      ],
      witness: async () => {
        // Nothing exists at that id, so nothing could change.
      },
    },
  },
  'routes/admin.announcements.$announcementId_.edit': {
    get: [
      { path: `/admin/announcements/${randomUuid}/edit`, expect: missingFor(vendorStaff) },
      { path: '/admin/announcements/not-a-uuid/edit', expect: missingFor(vendorStaff) },
      {
        path: `/admin/announcements/${encodeURIComponent(junk)}/edit`,
        expect: missingFor(vendorStaff),
      },
    ],
    post: {
      writers: ['channel_manager', 'admin'],
      checks: [
        {
          path: `/admin/announcements/${randomUuid}/edit`,
          form: { title: 'Matrix Denied Edit', kind: 'news', body: 'x' },
          expect: {
            anonymous: 'login',
            partner_user: 403,
            partner_admin: 403,
            channel_manager: 404,
            admin: 404,
          },
          note: 'an announcement that does not exist is a 404 even for vendor staff',
        },
      ],
      witness: async (as) => {
        const list = await as.admin.get('/admin/announcements')
        expect(await list.text()).not.toContain('Matrix Denied Edit')
      },
    },
  },
  'routes/portal.scorecard': {
    get: [
      { path: '/portal/scorecard', expect: partnerStaff },
      {
        path: `/portal/scorecard?partnerId=${partnerIds.pearlRiver}&period=${encodeURIComponent(junk)}`,
        expect: partnerStaff,
        note: 'a partnerId in the URL is ignored: the scorecard is always the own partner’s',
      },
    ],
  },
  'routes/portal.scorecard.export': {
    get: [
      { path: '/portal/scorecard/export?table=orders', expect: partnerStaff },
      {
        path: `/portal/scorecard/export?table=ranking&partnerId=${partnerIds.pearlRiver}`,
        expect: partnerStaff,
      },
      {
        path: '/portal/scorecard/export?table=bogus',
        expect: { ...partnerStaff, partner_user: 400, partner_admin: 400 },
      },
    ],
  },
  'routes/portal.announcements._index': {
    get: [
      { path: '/portal/announcements', expect: partnerStaff },
      { path: '/portal/announcements?kind=bogus', expect: partnerStaff },
    ],
  },
  'routes/portal.announcements.$announcementId': {
    get: [
      { path: `/portal/announcements/${randomUuid}`, expect: missingFor(partnerStaff) },
      { path: '/portal/announcements/not-a-uuid', expect: missingFor(partnerStaff) },
    ],
  },
}

/** URLs that match no route: 404 for everyone, signed in or not, never a redirect or a 500. */
const unmatched = ['/admin/nope', '/portal/nope', '/nope', '/admin/partners/x/y']

// ------------------------------------------------------------------------------------------------
// The build's routes

type BuildRoute = {
  id: string
  path?: string
  index?: boolean
  parentId?: string
  module: { loader?: unknown; action?: unknown; default?: unknown }
}

async function loadBuildRoutes(): Promise<Record<string, BuildRoute>> {
  const file = path.join(repoRoot, 'build', 'server', 'index.js')
  const build = (await import(pathToFileURL(file).href)) as { routes: Record<string, BuildRoute> }
  return build.routes
}

function fullPathOf(routes: Record<string, BuildRoute>, id: string): string {
  const parts: string[] = []
  for (
    let route: BuildRoute | undefined = routes[id];
    route;
    route = routes[route.parentId ?? '']
  ) {
    if (route.path) parts.unshift(route.path)
  }
  return '/' + parts.join('/')
}

// ------------------------------------------------------------------------------------------------
// Requests and comparison

const roleHome: Record<Role, string> = {
  anonymous: '/login',
  partner_user: '/portal',
  partner_admin: '/portal',
  channel_manager: '/admin',
  admin: '/admin',
}

/**
 * A redirect target in comparable form: path and query, with the sign-in page's `redirectTo`
 * fully decoded (servers and the table may percent-encode quotes and the like differently).
 */
function normaliseTarget(location: string): string {
  const url = new URL(location, baseURL)
  const back = url.searchParams.get('redirectTo')
  if (url.pathname === '/login' && back !== null) {
    return `/login?redirectTo=${safeDecode(back)}`
  }
  return url.pathname + url.search
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The status and, for redirects, where to; in the words of the table. */
function observed(response: APIResponse): string {
  const status = response.status()
  if (status >= 300 && status < 400) {
    return `redirect ${normaliseTarget(response.headers().location ?? '?')}`
  }
  return status === 200 ? 'ok' : String(status)
}

function expected(outcome: Outcome, role: Role, url: string): string {
  if (outcome === 'login') return `redirect /login?redirectTo=${safeDecode(url)}`
  if (outcome === 'home') return `redirect ${roleHome[role]}`
  if (typeof outcome === 'object') return `redirect ${outcome.redirect}`
  return outcome === 'ok' ? 'ok' : String(outcome)
}

/** Single fetch answers a redirect with 202 and the target in the body; other statuses as is. */
async function observedData(response: APIResponse): Promise<string> {
  const status = response.status()
  if (status === 202) {
    const body = await response.text()
    const target = /"(\/[^"]*)"/.exec(body)?.[1]
    return `redirect ${target ? normaliseTarget(target) : '?'}`
  }
  return status === 200 ? 'ok' : String(status)
}

function dataUrlOf(url: string): string {
  const parsed = new URL(url, baseURL)
  const pathname = parsed.pathname === '/' ? '/_root.data' : `${parsed.pathname}.data`
  return pathname + parsed.search
}

async function contextsForRoles(
  playwright: PlaywrightWorkerArgs['playwright'],
): Promise<Record<Role, APIRequestContext>> {
  const entries = await Promise.all(
    allRoles.map(async (role) => {
      const context = await playwright.request.newContext({
        baseURL,
        storageState: role === 'anonymous' ? undefined : storageStateFor(role),
        // A same-origin browser form post carries our Origin; the CSRF check must let it through.
        extraHTTPHeaders: { Origin: baseURL },
      })
      return [role, context] as const
    }),
  )
  return Object.fromEntries(entries) as Record<Role, APIRequestContext>
}

async function gatherFixtures(browser: Browser, as: Record<Role, APIRequestContext>) {
  // A reset link (never used) for a user of this file only.
  const forgot = await as.anonymous.post('/forgot-password', {
    form: { email: reserved.matrixReset.email },
  })
  expect(forgot.status()).toBe(200)
  const reset = await readLinkFromMailbox(browser, reserved.matrixReset.email, /\/reset-password\//)

  // An invitation (never accepted) to a vendor colleague.
  const invitee = 'matrix.invitee@hengtai.example'
  const invite = await as.admin.post('/admin/staff', {
    form: {
      intent: 'invite-user',
      email: invitee,
      name: 'Matrix Invitee',
      role: 'channel_manager',
    },
    maxRedirects: 0,
  })
  expect(invite.status(), 'the admin can invite vendor staff').toBe(302)
  const invitation = await readLinkFromMailbox(browser, invitee, /\/invite\//)

  return {
    mailPath: reset.mailPath,
    resetPath: pathOf(reset.href),
    invitePath: pathOf(invitation.href),
  } satisfies Fixtures
}

// ------------------------------------------------------------------------------------------------
// Tests

test.describe('role × route authorisation matrix', () => {
  let as: Record<Role, APIRequestContext>
  let fixtures: Fixtures
  let routes: Record<string, BuildRoute>
  let runStartedAt: Date

  test.beforeAll(async ({ playwright, browser }) => {
    runStartedAt = new Date()
    routes = await loadBuildRoutes()
    as = await contextsForRoles(playwright)
    fixtures = await gatherFixtures(browser, as)
  })

  test.afterAll(async () => {
    await Promise.all(Object.values(as ?? {}).map((context) => context.dispose()))
  })

  test('every route of the build is classified, and nothing else', async () => {
    const built = Object.keys(routes).sort()
    const unclassified = built.filter((id) => !(id in matrix))
    const stale = Object.keys(matrix).filter((id) => !(id in routes))
    expect(
      unclassified.map((id) => `${id} (${fullPathOf(routes, id)})`),
      'routes missing from the matrix in tests/e2e/access-matrix.spec.ts: classify them',
    ).toEqual([])
    expect(stale, 'matrix entries for routes that no longer exist').toEqual([])

    for (const id of built) {
      const rule = matrix[id]
      const module = routes[id].module
      if (rule.layout) {
        expect(module.action, `${id} is a layout with an action: classify its POSTs`).toBeFalsy()
        continue
      }
      expect(rule.get.length, `${id} has GET samples`).toBeGreaterThan(0)
      if (module.action) expect(rule.post, `${id} has an action: say who may POST`).toBeDefined()
      if (!rule.post || rule.post.writers === 'anyone') continue
      const writers = rule.post.writers
      const mustBeDenied = allRoles.filter((role) => !writers.includes(role))
      for (const check of rule.post.checks) {
        for (const role of mustBeDenied) {
          expect(check.expect[role], `${id}: the POST check names ${role}`).toBeDefined()
        }
      }
    }
  })

  for (const [id, rule] of Object.entries(matrix)) {
    if (rule.layout) continue

    test(`GET ${id}`, async () => {
      const isPage = Boolean(routes[id]?.module.default)
      for (const sample of rule.get) {
        const url = typeof sample.path === 'function' ? sample.path(fixtures) : sample.path
        for (const role of allRoles) {
          const want = expected(sample.expect[role], role, url)
          const response = await as[role].get(url, { maxRedirects: 0 })
          expect.soft(observed(response), `GET ${url} as ${role}`).toBe(want)
          if (!isPage) continue
          const dataResponse = await as[role].get(dataUrlOf(url), { maxRedirects: 0 })
          expect
            .soft(await observedData(dataResponse), `GET ${dataUrlOf(url)} as ${role}`)
            .toBe(want)
        }
      }
    })

    if (!rule.post?.checks?.length) continue
    const post = rule.post
    test(`POST ${id}: ${post.writers === 'anyone' ? 'public' : `only ${post.writers.join(', ')}`}`, async () => {
      for (const check of post.checks ?? []) {
        const url = typeof check.path === 'function' ? check.path(fixtures) : check.path
        for (const role of allRoles) {
          const outcome = check.expect[role]
          if (outcome === undefined) continue
          const response = await as[role].post(url, { form: check.form, maxRedirects: 0 })
          expect
            .soft(observed(response), `POST ${url} ${JSON.stringify(check.form)} as ${role}`)
            .toBe(expected(outcome, role, url))
        }
      }
      if (post.writers !== 'anyone') await post.witness(as)
    })
  }

  test('denied POSTs left no rows behind (checked in PostgreSQL)', async () => {
    test.skip(!hasDirectDatabase, 'PGlite: the witnesses above check through the UI')
    const db = sql()
    const [leftovers] = await db<Record<string, number>[]>`
      select
        (select count(*)::int from invitations where email like 'matrix-denied-%') as invitations,
        (select count(*)::int from partners where name like 'Matrix Denied%' or code = 'P-9901')
          as partners,
        (select count(*)::int from users where status = 'disabled' and id in (${eastbridgeSales}, ${managerLi}))
          as disabled,
        (select count(*)::int from registrations where prospect_name like 'Matrix Denied%')
          as registrations,
        (select count(*)::int from availability_checks c join users u on u.id = c.user_id
          where u.role in ('channel_manager', 'admin')) as "staffChecks"`
    expect(leftovers).toEqual({
      invitations: 0,
      partners: 0,
      disabled: 0,
      registrations: 0,
      staffChecks: 0,
    })
    const [eastbridge] = await db<{ status: string }[]>`
      select status from partners where id = ${partnerIds.eastbridge}`
    expect(eastbridge.status).toBe('active')
    const [settings] = await db`select protection_days_gold as gold from deal_settings`
    expect(settings?.gold).not.toBe(77)
    const conflictAudit = await db`
      select action from audit_log where entity_id = ${conflictId} and created_at > ${runStartedAt}`
    expect(conflictAudit).toEqual([])
    const events = await db`
      select type from registration_events
      where registration_id in (${eastbridgeRegistration}, ${pearlRiverRegistration})
        and created_at > ${runStartedAt}`
    expect(events).toEqual([])
    const audit = await db<{ action: string }[]>`
      select action from audit_log
      where after::text like '%matrix-denied%' or after::text like '%Matrix denied%'`
    expect(audit).toEqual([])
    await closeDatabase()
  })

  test('URLs that match no route are 404 for everyone', async () => {
    for (const url of unmatched) {
      for (const role of allRoles) {
        const response = await as[role].get(url, { maxRedirects: 0 })
        expect.soft(observed(response), `GET ${url} as ${role}`).toBe('404')
      }
    }
  })
})
