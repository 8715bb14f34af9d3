import { and, eq, inArray } from 'drizzle-orm'
import { describe, expect, test, vi } from 'vitest'
import { type Database, openDatabase } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { registrationEvents, registrationLocks, registrations } from '#db/schema/deals'
import { emailOutbox } from '#db/schema/outbox'
import { users } from '#db/schema/users'
import { setLocksUntil } from '#app/modules/deals/registration-locks.server'
import { sweepRegistrations } from '#app/modules/deals/sweep-registrations.server'
import { submitRegistration } from '#app/modules/deals/submit-registration.server'
import type { Env } from '#app/utils/env.server'
import {
  createProductLine,
  createRegisteringPartner,
  createRegistration,
  createVendorStaff,
  registrationInput,
  updateDealSettings,
} from '#tests/factories/index'
import { createTestDatabase } from '#tests/setup/database'
import { startRegistrationSweeper } from '../../../server/registration-sweeper'

const origin = 'https://portal.example.test'
const HOUR = 3_600_000
const DAY = 24 * HOUR
const nothing = { expired: 0, warned: 0, escalated: 0 }

/**
 * The sweeper acts on every due registration in the database, so each scenario gets a fresh
 * database of its own: the counts it asserts are exactly its own rows.
 */
async function withDatabase(run: (db: Database, url: string | undefined) => Promise<void>) {
  const database = await createTestDatabase()
  try {
    await run(database.db, database.url)
  } finally {
    await database.close()
  }
}

type Holder = Awaited<ReturnType<typeof createRegisteringPartner>>

/** A registration submitted at `submittedAt`, approved a day later, protected until `endsAt`. */
async function approvedRegistration(
  db: Database,
  options: {
    holder: Holder
    productLineId: string
    submittedAt: Date
    endsAt: Date
    prospectName?: string
  },
) {
  const submitted = await createRegistration(db, {
    actor: options.holder.actor,
    now: options.submittedAt,
    input: registrationInput({
      productLineId: options.productLineId,
      ...(options.prospectName ? { prospectName: options.prospectName } : {}),
    }),
  })
  const approvedAt = new Date(options.submittedAt.getTime() + DAY)
  await db
    .update(registrations)
    .set({
      status: 'approved',
      decidedAt: approvedAt,
      protectionStartsAt: approvedAt,
      protectionEndsAt: options.endsAt,
    })
    .where(eq(registrations.id, submitted.registrationId))
  await setLocksUntil(db, submitted.registrationId, options.endsAt)
  return submitted
}

async function registrationRow(db: Database, id: string) {
  const [row] = await db.select().from(registrations).where(eq(registrations.id, id))
  return row!
}

async function eventsOf(db: Database, id: string, type: string) {
  return db
    .select()
    .from(registrationEvents)
    .where(and(eq(registrationEvents.registrationId, id), eq(registrationEvents.type, type)))
}

async function mailsTo(db: Database, email: string) {
  return db.select().from(emailOutbox).where(eq(emailOutbox.toEmail, email))
}

