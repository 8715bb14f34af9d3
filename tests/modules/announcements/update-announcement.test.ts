import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import {
  AnnouncementEditForm,
  attachmentsText,
  changesContent,
  parseAttachments,
  receiptState,
  type AnnouncementEditInput,
} from '#app/modules/announcements/announcement-rules'
import { findAnnouncements } from '#app/modules/announcements/find-announcements.server'
import { findPartnerAnnouncements } from '#app/modules/announcements/find-partner-announcements.server'
import { getAnnouncement } from '#app/modules/announcements/get-announcement.server'
import { getAnnouncementReceipts } from '#app/modules/announcements/get-announcement-receipts.server'
import { openAnnouncement } from '#app/modules/announcements/open-announcement.server'
import { updateAnnouncement } from '#app/modules/announcements/update-announcement.server'
import { createSessionCookie } from '#app/modules/auth/session.server'
import {
  action as editAction,
  loader as editLoader,
} from '#app/routes/admin.announcements.$announcementId_.edit'
import { createAnnouncement } from '#tests/factories/contribution'
import { createPartner } from '#tests/factories/partners'
import { createUser, createVendorStaff } from '#tests/factories/users'
import { loadContextOf, useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()
const yesterday = new Date(Date.now() - 86_400_000)

const fields = {
  title: 'Servo roadshow',
  body: 'Join us in Suzhou.',
  kind: 'training',
  attachments: 'Agenda | https://example.com/agenda.pdf',
  audienceTiers: ['gold'],
  audienceRegions: [] as string[],
}
const edit = (overrides: Partial<typeof fields> = {}): AnnouncementEditInput =>
  AnnouncementEditForm.parse({ ...fields, ...overrides })

async function manager() {
  const user = await createVendorStaff(database.db)
  return { id: user.id, email: user.email, role: 'channel_manager' as const, name: user.name }
}

let scenes = 0

/**
 * A published announcement for gold partners in a region of its own, a gold partner there with a
 * user, and a silver partner there (so partners of other tests are never in its audience).
 */
async function scene() {
  const db = database.db
  const region = `TEST-EDIT-${++scenes}`
  const gold = await createPartner(db, { tier: 'gold', regions: [region] })
  const silver = await createPartner(db, { tier: 'silver', regions: [region] })
  const goldUser = await createUser(db, { role: 'partner_user', partnerId: gold.id })
  const silverUser = await createUser(db, { role: 'partner_user', partnerId: silver.id })
  const announcement = await createAnnouncement(db, {
    title: fields.title,
    body: fields.body,
    kind: 'training',
    attachments: parseAttachments(fields.attachments)!,
    audienceTiers: ['gold'],
    audienceRegions: [region],
    publishedAt: yesterday,
  })
  return {
    region,
    /** The edit form's values for this announcement, with changes. */
    editIn: (overrides: Partial<typeof fields> = {}) =>
      edit({ audienceRegions: [region], ...overrides }),
    gold,
    silver,
    announcement,
    goldActor: { id: goldUser.id, partnerId: gold.id },
    silverActor: { id: silverUser.id, partnerId: silver.id },
  }
}

describe('the edit form and the receipt rule', () => {
  test('the edit form is the create form without publishing', () => {
    expect(
      AnnouncementEditForm.safeParse({ ...fields, title: '  ' }).error?.issues[0],
    ).toMatchObject({ path: ['title'], message: 'announcements:errors.title' })
    expect(
      AnnouncementEditForm.safeParse({ ...fields, attachments: 'x | javascript:alert(1)' }).error
        ?.issues[0],
    ).toMatchObject({ path: ['attachments'], message: 'announcements:errors.attachments' })
    expect(
      AnnouncementEditForm.safeParse({ ...fields, audienceTiers: ['diamond'] }).error?.issues[0]
        ?.path,
    ).toEqual(['audienceTiers', 0])
    expect(edit()).not.toHaveProperty('publish')
  })

  test('attachments round-trip through the text the form shows', () => {
    const text = 'Agenda | https://example.com/a.pdf\n/docs/b.pdf'
    expect(attachmentsText(parseAttachments(text)!)).toBe(text)
  })

  test.each([
    ['the body', { body: 'New' }, true],
    ['the title', { title: 'New' }, true],
    ['an attachment', { attachments: '' }, true],
    ['only the kind', { kind: 'news' }, false],
    ['only the audience', { audienceTiers: ['silver'] }, false],
  ])('changing %s is a new version: %s', (_, overrides, expected) => {
    expect(changesContent(edit(), edit(overrides as Partial<typeof fields>))).toBe(expected)
  })

  test.each([
    [null, null, 'unread'],
    [new Date('2026-01-02'), null, 'current'],
    [new Date('2026-01-02'), new Date('2026-01-01'), 'current'],
    [new Date('2026-01-01'), new Date('2026-01-02'), 'earlier'],
  ] as const)('read %s, revised %s → %s', (readAt, revisedAt, expected) => {
    expect(receiptState(readAt, revisedAt)).toBe(expected)
  })
})

describe('editing an announcement', () => {
  test('partners may not edit; a missing announcement is not found', async () => {
    const { announcement, goldActor, editIn } = await scene()
    const partnerAdmin = await createUser(database.db, {
      role: 'partner_admin',
      partnerId: goldActor.partnerId,
    })
    await expect(
      updateAnnouncement(database.db, {
        actor: { id: partnerAdmin.id, email: partnerAdmin.email, role: 'partner_admin' },
        announcementId: announcement.id,
        input: editIn({ body: 'Hijacked' }),
      }),
    ).rejects.toMatchObject({ code: 'forbidden' })
    await expect(
      updateAnnouncement(database.db, {
        actor: await manager(),
        announcementId: '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f',
        input: editIn(),
      }),
    ).rejects.toMatchObject({ code: 'not_found' })
    expect((await getAnnouncement(database.db, { announcementId: announcement.id })).body).toBe(
      fields.body,
    )
  })

  test('a text change keeps receipts, marks earlier readers, and the partner reads the new text', async () => {
    const db = database.db
    const { announcement, gold, goldActor, editIn } = await scene()
    const actor = await manager()
    await openAnnouncement(db, { actor: goldActor, announcementId: announcement.id })

    const result = await updateAnnouncement(db, {
      actor,
      announcementId: announcement.id,
      input: editIn({ body: 'Join us in Hangzhou instead.' }),
      ip: '10.0.0.7',
    })
    expect(result).toEqual({
      changed: true,
      contentChanged: true,
      partnersRemoved: 0,
      partnersAdded: 0,
      published: true,
    })

    const [listed] = (await findPartnerAnnouncements(db, { actor: goldActor })).filter(
      (a) => a.id === announcement.id,
    )
    expect(listed).toMatchObject({ readAt: null, updatedSinceRead: true })
    const receipts = await getAnnouncementReceipts(db, { announcementId: announcement.id })
    expect(receipts.announcement.revisedAt).not.toBeNull()
    expect(receipts.announcement.lastEdit).toMatchObject({ by: actor.name })
    expect(receipts.receipts.find((r) => r.partnerId === gold.id)).toMatchObject({
      readers: 0,
      firstReadAt: null,
      earlierReaders: 1,
    })
    expect(
      (await findAnnouncements(db)).announcements.find((a) => a.id === announcement.id),
    ).toMatchObject({ audiencePartners: 1, partnersRead: 0 })

    const reopened = await openAnnouncement(db, {
      actor: goldActor,
      announcementId: announcement.id,
    })
    expect(reopened.body).toBe('Join us in Hangzhou instead.')
    const [again] = (await findPartnerAnnouncements(db, { actor: goldActor })).filter(
      (a) => a.id === announcement.id,
    )
    expect(again).toMatchObject({ updatedSinceRead: false })
    expect(again!.readAt).not.toBeNull()
    expect(
      (await getAnnouncementReceipts(db, { announcementId: announcement.id })).receipts.find(
        (r) => r.partnerId === gold.id,
      ),
    ).toMatchObject({ readers: 1, earlierReaders: 0 })

    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'announcement'), eq(auditLog.entityId, announcement.id)))
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'announcement.revised',
      actorUserId: actor.id,
      ip: '10.0.0.7',
      before: { body: fields.body },
      after: { body: 'Join us in Hangzhou instead.' },
    })
  })

  test('an audience change keeps receipts; a partner that leaves no longer sees it, one that joins does', async () => {
    const db = database.db
    const { announcement, gold, silver, goldActor, silverActor, editIn } = await scene()
    await openAnnouncement(db, { actor: goldActor, announcementId: announcement.id })

    const result = await updateAnnouncement(db, {
      actor: await manager(),
      announcementId: announcement.id,
      input: editIn({ audienceTiers: ['silver'] }),
    })
    expect(result).toMatchObject({
      changed: true,
      contentChanged: false,
      partnersRemoved: 1,
      partnersAdded: 1,
    })

    expect(
      (await findPartnerAnnouncements(db, { actor: goldActor })).map((a) => a.id),
    ).not.toContain(announcement.id)
    await expect(
      openAnnouncement(db, { actor: goldActor, announcementId: announcement.id }),
    ).rejects.toMatchObject({ code: 'not_found' })
    const silverList = await findPartnerAnnouncements(db, { actor: silverActor })
    expect(silverList.find((a) => a.id === announcement.id)).toMatchObject({
      readAt: null,
      updatedSinceRead: false,
    })
    const receipts = await getAnnouncementReceipts(db, { announcementId: announcement.id })
    expect(receipts.receipts.map((r) => r.partnerId)).toEqual([silver.id])

    // Back in the audience: the gold partner's receipt was kept and counts again.
    await updateAnnouncement(db, {
      actor: await manager(),
      announcementId: announcement.id,
      input: editIn({ audienceTiers: ['gold', 'silver'] }),
    })
    const back = await getAnnouncementReceipts(db, { announcementId: announcement.id })
    expect(back.receipts.find((r) => r.partnerId === gold.id)).toMatchObject({ readers: 1 })

    const actions = await db
      .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'announcement'), eq(auditLog.entityId, announcement.id)))
      .orderBy(auditLog.id)
    expect(actions[0]).toEqual({
      action: 'announcement.updated',
      before: { audienceTiers: ['gold'] },
      after: { audienceTiers: ['silver'] },
    })
    expect(actions.map((a) => a.action)).toEqual(['announcement.updated', 'announcement.updated'])
  })

  test('saving the same values changes nothing and writes no audit row', async () => {
    const { announcement, editIn } = await scene()
    expect(
      await updateAnnouncement(database.db, {
        actor: await manager(),
        announcementId: announcement.id,
        input: editIn(),
      }),
    ).toMatchObject({ changed: false })
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, announcement.id))
    expect(audit).toHaveLength(0)
  })
})

