import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import {
  registrationEvents,
  registrationExtensions,
  registrationLocks,
  registrations,
} from '#db/schema/deals'
import { emailOutbox } from '#db/schema/outbox'
import { approveRegistration } from '#app/modules/deals/approve-registration.server'
import { decideExtension } from '#app/modules/deals/decide-extension.server'
import { findExtensionRequests } from '#app/modules/deals/find-extension-requests.server'
import { parseReviewQueueQuery } from '#app/modules/deals/review-rules'
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

/** An approved registration (gold: 90 days from approvedAt) with a pending extension request. */
async function approvedWithRequest(options: {
  approvedAt: Date
  days?: number
  extensionsUsed?: number
}) {
  const line = await createProductLine(database.db)
  const staff = await createVendorStaff(database.db)
  const actor = { id: staff.id, email: staff.email }
  const holder = await createRegisteringPartner(database.db, { tier: 'gold' })
  const prospectName = `Wuxi Extension ${Date.now()} ${Math.random()} Ltd.`
  const submitted = await createRegistration(database.db, {
    actor: holder.actor,
    now: new Date(options.approvedAt.getTime() - DAY),
    input: registrationInput({ productLineId: line.id, prospectName }),
  })
  const approved = await approveRegistration(database.db, {
    actor,
    registrationId: submitted.registrationId,
    origin,
    now: options.approvedAt,
  })
  if (options.extensionsUsed) {
    await database.db
      .update(registrations)
      .set({ extensionsUsed: options.extensionsUsed })
      .where(eq(registrations.id, submitted.registrationId))
  }
  const [extension] = await database.db
    .insert(registrationExtensions)
    .values({
      registrationId: submitted.registrationId,
      requestedById: holder.user.id,
      progressNote: 'Second meeting done; proposal sent',
      days: options.days ?? 30,
    })
    .returning()
  return {
    line,
    actor,
    holder,
    prospectName,
    registrationId: submitted.registrationId,
    protectionEndsAt: approved.protectionEndsAt,
    extension: extension!,
  }
}

