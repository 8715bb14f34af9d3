import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { openDatabase } from '#db/client.server'
import {
  registrationConflicts,
  registrationEvents,
  registrationLocks,
  registrations,
} from '#db/schema/deals'
import { emailOutbox } from '#db/schema/outbox'
import { approveRegistration } from '#app/modules/deals/approve-registration.server'
import { findConflicts } from '#app/modules/deals/find-conflicts.server'
import { getConflict } from '#app/modules/deals/get-conflict.server'
import { resolveConflict } from '#app/modules/deals/resolve-conflict.server'
import { isAppError } from '#app/utils/app-error'
import {
  createProductLine,
  createRegisteringPartner,
  createRegistration,
  createVendorStaff,
  registrationInput,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()
const origin = 'http://portal.test'
const DAY = 86_400_000

async function refusal(work: Promise<unknown>) {
  const outcome = await work.then(
    () => null,
    (error: unknown) => error,
  )
  if (outcome === null) throw new Error('expected a refusal')
  if (!isAppError(outcome)) throw outcome
  return outcome
}

/** A holder (gold, approved) and `submitters.length` refused submissions recorded as conflicts. */
async function conflictScenario(options: { submitters?: number; approveHolder?: boolean } = {}) {
  const line = await createProductLine(database.db)
  const staff = await createVendorStaff(database.db)
  const actor = { id: staff.id, email: staff.email, role: staff.role }
  const holder = await createRegisteringPartner(database.db, { tier: 'gold' })
  const prospectName = `Hangzhou Conflict ${Date.now()} ${Math.random()} Co., Ltd.`
  const held = await createRegistration(database.db, {
    actor: holder.actor,
    now: new Date(Date.now() - 2 * DAY),
    input: registrationInput({
      productLineId: line.id,
      prospectName,
      prospectDomain: 'conflict-target.example.com',
    }),
  })
  if (options.approveHolder ?? true) {
    await approveRegistration(database.db, {
      actor,
      registrationId: held.registrationId,
      origin,
      now: new Date(Date.now() - DAY),
    })
  }
  const submitters = []
  for (let i = 0; i < (options.submitters ?? 1); i++) {
    const submitter = await createRegisteringPartner(database.db, { tier: 'platinum' })
    await refusal(
      createRegistration(database.db, {
        actor: submitter.actor,
        input: registrationInput({
          productLineId: line.id,
          prospectName,
          estimatedValue: '250000',
          estimatedValueMinor: 25_000_000,
          notes: `Submitted by #${i}`,
        }),
      }),
    )
    const [conflict] = await database.db
      .select()
      .from(registrationConflicts)
      .where(and(eq(registrationConflicts.submittedByPartnerId, submitter.partner.id)))
    submitters.push({ ...submitter, conflictId: conflict!.id })
  }
  return { line, actor, holder, held, submitters, prospectName }
}

describe('resolveConflict', () => {
  test('keep holder: the conflict is resolved with the reason, the holder keeps its lock', async () => {
    const { actor, held, submitters } = await conflictScenario()
    const reason = 'Holder has met the customer twice'
    const noReason = await refusal(
      resolveConflict(database.db, {
        actor,
        conflictId: submitters[0]!.conflictId,
        decision: 'keep_holder',
        reason: '',
        origin,
      }),
    )
    expect(noReason).toMatchObject({ field: 'reason' })

    const result = await resolveConflict(database.db, {
      actor,
      conflictId: submitters[0]!.conflictId,
      decision: 'keep_holder',
      reason,
      origin,
    })
    expect(result).toMatchObject({ decision: 'keep_holder', awardedRegistrationId: null })
    const [conflict] = await database.db
      .select()
      .from(registrationConflicts)
      .where(eq(registrationConflicts.id, submitters[0]!.conflictId))
    expect(conflict).toMatchObject({
      status: 'resolved',
      resolution: 'kept_holder',
      resolutionReason: reason,
      resolvedById: actor.id,
    })
    const [holderRow] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, held.registrationId))
    expect(holderRow!.status).toBe('approved')
    const [event] = await database.db
      .select()
      .from(registrationEvents)
      .where(
        and(
          eq(registrationEvents.registrationId, held.registrationId),
          eq(registrationEvents.type, 'conflict_resolved'),
        ),
      )
    expect(event).toMatchObject({ rule: 'manager_award', reason })
  })

  test('award to submitter: an approved registration for the submitter by its tier, the holder rejected and freed', async () => {
    const { actor, holder, held, submitters, line } = await conflictScenario({ submitters: 2 })
    const [winner, bystander] = submitters
    const now = new Date()
    const reason = 'Submitter brought the customer to our demo day'
    const result = await resolveConflict(database.db, {
      actor,
      conflictId: winner!.conflictId,
      decision: 'award_to_submitter',
      reason,
      origin,
      now,
    })
    expect(result.awardedNumber).toMatch(/^R-\d{6}$/)

    const [awarded] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, result.awardedRegistrationId!))
    expect(awarded).toMatchObject({
      partnerId: winner!.partner.id,
      createdById: winner!.user.id,
      productLineId: line.id,
      status: 'approved',
      estimatedValueMinor: 25_000_000,
      notes: 'Submitted by #0',
      decidedById: actor.id,
    })
    // Platinum: 120 days of protection from the award.
    expect(awarded!.protectionEndsAt!.getTime() - now.getTime()).toBe(120 * DAY)
    const awardedLocks = await database.db
      .select()
      .from(registrationLocks)
      .where(eq(registrationLocks.registrationId, awarded!.id))
    expect(awardedLocks.length).toBeGreaterThan(0)
    expect(
      awardedLocks.every(
        (l) => l.active && l.lockedUntil?.getTime() === awarded!.protectionEndsAt!.getTime(),
      ),
    ).toBe(true)

    const [holderRow] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, held.registrationId))
    expect(holderRow!.status).toBe('rejected')
    const holderLocks = await database.db
      .select()
      .from(registrationLocks)
      .where(eq(registrationLocks.registrationId, held.registrationId))
    expect(holderLocks.every((l) => !l.active)).toBe(true)

    const holderEvents = await database.db
      .select()
      .from(registrationEvents)
      .where(
        and(
          eq(registrationEvents.registrationId, held.registrationId),
          eq(registrationEvents.type, 'rejected'),
        ),
      )
    expect(holderEvents).toHaveLength(1)
    expect(holderEvents[0]).toMatchObject({ rule: 'manager_award', reason, fromStatus: 'approved' })
    const [awardEvent] = await database.db
      .select()
      .from(registrationEvents)
      .where(eq(registrationEvents.registrationId, awarded!.id))
    expect(awardEvent).toMatchObject({
      type: 'awarded',
      rule: 'manager_award',
      toStatus: 'approved',
      reason,
    })

    const [conflict] = await database.db
      .select()
      .from(registrationConflicts)
      .where(eq(registrationConflicts.id, winner!.conflictId))
    expect(conflict).toMatchObject({
      status: 'resolved',
      resolution: 'awarded_to_submitter',
      awardedRegistrationId: awarded!.id,
    })
    // The other refused submission for the same holder stays open for its own decision.
    const [other] = await database.db
      .select()
      .from(registrationConflicts)
      .where(eq(registrationConflicts.id, bystander!.conflictId))
    expect(other!.status).toBe('open')

    const winnerMail = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, winner!.user.email))
    expect(winnerMail.map((m) => m.template)).toEqual(['registration-decided'])
    expect(winnerMail[0]!.bodyText).toContain(`/portal/registrations/${awarded!.id}`)
    const holderMail = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, holder.user.email))
    expect(holderMail.filter((m) => m.bodyText.includes(reason))).toHaveLength(1)

    // The awarded partner now holds it: the holder's partner is refused if it tries again.
    const again = await refusal(
      createRegistration(database.db, {
        actor: holder.actor,
        input: registrationInput({ productLineId: line.id, prospectName: awarded!.prospectName }),
      }),
    )
    expect(again.userMessage).toBe('deals:submit.alreadyRegistered')

    // Awarding the bystander's conflict now would give two partners the same opportunity: refused.
    const second = await refusal(
      resolveConflict(database.db, {
        actor,
        conflictId: bystander!.conflictId,
        decision: 'award_to_submitter',
        reason: 'Also good',
        origin,
      }),
    )
    expect(second.userMessage).toBe('review:errors.awardLockTaken')
    const [stillOpen] = await database.db
      .select()
      .from(registrationConflicts)
      .where(eq(registrationConflicts.id, bystander!.conflictId))
    expect(stillOpen!.status).toBe('open')
  })

  test('a resolved conflict cannot be decided again', async () => {
    const { actor, submitters } = await conflictScenario()
    await resolveConflict(database.db, {
      actor,
      conflictId: submitters[0]!.conflictId,
      decision: 'keep_holder',
      reason: 'First',
      origin,
    })
    const error = await refusal(
      resolveConflict(database.db, {
        actor,
        conflictId: submitters[0]!.conflictId,
        decision: 'award_to_submitter',
        reason: 'Second',
        origin,
      }),
    )
    expect(error).toMatchObject({ code: 'conflict', userMessage: 'review:errors.conflictResolved' })
  })

  test('vendor staff see both sides; the list separates open and resolved', async () => {
    const { actor, holder, submitters, held } = await conflictScenario()
    const detail = await getConflict(database.db, { actor, conflictId: submitters[0]!.conflictId })
    expect(detail.submitter.name).toBe(submitters[0]!.partner.name)
    expect(detail.holderPartner.name).toBe(holder.partner.name)
    expect(detail.holder.id).toBe(held.registrationId)
    expect(detail.sharedKeys.length).toBeGreaterThan(0)
    expect(detail.awardBlocked).toBeNull()

    const open = await findConflicts(database.db, {
      actor,
      query: { tab: 'open', mine: false, page: 1 },
    })
    expect(open.rows.some((r) => r.id === submitters[0]!.conflictId)).toBe(true)
    await resolveConflict(database.db, {
      actor,
      conflictId: submitters[0]!.conflictId,
      decision: 'keep_holder',
      reason: 'ok',
      origin,
    })
    const resolved = await findConflicts(database.db, {
      actor,
      query: { tab: 'resolved', mine: false, page: 1 },
    })
    expect(resolved.rows[0]).toMatchObject({
      id: submitters[0]!.conflictId,
      resolution: 'kept_holder',
    })

    const partnerUser = { id: submitters[0]!.user.id, role: 'partner_admin' as const }
    await expect(
      getConflict(database.db, { actor: partnerUser, conflictId: submitters[0]!.conflictId }),
    ).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe.runIf(process.env.TEST_DATABASE_URL)(
  'resolveConflict under real concurrency (PostgreSQL)',
  () => {
    test('two managers resolving the same conflict at once: exactly one wins, the other is told it is resolved — 10 rounds', async () => {
      const connections = await Promise.all(
        [0, 1].map(() => openDatabase({ url: database.url!, poolMax: 1 })),
      )
      try {
        for (let round = 0; round < 10; round++) {
          const { actor, submitters, held } = await conflictScenario()
          const other = await createVendorStaff(database.db)
          const decisions = ['award_to_submitter', 'keep_holder'] as const
          const outcomes = await Promise.allSettled(
            decisions.map((decision, i) =>
              resolveConflict(connections[i]!.db, {
                actor: i === 0 ? actor : { id: other.id, email: other.email },
                conflictId: submitters[0]!.conflictId,
                decision: round % 2 === 0 ? decision : decisions[1 - i]!,
                reason: `Manager ${i}`,
                origin,
              }),
            ),
          )
          const winners = outcomes.filter((o) => o.status === 'fulfilled')
          const losers = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[]
          expect(winners).toHaveLength(1)
          expect(losers.map((l) => l.reason.userMessage)).toEqual([
            'review:errors.conflictResolved',
          ])
          const won = (
            winners[0] as PromiseFulfilledResult<{
              decision: string
              awardedRegistrationId: string | null
            }>
          ).value
          const [conflict] = await database.db
            .select()
            .from(registrationConflicts)
            .where(eq(registrationConflicts.id, submitters[0]!.conflictId))
          expect(conflict!.resolution).toBe(
            won.decision === 'keep_holder' ? 'kept_holder' : 'awarded_to_submitter',
          )
          const [holderRow] = await database.db
            .select()
            .from(registrations)
            .where(eq(registrations.id, held.registrationId))
          expect(holderRow!.status).toBe(won.decision === 'keep_holder' ? 'approved' : 'rejected')
          const awarded = await database.db
            .select()
            .from(registrations)
            .where(eq(registrations.partnerId, submitters[0]!.partner.id))
          expect(awarded).toHaveLength(won.awardedRegistrationId ? 1 : 0)
        }
      } finally {
        await Promise.all(connections.map((c) => c.close()))
      }
    }, 120_000)
  },
)
