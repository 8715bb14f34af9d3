import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { createSessionCookie } from '#app/modules/auth/session.server'
import {
  contributionSettingsForm,
  contributionSettingsFormValues,
} from '#app/modules/contribution/contribution-settings-rules'
import { getContributionSettings } from '#app/modules/contribution/get-contribution-settings.server'
import { getContributionSettingsRecord } from '#app/modules/contribution/get-contribution-settings-record.server'
import { updateContributionSettings } from '#app/modules/contribution/update-contribution-settings.server'
import {
  action as settingsAction,
  loader as settingsLoader,
} from '#app/routes/admin.contribution.settings'
import { createUser, createVendorStaff } from '#tests/factories/index'
import { loadContextOf, useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()
const form = contributionSettingsForm('CNY')

const defaults = {
  registeredPercent: '10',
  qualifiedPercent: '25',
  proposalPercent: '50',
  negotiationPercent: '75',
  silverThreshold: '500000',
  goldThreshold: '2000000',
  platinumThreshold: '5000000',
}

const errorsOf = (fields: Partial<typeof defaults>) => {
  const parsed = form.safeParse({ ...defaults, ...fields })
  return parsed.success
    ? {}
    : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]))
}

describe('the settings form', () => {
  test('parses percentages to basis points and amounts to minor units', () => {
    expect(
      form.parse({ ...defaults, proposalPercent: ' 52.5 ', silverThreshold: '500,000.50' }),
    ).toEqual({
      probabilities: { registered: 1000, qualified: 2500, proposal: 5250, negotiation: 7500 },
      tierThresholds: { silver: 50_000_050, gold: 200_000_000, platinum: 500_000_000 },
    })
  })

  test.each([
    ['an empty probability', { registeredPercent: '' }, 'registeredPercent', 'probability'],
    ['over 100 %', { negotiationPercent: '100.01' }, 'negotiationPercent', 'probability'],
    ['negative', { registeredPercent: '-1' }, 'registeredPercent', 'probability'],
    ['three decimals', { qualifiedPercent: '25.125' }, 'qualifiedPercent', 'probability'],
    ['not a number', { proposalPercent: 'half' }, 'proposalPercent', 'probability'],
    ['a later stage lower', { proposalPercent: '20' }, 'proposalPercent', 'probabilityOrder'],
    [
      'the last stage lower',
      { negotiationPercent: '49' },
      'negotiationPercent',
      'probabilityOrder',
    ],
    ['a negative threshold', { silverThreshold: '-5' }, 'silverThreshold', 'threshold'],
    ['fractions of a fen', { goldThreshold: '1.005' }, 'goldThreshold', 'threshold'],
    ['an empty threshold', { platinumThreshold: '' }, 'platinumThreshold', 'threshold'],
    ['gold equal to silver', { goldThreshold: '500000' }, 'goldThreshold', 'thresholdOrder'],
    [
      'platinum below gold',
      { platinumThreshold: '1000000' },
      'platinumThreshold',
      'thresholdOrder',
    ],
  ])('%s is refused beside the field', (_, fields, field, message) => {
    expect(errorsOf(fields)).toEqual({ [field]: `contribution:settings.errors.${message}` })
  })

  test.each([
    ['equal probabilities at two stages', { qualifiedPercent: '10' }],
    ['0 % and 100 %', { registeredPercent: '0', negotiationPercent: '100' }],
    ['a silver threshold of 0', { silverThreshold: '0' }],
  ])('%s are accepted', (_, fields) => {
    expect(errorsOf(fields)).toEqual({})
  })

  test('the form values are the inverse of the parsing', () => {
    const parsed = form.parse({ ...defaults, qualifiedPercent: '33.33' })
    expect(contributionSettingsFormValues({ ...parsed, reportingCurrency: 'CNY' })).toEqual({
      ...defaults,
      qualifiedPercent: '33.33',
      silverThreshold: '500000.00',
      goldThreshold: '2000000.00',
      platinumThreshold: '5000000.00',
    })
  })
})

