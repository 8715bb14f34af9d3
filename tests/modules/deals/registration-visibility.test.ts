import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { registrations } from '#db/schema/deals'
import { findRegistrations } from '#app/modules/deals/find-registrations.server'
import { getRegistration } from '#app/modules/deals/get-registration.server'
import { requestExtension } from '#app/modules/deals/request-extension.server'
import { updateRegistrationStage } from '#app/modules/deals/update-registration-stage.server'
import { withdrawRegistration } from '#app/modules/deals/withdraw-registration.server'
import type { RegistrationActor } from '#app/modules/deals/registration-access.server'
import {
  createPartner,
  createProductLine,
  createRegistration,
  registrationInput,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { createApprovedRegistration, createPartnerTeam, refusal } from './partner-side-helpers'

const database = useTestDatabase()

const note = 'Met the plant manager twice; proposal under review by their board.'
const stage = {
  stage: 'qualified' as const,
  wonAmount: null,
  wonOn: null,
  lostReasonCode: null,
  note: null,
}

/** Every write a holder can make, tried by `actor` on `registrationId` (one at a time). */
function everyWrite(actor: RegistrationActor, registrationId: string) {
  return {
    stage: () => updateRegistrationStage(database.db, { actor, registrationId, input: stage }),
    extension: () => requestExtension(database.db, { actor, registrationId, progressNote: note }),
    withdraw: () => withdrawRegistration(database.db, { actor, registrationId }),
  }
}

async function listedIds(actor: RegistrationActor) {
  const { registrations: rows } = await findRegistrations(database.db, { actor })
  return rows.map((r) => r.id)
}

describe('who sees and changes a registration', () => {
  test('a partner user sees its own, its admin the whole organisation; the list and the page agree', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const mine = await createRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })
    const colleagues = await createRegistration(database.db, {
      actor: team.colleague,
      input: registrationInput({ productLineId: line.id }),
    })

    expect(await listedIds(team.user)).toEqual([mine.registrationId])
    expect((await listedIds(team.admin)).sort()).toEqual(
      [mine.registrationId, colleagues.registrationId].sort(),
    )

    const own = await getRegistration(database.db, {
      actor: team.user,
      registrationId: mine.registrationId,
    })
    expect(own.allowed.act).toBe(true)
    const error = await refusal(
      getRegistration(database.db, { actor: team.user, registrationId: colleagues.registrationId }),
    )
    expect(error.code).toBe('not_found')
    const asAdmin = await getRegistration(database.db, {
      actor: team.admin,
      registrationId: colleagues.registrationId,
    })
    expect(asAdmin.allowed.act).toBe(true)
  })

  test("a colleague's registration cannot be changed by a partner user, but can by the admin", async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const held = await createApprovedRegistration(database.db, {
      actor: team.colleague,
      input: registrationInput({ productLineId: line.id }),
    })
    for (const [write, work] of Object.entries(everyWrite(team.user, held.registrationId))) {
      expect((await refusal(work())).code, write).toBe('not_found')
    }
    const moved = await updateRegistrationStage(database.db, {
      actor: team.admin,
      registrationId: held.registrationId,
      input: stage,
    })
    expect(moved.stage).toBe('qualified')
  })

  test('another partner gets not found for the page and every write, and never sees it listed', async () => {
    const line = await createProductLine(database.db)
    const holder = await createPartnerTeam(database.db)
    const other = await createPartnerTeam(database.db)
    const held = await createApprovedRegistration(database.db, {
      actor: holder.user,
      input: registrationInput({ productLineId: line.id }),
    })

    for (const actor of [other.admin, other.user]) {
      expect(
        (
          await refusal(
            getRegistration(database.db, { actor, registrationId: held.registrationId }),
          )
        ).code,
      ).toBe('not_found')
      for (const [write, work] of Object.entries(everyWrite(actor, held.registrationId))) {
        expect((await refusal(work())).code, write).toBe('not_found')
      }
      expect(await listedIds(actor)).not.toContain(held.registrationId)
    }
    // Nothing changed behind the refusals.
    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, held.registrationId))
    expect(row).toMatchObject({ status: 'approved', stage: 'registered' })
  })

  test('ids that are not UUIDs are simply not found', async () => {
    const team = await createPartnerTeam(database.db)
    for (const id of ['', 'R-000001', "1' or '1'='1", '../../admin']) {
      expect(
        (await refusal(getRegistration(database.db, { actor: team.admin, registrationId: id })))
          .code,
      ).toBe('not_found')
      expect(
        (
          await refusal(
            withdrawRegistration(database.db, { actor: team.admin, registrationId: id }),
          )
        ).code,
      ).toBe('not_found')
    }
  })

  test("a distributor's users see the deals it fulfils, flagged and read-only", async () => {
    const line = await createProductLine(database.db)
    const reseller = await createPartnerTeam(database.db, {
      kind: 'reseller',
      name: `Reseller ${Date.now()}`,
    })
    const distributor = await createPartnerTeam(database.db, { kind: 'distributor' })
    const fulfilled = await createApprovedRegistration(database.db, {
      actor: reseller.user,
      input: registrationInput({
        productLineId: line.id,
        fulfilmentPartnerId: distributor.partner.id,
      }),
    })

    for (const actor of [distributor.admin, distributor.user]) {
      const { registrations: rows } = await findRegistrations(database.db, { actor })
      const row = rows.find((r) => r.id === fulfilled.registrationId)
      expect(row).toMatchObject({
        fulfilledByUs: true,
        registeringPartnerName: reseller.partner.name,
      })
      const detail = await getRegistration(database.db, {
        actor,
        registrationId: fulfilled.registrationId,
      })
      expect(detail.fulfilledByUs).toBe(true)
      expect(detail.allowed).toEqual({
        moveStage: false,
        requestExtension: false,
        withdraw: false,
        act: false,
      })
      for (const [write, work] of Object.entries(everyWrite(actor, fulfilled.registrationId))) {
        expect((await refusal(work())).code, write).toBe('forbidden')
      }
    }
    // The reseller's own rows are not flagged and carry no partner name.
    const { registrations: own } = await findRegistrations(database.db, { actor: reseller.user })
    expect(own[0]).toMatchObject({
      id: fulfilled.registrationId,
      fulfilledByUs: false,
      registeringPartnerName: null,
    })
  })

  test('a distributor does not see a reseller deal fulfilled by another distributor', async () => {
    const line = await createProductLine(database.db)
    const reseller = await createPartnerTeam(database.db, { kind: 'reseller' })
    const chosen = await createPartner(database.db, { kind: 'distributor' })
    const bystander = await createPartnerTeam(database.db, { kind: 'distributor' })
    const deal = await createRegistration(database.db, {
      actor: reseller.user,
      input: registrationInput({ productLineId: line.id, fulfilmentPartnerId: chosen.id }),
    })
    expect(await listedIds(bystander.admin)).not.toContain(deal.registrationId)
    expect(
      (
        await refusal(
          getRegistration(database.db, {
            actor: bystander.admin,
            registrationId: deal.registrationId,
          }),
        )
      ).code,
    ).toBe('not_found')
  })
})
