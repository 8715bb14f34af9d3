import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { registrations } from '#db/schema/deals'
import { createSessionCookie } from '#app/modules/auth/session.server'
import { getDealSettings } from '#app/modules/deals/get-deal-settings.server'
import { action as conflictAction } from '#app/routes/admin.conflicts.$conflictId'
import { action as registrationAction } from '#app/routes/admin.registrations.$registrationId'
import { loader as queueLoader } from '#app/routes/admin.registrations._index'
import { action as settingsAction, loader as settingsLoader } from '#app/routes/admin.settings'
import {
  createProductLine,
  createRegisteringPartner,
  createRegistration,
  createVendorStaff,
  registrationInput,
} from '#tests/factories/index'
import { loadContextOf, useTestDatabase } from '#tests/setup/database'

// The routes' own guarantees: the permission guards, field errors as 4xx (never a 500), and a
// decision that comes too late as an error toast rather than a crash.

const database = useTestDatabase()

async function signedIn(userId: string): Promise<string> {
  return (await createSessionCookie(database.db, userId)).split(';')[0]!
}

function get(path: string, cookie: string) {
  return new Request(`http://localhost${path}`, { headers: { cookie } })
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}

const context = () => loadContextOf(database)

/** What a route threw or returned, as status, body and headers. */
async function outcome(work: Promise<unknown>) {
  const result = await work.catch((thrown: unknown) => thrown)
  if (result instanceof Response)
    return { status: result.status, body: null as unknown, headers: result.headers }
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } | null }
  if (wrapped?.type === 'DataWithResponseInit') {
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, headers: new Headers() }
  }
  return { status: 200, body: result, headers: new Headers() }
}

const settingsFields = {
  protectionDaysPlatinum: '120',
  protectionDaysGold: '90',
  protectionDaysSilver: '90',
  protectionDaysRegistered: '90',
  extensionMaxCount: '1',
  extensionDays: '30',
  expiryWarningDays: '14',
  reviewSlaHours: '72',
  territoryPolicy: 'review',
  autoApproveBelow: '0',
  autoApproveCurrency: 'CNY',
  dealDiscountPercent: '5',
  availabilityChecksPerHour: '30',
}

describe('registration rules page', () => {
  test('a channel manager gets 403 on the page and on saving; nothing changes', async () => {
    const manager = await createVendorStaff(database.db)
    const cookie = await signedIn(manager.id)
    expect(
      (
        await outcome(
          settingsLoader({
            request: get('/admin/settings', cookie),
            params: {},
            context: context(),
          }),
        )
      ).status,
    ).toBe(403)
    const saved = await outcome(
      settingsAction({
        request: post('/admin/settings', cookie, { ...settingsFields, protectionDaysGold: '5' }),
        params: {},
        context: context(),
      }),
    )
    expect(saved.status).toBe(403)
    expect((await getDealSettings(database.db)).protectionDaysGold).toBe(90)
  })

  test('an admin gets a field error for an out-of-range value, then saves', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const cookie = await signedIn(admin.id)
    const bad = await outcome(
      settingsAction({
        request: post('/admin/settings', cookie, { ...settingsFields, reviewSlaHours: '1000' }),
        params: {},
        context: context(),
      }),
    )
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({
      fieldErrors: { reviewSlaHours: 'review:settings.errors.reviewSlaHours' },
    })
    expect((await getDealSettings(database.db)).reviewSlaHours).toBe(72)

    const good = await outcome(
      settingsAction({
        request: post('/admin/settings', cookie, { ...settingsFields, reviewSlaHours: '48' }),
        params: {},
        context: context(),
      }),
    )
    expect(good.status).toBe(302)
    expect((await getDealSettings(database.db)).reviewSlaHours).toBe(48)
    await settingsAction({
      request: post('/admin/settings', cookie, settingsFields),
      params: {},
      context: context(),
    })
  })
})

describe('review pages', () => {
  test('partner users cannot open the review queue', async () => {
    const partner = await createRegisteringPartner(database.db)
    const cookie = await signedIn(partner.user.id)
    const result = await outcome(
      queueLoader({ request: get('/admin/registrations', cookie), params: {}, context: context() }),
    )
    expect(result.status).toBe(403)
  })

  test('reject without a reason is a field error; a second decision is an error toast, not a crash', async () => {
    const line = await createProductLine(database.db)
    const manager = await createVendorStaff(database.db)
    const cookie = await signedIn(manager.id)
    const partner = await createRegisteringPartner(database.db)
    const submitted = await createRegistration(database.db, {
      actor: partner.actor,
      now: new Date(Date.now() - 60_000),
      input: registrationInput({ productLineId: line.id }),
    })
    const path = `/admin/registrations/${submitted.registrationId}`
    const params = { registrationId: submitted.registrationId }

    const noReason = await outcome(
      registrationAction({
        request: post(path, cookie, { intent: 'reject', reason: '' }),
        params,
        context: context(),
      }),
    )
    expect(noReason.status).toBe(400)
    expect(noReason.body).toMatchObject({
      form: 'reject',
      fieldErrors: { reason: 'review:validation.reasonRequired' },
    })

    const approved = await outcome(
      registrationAction({
        request: post(path, cookie, { intent: 'approve', note: '' }),
        params,
        context: context(),
      }),
    )
    expect(approved.status).toBe(302)
    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, submitted.registrationId))
    expect(row!.status).toBe('approved')

    const late = await outcome(
      registrationAction({
        request: post(path, cookie, { intent: 'reject', reason: 'Too late' }),
        params,
        context: context(),
      }),
    )
    expect(late.status).toBe(302)
    expect(late.headers.get('set-cookie')).toContain('cp_toast')
    const [after] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, submitted.registrationId))
    expect(after!.status).toBe('approved')
  })

  test('resolving a conflict needs a decision and a reason', async () => {
    const manager = await createVendorStaff(database.db)
    const cookie = await signedIn(manager.id)
    const id = '00000000-0000-4000-8000-000000000000'
    const result = await outcome(
      conflictAction({
        request: post(`/admin/conflicts/${id}`, cookie, { intent: 'resolve' }),
        params: { conflictId: id },
        context: context(),
      }),
    )
    expect(result.status).toBe(400)
    expect(result.body).toMatchObject({
      fieldErrors: {
        decision: 'validation:invalidChoice',
        reason: 'review:validation.reasonRequired',
      },
    })
    const unknown = await outcome(
      conflictAction({
        request: post(`/admin/conflicts/${id}`, cookie, {
          intent: 'resolve',
          decision: 'keep_holder',
          reason: 'x',
        }),
        params: { conflictId: id },
        context: context(),
      }),
    )
    expect(unknown.status).toBe(404)
  })
})
