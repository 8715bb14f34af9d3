import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { createSessionCookie } from '#app/modules/auth/session.server'
import {
  action as detailAction,
  loader as detailLoader,
} from '#app/routes/admin.partners.$partnerId'
import { action as newAction } from '#app/routes/admin.partners.new'
import { partners } from '#db/schema/partners'
import { invitations } from '#db/schema/users'
import { createPartner, createUser, createVendorStaff } from '#tests/factories/index'
import { loadContextOf, useTestDatabase } from '#tests/setup/database'

// The routes' own guarantees: the partner comes from the URL, bad ids are 404, permissions hold,
// and a duplicate is a field error (4xx), never a 500.

const database = useTestDatabase()

async function signedIn(userId: string): Promise<string> {
  return (await createSessionCookie(database.db, userId)).split(';')[0]
}

function post(path: string, cookie: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
  }
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  })
}

const context = () => loadContextOf(database)

/** What a route threw or returned, as status and body, whether a Response or single-fetch data. */
async function outcome(work: Promise<unknown>) {
  const result = await work.catch((thrown: unknown) => thrown)
  if (result instanceof Response) return { status: result.status, body: null as unknown }
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } | null }
  if (wrapped?.type === 'DataWithResponseInit') {
    return { status: wrapped.init?.status ?? 200, body: wrapped.data }
  }
  return { status: 200, body: result }
}

const partnerFields = (name: string) => ({
  name,
  code: '',
  kind: 'dealer',
  tier: 'silver',
  currency: 'CNY',
  creditLimit: '1000',
  paymentTermsDays: '30',
  channelManagerId: '',
})

describe('partner routes', () => {
  test('an invitation is for the partner in the URL, whatever partnerId the form carries', async () => {
    const manager = await createVendorStaff(database.db)
    const cookie = await signedIn(manager.id)
    const target = await createPartner(database.db)
    const other = await createPartner(database.db)
    const email = `invitee-${Date.now()}@example.test`
    const request = post(`/admin/partners/${target.id}`, cookie, {
      intent: 'invite-user',
      email,
      name: 'New Colleague',
      role: 'partner_user',
      partnerId: other.id,
    })
    const result = await outcome(
      detailAction({ request, params: { partnerId: target.id }, context: context() }),
    )
    expect(result.status).toBe(302)
    const rows = await database.db
      .select({ partnerId: invitations.partnerId })
      .from(invitations)
      .where(eq(invitations.email, email))
    expect(rows).toEqual([{ partnerId: target.id }])
  })

  test('a duplicate name on the new-partner form is a 409 with a field error', async () => {
    const manager = await createVendorStaff(database.db)
    const cookie = await signedIn(manager.id)
    const existing = await createPartner(database.db)
    const request = post('/admin/partners/new', cookie, partnerFields(existing.name.toLowerCase()))
    const result = await outcome(newAction({ request, params: {}, context: context() }))
    expect(result).toEqual({
      status: 409,
      body: {
        ok: false,
        fieldErrors: { name: 'partners:validation.nameTaken' },
        formError: undefined,
      },
    })
  })

  test('suspending from the page needs the confirmation’s reason', async () => {
    const manager = await createVendorStaff(database.db)
    const cookie = await signedIn(manager.id)
    const partner = await createPartner(database.db)
    const path = `/admin/partners/${partner.id}?confirm=suspend`
    const params = { partnerId: partner.id }
    const refused = await outcome(
      detailAction({
        request: post(path, cookie, {
          intent: 'set-partner-status',
          status: 'suspended',
          reason: '',
        }),
        params,
        context: context(),
      }),
    )
    expect(refused.status).toBe(400)
    const done = await outcome(
      detailAction({
        request: post(path, cookie, {
          intent: 'set-partner-status',
          status: 'suspended',
          reason: 'Audit',
        }),
        params,
        context: context(),
      }),
    )
    expect(done.status).toBe(302)
    const [row] = await database.db.select().from(partners).where(eq(partners.id, partner.id))
    expect(row.status).toBe('suspended')
  })

  test.each(['not-a-uuid', '6f1c1f8e-5d2a-4b8a-9a51-0c6f2e9c1d11'])(
    'partner id %s is a 404 for the page and its edit form',
    async (partnerId) => {
      const manager = await createVendorStaff(database.db)
      const cookie = await signedIn(manager.id)
      const path = `/admin/partners/${partnerId}`
      const page = await outcome(
        detailLoader({
          request: new Request(`http://localhost${path}`, { headers: { cookie } }),
          params: { partnerId },
          context: context(),
        }),
      )
      expect(page.status).toBe(404)
      const edit = await outcome(
        detailAction({
          request: post(path, cookie, { intent: 'update-partner', ...partnerFields('Anything') }),
          params: { partnerId },
          context: context(),
        }),
      )
      expect(edit.status).toBe(404)
    },
  )

  test('partner users cannot open or change a partner (403), not even their own', async () => {
    const admin = await createUser(database.db, { role: 'partner_admin' })
    const cookie = await signedIn(admin.id)
    const partnerId = admin.partnerId!
    const page = await outcome(
      detailLoader({
        request: new Request(`http://localhost/admin/partners/${partnerId}`, {
          headers: { cookie },
        }),
        params: { partnerId },
        context: context(),
      }),
    )
    expect(page.status).toBe(403)
    const suspend = await outcome(
      detailAction({
        request: post(`/admin/partners/${partnerId}`, cookie, {
          intent: 'set-partner-status',
          status: 'suspended',
          reason: 'x',
        }),
        params: { partnerId },
        context: context(),
      }),
    )
    expect(suspend.status).toBe(403)
    expect(
      await database.db.$count(
        partners,
        and(eq(partners.id, partnerId), eq(partners.status, 'active')),
      ),
    ).toBe(1)
  })
})
