import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { openDatabase } from '#db/client.server'
import { registrationConflicts, registrationLocks, registrations } from '#db/schema/deals'
import { emailOutbox } from '#db/schema/outbox'
import { submitRegistration } from '#app/modules/deals/submit-registration.server'
import { isAppError } from '#app/utils/app-error'
import {
  createPartner,
  createProductLine,
  createRegisteringPartner,
  createRegistration,
  createVendorStaff,
  ensureRegions,
  registrationInput,
  updateDealSettings,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

async function refusal(work: Promise<unknown>) {
  try {
    await work
  } catch (error) {
    if (isAppError(error)) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('submitRegistration', () => {
  test('the first submission locks the opportunity at once, pending review', async () => {
    const line = await createProductLine(database.db)
    const a = await createRegisteringPartner(database.db)
    const result = await createRegistration(database.db, {
      actor: a.actor,
      input: registrationInput({ productLineId: line.id, prospectTaxId: '91350100M000100Y43' }),
    })
    expect(result.status).toBe('pending')
    expect(result.number).toMatch(/^R-\d{6}$/)
    const locks = await database.db
      .select()
      .from(registrationLocks)
      .where(eq(registrationLocks.registrationId, result.registrationId))
    expect(locks.map((l) => l.prospectKey).sort()).toEqual(
      [expect.stringMatching(/^name:/), 'tax:uscc:91350100M000100Y43'].sort(),
    )
    expect(locks.every((l) => l.active && l.lockedUntil === null)).toBe(true)
  })

  test("a second partner is refused without the holder's name, and the refusal is kept as a conflict", async () => {
    const line = await createProductLine(database.db)
    const manager = await createVendorStaff(database.db)
    const a = await createRegisteringPartner(database.db, {
      name: 'Holder Partner Alpha',
      channelManagerId: manager.id,
    })
    const b = await createRegisteringPartner(database.db, { channelManagerId: manager.id })
    const held = await createRegistration(database.db, {
      actor: a.actor,
      input: registrationInput({
        productLineId: line.id,
        prospectName: 'Shenzhen Kaida Robotics Co., Ltd.',
      }),
    })
    const error = await refusal(
      createRegistration(database.db, {
        actor: b.actor,
        input: registrationInput({
          productLineId: line.id,
          prospectName: 'SHENZHEN KAIDA  Robotics co ltd',
        }),
      }),
    )
    expect(error.code).toBe('conflict')
    expect(error.userMessage).toBe('deals:submit.alreadyRegistered')
    expect(JSON.stringify(error)).not.toContain('Holder Partner Alpha')
    const conflicts = await database.db
      .select()
      .from(registrationConflicts)
      .where(eq(registrationConflicts.holderRegistrationId, held.registrationId))
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]).toMatchObject({
      submittedByPartnerId: b.partner.id,
      rule: 'time_priority',
      status: 'open',
    })
    const mails = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, manager.email))
    expect(mails.map((m) => m.template).sort()).toEqual([
      'conflict-recorded',
      'registration-submitted',
    ])
  })

  test('matching on any key: same tax ID under a different name is the same prospect', async () => {
    const line = await createProductLine(database.db)
    const a = await createRegisteringPartner(database.db)
    const b = await createRegisteringPartner(database.db)
    await createRegistration(database.db, {
      actor: a.actor,
      input: registrationInput({
        productLineId: line.id,
        prospectName: 'Alpha Works',
        prospectTaxId: '91110108558521630L',
      }),
    })
    const error = await refusal(
      createRegistration(database.db, {
        actor: b.actor,
        input: registrationInput({
          productLineId: line.id,
          prospectName: 'Totally Different Name',
          prospectTaxId: '9111 0108 5585 2163 0l',
        }),
      }),
    )
    expect(error.userMessage).toBe('deals:submit.alreadyRegistered')
  })

  test('the same prospect on another product line is a different opportunity', async () => {
    const [line1, line2] = [
      await createProductLine(database.db),
      await createProductLine(database.db),
    ]
    const a = await createRegisteringPartner(database.db)
    const b = await createRegisteringPartner(database.db)
    await createRegistration(database.db, {
      actor: a.actor,
      input: registrationInput({
        productLineId: line1.id,
        prospectDomain: 'https://www.kaida-robot.com.cn/about',
      }),
    })
    const other = await createRegistration(database.db, {
      actor: b.actor,
      input: registrationInput({
        productLineId: line2.id,
        prospectDomain: 'sales@kaida-robot.com.cn',
      }),
    })
    expect(other.status).toBe('pending')
  })

  test('resubmitting its own held opportunity tells the partner it already holds it (not a conflict)', async () => {
    const line = await createProductLine(database.db)
    const a = await createRegisteringPartner(database.db)
    const input = registrationInput({ productLineId: line.id })
    const first = await createRegistration(database.db, { actor: a.actor, input })
    const error = await refusal(createRegistration(database.db, { actor: a.actor, input }))
    expect(error.userMessage).toBe('deals:submit.alreadyYours')
    expect(error.params).toMatchObject({ number: first.number })
    const conflicts = await database.db
      .select()
      .from(registrationConflicts)
      .where(eq(registrationConflicts.holderRegistrationId, first.registrationId))
    expect(conflicts).toHaveLength(0)
  })

  test('outside the territory: review by default, refused when the policy says refuse', async () => {
    const line = await createProductLine(database.db)
    const a = await createRegisteringPartner(database.db, { regions: ['CN-EAST'] })
    await ensureRegions(database.db, ['CN-NORTH'])
    const outside = await createRegistration(database.db, {
      actor: a.actor,
      input: registrationInput({ productLineId: line.id, regionCode: 'CN-NORTH' }),
    })
    expect(outside.status).toBe('pending')
    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, outside.registrationId))
    expect(row!.outsideTerritory).toBe(true)

    await updateDealSettings(database.db, { territoryPolicy: 'refuse' })
    try {
      const error = await refusal(
        createRegistration(database.db, {
          actor: a.actor,
          input: registrationInput({ productLineId: line.id, regionCode: 'CN-NORTH' }),
        }),
      )
      expect(error).toMatchObject({
        userMessage: 'deals:submit.outsideTerritory',
        field: 'regionCode',
      })
    } finally {
      await updateDealSettings(database.db, { territoryPolicy: 'review' })
    }
  })

  test('auto-approval inside the territory under the threshold starts protection by tier at once', async () => {
    const line = await createProductLine(database.db)
    const a = await createRegisteringPartner(database.db, { tier: 'platinum' })
    await updateDealSettings(database.db, {
      autoApproveEnabled: true,
      autoApproveBelowMinor: 50_000_00,
    })
    try {
      const now = new Date('2026-11-25T08:00:00Z')
      const small = await createRegistration(database.db, {
        now,
        actor: a.actor,
        input: registrationInput({
          productLineId: line.id,
          estimatedValue: '49999.99',
          estimatedValueMinor: 4_999_999,
        }),
      })
      expect(small.status).toBe('approved')
      expect(small.protectionEndsAt?.toISOString()).toBe('2027-03-25T08:00:00.000Z') // 120 days for platinum
      const large = await createRegistration(database.db, {
        now,
        actor: a.actor,
        input: registrationInput({
          productLineId: line.id,
          estimatedValue: '50000',
          estimatedValueMinor: 5_000_000,
        }),
      })
      expect(large.status).toBe('pending')
    } finally {
      await updateDealSettings(database.db, { autoApproveEnabled: false, autoApproveBelowMinor: 0 })
    }
  })

  test('bad references are field errors and write nothing', async () => {
    const line = await createProductLine(database.db)
    const a = await createRegisteringPartner(database.db)
    const before = await database.db.$count(registrations)
    expect(
      await refusal(
        createRegistration(database.db, {
          actor: a.actor,
          input: registrationInput({ productLineId: line.id, regionCode: 'MARS' }),
        }),
      ),
    ).toMatchObject({ field: 'regionCode' })
    expect(
      await refusal(
        createRegistration(database.db, {
          actor: a.actor,
          input: registrationInput({ productLineId: '00000000-0000-4000-8000-000000000000' }),
        }),
      ),
    ).toMatchObject({ field: 'productLineId' })
    expect(
      await refusal(
        createRegistration(database.db, {
          actor: a.actor,
          input: registrationInput({ productLineId: line.id, expectedCloseDate: '2020-01-01' }),
        }),
      ),
    ).toMatchObject({ field: 'expectedCloseDate' })
    const distributor = await createPartner(database.db, { kind: 'distributor' })
    expect(
      await refusal(
        createRegistration(database.db, {
          actor: a.actor,
          input: registrationInput({ productLineId: line.id, fulfilmentPartnerId: distributor.id }),
        }),
      ),
    ).toMatchObject({ field: 'fulfilmentPartnerId' })
    expect(await database.db.$count(registrations)).toBe(before)
  })

  test('a reseller may name an active distributor to fulfil it', async () => {
    const line = await createProductLine(database.db)
    const reseller = await createRegisteringPartner(database.db, { kind: 'reseller' })
    const distributor = await createPartner(database.db, { kind: 'distributor' })
    const result = await createRegistration(database.db, {
      actor: reseller.actor,
      input: registrationInput({ productLineId: line.id, fulfilmentPartnerId: distributor.id }),
    })
    const [row] = await database.db
      .select()
      .from(registrations)
      .where(eq(registrations.id, result.registrationId))
    expect(row!.fulfilmentPartnerId).toBe(distributor.id)
  })
})