describe('sweepRegistrations: expiry', () => {
  test('an approved registration expires exactly at its protection end: locks released, event, audit, e-mail; then another partner may register', async () => {
    await withDatabase(async (db) => {
      const line = await createProductLine(db)
      const holder = await createRegisteringPartner(db)
      await db.update(users).set({ locale: 'zh-CN' }).where(eq(users.id, holder.user.id))
      const prospectName = 'Hangzhou Xinghe Packaging Machinery Co., Ltd.'
      const submittedAt = new Date('2026-03-02T01:00:00Z')
      const endsAt = new Date('2026-06-01T01:00:00Z')
      const { registrationId, number } = await approvedRegistration(db, {
        holder,
        productLineId: line.id,
        submittedAt,
        endsAt,
        prospectName,
      })

      // A won deal past its protection end is closed already: the sweeper leaves it alone.
      const won = await approvedRegistration(db, {
        holder,
        productLineId: line.id,
        submittedAt,
        endsAt,
      })
      await db
        .update(registrations)
        .set({ status: 'won', stage: 'won', wonAmountMinor: 8_800_000, wonOn: '2026-05-20' })
        .where(eq(registrations.id, won.registrationId))

      const justBefore = await sweepRegistrations(db, {
        origin,
        now: new Date(endsAt.getTime() - 1),
      })
      expect(justBefore.expired).toBe(0)
      expect((await registrationRow(db, registrationId)).status).toBe('approved')

      expect(await sweepRegistrations(db, { origin, now: endsAt })).toEqual({
        ...nothing,
        expired: 1,
      })
      const row = await registrationRow(db, registrationId)
      expect(row.status).toBe('expired')
      expect(row.closedAt?.toISOString()).toBe(endsAt.toISOString())
      expect((await registrationRow(db, won.registrationId)).status).toBe('won')

      const locks = await db
        .select()
        .from(registrationLocks)
        .where(eq(registrationLocks.registrationId, registrationId))
      expect(locks.length).toBeGreaterThan(0)
      expect(locks.every((lock) => !lock.active)).toBe(true)

      const [event] = await eventsOf(db, registrationId, 'expired')
      expect(event).toMatchObject({
        actorUserId: null,
        fromStatus: 'approved',
        toStatus: 'expired',
        rule: 'protection_expired',
      })
      const audits = await db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.entityId, registrationId), eq(auditLog.action, 'registration.expired')),
        )
      expect(audits).toHaveLength(1)
      expect(audits[0]).toMatchObject({ actorUserId: null, partnerId: holder.partner.id })

      const expiredMails = (await mailsTo(db, holder.user.email)).filter(
        (m) => m.template === 'registration-expired',
      )
      expect(expiredMails).toHaveLength(1)
      expect(expiredMails[0]!.locale).toBe('zh-CN')
      expect(expiredMails[0]!.subject).toContain(number)
      expect(expiredMails[0]!.bodyText).toContain(
        `${origin}/portal/registrations/${registrationId}`,
      )

      const other = await createRegisteringPartner(db)
      const again = await submitRegistration(db, {
        actor: other.actor,
        origin,
        now: new Date(endsAt.getTime() + HOUR),
        input: registrationInput({ productLineId: line.id, prospectName }),
      })
      expect(again.status).toBe('pending')
    })
  })

  test('running again does nothing: no second event, e-mail or audit row', async () => {
    await withDatabase(async (db) => {
      const line = await createProductLine(db)
      const holder = await createRegisteringPartner(db)
      const endsAt = new Date('2026-06-01T01:00:00Z')
      const { registrationId } = await approvedRegistration(db, {
        holder,
        productLineId: line.id,
        submittedAt: new Date('2026-03-02T01:00:00Z'),
        endsAt,
      })
      const now = new Date(endsAt.getTime() + 3 * DAY)

      expect(await sweepRegistrations(db, { origin, now })).toEqual({ ...nothing, expired: 1 })
      const outboxAfterFirst = await db.$count(emailOutbox)
      const auditAfterFirst = await db.$count(auditLog)

      expect(await sweepRegistrations(db, { origin, now })).toEqual(nothing)
      expect(
        await sweepRegistrations(db, { origin, now: new Date(now.getTime() + 30 * DAY) }),
      ).toEqual(nothing)
      expect(await db.$count(emailOutbox)).toBe(outboxAfterFirst)
      expect(await db.$count(auditLog)).toBe(auditAfterFirst)
      expect(await eventsOf(db, registrationId, 'expired')).toHaveLength(1)
    })
  })

  test('a disabled creator gets no e-mail, but the registration still expires', async () => {
    await withDatabase(async (db) => {
      const line = await createProductLine(db)
      const holder = await createRegisteringPartner(db)
      const endsAt = new Date('2026-06-01T01:00:00Z')
      const { registrationId } = await approvedRegistration(db, {
        holder,
        productLineId: line.id,
        submittedAt: new Date('2026-03-02T01:00:00Z'),
        endsAt,
      })
      await db.update(users).set({ status: 'disabled' }).where(eq(users.id, holder.user.id))

      expect(await sweepRegistrations(db, { origin, now: endsAt })).toEqual({
        ...nothing,
        expired: 1,
      })
      expect((await registrationRow(db, registrationId)).status).toBe('expired')
      expect(await mailsTo(db, holder.user.email)).toHaveLength(0)
    })
  })
})

