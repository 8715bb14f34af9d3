import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { registrationEvents, registrationLocks, registrations } from '#db/schema/deals'
import { emailOutbox } from '#db/schema/outbox'
import { approveRegistration } from '#app/modules/deals/approve-registration.server'
import { rejectRegistration } from '#app/modules/deals/reject-registration.server'
import { isAppError } from '#app/utils/app-error'
import {
  createProductLine,
  createRegisteringPartner,
  createRegistration,
  createVendorStaff,
  registrationInput,
  updateDealSettings,
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

async function manager() {
  const user = await createVendorStaff(database.db)
  return { user, actor: { id: user.id, email: user.email } }
}

describe('approveRegistration', () => {
  test('starts protection by tier from now and ends the locks there; after the end another partner may register', async () => {
    const line = await createProductLine(database.db)
    const { actor } = await manager()
    const holder = await createRegisteringPartner(database.db, { tier: 'platinum' })
    const other = await createRegisteringPartner(database.db)
    const submittedAt = new Date('2026-11-20T02:00:00Z')
    const prospectName = `Ningbo Approval Test ${Date.now()} Co., Ltd.`
    const submitted = await createRegistration(database.db, {
      actor: holder.actor,
      now: submittedAt,
      input: registrationInput({ productLineId: line.id, prospectName }),
    })

    const approvedAt = new Date('2026-11-25T08:00:00Z')
    const result = await approveRegistration(database.db, {
      actor,
      registrationId: submitted.registrationId,
      note: 'Known account',
      origin,
      now: approvedAt,
    })
    expect(result.protectionEndsAt.toISOString()).toBe('2027-03-25T08:00:00.000Z') // 120 days

    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, submitted.registrationId))
    expect(row).toMatchObject({ status: 'approved', decidedById: actor.id })
    expect(row!.protectionStartsAt?.toISOString()).toBe(approvedAt.toISOString())
    const locks = await database.db
      .select()
      .from(registrationLocks)
      .where(eq(registrationLocks.registrationId, submitted.registrationId))
    expect(locks.length).toBeGreaterThan(0)
    expect(
      locks.every(
        (l) => l.active && l.lockedUntil?.toISOString() === result.protectionEndsAt.toISOString(),
      ),
    ).toBe(true)

    const [event] = await database.db
      .select()
      .from(registrationEvents)
      .where(
        and(
          eq(registrationEvents.registrationId, submitted.registrationId),
          eq(registrationEvents.type, 'approved'),
        ),
      )
    expect(event).toMatchObject({
      rule: 'manager_review',
      fromStatus: 'pending',
      toStatus: 'approved',
      reason: 'Known account',
      actorUserId: actor.id,
    })
    const mails = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, holder.user.email))
    expect(mails.map((m) => m.template)).toEqual(['registration-decided'])
    expect(mails[0]!.bodyText).toContain(`/portal/registrations/${submitted.registrationId}`)
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityId, submitted.registrationId),
          eq(auditLog.action, 'registration.approved'),
        ),
      )
    expect(audit).toMatchObject({ actorUserId: actor.id, partnerId: holder.partner.id })

    // While protected, the other partner is refused; one minute after the end it is accepted.
    const during = await refusal(
      createRegistration(database.db, {
        actor: other.actor,
        now: new Date(result.protectionEndsAt.getTime() - DAY),
        input: registrationInput({ productLineId: line.id, prospectName }),
      }),
    )
    expect(during.userMessage).toBe('deals:submit.alreadyRegistered')
    const after = await createRegistration(database.db, {
      actor: other.actor,
      now: new Date(result.protectionEndsAt.getTime() + 60_000),
      input: registrationInput({ productLineId: line.id, prospectName }),
    })
    expect(after.status).toBe('pending')
  })

  test('protection days follow the tier setting (silver 45 days)', async () => {
    const line = await createProductLine(database.db)
    const { actor } = await manager()
    const silver = await createRegisteringPartner(database.db, { tier: 'silver' })
    await updateDealSettings(database.db, { protectionDaysSilver: 45 })
    try {
      const submitted = await createRegistration(database.db, {
        actor: silver.actor,
        now: new Date('2026-11-24T00:00:00Z'),
        input: registrationInput({ productLineId: line.id }),
      })
      const now = new Date('2026-11-25T00:00:00Z')
      const result = await approveRegistration(database.db, {
        actor,
        registrationId: submitted.registrationId,
        origin,
        now,
      })
      expect(result.protectionEndsAt.getTime() - now.getTime()).toBe(45 * DAY)
    } finally {
      await updateDealSettings(database.db, { protectionDaysSilver: 90 })
    }
  })

  test('only a pending registration can be approved: a second decision is refused and changes nothing', async () => {
    const line = await createProductLine(database.db)
    const { actor } = await manager()
    const partner = await createRegisteringPartner(database.db)
    const submitted = await createRegistration(database.db, {
      actor: partner.actor,
      now: new Date(Date.now() - DAY),
      input: registrationInput({ productLineId: line.id }),
    })
    const first = await approveRegistration(database.db, {
      actor,
      registrationId: submitted.registrationId,
      origin,
    })
    const again = await refusal(
      approveRegistration(database.db, { actor, registrationId: submitted.registrationId, origin }),
    )
    expect(again).toMatchObject({ code: 'conflict', userMessage: 'review:errors.notPending' })
    const rejectAfter = await refusal(
      rejectRegistration(database.db, {
        actor,
        registrationId: submitted.registrationId,
        reason: 'Too late',
        origin,
      }),
    )
    expect(rejectAfter.userMessage).toBe('review:errors.notPending')
    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, submitted.registrationId))
    expect(row!.status).toBe('approved')
    expect(row!.protectionEndsAt?.toISOString()).toBe(first.protectionEndsAt.toISOString())
  })

  test('an unknown or malformed id is not found', async () => {
    const { actor } = await manager()
    for (const registrationId of ['nope', '00000000-0000-4000-8000-000000000000']) {
      const error = await refusal(
        approveRegistration(database.db, { actor, registrationId, origin }),
      )
      expect(error.code).toBe('not_found')
    }
  })
})

