import { describe, expect, test } from 'vitest'
import { getRegistration } from '#app/modules/deals/get-registration.server'
import { recordRegistrationEvent } from '#app/modules/deals/record-registration-event.server'
import {
  createProductLine,
  createRegistration,
  createVendorStaff,
  ensureIndustries,
  registrationInput,
  uniqueSuffix,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { createPartnerTeam, refusal } from './partner-side-helpers'

const database = useTestDatabase()

describe('getRegistration', () => {
  test('names for the page: product line, region, industry, who registered it', async () => {
    const line = await createProductLine(database.db, {
      nameEn: 'Servo drives',
      nameZh: '伺服驱动',
    })
    await ensureIndustries(database.db, ['packaging'])
    const team = await createPartnerTeam(database.db)
    const held = await createRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id, industry: 'packaging' }),
    })
    const detail = await getRegistration(database.db, {
      actor: team.admin,
      registrationId: held.registrationId,
    })
    expect(detail.registration).toMatchObject({
      number: held.number,
      status: 'pending',
      productLineNameEn: 'Servo drives',
      productLineNameZh: '伺服驱动',
      regionCode: 'CN-EAST',
      industry: 'packaging',
      industryNameEn: 'packaging',
    })
    expect(detail.history).toEqual([
      expect.objectContaining({
        type: 'submitted',
        toStatus: 'pending',
        rule: 'time_priority',
        actor: { kind: 'partner', name: expect.any(String) },
      }),
    ])
  })

  test("a refused conflicting submission shows as such, with nothing of the other partner's", async () => {
    const line = await createProductLine(database.db)
    const holder = await createPartnerTeam(database.db)
    const rivalName = `Rival Trading ${uniqueSuffix()}`
    const rival = await createPartnerTeam(database.db, { name: rivalName })
    const name = `Suzhou Hengli ${uniqueSuffix()} Precision Co., Ltd.`
    const held = await createRegistration(database.db, {
      actor: holder.user,
      input: registrationInput({ productLineId: line.id, prospectName: name }),
    })
    const refused = await refusal(
      createRegistration(database.db, {
        actor: rival.user,
        input: registrationInput({
          productLineId: line.id,
          prospectName: name,
          notes: 'our secret pitch',
        }),
      }),
    )
    expect(refused.userMessage).toBe('deals:submit.alreadyRegistered')

    const detail = await getRegistration(database.db, {
      actor: holder.user,
      registrationId: held.registrationId,
    })
    const conflict = detail.history.find((e) => e.type === 'conflict')
    expect(conflict).toEqual(
      expect.objectContaining({
        actor: { kind: 'system' },
        rule: 'time_priority',
        reason: null,
        details: null,
      }),
    )
    const page = JSON.stringify(detail)
    for (const secret of [
      rivalName,
      rival.partner.id,
      rival.user.id,
      rival.user.email,
      'our secret pitch',
      'conflictId',
    ]) {
      expect(page).not.toContain(secret)
    }
  })

  test('vendor staff appear by role, never by name; only safe details are shown', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const manager = await createVendorStaff(database.db, { name: 'Li Manager Personal' })
    const held = await createRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })
    await recordRegistrationEvent(database.db, {
      registrationId: held.registrationId,
      actorUserId: manager.id,
      type: 'approved',
      fromStatus: 'pending',
      toStatus: 'approved',
      rule: 'manager_review',
      reason: 'Good fit for the territory',
      details: {
        protectionEndsAt: '2027-02-23T08:00:00.000Z',
        conflictId: 'c-1',
        awardedPartnerName: 'Someone Else Ltd',
      },
    })
    const detail = await getRegistration(database.db, {
      actor: team.user,
      registrationId: held.registrationId,
    })
    const approved = detail.history.find((e) => e.type === 'approved')!
    expect(approved).toMatchObject({
      actor: { kind: 'vendor', role: 'channel_manager' },
      reason: 'Good fit for the territory',
      details: { protectionEndsAt: '2027-02-23T08:00:00.000Z' },
    })
    const page = JSON.stringify(detail)
    expect(page).not.toContain('Li Manager Personal')
    expect(page).not.toContain(manager.email)
    expect(page).not.toContain('Someone Else Ltd')
  })
})