describe('sweepRegistrations: expiry warning', () => {
  test('warned once, from exactly expiryWarningDays before the end; a batch size smaller than the work still covers it all', async () => {
    await withDatabase(async (db) => {
      const line = await createProductLine(db)
      const holder = await createRegisteringPartner(db)
      const endsAt = new Date('2026-07-15T04:00:00Z')
      const warned = await Promise.all(
        [0, 1, 2].map(() =>
          approvedRegistration(db, {
            holder,
            productLineId: line.id,
            submittedAt: new Date('2026-04-01T04:00:00Z'),
            endsAt,
          }),
        ),
      )
      const warningStarts = new Date(endsAt.getTime() - 14 * DAY)

      expect(
        await sweepRegistrations(db, { origin, now: new Date(warningStarts.getTime() - 1) }),
      ).toEqual(nothing)
      expect(await sweepRegistrations(db, { origin, now: warningStarts, batchSize: 2 })).toEqual({
        ...nothing,
        warned: 3,
      })

      for (const { registrationId, number } of warned) {
        const row = await registrationRow(db, registrationId)
        expect(row.status).toBe('approved')
        expect(row.expiryWarnedAt?.toISOString()).toBe(warningStarts.toISOString())
        const events = await eventsOf(db, registrationId, 'expiry_warning')
        expect(events).toHaveLength(1)
        expect(events[0]!.actorUserId).toBeNull()
        const mails = (await mailsTo(db, holder.user.email)).filter((m) =>
          m.bodyText.includes(`${origin}/portal/registrations/${registrationId}`),
        )
        expect(mails.map((m) => m.template)).toEqual(['registration-expiring'])
        expect(mails[0]!.subject).toContain(number)
      }

      // Later runs inside the window do not warn again; the end itself expires them.
      expect(
        await sweepRegistrations(db, { origin, now: new Date(endsAt.getTime() - DAY) }),
      ).toEqual(nothing)
      expect(await sweepRegistrations(db, { origin, now: endsAt })).toEqual({
        ...nothing,
        expired: 3,
      })
    })
  })

  test('the warning window follows the settings', async () => {
    await withDatabase(async (db) => {
      await updateDealSettings(db, { expiryWarningDays: 3 })
      const line = await createProductLine(db)
      const holder = await createRegisteringPartner(db)
      const endsAt = new Date('2026-07-15T04:00:00Z')
      await approvedRegistration(db, {
        holder,
        productLineId: line.id,
        submittedAt: new Date('2026-04-01T04:00:00Z'),
        endsAt,
      })
      expect(
        await sweepRegistrations(db, { origin, now: new Date(endsAt.getTime() - 4 * DAY) }),
      ).toEqual(nothing)
      expect(
        await sweepRegistrations(db, { origin, now: new Date(endsAt.getTime() - 3 * DAY) }),
      ).toEqual({ ...nothing, warned: 1 })
    })
  })
})