describe('rejectRegistration', () => {
  test('needs a reason, then frees the opportunity at once for another partner', async () => {
    const line = await createProductLine(database.db)
    const { actor } = await manager()
    const first = await createRegisteringPartner(database.db)
    const second = await createRegisteringPartner(database.db)
    const prospectName = `Suzhou Rejected Target ${Date.now()} Ltd.`
    const submitted = await createRegistration(database.db, {
      actor: first.actor,
      input: registrationInput({ productLineId: line.id, prospectName }),
    })

    const noReason = await refusal(
      rejectRegistration(database.db, {
        actor,
        registrationId: submitted.registrationId,
        reason: '   ',
        origin,
      }),
    )
    expect(noReason).toMatchObject({ code: 'invalid', field: 'reason' })
    const [stillPending] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, submitted.registrationId))
    expect(stillPending!.status).toBe('pending')

    await rejectRegistration(database.db, {
      actor,
      registrationId: submitted.registrationId,
      reason: 'Customer already buys direct',
      origin,
    })
    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, submitted.registrationId))
    expect(row).toMatchObject({ status: 'rejected', decidedById: actor.id })
    const locks = await database.db
      .select()
      .from(registrationLocks)
      .where(eq(registrationLocks.registrationId, submitted.registrationId))
    expect(locks.every((l) => !l.active)).toBe(true)
    const [event] = await database.db
      .select()
      .from(registrationEvents)
      .where(
        and(
          eq(registrationEvents.registrationId, submitted.registrationId),
          eq(registrationEvents.type, 'rejected'),
        ),
      )
    expect(event).toMatchObject({
      rule: 'manager_review',
      reason: 'Customer already buys direct',
      toStatus: 'rejected',
    })
    const [mail] = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, first.user.email))
    expect(mail).toMatchObject({ template: 'registration-decided' })
    expect(mail!.bodyText).toContain('Customer already buys direct')

    const next = await createRegistration(database.db, {
      actor: second.actor,
      input: registrationInput({ productLineId: line.id, prospectName }),
    })
    expect(next.status).toBe('pending')
  })
})
