import { desc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { availabilityChecks } from '#db/schema/deals'
import { checkAvailability } from '#app/modules/deals/check-availability.server'
import { updateRegistrationStage } from '#app/modules/deals/update-registration-stage.server'
import {
  createProductLine,
  createRegistration,
  registrationInput,
  updateDealSettings,
  uniqueSuffix,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { createApprovedRegistration, createPartnerTeam, refusal } from './partner-side-helpers'

const database = useTestDatabase()

async function checksOf(userId: string) {
  return database.db
    .select()
    .from(availabilityChecks)
    .where(eq(availabilityChecks.userId, userId))
    .orderBy(desc(availabilityChecks.id))
}

describe('checkAvailability (the blind check)', () => {
  test('free, taken and own, and "taken" never says by whom', async () => {
    const line = await createProductLine(database.db)
    const holder = await createPartnerTeam(database.db, { name: `Holder Alpha ${uniqueSuffix()}` })
    const asker = await createPartnerTeam(database.db)
    const name = `Kaida Robotics ${uniqueSuffix()} Co., Ltd.`
    const held = await createRegistration(database.db, {
      actor: holder.user,
      input: registrationInput({ productLineId: line.id, prospectName: name }),
    })

    const taken = await checkAvailability(database.db, {
      actor: asker.user,
      query: { name: name.toUpperCase().replace(', Ltd.', ' ltd'), productLineId: line.id },
    })
    expect(taken).toEqual({ result: 'taken' })
    const serialised = JSON.stringify(taken)
    for (const secret of [
      holder.partner.name,
      holder.partner.id,
      held.number,
      held.registrationId,
    ]) {
      expect(serialised).not.toContain(secret)
    }

    const own = await checkAvailability(database.db, {
      actor: holder.admin,
      query: { name, productLineId: line.id },
    })
    expect(own).toEqual({ result: 'own', registrationId: held.registrationId, number: held.number })

    const free = await checkAvailability(database.db, {
      actor: asker.user,
      query: { name: `Nobody ${uniqueSuffix()} GmbH`, productLineId: line.id },
    })
    expect(free).toEqual({ result: 'free' })
  })

  test('every key of the query counts: the same tax ID under another name is taken', async () => {
    const line = await createProductLine(database.db)
    const holder = await createPartnerTeam(database.db)
    const asker = await createPartnerTeam(database.db)
    await createRegistration(database.db, {
      actor: holder.user,
      input: registrationInput({ productLineId: line.id, prospectTaxId: '91110108558521630L' }),
    })
    const answer = await checkAvailability(database.db, {
      actor: asker.user,
      query: {
        taxId: '9111 0108 5585 2163 0l',
        name: `Different ${uniqueSuffix()} Trading`,
        productLineId: line.id,
      },
    })
    expect(answer.result).toBe('taken')
  })

  test('with a product line it answers for that line; without one, taken if held on any', async () => {
    const [held, other] = [
      await createProductLine(database.db),
      await createProductLine(database.db),
    ]
    const holder = await createPartnerTeam(database.db)
    const asker = await createPartnerTeam(database.db)
    const domain = `plant-${uniqueSuffix()}.com.cn`
    await createRegistration(database.db, {
      actor: holder.user,
      input: registrationInput({ productLineId: held.id, prospectDomain: domain }),
    })
    // The asker holds the same prospect on the other line: "own" there, but "taken" across lines.
    await createRegistration(database.db, {
      actor: asker.user,
      input: registrationInput({ productLineId: other.id, prospectDomain: `sales@${domain}` }),
    })

    expect(
      (
        await checkAvailability(database.db, {
          actor: asker.user,
          query: { domain, productLineId: held.id },
        })
      ).result,
    ).toBe('taken')
    expect(
      (
        await checkAvailability(database.db, {
          actor: asker.user,
          query: { domain, productLineId: other.id },
        })
      ).result,
    ).toBe('own')
    expect(
      (await checkAvailability(database.db, { actor: asker.user, query: { domain } })).result,
    ).toBe('taken')
    const third = await createPartnerTeam(database.db)
    expect(
      (
        await checkAvailability(database.db, {
          actor: third.user,
          query: { domain: `www.${domain}` },
        })
      ).result,
    ).toBe('taken')
  })

  test('an expired protection is free again; a prospect won by another partner is not', async () => {
    const line = await createProductLine(database.db)
    const holder = await createPartnerTeam(database.db)
    const asker = await createPartnerTeam(database.db)
    const expiredName = `Expired ${uniqueSuffix()} Ltd`
    await createApprovedRegistration(database.db, {
      actor: holder.user,
      input: registrationInput({ productLineId: line.id, prospectName: expiredName }),
      days: -1,
    })
    expect(
      (
        await checkAvailability(database.db, {
          actor: asker.user,
          query: { name: expiredName, productLineId: line.id },
        })
      ).result,
    ).toBe('free')

    const wonName = `Won ${uniqueSuffix()} Ltd`
    const won = await createApprovedRegistration(database.db, {
      actor: holder.user,
      input: registrationInput({ productLineId: line.id, prospectName: wonName }),
    })
    await updateRegistrationStage(database.db, {
      actor: holder.user,
      registrationId: won.registrationId,
      input: {
        stage: 'won',
        wonAmount: '88000',
        wonOn: '2026-01-05',
        lostReasonCode: null,
        note: null,
      },
    })
    expect(
      (
        await checkAvailability(database.db, {
          actor: asker.user,
          query: { name: wonName, productLineId: line.id },
        })
      ).result,
    ).toBe('taken')
    // For the partner that won it, its own customer is free to register again.
    expect(
      (
        await checkAvailability(database.db, {
          actor: holder.user,
          query: { name: wonName, productLineId: line.id },
        })
      ).result,
    ).toBe('free')
  })

  test('every check is logged with its keys and answer; a query with no key is refused and not logged', async () => {
    const line = await createProductLine(database.db)
    const asker = await createPartnerTeam(database.db)
    await checkAvailability(database.db, {
      actor: asker.user,
      query: {
        taxId: '91350100M000100Y43',
        name: 'Fuzhou Minjiang Valve Co., Ltd.',
        productLineId: line.id,
      },
    })
    const [logged] = await checksOf(asker.user.id)
    expect(logged).toMatchObject({
      partnerId: asker.partner.id,
      productLineId: line.id,
      result: 'free',
      prospectKeys: ['tax:uscc:91350100M000100Y43', expect.stringMatching(/^name:/)],
    })
    expect(JSON.parse(logged!.query)).toMatchObject({ taxId: '91350100M000100Y43' })

    const error = await refusal(
      checkAvailability(database.db, {
        actor: asker.user,
        query: { name: 'Co., Ltd.', domain: 'gmail.com' },
      }),
    )
    expect(error).toMatchObject({ code: 'invalid', userMessage: 'deals:check.needKey' })
    expect(await checksOf(asker.user.id)).toHaveLength(1)
  })

  test('rate-limited per user per hour, counted from the log', async () => {
    const asker = await createPartnerTeam(database.db)
    await updateDealSettings(database.db, { availabilityChecksPerHour: 3 })
    try {
      const now = new Date()
      const ask = (actor = asker.user, at = now) =>
        checkAvailability(database.db, {
          actor,
          query: { name: `Prospect ${uniqueSuffix()} Ltd` },
          now: at,
        })
      for (let i = 0; i < 3; i++) await ask()
      const error = await refusal(ask())
      expect(error).toMatchObject({
        code: 'rate_limited',
        userMessage: 'deals:check.rateLimited',
        params: { limit: 3 },
      })
      expect(await checksOf(asker.user.id)).toHaveLength(3)
      // The limit is per user: a colleague may still check.
      expect((await ask(asker.colleague)).result).toBe('free')
      // An hour later the old checks no longer count.
      expect((await ask(asker.user, new Date(now.getTime() + 61 * 60_000))).result).toBe('free')
    } finally {
      await updateDealSettings(database.db, { availabilityChecksPerHour: 30 })
    }
  })
})