describe('saving the settings', () => {
  const input = form.parse({
    ...defaults,
    qualifiedPercent: '30',
    goldThreshold: '2500000',
  })

  test('start at the defaults, never changed', async () => {
    const record = await getContributionSettingsRecord(database.db)
    expect(record).toMatchObject({
      probabilities: { registered: 1000, qualified: 2500, proposal: 5000, negotiation: 7500 },
      tierThresholds: { silver: 50_000_000, gold: 200_000_000, platinum: 500_000_000 },
      reportingCurrency: 'CNY',
      updatedBy: null,
    })
  })

  test('a channel manager or a partner admin may not change them', async () => {
    for (const role of ['channel_manager', 'partner_admin'] as const) {
      const user = await createUser(database.db, { role })
      await expect(
        updateContributionSettings(database.db, {
          actor: { id: user.id, email: user.email, role },
          input,
        }),
      ).rejects.toMatchObject({ code: 'forbidden' })
    }
    expect((await getContributionSettings(database.db)).probabilities.qualified).toBe(2500)
  })

  test('an admin saves: the figures read the new values, who and when are kept, one audit row', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const actor = { id: admin.id, email: admin.email, role: 'admin' as const }

    expect(await updateContributionSettings(database.db, { actor, input, ip: '10.0.0.9' })).toEqual(
      { changed: true },
    )
    expect(await updateContributionSettings(database.db, { actor, input })).toEqual({
      changed: false,
    })

    const used = await getContributionSettings(database.db)
    expect(used.probabilities).toEqual(input.probabilities)
    expect(used.tierThresholds).toEqual(input.tierThresholds)
    const record = await getContributionSettingsRecord(database.db)
    expect(record.updatedBy).toEqual({ name: admin.name, email: admin.email })

    const audit = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'contribution_settings.updated'))
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      entityType: 'contribution_settings',
      entityId: '1',
      actorUserId: admin.id,
      ip: '10.0.0.9',
      before: { qualifiedProbabilityBps: 2500, goldThresholdMinor: 200_000_000 },
      after: { qualifiedProbabilityBps: 3000, goldThresholdMinor: 250_000_000 },
    })
  })

  test('values the database refuses are an error with a message, and nothing is saved', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const before = await getContributionSettings(database.db)
    await expect(
      updateContributionSettings(database.db, {
        actor: { id: admin.id, email: admin.email, role: 'admin' },
        input: {
          probabilities: { registered: 1000, qualified: 2500, proposal: 5000, negotiation: 12_000 },
          tierThresholds: before.tierThresholds,
        },
      }),
    ).rejects.toMatchObject({
      code: 'invalid',
      userMessage: 'contribution:settings.errors.outOfRange',
    })
    expect(await getContributionSettings(database.db)).toEqual(before)
  })
})

describe('the settings page', () => {
  const context = () => loadContextOf(database)
  const cookieOf = async (userId: string) =>
    (await createSessionCookie(database.db, userId)).split(';')[0]!
  const request = (cookie: string, fields?: Record<string, string>) =>
    new Request('http://localhost/admin/contribution/settings', {
      method: fields ? 'POST' : 'GET',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: fields ? new URLSearchParams(fields) : undefined,
    })
  const statusOf = async (work: Promise<unknown>) => {
    const result = await work.catch((thrown: unknown) => thrown)
    if (result instanceof Response) return result.status
    const wrapped = result as { type?: string; init?: { status?: number } | null }
    return wrapped?.type === 'DataWithResponseInit' ? (wrapped.init?.status ?? 200) : 200
  }

  test('partners and channel managers get 403 on the page and on saving; nothing changes', async () => {
    const before = await getContributionSettings(database.db)
    for (const role of ['partner_user', 'partner_admin', 'channel_manager'] as const) {
      const cookie = await cookieOf((await createUser(database.db, { role })).id)
      expect(
        await statusOf(
          settingsLoader({ request: request(cookie), params: {}, context: context() }),
        ),
      ).toBe(403)
      expect(
        await statusOf(
          settingsAction({
            request: request(cookie, { ...defaults, registeredPercent: '1' }),
            params: {},
            context: context(),
          }),
        ),
      ).toBe(403)
    }
    expect(await getContributionSettings(database.db)).toEqual(before)
  })

  test('an admin gets field errors for bad input (nothing saved), then saves', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const cookie = await cookieOf(admin.id)
    const before = await getContributionSettings(database.db)
    const bad = await settingsAction({
      request: request(cookie, { ...defaults, negotiationPercent: '150', silverThreshold: 'x' }),
      params: {},
      context: context(),
    })
    expect(bad).toMatchObject({
      init: { status: 400 },
      data: {
        fieldErrors: {
          negotiationPercent: 'contribution:settings.errors.probability',
          silverThreshold: 'contribution:settings.errors.threshold',
        },
      },
    })
    expect(await getContributionSettings(database.db)).toEqual(before)

    const saved = await settingsAction({
      request: request(cookie, { ...defaults, negotiationPercent: '80' }),
      params: {},
      context: context(),
    }).catch((thrown: unknown) => thrown)
    expect((saved as Response).status).toBe(302)
    expect((await getContributionSettings(database.db)).probabilities.negotiation).toBe(8000)

    const page = await settingsLoader({ request: request(cookie), params: {}, context: context() })
    expect(page.values.negotiationPercent).toBe('80')
    expect(page.lastChange.by).toBe(admin.name)
  })
})
