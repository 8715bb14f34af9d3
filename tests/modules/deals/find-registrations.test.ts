import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { registrations } from '#db/schema/deals'
import { findRegistrations } from '#app/modules/deals/find-registrations.server'
import { getRegistration } from '#app/modules/deals/get-registration.server'
import { updateRegistrationStage } from '#app/modules/deals/update-registration-stage.server'
import {
  createProductLine,
  createRegistration,
  registrationInput,
  uniqueSuffix,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { createApprovedRegistration, createPartnerTeam } from './partner-side-helpers'

const database = useTestDatabase()

describe('findRegistrations', () => {
  test('an approval past its end is listed as expired before any sweep, and the approved filter excludes it in SQL', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const live = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
      days: 30,
    })
    const lapsed = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
      days: -3,
    })
    const pending = await createRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })
    // The stored status is still approved: only the view says expired.
    const [stored] = await database.db
      .select({ status: registrations.status })
      .from(registrations)
      .where(eq(registrations.id, lapsed.registrationId))
    expect(stored!.status).toBe('approved')

    const all = await findRegistrations(database.db, { actor: team.admin })
    const statusOf = Object.fromEntries(all.registrations.map((r) => [r.id, r.status]))
    expect(statusOf).toEqual({
      [live.registrationId]: 'approved',
      [lapsed.registrationId]: 'expired',
      [pending.registrationId]: 'pending',
    })

    const approved = await findRegistrations(database.db, { actor: team.admin, status: 'approved' })
    expect(approved.registrations.map((r) => r.id)).toEqual([live.registrationId])
    expect(approved.total).toBe(1)
    const expired = await findRegistrations(database.db, { actor: team.admin, status: 'expired' })
    expect(expired.registrations.map((r) => r.id)).toEqual([lapsed.registrationId])

    const detail = await getRegistration(database.db, {
      actor: team.user,
      registrationId: lapsed.registrationId,
    })
    expect(detail.registration.status).toBe('expired')
    expect(detail.allowed).toMatchObject({
      moveStage: false,
      requestExtension: false,
      withdraw: false,
    })
  })

  test('"expiring within 14 days" keeps only live protections ending soon; stage filters by stage', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const soon = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
      days: 5,
    })
    await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
      days: 60,
    })
    await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
      days: -1,
    })
    await createRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })

    const expiring = await findRegistrations(database.db, {
      actor: team.user,
      expiringWithinDays: 14,
    })
    expect(expiring.registrations.map((r) => r.id)).toEqual([soon.registrationId])

    await updateRegistrationStage(database.db, {
      actor: team.user,
      registrationId: soon.registrationId,
      input: {
        stage: 'negotiation',
        wonAmount: null,
        wonOn: null,
        lostReasonCode: null,
        note: null,
      },
    })
    const negotiating = await findRegistrations(database.db, {
      actor: team.user,
      stage: 'negotiation',
    })
    expect(negotiating.registrations.map((r) => [r.id, r.stage])).toEqual([
      [soon.registrationId, 'negotiation'],
    ])
  })

  test('search by number, name, tax ID or domain; wildcards are taken literally', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const tag = uniqueSuffix()
    const byName = await createRegistration(database.db, {
      actor: team.user,
      input: registrationInput({
        productLineId: line.id,
        prospectName: `Huadong ${tag} Pumps Ltd`,
      }),
    })
    const byTax = await createRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id, prospectTaxId: '91350100M000100Y43' }),
    })
    const byDomain = await createRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id, prospectDomain: `pumps-${tag}.cn` }),
    })
    const ids = async (q: string) =>
      (await findRegistrations(database.db, { actor: team.user, q })).registrations
        .map((r) => r.id)
        .sort()

    expect(await ids(`huadong ${tag}`)).toEqual([byName.registrationId])
    expect(await ids('M000100Y43')).toEqual([byTax.registrationId])
    expect(await ids(`pumps-${tag}`)).toEqual([byDomain.registrationId])
    expect(await ids(byTax.number)).toEqual([byTax.registrationId])
    expect(await ids('%')).toEqual([])
  })

  test('25 a page with the total, sorted by value, protection end or submission', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    for (let i = 1; i <= 27; i++) {
      await createRegistration(database.db, {
        actor: team.user,
        input: registrationInput({
          productLineId: line.id,
          estimatedValue: String(i * 1000),
          estimatedValueMinor: i * 100_000,
        }),
        now: new Date(Date.now() - (30 - i) * 60_000),
      })
    }
    const first = await findRegistrations(database.db, {
      actor: team.user,
      sort: 'value',
      dir: 'desc',
    })
    expect(first).toMatchObject({ total: 27, page: 1, pageSize: 25, pageCount: 2 })
    expect(first.registrations).toHaveLength(25)
    expect(first.registrations[0]!.estimatedValueMinor).toBe(2_700_000)
    const second = await findRegistrations(database.db, {
      actor: team.user,
      sort: 'value',
      dir: 'desc',
      page: 2,
    })
    expect(second.registrations.map((r) => r.estimatedValueMinor)).toEqual([200_000, 100_000])

    // Default: newest submission first.
    const newest = await findRegistrations(database.db, { actor: team.user })
    expect(newest.registrations[0]!.estimatedValueMinor).toBe(2_700_000)

    // Protection end: the one with a date first, unprotected (pending) ones after.
    const approved = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
      days: 10,
    })
    const byEnd = await findRegistrations(database.db, { actor: team.user, sort: 'protectionEnd' })
    expect(byEnd.registrations[0]!.id).toBe(approved.registrationId)
    const byEndDesc = await findRegistrations(database.db, {
      actor: team.user,
      sort: 'protectionEnd',
      dir: 'desc',
      page: 2,
    })
    expect(byEndDesc.registrations.at(-1)!.id).toBe(approved.registrationId)
  })
})