describe('the edit page', () => {
  const context = () => loadContextOf(database)
  const cookieOf = async (userId: string) =>
    (await createSessionCookie(database.db, userId)).split(';')[0]!
  const request = (path: string, cookie: string, form?: URLSearchParams) =>
    new Request(`http://localhost${path}`, {
      method: form ? 'POST' : 'GET',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    })
  const formOf = (region: string, overrides: Record<string, string> = {}) => {
    const form = new URLSearchParams({
      title: fields.title,
      body: fields.body,
      kind: fields.kind,
      attachments: fields.attachments,
      ...overrides,
    })
    form.append('audienceTiers', 'gold')
    form.append('audienceRegions', region)
    return form
  }
  const statusOf = async (work: Promise<unknown>) => {
    const result = await work.catch((thrown: unknown) => thrown)
    if (result instanceof Response) return result.status
    const wrapped = result as { type?: string; init?: { status?: number } | null }
    return wrapped?.type === 'DataWithResponseInit' ? (wrapped.init?.status ?? 200) : 200
  }

  test('partner users get 403 on the page and on saving; nothing changes', async () => {
    const { announcement, goldActor, region } = await scene()
    const cookie = await cookieOf(goldActor.id)
    const path = `/admin/announcements/${announcement.id}/edit`
    const params = { announcementId: announcement.id }
    expect(
      await statusOf(editLoader({ request: request(path, cookie), params, context: context() })),
    ).toBe(403)
    expect(
      await statusOf(
        editAction({
          request: request(path, cookie, formOf(region, { body: 'Hijacked' })),
          params,
          context: context(),
        }),
      ),
    ).toBe(403)
    expect((await getAnnouncement(database.db, { announcementId: announcement.id })).body).toBe(
      fields.body,
    )
  })

  test('a channel manager gets a message beside a bad field (nothing saved), 404 for junk ids, then saves', async () => {
    const { announcement, region } = await scene()
    const cookie = await cookieOf((await manager()).id)
    const path = `/admin/announcements/${announcement.id}/edit`
    const params = { announcementId: announcement.id }

    const page = await editLoader({ request: request(path, cookie), params, context: context() })
    expect(page.announcement).toMatchObject({ title: fields.title, audienceTiers: ['gold'] })

    const bad = await editAction({
      request: request(
        path,
        cookie,
        formOf(region, { title: '', attachments: 'javascript:alert(1)' }),
      ),
      params,
      context: context(),
    })
    expect(bad).toMatchObject({
      init: { status: 400 },
      data: {
        fieldErrors: {
          title: 'announcements:errors.title',
        },
      },
    })
    expect((await getAnnouncement(database.db, { announcementId: announcement.id })).title).toBe(
      fields.title,
    )

    for (const announcementId of ['not-a-uuid', '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f']) {
      const junkPath = `/admin/announcements/${encodeURIComponent(announcementId)}/edit`
      expect(
        await statusOf(
          editLoader({
            request: request(junkPath, cookie),
            params: { announcementId },
            context: context(),
          }),
        ),
      ).toBe(404)
      expect(
        await statusOf(
          editAction({
            request: request(junkPath, cookie, formOf(region)),
            params: { announcementId },
            context: context(),
          }),
        ),
      ).toBe(404)
    }

    const saved = await editAction({
      request: request(path, cookie, formOf(region, { body: 'Now in Hangzhou.' })),
      params,
      context: context(),
    }).catch((thrown: unknown) => thrown)
    expect((saved as Response).status).toBe(302)
    expect((saved as Response).headers.get('location')).toBe(
      `/admin/announcements/${announcement.id}`,
    )
    expect((await getAnnouncement(database.db, { announcementId: announcement.id })).body).toBe(
      'Now in Hangzhou.',
    )
  })
})