describe('sweepRegistrations: review SLA escalation', () => {
  test("a pending registration past the SLA is escalated to the partner's channel manager and stays pending and locked", async () => {
    await withDatabase(async (db) => {
      const line = await createProductLine(db)
      const manager = await createVendorStaff(db, { locale: 'zh-CN' })
      const holder = await createRegisteringPartner(db, {
        name: 'Suzhou Escalation Partner',
        channelManagerId: manager.id,
      })
      const submittedAt = new Date('2026-09-07T09:30:00Z')
      const { registrationId, number } = await createRegistration(db, {
        actor: holder.actor,
        now: submittedAt,
        input: registrationInput({ productLineId: line.id }),
      })
      const slaEnds = new Date(submittedAt.getTime() + 72 * HOUR)

      expect(
        await sweepRegistrations(db, { origin, now: new Date(slaEnds.getTime() - 1) }),
      ).toEqual(nothing)
      expect(await sweepRegistrations(db, { origin, now: slaEnds })).toEqual({
        ...nothing,
        escalated: 1,
      })

      const row = await registrationRow(db, registrationId)
      expect(row.status).toBe('pending')
      expect(row.escalatedAt?.toISOString()).toBe(slaEnds.toISOString())
      const locks = await db
        .select()
        .from(registrationLocks)
        .where(eq(registrationLocks.registrationId, registrationId))
      expect(locks.length).toBeGreaterThan(0)
      expect(locks.every((lock) => lock.active && lock.lockedUntil === null)).toBe(true)

      const events = await eventsOf(db, registrationId, 'escalated')
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({ actorUserId: null, rule: 'review_sla', toStatus: null })

      const escalations = (await mailsTo(db, manager.email)).filter(
        (m) => m.template === 'registration-escalated',
      )
      expect(escalations).toHaveLength(1)
      expect(escalations[0]!.locale).toBe('zh-CN')
      expect(escalations[0]!.subject).toContain(number)
      expect(escalations[0]!.bodyText).toContain(`${origin}/admin/registrations/${registrationId}`)
      expect(escalations[0]!.bodyText).toContain('Suzhou Escalation Partner')
      expect(escalations[0]!.bodyText).toContain('72')
      const outbox = await db.$count(emailOutbox)

      expect(
        await sweepRegistrations(db, { origin, now: new Date(slaEnds.getTime() + 10 * DAY) }),
      ).toEqual(nothing)
      expect(await db.$count(emailOutbox)).toBe(outbox)
    })
  })

  test('without an active channel manager it is escalated all the same, with no e-mail', async () => {
    await withDatabase(async (db) => {
      const line = await createProductLine(db)
      const former = await createVendorStaff(db, { status: 'disabled' })
      const unmanaged = await createRegisteringPartner(db)
      const managedByFormer = await createRegisteringPartner(db, { channelManagerId: former.id })
      const submittedAt = new Date('2026-09-07T09:30:00Z')
      const regs = await Promise.all(
        [unmanaged, managedByFormer].map((p) =>
          createRegistration(db, {
            actor: p.actor,
            now: submittedAt,
            input: registrationInput({ productLineId: line.id }),
          }),
        ),
      )
      const outbox = await db.$count(emailOutbox)
      expect(
        await sweepRegistrations(db, { origin, now: new Date(submittedAt.getTime() + 100 * HOUR) }),
      ).toEqual({ ...nothing, escalated: 2 })
      for (const { registrationId } of regs) {
        expect(await eventsOf(db, registrationId, 'escalated')).toHaveLength(1)
      }
      expect(await db.$count(emailOutbox)).toBe(outbox)
    })
  })

  test('the SLA follows the settings; decided registrations are never escalated', async () => {
    await withDatabase(async (db) => {
      await updateDealSettings(db, { reviewSlaHours: 24 })
      const line = await createProductLine(db)
      const holder = await createRegisteringPartner(db)
      const submittedAt = new Date('2026-09-07T09:30:00Z')
      const pending = await createRegistration(db, {
        actor: holder.actor,
        now: submittedAt,
        input: registrationInput({ productLineId: line.id }),
      })
      const rejected = await createRegistration(db, {
        actor: holder.actor,
        now: submittedAt,
        input: registrationInput({ productLineId: line.id }),
      })
      await db
        .update(registrations)
        .set({ status: 'rejected', decidedAt: submittedAt })
        .where(eq(registrations.id, rejected.registrationId))

      expect(
        await sweepRegistrations(db, { origin, now: new Date(submittedAt.getTime() + 24 * HOUR) }),
      ).toEqual({ ...nothing, escalated: 1 })
      expect((await registrationRow(db, pending.registrationId)).escalatedAt).not.toBeNull()
      expect((await registrationRow(db, rejected.registrationId)).escalatedAt).toBeNull()
    })
  })
})

