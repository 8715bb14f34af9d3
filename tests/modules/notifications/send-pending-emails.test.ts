import { asc, eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import {
  sendPendingEmails,
  type SendPendingEmailsOptions,
} from '#app/modules/notifications/send-pending-emails.server'
import { openDatabase, type Database } from '#db/client.server'
import { emailOutbox } from '#db/schema/outbox'
import { createTestDatabase } from '#tests/setup/database'

type Message = Parameters<NonNullable<SendPendingEmailsOptions['transport']>['sendMail']>[0]

/** A transport that records what it was asked to send (and can be told to fail). */
function fakeTransport(behaviour: (message: Message) => Promise<void> = async () => {}) {
  const sent: Message[] = []
  return {
    sent,
    sendMail: async (message: Message) => {
      await behaviour(message)
      sent.push(message)
      return { messageId: `<${sent.length}@test>` }
    },
  }
}

const options = (transport: SendPendingEmailsOptions['transport']) => ({
  smtpUrl: 'smtp://unused.invalid',
  from: 'Channel Portal <no-reply@example.test>',
  transport,
})

async function enqueue(db: Database, count: number) {
  for (let i = 1; i <= count; i++) {
    await enqueueEmail(db, {
      to: `person${i}@example.test`,
      locale: 'en',
      template: 'password-changed',
      name: `Person ${i}`,
    })
  }
}

async function withFreshDatabase(run: (db: Database, url: string | undefined) => Promise<void>) {
  const fresh = await createTestDatabase()
  try {
    await run(fresh.db, fresh.url)
  } finally {
    await fresh.close()
  }
}

describe('sendPendingEmails', () => {
  test('sends each pending e-mail once and marks it sent', () =>
    withFreshDatabase(async (db) => {
      await enqueue(db, 3)
      const transport = fakeTransport()

      expect(await sendPendingEmails(db, options(transport))).toBe(3)
      expect(transport.sent.map((m) => m.to)).toEqual([
        'person1@example.test',
        'person2@example.test',
        'person3@example.test',
      ])
      expect(transport.sent[0]).toMatchObject({
        from: 'Channel Portal <no-reply@example.test>',
        subject: 'Your Channel Portal password was changed',
      })
      expect(transport.sent[0].text).toContain('Hello Person 1')

      const rows = await db.select().from(emailOutbox).orderBy(asc(emailOutbox.id))
      for (const row of rows) {
        expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null })
        expect(row.sentAt).toBeInstanceOf(Date)
      }

      // A second run finds nothing to do.
      expect(await sendPendingEmails(db, options(transport))).toBe(0)
      expect(transport.sent).toHaveLength(3)
    }))

  test('a failed send counts the attempt, keeps the error and retries later, then gives up', () =>
    withFreshDatabase(async (db) => {
      await enqueue(db, 1)
      const failing = fakeTransport(async () => {
        throw new Error('421 mail server busy')
      })

      expect(await sendPendingEmails(db, options(failing))).toBe(0)
      const [afterFirst] = await db.select().from(emailOutbox)
      expect(afterFirst).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: '421 mail server busy',
        sentAt: null,
      })
      // Backed off: about 30 s from now, so an immediate second run does not touch it.
      const delaySeconds = (afterFirst.nextAttemptAt.getTime() - Date.now()) / 1000
      expect(delaySeconds).toBeGreaterThan(20)
      expect(delaySeconds).toBeLessThan(40)
      const working = fakeTransport()
      expect(await sendPendingEmails(db, options(working))).toBe(0)
      expect(working.sent).toHaveLength(0)

      // Once due it is retried; the last allowed attempt marks it failed for good.
      await db
        .update(emailOutbox)
        .set({ attempts: 7, nextAttemptAt: sql`now() - interval '1 second'` })
      expect(await sendPendingEmails(db, options(failing))).toBe(0)
      const [afterLast] = await db.select().from(emailOutbox)
      expect(afterLast).toMatchObject({ status: 'failed', attempts: 8 })
      await db.update(emailOutbox).set({ nextAttemptAt: sql`now() - interval '1 second'` })
      expect(await sendPendingEmails(db, options(working))).toBe(0)
    }))

  test('a failure does not stop the rest of the batch', () =>
    withFreshDatabase(async (db) => {
      await enqueue(db, 3)
      const transport = fakeTransport(async (message) => {
        if (message.to === 'person2@example.test') throw new Error('550 no such user')
      })
      expect(await sendPendingEmails(db, options(transport))).toBe(2)
      const rows = await db
        .select({ to: emailOutbox.toEmail, status: emailOutbox.status })
        .from(emailOutbox)
        .orderBy(asc(emailOutbox.id))
      expect(rows.map((r) => r.status)).toEqual(['sent', 'pending', 'sent'])
    }))

  test.runIf(process.env.TEST_DATABASE_URL)(
    'on PostgreSQL two concurrent senders never send the same e-mail',
    () =>
      withFreshDatabase(async (db, url) => {
        await enqueue(db, 30)
        const first = await openDatabase({ url, poolMax: 1 })
        const second = await openDatabase({ url, poolMax: 1 })
        try {
          // The first sender holds its claimed batch (its transaction open) until the second
          // has claimed a batch of its own and started sending: the two truly overlap.
          let secondStarted!: () => void
          const secondHasStarted = new Promise<void>((resolve) => (secondStarted = resolve))
          let firstStarted!: () => void
          const firstHasStarted = new Promise<void>((resolve) => (firstStarted = resolve))
          const timeout = (ms: number) =>
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error('the senders did not overlap')), ms),
            )

          let waited = false
          const firstTransport = fakeTransport(async () => {
            if (waited) return
            waited = true
            firstStarted()
            await Promise.race([secondHasStarted, timeout(5_000)])
          })
          const secondTransport = fakeTransport(async () => {
            secondStarted()
          })

          const firstRun = sendPendingEmails(first.db, {
            ...options(firstTransport),
            batchSize: 10,
          })
          await firstHasStarted
          const secondRun = sendPendingEmails(second.db, {
            ...options(secondTransport),
            batchSize: 10,
          })
          const [firstCount, secondCount] = await Promise.all([firstRun, secondRun])
          expect(firstCount).toBe(10)
          expect(secondCount).toBe(10)

          // Drain the rest with both senders racing.
          for (;;) {
            const counts = await Promise.all([
              sendPendingEmails(first.db, { ...options(firstTransport), batchSize: 4 }),
              sendPendingEmails(second.db, { ...options(secondTransport), batchSize: 4 }),
            ])
            if (counts[0] + counts[1] === 0) break
          }

          const recipients = [...firstTransport.sent, ...secondTransport.sent].map((m) => m.to)
          expect(recipients).toHaveLength(30)
          expect(new Set(recipients).size).toBe(30)
          const rows = await db.select().from(emailOutbox)
          expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true)
        } finally {
          await first.close()
          await second.close()
        }
      }),
  )
})

describe('enqueue and send', () => {
  test('an e-mail enqueued in a rolled-back transaction is never sent', () =>
    withFreshDatabase(async (db) => {
      await db
        .transaction(async (tx) => {
          await enqueueEmail(tx, {
            to: 'ghost@example.test',
            locale: 'en',
            template: 'password-changed',
            name: 'G',
          })
          throw new Error('the change failed')
        })
        .catch(() => undefined)
      const transport = fakeTransport()
      expect(await sendPendingEmails(db, options(transport))).toBe(0)
      expect(await db.$count(emailOutbox, eq(emailOutbox.toEmail, 'ghost@example.test'))).toBe(0)
    }))
})
