import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { registrations } from '#db/schema/deals'
import { createSessionCookie } from '#app/modules/auth/session.server'
import {
  action as detailAction,
  loader as detailLoader,
} from '#app/routes/portal.registrations.$registrationId'
import { action as checkAction } from '#app/routes/portal.registrations.check'
import { action as newAction } from '#app/routes/portal.registrations.new'
import {
  createProductLine,
  createVendorStaff,
  uniqueSuffix,
  updateDealSettings,
} from '#tests/factories/index'
import { loadContextOf, useTestDatabase } from '#tests/setup/database'
import { createPartnerTeam } from './partner-side-helpers'

// The routes' own guarantees: the refusal a rival sees names nobody, the blind check answers as
// data (also when rate-limited), and ids from another partner are 404 for the page and its forms.

const database = useTestDatabase()

async function signedIn(userId: string): Promise<string> {
  return (await createSessionCookie(database.db, userId)).split(';')[0]!
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}

const context = () => loadContextOf(database)

/** What a route threw or returned, as status, location and body. */
async function outcome(work: Promise<unknown>) {
  const result = await work.catch((thrown: unknown) => thrown)
  if (result instanceof Response) {
    return {
      status: result.status,
      location: result.headers.get('location'),
      body: null as unknown,
    }
  }
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } | null }
  if (wrapped?.type === 'DataWithResponseInit') {
    return { status: wrapped.init?.status ?? 200, location: null, body: wrapped.data }
  }
  return { status: 200, location: null, body: result }
}

const formFor = (productLineId: string, prospectName: string) => ({
  prospectName,
  prospectTaxId: '',
  prospectDomain: '',
  regionCode: 'CN-EAST',
  industry: '',
  productLineId,
  currency: 'CNY',
  estimatedValue: '250,000.00',
  expectedCloseDate: '2099-06-30',
  contactName: 'Zhou Min',
  contactEmail: 'zhou.min@example.test',
  contactPhone: '',
  notes: '',
  fulfilmentPartnerId: '',
})

describe('partner registration routes', () => {
  test('register, then a rival: the check says taken and the submission is refused naming nobody', async () => {
    const line = await createProductLine(database.db)
    const holderName = `Eastbridge Test ${uniqueSuffix()}`
    const holder = await createPartnerTeam(database.db, {
      name: holderName,
      channelManagerId: (await createVendorStaff(database.db)).id,
    })
    const rival = await createPartnerTeam(database.db)
    const prospect = `Hangzhou Xinyu ${uniqueSuffix()} Automation Co., Ltd.`

    const holderCookie = await signedIn(holder.user.id)
    const before = await outcome(
      checkAction({
        request: post('/portal/registrations/check', holderCookie, {
          name: prospect,
          productLineId: line.id,
        }),
        params: {},
        context: context(),
      }),
    )
    expect(before).toMatchObject({ status: 200, body: { result: 'free' } })
    const created = await outcome(
      newAction({
        request: post('/portal/registrations/new', holderCookie, formFor(line.id, prospect)),
        params: {},
        context: context(),
      }),
    )
    expect(created.status).toBe(302)
    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.prospectName, prospect))
    expect(created.location).toBe(`/portal/registrations/${row!.id}`)
    expect(row).toMatchObject({
      estimatedValueMinor: 25_000_000,
      status: 'pending',
      partnerId: holder.partner.id,
    })

    const rivalCookie = await signedIn(rival.admin.id)
    const check = await outcome(
      checkAction({
        request: post('/portal/registrations/check', rivalCookie, {
          name: prospect.toLowerCase(),
          productLineId: line.id,
        }),
        params: {},
        context: context(),
      }),
    )
    expect(check).toEqual({ status: 200, location: null, body: { result: 'taken' } })
    const refused = await outcome(
      newAction({
        request: post('/portal/registrations/new', rivalCookie, formFor(line.id, prospect)),
        params: {},
        context: context(),
      }),
    )
    expect(refused).toMatchObject({
      status: 409,
      body: {
        ok: false,
        fieldErrors: {},
        formError: { message: 'deals:submit.alreadyRegistered' },
      },
    })
    for (const secret of [holderName, holder.partner.id, row!.number, row!.id, holder.user.email]) {
      expect(JSON.stringify(refused.body)).not.toContain(secret)
    }

    // The page and its forms are a 404 for the rival, whatever the id.
    for (const registrationId of [row!.id, 'R-000001']) {
      const page = await outcome(
        detailLoader({
          request: new Request(`http://localhost/portal/registrations/${registrationId}`, {
            headers: { cookie: rivalCookie },
          }),
          params: { registrationId },
          context: context(),
        }),
      )
      expect(page.status).toBe(404)
      const withdraw = await outcome(
        detailAction({
          request: post(`/portal/registrations/${registrationId}`, rivalCookie, {
            intent: 'withdraw',
            reason: '',
          }),
          params: { registrationId },
          context: context(),
        }),
      )
      expect(withdraw.status).toBe(404)
    }
    const [still] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, row!.id))
    expect(still!.status).toBe('pending')
  })

  test('bad input comes back as field errors; the rate limit as data with status 429', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const cookie = await signedIn(team.user.id)
    const invalid = await outcome(
      newAction({
        request: post('/portal/registrations/new', cookie, {
          ...formFor(line.id, 'Co., Ltd.'),
          prospectTaxId: '12345',
          expectedCloseDate: '2020-01-01',
        }),
        params: {},
        context: context(),
      }),
    )
    expect(invalid.status).toBe(400)
    expect((invalid.body as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({
      prospectName: 'deals:validation.nameMeaningless',
      prospectTaxId: 'deals:validation.taxIdInvalid',
    })
    const past = await outcome(
      newAction({
        request: post('/portal/registrations/new', cookie, {
          ...formFor(line.id, `Past ${uniqueSuffix()} Ltd`),
          expectedCloseDate: '2020-01-01',
        }),
        params: {},
        context: context(),
      }),
    )
    expect(past).toMatchObject({
      status: 422,
      body: { fieldErrors: { expectedCloseDate: 'deals:validation.dateInPast' } },
    })

    await updateDealSettings(database.db, { availabilityChecksPerHour: 1 })
    try {
      const ask = () =>
        outcome(
          checkAction({
            request: post('/portal/registrations/check', cookie, {
              name: `Prospect ${uniqueSuffix()} Ltd`,
            }),
            params: {},
            context: context(),
          }),
        )
      expect((await ask()).status).toBe(200)
      expect(await ask()).toMatchObject({ status: 429, body: { result: 'rate_limited', limit: 1 } })
    } finally {
      await updateDealSettings(database.db, { availabilityChecksPerHour: 30 })
    }
  })
})
