import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { registrationEvents, registrationExtensions, registrations } from '#db/schema/deals'
import { getRegistration } from '#app/modules/deals/get-registration.server'
import { requestExtension } from '#app/modules/deals/request-extension.server'
import {
  createProductLine,
  createRegistration,
  registrationInput,
  updateDealSettings,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { createApprovedRegistration, createPartnerTeam, refusal } from './partner-side-helpers'

const database = useTestDatabase()

const progressNote = 'Second site visit done; technical evaluation passed, budget approved for Q1.'

describe('requestExtension', () => {
  test('the holder asks with a progress note: a pending request, an event and an audit row', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const held = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
      days: 5,
    })

    const result = await requestExtension(database.db, {
      actor: team.user,
      registrationId: held.registrationId,
      progressNote: `  ${progressNote}  `,
    })
    expect(result).toMatchObject({ number: held.number, days: 30 })
    const [extension] = await database.db
      .select()
      .from(registrationExtensions)
      .where(eq(registrationExtensions.registrationId, held.registrationId))
    expect(extension).toMatchObject({
      status: 'pending',
      days: 30,
      progressNote,
      requestedById: team.user.id,
    })
    const [event] = await database.db
      .select()
      .from(registrationEvents)
      .where(
        and(
          eq(registrationEvents.registrationId, held.registrationId),
          eq(registrationEvents.type, 'extension_requested'),
        ),
      )
    expect(event).toMatchObject({
      rule: 'holder_action',
      reason: progressNote,
      actorUserId: team.user.id,
    })
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityId, held.registrationId),
          eq(auditLog.action, 'registration.extension_requested'),
        ),
      )
    expect(audit).toMatchObject({ partnerId: team.partner.id, actorUserId: team.user.id })

    // The page shows it and offers no second request while this one waits.
    const detail = await getRegistration(database.db, {
      actor: team.user,
      registrationId: held.registrationId,
    })
    expect(detail.extensions).toHaveLength(1)
    expect(detail.allowed.requestExtension).toBe(false)
    expect(detail.extensionPolicy.check).toEqual({ ok: false, reason: 'pending_request' })
  })

  test('a second request while one is pending is refused', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const held = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })
    await requestExtension(database.db, {
      actor: team.user,
      registrationId: held.registrationId,
      progressNote,
    })
    const error = await refusal(
      requestExtension(database.db, {
        actor: team.admin,
        registrationId: held.registrationId,
        progressNote,
      }),
    )
    expect(error).toMatchObject({
      code: 'conflict',
      userMessage: 'deals:extension.refused.pending_request',
    })
    expect(
      await database.db.$count(
        registrationExtensions,
        eq(registrationExtensions.registrationId, held.registrationId),
      ),
    ).toBe(1)
  })

  test('beyond the configured number of extensions it is refused, naming the extension_limit rule', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const held = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })
    // One extension already granted (the default allows one).
    await database.db
      .update(registrations)
      .set({ extensionsUsed: 1 })
      .where(eq(registrations.id, held.registrationId))
    const error = await refusal(
      requestExtension(database.db, {
        actor: team.user,
        registrationId: held.registrationId,
        progressNote,
      }),
    )
    expect(error).toMatchObject({
      code: 'conflict',
      userMessage: 'deals:extension.refused.limit_reached',
      params: { rule: 'extension_limit', max: 1 },
    })

    await updateDealSettings(database.db, { extensionMaxCount: 2 })
    try {
      const granted = await requestExtension(database.db, {
        actor: team.user,
        registrationId: held.registrationId,
        progressNote,
      })
      expect(granted.days).toBe(30)
    } finally {
      await updateDealSettings(database.db, { extensionMaxCount: 1 })
    }
  })

  test('after expiry, before approval, or with a note that says nothing, it is refused', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const expired = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
      days: -1,
    })
    expect(
      await refusal(
        requestExtension(database.db, {
          actor: team.user,
          registrationId: expired.registrationId,
          progressNote,
        }),
      ),
    ).toMatchObject({ userMessage: 'deals:extension.refused.expired' })

    const pending = await createRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })
    expect(
      await refusal(
        requestExtension(database.db, {
          actor: team.user,
          registrationId: pending.registrationId,
          progressNote,
        }),
      ),
    ).toMatchObject({ userMessage: 'deals:extension.refused.not_approved' })

    const held = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })
    expect(
      await refusal(
        requestExtension(database.db, {
          actor: team.user,
          registrationId: held.registrationId,
          progressNote: 'going well',
        }),
      ),
    ).toMatchObject({ field: 'progressNote', userMessage: 'deals:validation.progressNoteShort' })
    expect(
      await database.db.$count(
        registrationExtensions,
        eq(registrationExtensions.registrationId, held.registrationId),
      ),
    ).toBe(0)
  })
})
