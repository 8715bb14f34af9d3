import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { findOutboxEmails } from '#app/modules/notifications/find-outbox-emails.server'
import { getOutboxEmail } from '#app/modules/notifications/get-outbox-email.server'
import { parseMailboxQuery, splitLinks } from '#app/modules/notifications/mailbox-rules'
import { isAppError } from '#app/utils/app-error'
import { emailOutbox } from '#db/schema/outbox'
import { createTestDatabase } from '#tests/setup/database'

describe('findOutboxEmails', () => {
  test('lists newest first, filters by status, and counts every status', async () => {
    const fresh = await createTestDatabase()
    try {
      const db = fresh.db
      for (let i = 1; i <= 5; i++) {
        await enqueueEmail(db, {
          to: `p${i}@example.test`,
          locale: 'en',
          template: 'password-changed',
          name: `P${i}`,
        })
      }
      await db
        .update(emailOutbox)
        .set({ status: 'sent', sentAt: new Date() })
        .where(eq(emailOutbox.toEmail, 'p2@example.test'))
      await db
        .update(emailOutbox)
        .set({ status: 'failed' })
        .where(eq(emailOutbox.toEmail, 'p3@example.test'))

      const all = await findOutboxEmails(db, {})
      expect(all.emails.map((e) => e.toEmail)).toEqual([
        'p5@example.test',
        'p4@example.test',
        'p3@example.test',
        'p2@example.test',
        'p1@example.test',
      ])
      expect(all).toMatchObject({ total: 5, counts: { pending: 3, sent: 1, failed: 1 } })
      expect(all.emails[0]).toMatchObject({
        template: 'password-changed',
        locale: 'en',
        status: 'pending',
      })

      const pending = await findOutboxEmails(db, { status: 'pending', pageSize: 2 })
      expect(pending).toMatchObject({ total: 3, pageCount: 2, page: 1 })
      expect(pending.emails.map((e) => e.toEmail)).toEqual(['p5@example.test', 'p4@example.test'])
      const second = await findOutboxEmails(db, { status: 'pending', pageSize: 2, page: 7 })
      expect(second.page).toBe(2)
      expect(second.emails.map((e) => e.toEmail)).toEqual(['p1@example.test'])

      const failed = await findOutboxEmails(db, { status: 'failed' })
      expect(failed.emails.map((e) => e.toEmail)).toEqual(['p3@example.test'])
    } finally {
      await fresh.close()
    }
  })
})

describe('getOutboxEmail', () => {
  test('returns the full e-mail, or not-found for any id that is not one', async () => {
    const fresh = await createTestDatabase()
    try {
      await enqueueEmail(fresh.db, {
        to: 'new.user@example.test',
        locale: 'zh-CN',
        template: 'password-reset',
        resetUrl: 'http://localhost:3000/reset-password/abc',
        expiresInMinutes: 30,
      })
      const [{ id }] = await fresh.db.select({ id: emailOutbox.id }).from(emailOutbox)
      const email = await getOutboxEmail(fresh.db, { emailId: String(id) })
      expect(email).toMatchObject({ toEmail: 'new.user@example.test', locale: 'zh-CN' })
      expect(email.bodyText).toContain('http://localhost:3000/reset-password/abc')

      for (const emailId of [
        '',
        'abc',
        '0',
        '-1',
        '1.5',
        '1e3',
        `${id}x`,
        String(id + 1000),
        '99999999999999999999',
      ]) {
        const error = await getOutboxEmail(fresh.db, { emailId }).catch((e: unknown) => e)
        expect(isAppError(error) && error.code, emailId).toBe('not_found')
      }
    } finally {
      await fresh.close()
    }
  })
})

describe('parseMailboxQuery', () => {
  test.each([
    ['', { status: undefined, page: 1 }],
    ['status=sent&page=2', { status: 'sent', page: 2 }],
    ['status=deleted&page=-4', { status: undefined, page: 1 }],
    ['status=FAILED&page=abc', { status: undefined, page: 1 }],
  ])('%s', (query, expected) => {
    expect(parseMailboxQuery(new URLSearchParams(query))).toEqual(expected)
  })
})

describe('splitLinks', () => {
  test('turns http(s) URLs into links and leaves the rest as text', () => {
    expect(
      splitLinks('Set your password here:\nhttps://portal.example/invite/AbC_1?x=1\n\nThanks'),
    ).toEqual([
      { kind: 'text', text: 'Set your password here:\n' },
      {
        kind: 'link',
        text: 'https://portal.example/invite/AbC_1?x=1',
        href: 'https://portal.example/invite/AbC_1?x=1',
      },
      { kind: 'text', text: '\n\nThanks' },
    ])
  })

  test.each([
    ['Go to http://localhost:3000/reset/abc.', 'http://localhost:3000/reset/abc', '.'],
    ['请点击 https://portal.example/a。', 'https://portal.example/a', '。'],
    ['(see https://portal.example/a)', 'https://portal.example/a', ')'],
  ])('sentence punctuation after a link is not part of it: %s', (text, url, after) => {
    const segments = splitLinks(text)
    expect(segments.find((s) => s.kind === 'link')).toMatchObject({ href: url })
    expect(segments.at(-1)).toEqual({ kind: 'text', text: after })
    expect(segments.map((s) => s.text).join('')).toBe(text)
  })

  test('never links other schemes', () => {
    const text = 'javascript:alert(1) data:text/html,x ftp://files.example/a mailto:a@b.c'
    expect(splitLinks(text)).toEqual([{ kind: 'text', text }])
  })

  test('finds several links and keeps all the text', () => {
    const text = 'a https://x.example/1 b http://y.example/2'
    const segments = splitLinks(text)
    expect(segments.filter((s) => s.kind === 'link').map((s) => s.text)).toEqual([
      'https://x.example/1',
      'http://y.example/2',
    ])
    expect(segments.map((s) => s.text).join('')).toBe(text)
  })
})
