import { describe, expect, test } from 'vitest'
import { AnnouncementForm, parseAttachments } from '#app/modules/announcements/announcement-rules'
import { findPartnerAnnouncements } from '#app/modules/announcements/find-partner-announcements.server'
import { getAnnouncementReceipts } from '#app/modules/announcements/get-announcement-receipts.server'
import { openAnnouncement } from '#app/modules/announcements/open-announcement.server'
import { createAnnouncement } from '#tests/factories/contribution'
import { createPartner } from '#tests/factories/partners'
import { createUser } from '#tests/factories/users'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()
const yesterday = new Date(Date.now() - 86_400_000)

describe('attachments and the form', () => {
  test.each([
    [
      'Terms | https://example.com/terms.pdf',
      [{ label: 'Terms', url: 'https://example.com/terms.pdf' }],
    ],
    ['/docs/a.pdf', [{ label: '/docs/a.pdf', url: '/docs/a.pdf' }]],
    ['Bad | javascript:alert(1)', null],
    ['Plain | http://example.com', null],
    ['Protocol-relative | //evil.example/x', null],
  ])('%s', (text, expected) => {
    expect(parseAttachments(text)).toEqual(expected)
  })

  test('a title is required', () => {
    const parsed = AnnouncementForm.safeParse({ title: ' ', kind: 'news', publish: 'on' })
    expect(parsed.error?.issues[0]?.path).toEqual(['title'])
  })
})

describe('audience and read receipts', () => {
  test('a partner sees what is addressed to its tier and regions, and reading it is recorded once', async () => {
    const db = database.db
    const gold = await createPartner(db, { tier: 'gold', regions: ['CN-EAST'] })
    const silver = await createPartner(db, { tier: 'silver', regions: ['CN-SOUTH'] })
    const goldUser = await createUser(db, { role: 'partner_user', partnerId: gold.id })
    const silverUser = await createUser(db, { role: 'partner_user', partnerId: silver.id })
    const forGold = await createAnnouncement(db, {
      title: 'For gold in the east',
      audienceTiers: ['gold'],
      audienceRegions: ['CN-EAST'],
      publishedAt: yesterday,
    })
    const forSouth = await createAnnouncement(db, {
      title: 'For the south',
      audienceRegions: ['CN-SOUTH'],
      publishedAt: yesterday,
    })
    const draft = await createAnnouncement(db, { title: 'Draft for all' })

    const goldActor = { id: goldUser.id, partnerId: gold.id }
    const silverActor = { id: silverUser.id, partnerId: silver.id }
    const goldList = await findPartnerAnnouncements(db, { actor: goldActor })
    expect(goldList.map((a) => a.title)).toContain('For gold in the east')
    expect(goldList.map((a) => a.title)).not.toContain('For the south')
    expect(goldList.map((a) => a.title)).not.toContain('Draft for all')

    await expect(
      openAnnouncement(db, { actor: silverActor, announcementId: forGold.id }),
    ).rejects.toMatchObject({ code: 'not_found' })
    await expect(
      openAnnouncement(db, { actor: goldActor, announcementId: draft.id }),
    ).rejects.toMatchObject({ code: 'not_found' })

    const first = await openAnnouncement(db, { actor: goldActor, announcementId: forGold.id })
    const again = await openAnnouncement(db, { actor: goldActor, announcementId: forGold.id })
    expect(again.readAt).toEqual(first.readAt)
    const after = await findPartnerAnnouncements(db, { actor: goldActor })
    expect(after.find((a) => a.id === forGold.id)?.readAt).toEqual(first.readAt)

    const { receipts } = await getAnnouncementReceipts(db, { announcementId: forGold.id })
    const goldReceipt = receipts.find((r) => r.partnerId === gold.id)
    expect(goldReceipt).toMatchObject({ readers: 1, firstReader: goldUser.name })
    expect(receipts.some((r) => r.partnerId === silver.id)).toBe(false)
    const south = await getAnnouncementReceipts(db, { announcementId: forSouth.id })
    expect(south.receipts.find((r) => r.partnerId === silver.id)).toMatchObject({
      readers: 0,
      firstReadAt: null,
    })
  })
})
