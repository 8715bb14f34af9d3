import { describe, expect, test } from 'vitest'
import { getRegistrationSummary } from '#app/modules/deals/get-registration-summary.server'
import { createProductLine, createRegistration, registrationInput } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { createApprovedRegistration, createPartnerTeam } from './partner-side-helpers'

const database = useTestDatabase()

describe("the partner home's registration figures", () => {
  test('count what the actor holds: a user its own, an admin the organisation; ended protection is not "protected"', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const other = await createPartnerTeam(database.db)
    const input = () => registrationInput({ productLineId: line.id })

    await createRegistration(database.db, { actor: team.user, input: input() }) // pending, user
    await createRegistration(database.db, { actor: team.colleague, input: input() }) // pending, colleague
    await createApprovedRegistration(database.db, { actor: team.user, input: input(), days: 60 })
    await createApprovedRegistration(database.db, { actor: team.user, input: input(), days: 5 }) // expiring
    await createApprovedRegistration(database.db, { actor: team.colleague, input: input(), days: -1 }) // ended
    await createRegistration(database.db, { actor: other.user, input: input() }) // another partner

    expect(await getRegistrationSummary(database.db, { actor: team.user })).toEqual({
      pending: 1,
      protected: 2,
      expiringSoon: 1,
      expiringSoonDays: 14,
    })
    expect(await getRegistrationSummary(database.db, { actor: team.admin })).toEqual({
      pending: 2,
      protected: 2,
      expiringSoon: 1,
      expiringSoonDays: 14,
    })
    expect(await getRegistrationSummary(database.db, { actor: other.admin })).toMatchObject({
      pending: 1,
      protected: 0,
    })
  })
})