describe.runIf(process.env.TEST_DATABASE_URL)(
  'submitRegistration under real concurrency (PostgreSQL)',
  () => {
    test('32 partners submitting the same prospect at once: exactly one holds it, 31 conflicts — 20 rounds', async () => {
      const line = await createProductLine(database.db)
      const contenders = await Promise.all(
        Array.from({ length: 32 }, () => createRegisteringPartner(database.db)),
      )
      // 32 separate connections, so the submissions really race inside PostgreSQL.
      const connections = await Promise.all(
        contenders.map(() => openDatabase({ url: database.url!, poolMax: 1 })),
      )
      try {
        for (let round = 0; round < 20; round++) {
          const prospectName = `Race Target ${round} ${Date.now()} Co., Ltd.`
          const outcomes = await Promise.allSettled(
            contenders.map((c, i) =>
              submitRegistration(connections[i]!.db, {
                actor: c.actor,
                origin: 'http://portal.test',
                input: registrationInput({ productLineId: line.id, prospectName }),
              }),
            ),
          )
          const winners = outcomes.filter((o) => o.status === 'fulfilled')
          const refused = outcomes.filter((o) => o.status === 'rejected')
          expect(winners).toHaveLength(1)
          expect(refused.map((r) => (r as PromiseRejectedResult).reason.userMessage)).toEqual(
            Array(31).fill('deals:submit.alreadyRegistered'),
          )
          const holderId = (winners[0] as PromiseFulfilledResult<{ registrationId: string }>).value
            .registrationId
          const conflicts = await database.db
            .select()
            .from(registrationConflicts)
            .where(eq(registrationConflicts.holderRegistrationId, holderId))
          expect(conflicts).toHaveLength(31)
          const activeLocks = await database.db
            .select()
            .from(registrationLocks)
            .where(
              and(
                eq(registrationLocks.active, true),
                eq(registrationLocks.registrationId, holderId),
              ),
            )
          expect(activeLocks.length).toBeGreaterThan(0)
        }
      } finally {
        await Promise.all(connections.map((c) => c.close()))
      }
    }, 120_000)
  },
)