describe.runIf(process.env.TEST_DATABASE_URL)(
  'sweepRegistrations under real concurrency (PostgreSQL)',
  () => {
    test('two sweepers at the same instant over 50 due registrations: each one expired exactly once, one e-mail each', async () => {
      await withDatabase(async (db, url) => {
        const line = await createProductLine(db)
        const holder = await createRegisteringPartner(db)
        const endsAt = new Date('2026-06-01T01:00:00Z')
        const due: string[] = []
        for (let i = 0; i < 50; i++) {
          const { registrationId } = await approvedRegistration(db, {
            holder,
            productLineId: line.id,
            submittedAt: new Date('2026-03-02T01:00:00Z'),
            endsAt,
          })
          due.push(registrationId)
        }
        // Escalations race too: 10 pending registrations past the SLA, one manager.
        const manager = await createVendorStaff(db)
        const managed = await createRegisteringPartner(db, { channelManagerId: manager.id })
        const pending: string[] = []
        for (let i = 0; i < 10; i++) {
          const { registrationId } = await createRegistration(db, {
            actor: managed.actor,
            now: new Date('2026-05-01T01:00:00Z'),
            input: registrationInput({ productLineId: line.id }),
          })
          pending.push(registrationId)
        }

        const connections = await Promise.all(
          [0, 1].map(() => openDatabase({ url: url!, poolMax: 2 })),
        )
        try {
          const now = new Date(endsAt.getTime() + HOUR)
          const results = await Promise.all(
            connections.map((c) => sweepRegistrations(c.db, { origin, now, batchSize: 3 })),
          )
          expect(results.reduce((sum, r) => sum + r.expired, 0)).toBe(50)
          expect(results.reduce((sum, r) => sum + r.escalated, 0)).toBe(10)
          expect(results.reduce((sum, r) => sum + r.warned, 0)).toBe(0)
        } finally {
          await Promise.all(connections.map((c) => c.close()))
        }

        const expiredEvents = await db
          .select({ registrationId: registrationEvents.registrationId })
          .from(registrationEvents)
          .where(
            and(
              inArray(registrationEvents.registrationId, due),
              eq(registrationEvents.type, 'expired'),
            ),
          )
        expect(expiredEvents.map((e) => e.registrationId).sort()).toEqual([...due].sort())
        const rows = await db
          .select({ status: registrations.status })
          .from(registrations)
          .where(inArray(registrations.id, due))
        expect(rows.every((r) => r.status === 'expired')).toBe(true)

        const expiredMails = (await mailsTo(db, holder.user.email)).filter(
          (m) => m.template === 'registration-expired',
        )
        expect(expiredMails).toHaveLength(50)
        for (const id of due) {
          expect(
            expiredMails.filter((m) => m.bodyText.includes(`/portal/registrations/${id}`)),
          ).toHaveLength(1)
        }
        const escalatedEvents = await db
          .select({ registrationId: registrationEvents.registrationId })
          .from(registrationEvents)
          .where(
            and(
              inArray(registrationEvents.registrationId, pending),
              eq(registrationEvents.type, 'escalated'),
            ),
          )
        expect(escalatedEvents.map((e) => e.registrationId).sort()).toEqual([...pending].sort())
        expect(
          (await mailsTo(db, manager.email)).filter((m) => m.template === 'registration-escalated'),
        ).toHaveLength(10)
      })
    }, 120_000)
  },
)

describe('startRegistrationSweeper', () => {
  test('first run about 5 s after start, then every minute; a failure is logged and the loop goes on; stop() ends it', async () => {
    vi.useFakeTimers()
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      // A database that fails every query: the sweeper must log and keep going, not throw.
      const broken = {
        select: () => {
          throw new Error('database unavailable')
        },
        transaction: () => Promise.reject(new Error('database unavailable')),
      } as unknown as Database
      const env = { PORT: 3177, APP_ORIGIN: undefined } as unknown as Env
      const sweeper = startRegistrationSweeper(broken, env)

      await vi.advanceTimersByTimeAsync(4_900)
      expect(errors).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(200)
      expect(errors).toHaveBeenCalledTimes(1)
      expect(String(errors.mock.calls[0]![0])).toContain('Registration sweeper failed')
      await vi.advanceTimersByTimeAsync(60_000)
      expect(errors).toHaveBeenCalledTimes(2)

      await sweeper.stop()
      await vi.advanceTimersByTimeAsync(180_000)
      expect(errors).toHaveBeenCalledTimes(2)
    } finally {
      errors.mockRestore()
      vi.useRealTimers()
    }
  })

  test('a working sweep runs against the database with links to the configured origin', async () => {
    await withDatabase(async (db) => {
      const line = await createProductLine(db)
      const holder = await createRegisteringPartner(db)
      const { registrationId } = await approvedRegistration(db, {
        holder,
        productLineId: line.id,
        submittedAt: new Date(Date.now() - 100 * DAY),
        endsAt: new Date(Date.now() - DAY),
      })
      vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] })
      try {
        const env = { PORT: 3177, APP_ORIGIN: 'https://partners.hengtai.example' } as unknown as Env
        const sweeper = startRegistrationSweeper(db, env)
        await vi.advanceTimersByTimeAsync(5_000)
        await sweeper.stop()
      } finally {
        vi.useRealTimers()
      }
      expect((await registrationRow(db, registrationId)).status).toBe('expired')
      const [mail] = await mailsTo(db, holder.user.email)
      expect(mail!.bodyText).toContain(
        `https://partners.hengtai.example/portal/registrations/${registrationId}`,
      )
    })
  })
})
