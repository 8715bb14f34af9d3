import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { registrationEvents, registrationLocks, registrations } from '#db/schema/deals'
import { checkAvailability } from '#app/modules/deals/check-availability.server'
import { withdrawRegistration } from '#app/modules/deals/withdraw-registration.server'
import {
  createProductLine,
  createRegistration,
  registrationInput,
  uniqueSuffix,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { createApprovedRegistration, createPartnerTeam, refusal } from './partner-side-helpers'

const database = useTestDatabase()

describe('withdrawRegistration', () => {
  test.each(['pending', 'approved'] as const)(
    'a %s registration is withdrawn and the prospect is free for another partner at once',
    async (state) => {
      const line = await createProductLine(database.db)
      const team = await createPartnerTeam(database.db)
      const rival = await createPartnerTeam(database.db)
      const input = registrationInput({
        productLineId: line.id,
        prospectName: `Xiamen Lianfa ${uniqueSuffix()} Ltd`,
      })
      const held =
        state === 'pending'
          ? await createRegistration(database.db, { actor: team.user, input })
          : await createApprovedRegistration(database.db, { actor: team.user, input })
      expect(
        (
          await checkAvailability(database.db, {
            actor: rival.user,
            query: { name: input.prospectName, productLineId: line.id },
          })
        ).result,
      ).toBe('taken')

      await withdrawRegistration(database.db, {
        actor: team.user,
        registrationId: held.registrationId,
        reason: ' Customer postponed the project ',
      })

      const [row] = await database.db
        .select()
        .from(registrations)
        .where(eq(registrations.id, held.registrationId))
      expect(row).toMatchObject({ status: 'withdrawn' })
      expect(row!.closedAt).not.toBeNull()
      const locks = await database.db
        .select()
        .from(registrationLocks)
        .where(
          and(
            eq(registrationLocks.registrationId, held.registrationId),
            eq(registrationLocks.active, true),
          ),
        )
      expect(locks).toEqual([])
      const [event] = await database.db
        .select()
        .from(registrationEvents)
        .where(
          and(
            eq(registrationEvents.registrationId, held.registrationId),
            eq(registrationEvents.type, 'withdrawn'),
          ),
        )
      expect(event).toMatchObject({
        fromStatus: state,
        toStatus: 'withdrawn',
        rule: 'holder_action',
        reason: 'Customer postponed the project',
      })
      const [audit] = await database.db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.entityId, held.registrationId),
            eq(auditLog.action, 'registration.withdrawn'),
          ),
        )
      expect(audit).toMatchObject({ partnerId: team.partner.id })

      expect(
        (
          await checkAvailability(database.db, {
            actor: rival.user,
            query: { name: input.prospectName, productLineId: line.id },
          })
        ).result,
      ).toBe('free')
      const next = await createRegistration(database.db, { actor: rival.user, input: { ...input } })
      expect(next.status).toBe('pending')
    },
  )

  test('a closed or expired registration cannot be withdrawn', async () => {
    const line = await createProductLine(database.db)
    const team = await createPartnerTeam(database.db)
    const expired = await createApprovedRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
      days: -1,
    })
    expect(
      await refusal(
        withdrawRegistration(database.db, {
          actor: team.user,
          registrationId: expired.registrationId,
        }),
      ),
    ).toMatchObject({ code: 'conflict', userMessage: 'deals:withdraw.notOpen' })

    const pending = await createRegistration(database.db, {
      actor: team.user,
      input: registrationInput({ productLineId: line.id }),
    })
    await withdrawRegistration(database.db, {
      actor: team.user,
      registrationId: pending.registrationId,
    })
    expect(
      await refusal(
        withdrawRegistration(database.db, {
          actor: team.user,
          registrationId: pending.registrationId,
        }),
      ),
    ).toMatchObject({ userMessage: 'deals:withdraw.notOpen' })
  })
})