describe('the database itself refuses a second holder', () => {
  test('two overlapping active locks on one key and product line violate the exclusion constraint', async () => {
    const line = await createProductLine(database.db)
    const a = await createRegisteringPartner(database.db)
    const b = await createRegisteringPartner(database.db)
    const held = await createRegistration(database.db, {
      actor: a.actor,
      input: registrationInput({ productLineId: line.id }),
    })
    const other = await createRegistration(database.db, {
      actor: b.actor,
      input: registrationInput({ productLineId: line.id }),
    })
    const [lock] = await database.db
      .select()
      .from(registrationLocks)
      .where(eq(registrationLocks.registrationId, held.registrationId))
    const insertOverlap = database.db.insert(registrationLocks).values({
      registrationId: other.registrationId,
      partnerId: b.partner.id,
      productLineId: line.id,
      prospectKey: lock!.prospectKey,
      lockedFrom: new Date(),
      lockedUntil: null,
    })
    await expect(insertOverlap).rejects.toMatchObject({ cause: { code: '23P01' } })
    // An inactive (released) lock no longer blocks anyone.
    await database.db
      .update(registrationLocks)
      .set({ active: false })
      .where(eq(registrationLocks.registrationId, held.registrationId))
    await database.db.insert(registrationLocks).values({
      registrationId: other.registrationId,
      partnerId: b.partner.id,
      productLineId: line.id,
      prospectKey: lock!.prospectKey,
      lockedFrom: new Date(),
      lockedUntil: null,
    })
  })
})
