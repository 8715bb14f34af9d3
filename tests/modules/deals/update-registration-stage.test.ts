import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { registrationEvents, registrationLocks, registrations } from '#db/schema/deals'
import type { UpdateStageInput } from '#app/modules/deals/partner-registration-rules'
import { UpdateStageForm } from '#app/modules/deals/partner-registration-rules'
import { updateRegistrationStage } from '#app/modules/deals/update-registration-stage.server'
import {
  createProductLine,
  createRegistration,
  registrationInput,
  uniqueSuffix,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { createApprovedRegistration, createPartnerTeam, refusal } from './partner-side-helpers'

const database = useTestDatabase()

const move = (
  input: Partial<UpdateStageInput> & Pick<UpdateStageInput, 'stage'>,
): UpdateStageInput => ({
  wonAmount: null,
  wonOn: null,
  lostReasonCode: null,
  note: null,
  ...input,
})

async function rowOf(id: string) {
  const [row] = await database.db.select().from(registrations).where(eq(registrations.id, id))
  return row!
}

async function activeLocks(id: string) {
  return database.db
    .select()
    .from(registrationLocks)
    .where(and(eq(registrationLocks.registrationId, id), eq(registrationLocks.active, true)))
}

describe('updateRegistrationStage', () => {
  test('the holder moves an approved deal between open stages; history and audit record it', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const held = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })

    await updateRegistrationStage(database.db, {
      actor: team.user,
      registrationId: held.registrationId,
      input: move({ stage: 'proposal', note: 'Sent the quote' }),
    })
    await updateRegistrationStage(database.db, {
      actor: team.user,
      registrationId: held.registrationId,
      input: move({ stage: 'qualified' }),
    })
    expect(await rowOf(held.registrationId)).toMatchObject({
      status: 'approved',
      stage: 'qualified',
      closedAt: null,
    })
    expect(await activeLocks(held.registrationId)).not.toHaveLength(0)

    const events = await database.db
      .select()
      .from(registrationEvents)
      .where(
        and(
          eq(registrationEvents.registrationId, held.registrationId),
          eq(registrationEvents.type, 'stage_changed'),
        ),
      )
    expect(events.map((e) => [e.fromStage, e.toStage, e.rule, e.actorUserId, e.reason])).toEqual([
      ['registered', 'proposal', 'holder_action', team.user.id, 'Sent the quote'],
      ['proposal', 'qualified', 'holder_action', team.user.id, null],
    ])
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, held.registrationId))
    expect(audits.filter((a) => a.action === 'registration.stage_changed')).toHaveLength(2)
    expect(audits.every((a) => a.partnerId === team.partner.id)).toBe(true)
  })

  test('only an approved registration under protection moves; the same stage is refused', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const pending = await createRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })
    expect(
      await refusal(
        updateRegistrationStage(database.db, {
          actor: team.user,
          registrationId: pending.registrationId,
          input: move({ stage: 'qualified' }),
        }),
      ),
    ).toMatchObject({ code: 'conflict', userMessage: 'deals:stageForm.notOpen' })

    const expired = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
      days: -2,
    })
    expect(
      await refusal(
        updateRegistrationStage(database.db, {
          actor: team.user,
          registrationId: expired.registrationId,
          input: move({ stage: 'qualified' }),
        }),
      ),
    ).toMatchObject({ userMessage: 'deals:stageForm.notOpen' })

    const approved = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })
    expect(
      await refusal(
        updateRegistrationStage(database.db, {
          actor: team.user,
          registrationId: approved.registrationId,
          input: move({ stage: 'registered' }),
        }),
      ),
    ).toMatchObject({ field: 'stage' })
  })

  test('won needs the amount and a date not in the future, in the deal currency', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const held = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })
    const id = held.registrationId
    const attempt = (input: Partial<UpdateStageInput>) =>
      refusal(
        updateRegistrationStage(database.db, {
          actor: team.user,
          registrationId: id,
          input: move({ stage: 'won', ...input }),
        }),
      )

    expect(await attempt({ wonOn: '2026-01-10' })).toMatchObject({
      field: 'wonAmount',
      userMessage: 'deals:validation.wonAmountRequired',
    })
    expect(await attempt({ wonAmount: '1000' })).toMatchObject({
      field: 'wonOn',
      userMessage: 'deals:validation.wonOnRequired',
    })
    expect(await attempt({ wonAmount: '1000', wonOn: '2099-01-01' })).toMatchObject({
      field: 'wonOn',
      userMessage: 'deals:validation.wonOnFuture',
    })
    // CNY has two decimals.
    expect(await attempt({ wonAmount: '1000.125', wonOn: '2026-01-10' })).toMatchObject({
      field: 'wonAmount',
      userMessage: 'validation:invalidAmount',
    })
    expect(await rowOf(id)).toMatchObject({ status: 'approved', wonAmountMinor: null })

    // The form schema says the same before the server is asked.
    const parsed = UpdateStageForm.safeParse({ stage: 'won', wonAmount: '', wonOn: '' })
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]).sort()).toEqual([
      ['wonAmount', 'deals:validation.wonAmountRequired'],
      ['wonOn', 'deals:validation.wonOnRequired'],
    ])
  })

  test('won records amount and date, closes the deal and releases the locks; the prospect stays an existing customer for others', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const rival = await createPartnerTeam(database.db)
    const name = `Changzhou Tianhe ${uniqueSuffix()} Co., Ltd.`
    const held = await createApprovedRegistration(database.db, {
      actor: team.admin,
      input: registrationInput({ productLineId: line.id, prospectName: name }),
    })

    const result = await updateRegistrationStage(database.db, {
      actor: team.admin,
      registrationId: held.registrationId,
      input: move({ stage: 'won', wonAmount: '1,234,567.89', wonOn: '2026-11-01' }),
    })
    expect(result).toMatchObject({ status: 'won', stage: 'won' })
    const row = await rowOf(held.registrationId)
    expect(row).toMatchObject({
      status: 'won',
      stage: 'won',
      wonAmountMinor: 123_456_789,
      wonOn: '2026-11-01',
    })
    expect(row.closedAt).not.toBeNull()
    expect(await activeLocks(held.registrationId)).toEqual([])
    const [event] = await database.db
      .select()
      .from(registrationEvents)
      .where(
        and(
          eq(registrationEvents.registrationId, held.registrationId),
          eq(registrationEvents.type, 'won'),
        ),
      )
    expect(event).toMatchObject({
      fromStatus: 'approved',
      toStatus: 'won',
      toStage: 'won',
      rule: 'holder_action',
      details: { wonAmountMinor: 123_456_789, currency: 'CNY', wonOn: '2026-11-01' },
    })

    const error = await refusal(
      createRegistration(database.db, {
        actor: rival.user,
        input: registrationInput({ productLineId: line.id, prospectName: name }),
      }),
    )
    expect(error.userMessage).toBe('deals:submit.existingCustomer')
    // A closed deal moves no further.
    expect(
      await refusal(
        updateRegistrationStage(database.db, {
          actor: team.admin,
          registrationId: held.registrationId,
          input: move({ stage: 'negotiation' }),
        }),
      ),
    ).toMatchObject({ userMessage: 'deals:stageForm.notOpen' })
  })

  test('lost needs an active loss reason, releases the locks, and another partner may register it', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const rival = await createPartnerTeam(database.db)
    const name = `Ningbo Haitong ${uniqueSuffix()} Ltd`
    const held = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id, prospectName: name }),
    })
    const id = held.registrationId

    expect(
      await refusal(
        updateRegistrationStage(database.db, {
          actor: team.user,
          registrationId: id,
          input: move({ stage: 'lost' }),
        }),
      ),
    ).toMatchObject({ field: 'lostReasonCode', userMessage: 'deals:validation.lossReasonRequired' })
    expect(
      await refusal(
        updateRegistrationStage(database.db, {
          actor: team.user,
          registrationId: id,
          input: move({ stage: 'lost', lostReasonCode: 'bad_luck' }),
        }),
      ),
    ).toMatchObject({ field: 'lostReasonCode', userMessage: 'validation:invalidChoice' })

    await updateRegistrationStage(database.db, {
      actor: team.user,
      registrationId: id,
      input: move({ stage: 'lost', lostReasonCode: 'competitor', note: 'Went with a local brand' }),
    })
    expect(await rowOf(id)).toMatchObject({
      status: 'lost',
      stage: 'lost',
      lostReasonCode: 'competitor',
    })
    expect(await activeLocks(id)).toEqual([])
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'registration.lost')))
    expect(audits).toHaveLength(1)

    const next = await createRegistration(database.db, {
      actor: rival.user,
      input: registrationInput({ productLineId: line.id, prospectName: name }),
    })
    expect(next.status).toBe('pending')
  })
})