describe('decideExtension', () => {
  test('approval moves the protection end and the locks by the requested days from the current end', async () => {
    const approvedAt = new Date('2026-10-01T00:00:00Z')
    const s = await approvedWithRequest({ approvedAt, days: 30 })
    const queue = await findExtensionRequests(database.db, {
      actor: s.actor,
      query: parseReviewQueueQuery(new URLSearchParams()),
    })
    const listed = queue.rows.find((r) => r.id === s.extension.id)
    expect(listed?.proposedEndsAt?.getTime()).toBe(s.protectionEndsAt.getTime() + 30 * DAY)

    const result = await decideExtension(database.db, {
      actor: s.actor,
      extensionId: s.extension.id,
      decision: 'approve',
      origin,
      now: new Date('2026-12-01T00:00:00Z'),
    })
    const expectedEnd = new Date(s.protectionEndsAt.getTime() + 30 * DAY)
    expect(result.protectionEndsAt?.toISOString()).toBe(expectedEnd.toISOString())
    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, s.registrationId))
    expect(row!.protectionEndsAt?.toISOString()).toBe(expectedEnd.toISOString())
    expect(row!.extensionsUsed).toBe(1)
    const locks = await database.db
      .select()
      .from(registrationLocks)
      .where(eq(registrationLocks.registrationId, s.registrationId))
    expect(
      locks.every((l) => l.active && l.lockedUntil?.toISOString() === expectedEnd.toISOString()),
    ).toBe(true)
    const [request] = await database.db
      .select()
      .from(registrationExtensions)
      .where(eq(registrationExtensions.id, s.extension.id))
    expect(request).toMatchObject({ status: 'approved', decidedById: s.actor.id })
    const [event] = await database.db
      .select()
      .from(registrationEvents)
      .where(
        and(
          eq(registrationEvents.registrationId, s.registrationId),
          eq(registrationEvents.type, 'extension_approved'),
        ),
      )
    expect(event).toMatchObject({ rule: 'manager_review' })
    const mails = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, s.holder.user.email))
    expect(mails.map((m) => m.template)).toContain('extension-decided')

    // Decided once: a second decision is refused.
    const again = await refusal(
      decideExtension(database.db, {
        actor: s.actor,
        extensionId: s.extension.id,
        decision: 'reject',
        reason: 'No',
        origin,
      }),
    )
    expect(again.userMessage).toBe('review:errors.extensionDecided')
  })

  test('beyond the extension limit approval is refused and nothing changes', async () => {
    const s = await approvedWithRequest({
      approvedAt: new Date('2026-10-01T00:00:00Z'),
      extensionsUsed: 1,
    })
    const error = await refusal(
      decideExtension(database.db, {
        actor: s.actor,
        extensionId: s.extension.id,
        decision: 'approve',
        origin,
        now: new Date('2026-11-01T00:00:00Z'),
      }),
    )
    expect(error).toMatchObject({ code: 'conflict', userMessage: 'review:errors.extensionLimit' })
    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, s.registrationId))
    expect(row!.protectionEndsAt?.toISOString()).toBe(s.protectionEndsAt.toISOString())
    expect(row!.extensionsUsed).toBe(1)
    const [request] = await database.db
      .select()
      .from(registrationExtensions)
      .where(eq(registrationExtensions.id, s.extension.id))
    expect(request!.status).toBe('pending')

    // A raised limit makes the same request approvable.
    await updateDealSettings(database.db, { extensionMaxCount: 2 })
    try {
      await decideExtension(database.db, {
        actor: s.actor,
        extensionId: s.extension.id,
        decision: 'approve',
        origin,
        now: new Date('2026-11-01T00:00:00Z'),
      })
    } finally {
      await updateDealSettings(database.db, { extensionMaxCount: 1 })
    }
  })

  test('after protection ended and another partner registered the prospect, approval is refused clearly', async () => {
    const approvedAt = new Date('2026-01-01T00:00:00Z')
    const s = await approvedWithRequest({ approvedAt })
    const other = await createRegisteringPartner(database.db)
    const takenAt = new Date(s.protectionEndsAt.getTime() + DAY)
    const taken = await createRegistration(database.db, {
      actor: other.actor,
      now: takenAt,
      input: registrationInput({ productLineId: s.line.id, prospectName: s.prospectName }),
    })
    expect(taken.status).toBe('pending')

    const error = await refusal(
      decideExtension(database.db, {
        actor: s.actor,
        extensionId: s.extension.id,
        decision: 'approve',
        origin,
        now: new Date(takenAt.getTime() + DAY),
      }),
    )
    expect(error).toMatchObject({
      code: 'conflict',
      userMessage: 'review:errors.extensionLockTaken',
    })
    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, s.registrationId))
    expect(row!.protectionEndsAt?.toISOString()).toBe(s.protectionEndsAt.toISOString())
    expect(row!.extensionsUsed).toBe(0)
    const [request] = await database.db
      .select()
      .from(registrationExtensions)
      .where(eq(registrationExtensions.id, s.extension.id))
    expect(request!.status).toBe('pending')

    // Rejecting it (with a reason) still works and tells the partner why.
    await decideExtension(database.db, {
      actor: s.actor,
      extensionId: s.extension.id,
      decision: 'reject',
      reason: 'Protection had ended; the customer is registered by another partner now',
      origin,
    })
    const [rejected] = await database.db
      .select()
      .from(registrationExtensions)
      .where(eq(registrationExtensions.id, s.extension.id))
    expect(rejected).toMatchObject({
      status: 'rejected',
      decisionReason: 'Protection had ended; the customer is registered by another partner now',
    })
  })

  test('rejection needs a reason and leaves the protection end alone', async () => {
    const s = await approvedWithRequest({ approvedAt: new Date('2026-10-01T00:00:00Z') })
    const error = await refusal(
      decideExtension(database.db, {
        actor: s.actor,
        extensionId: s.extension.id,
        decision: 'reject',
        reason: ' ',
        origin,
      }),
    )
    expect(error).toMatchObject({ field: 'reason' })
    await decideExtension(database.db, {
      actor: s.actor,
      extensionId: s.extension.id,
      decision: 'reject',
      reason: 'No progress shown',
      origin,
    })
    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, s.registrationId))
    expect(row!.protectionEndsAt?.toISOString()).toBe(s.protectionEndsAt.toISOString())
    const [event] = await database.db
      .select()
      .from(registrationEvents)
      .where(
        and(
          eq(registrationEvents.registrationId, s.registrationId),
          eq(registrationEvents.type, 'extension_rejected'),
        ),
      )
    expect(event).toMatchObject({ rule: 'manager_review', reason: 'No progress shown' })
  })
})
