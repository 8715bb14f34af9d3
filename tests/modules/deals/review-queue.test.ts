import { describe, expect, test } from 'vitest'
import { approveRegistration } from '#app/modules/deals/approve-registration.server'
import {
  findReviewQueue,
  type FindReviewQueueOptions,
} from '#app/modules/deals/find-review-queue.server'
import { getProspectView } from '#app/modules/deals/get-prospect-view.server'
import { getRegistrationForReview } from '#app/modules/deals/get-registration-for-review.server'
import { rejectRegistration } from '#app/modules/deals/reject-registration.server'
import { resolveConflict } from '#app/modules/deals/resolve-conflict.server'
import { parseReviewQueueQuery, type ReviewQueueQuery } from '#app/modules/deals/review-rules'
import {
  createProductLine,
  createRegisteringPartner,
  createRegistration,
  createVendorStaff,
  ensureRegions,
  registrationInput,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()
const origin = 'http://portal.test'
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The registrations tab of the queue (pending or all). */
const pageOf = async (options: FindReviewQueueOptions) =>
  (await findReviewQueue(database.db, options)).registrations!

const query = (params: Record<string, string> = {}): ReviewQueueQuery =>
  parseReviewQueueQuery(new URLSearchParams(params))

describe('findReviewQueue', () => {
  test('pending oldest first, with hours waiting and overdue past the SLA; filters by manager, region, product line and partner', async () => {
    const now = new Date('2026-11-25T12:00:00Z')
    const line = await createProductLine(database.db)
    const me = await createVendorStaff(database.db)
    const colleague = await createVendorStaff(database.db)
    await ensureRegions(database.db, ['CN-SOUTH'])
    const mine = await createRegisteringPartner(database.db, {
      channelManagerId: me.id,
      name: `Queue Mine ${Date.now()}`,
    })
    const theirs = await createRegisteringPartner(database.db, {
      channelManagerId: colleague.id,
      regions: ['CN-SOUTH'],
    })
    const old = await createRegistration(database.db, {
      actor: mine.actor,
      now: new Date(now.getTime() - 80 * HOUR),
      input: registrationInput({ productLineId: line.id }),
    })
    const fresh = await createRegistration(database.db, {
      actor: theirs.actor,
      now: new Date(now.getTime() - 5 * HOUR),
      input: registrationInput({ productLineId: line.id, regionCode: 'CN-SOUTH' }),
    })

    const all = await pageOf({ actor: me, query: query({ productLine: line.id }), now })
    expect(all.rows.map((r) => r.id)).toEqual([old.registrationId, fresh.registrationId])
    expect(all.rows[0]).toMatchObject({
      hoursWaiting: 80,
      overdue: true,
      partnerName: mine.partner.name,
    })
    expect(all.rows[1]).toMatchObject({ hoursWaiting: 5, overdue: false, regionCode: 'CN-SOUTH' })

    const overdue = await pageOf({
      actor: me,
      query: query({ productLine: line.id, overdue: '1' }),
      now,
    })
    expect(overdue.rows.map((r) => r.id)).toEqual([old.registrationId])
    const onlyMine = await pageOf({
      actor: me,
      query: query({ productLine: line.id, mine: '1' }),
      now,
    })
    expect(onlyMine.rows.map((r) => r.id)).toEqual([old.registrationId])
    const south = await pageOf({
      actor: me,
      query: query({ productLine: line.id, region: 'CN-SOUTH' }),
      now,
    })
    expect(south.rows.map((r) => r.id)).toEqual([fresh.registrationId])
    const byName = await pageOf({
      actor: me,
      query: query({ partner: mine.partner.name.slice(0, 15).toLowerCase() }),
      now,
    })
    expect(byName.rows.map((r) => r.id)).toContain(old.registrationId)
    expect(byName.rows.map((r) => r.id)).not.toContain(fresh.registrationId)
  })

  test('the all tab shows what users see: approved past its end is expired', async () => {
    const line = await createProductLine(database.db)
    const staff = await createVendorStaff(database.db)
    const partner = await createRegisteringPartner(database.db, { tier: 'gold' })
    const submitted = await createRegistration(database.db, {
      actor: partner.actor,
      now: new Date('2026-01-01T00:00:00Z'),
      input: registrationInput({ productLineId: line.id }),
    })
    const approved = await approveRegistration(database.db, {
      actor: staff,
      registrationId: submitted.registrationId,
      origin,
      now: new Date('2026-01-02T00:00:00Z'),
    })
    const rejected = await createRegistration(database.db, {
      actor: partner.actor,
      input: registrationInput({ productLineId: line.id }),
    })
    await rejectRegistration(database.db, {
      actor: staff,
      registrationId: rejected.registrationId,
      reason: 'Duplicate',
      origin,
    })

    const during = new Date(approved.protectionEndsAt.getTime() - DAY)
    const after = new Date(approved.protectionEndsAt.getTime() + DAY)
    const approvedDuring = await pageOf({
      actor: staff,
      query: query({ tab: 'all', status: 'approved', productLine: line.id }),
      now: during,
    })
    expect(approvedDuring.rows.map((r) => r.id)).toEqual([submitted.registrationId])
    const approvedAfter = await pageOf({
      actor: staff,
      query: query({ tab: 'all', status: 'approved', productLine: line.id }),
      now: after,
    })
    expect(approvedAfter.rows).toHaveLength(0)
    const expiredAfter = await pageOf({
      actor: staff,
      query: query({ tab: 'all', status: 'expired', productLine: line.id }),
      now: after,
    })
    expect(expiredAfter.rows.map((r) => [r.id, r.effectiveStatus])).toEqual([
      [submitted.registrationId, 'expired'],
    ])
    const rejectedRows = await pageOf({
      actor: staff,
      query: query({ tab: 'all', status: 'rejected', productLine: line.id }),
    })
    expect(rejectedRows.rows.map((r) => r.id)).toEqual([rejected.registrationId])
  })

  test('pages of 25 with the total of every match', async () => {
    const line = await createProductLine(database.db)
    const staff = await createVendorStaff(database.db)
    const partner = await createRegisteringPartner(database.db)
    for (let i = 0; i < 27; i++) {
      await createRegistration(database.db, {
        actor: partner.actor,
        input: registrationInput({ productLineId: line.id }),
      })
    }
    const first = await pageOf({ actor: staff, query: query({ productLine: line.id }) })
    const second = await pageOf({ actor: staff, query: query({ productLine: line.id, page: '2' }) })
    expect([first.rows.length, second.rows.length, first.total, first.pageCount]).toEqual([
      25, 2, 27, 2,
    ])
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(27)
  })
})

describe('registration detail and the prospect view', () => {
  test('detail for vendor staff: keys, history with actor names and rules, conflicts; partners get not-found', async () => {
    const line = await createProductLine(database.db)
    const staff = await createVendorStaff(database.db, { name: 'Li Na (manager)' })
    const holder = await createRegisteringPartner(database.db)
    const other = await createRegisteringPartner(database.db)
    const prospectName = `Xiamen Detail ${Date.now()} Co., Ltd.`
    const held = await createRegistration(database.db, {
      actor: holder.actor,
      now: new Date(Date.now() - DAY),
      input: registrationInput({
        productLineId: line.id,
        prospectName,
        prospectDomain: 'www.xiamen-detail.com.cn',
      }),
    })
    await createRegistration(database.db, {
      actor: other.actor,
      input: registrationInput({ productLineId: line.id, prospectName }),
    }).catch(() => null)
    await approveRegistration(database.db, {
      actor: staff,
      registrationId: held.registrationId,
      origin,
    })

    const detail = await getRegistrationForReview(database.db, {
      actor: staff,
      registrationId: held.registrationId,
    })
    expect(detail.partner.name).toBe(holder.partner.name)
    expect(detail.creator.email).toBe(holder.user.email)
    expect(detail.prospectKeys).toEqual(
      expect.arrayContaining(['domain:xiamen-detail.com.cn', expect.stringMatching(/^name:/)]),
    )
    expect(detail.events.map((e) => [e.type, e.rule])).toEqual([
      ['submitted', 'time_priority'],
      ['conflict', 'time_priority'],
      ['approved', 'manager_review'],
    ])
    expect(detail.events[2]!.actorName).toBe('Li Na (manager)')
    expect(detail.conflicts).toHaveLength(1)
    expect(detail.conflicts[0]).toMatchObject({
      role: 'holder',
      submitterName: other.partner.name,
      status: 'open',
    })

    await expect(
      getRegistrationForReview(database.db, {
        actor: { id: holder.user.id, role: 'partner_admin' },
        registrationId: held.registrationId,
      }),
    ).rejects.toMatchObject({ code: 'not_found' })
  })

  test('the prospect view lists every registration over time on any key, and conflicts with their decisions', async () => {
    const line = await createProductLine(database.db)
    const staff = await createVendorStaff(database.db)
    const first = await createRegisteringPartner(database.db)
    const second = await createRegisteringPartner(database.db, { tier: 'gold' })
    const domain = `prospect-${Date.now()}.com`
    const a = await createRegistration(database.db, {
      actor: first.actor,
      now: new Date(Date.now() - DAY),
      input: registrationInput({
        productLineId: line.id,
        prospectName: 'Alpha Name Ltd',
        prospectDomain: domain,
      }),
    })
    // A different name, the same domain: the same prospect, refused and recorded.
    await createRegistration(database.db, {
      actor: second.actor,
      input: registrationInput({
        productLineId: line.id,
        prospectName: 'Other Name Ltd',
        prospectDomain: domain,
      }),
    }).catch(() => null)
    const view0 = await getProspectView(database.db, {
      actor: staff,
      prospectKey: `domain:${domain}`,
    })
    const conflictId = view0.conflicts[0]!.id
    const awarded = await resolveConflict(database.db, {
      actor: staff,
      conflictId,
      decision: 'award_to_submitter',
      reason: 'Customer asked for them',
      origin,
    })

    const view = await getProspectView(database.db, {
      actor: staff,
      prospectKey: `domain:${domain}`,
    })
    expect(view.registrations.map((r) => [r.id, r.status])).toEqual([
      [awarded.awardedRegistrationId, 'approved'],
      [a.registrationId, 'rejected'],
    ])
    expect(view.holders.map((h) => h.partnerName)).toEqual([second.partner.name])
    expect(view.conflicts).toHaveLength(1)
    expect(view.conflicts[0]).toMatchObject({
      resolution: 'awarded_to_submitter',
      resolutionReason: 'Customer asked for them',
      awardedNumber: awarded.awardedNumber,
    })
    expect(view.relatedKeys).toEqual(expect.arrayContaining(['name:alphaname', 'name:othername']))

    // The same registrations through another of their keys.
    const byName = await getProspectView(database.db, {
      actor: staff,
      prospectKey: 'name:alphaname',
    })
    expect(byName.registrations.map((r) => r.id)).toContain(a.registrationId)

    await expect(
      getProspectView(database.db, {
        actor: staff,
        prospectKey: 'domain:nobody-registered-this.com',
      }),
    ).rejects.toMatchObject({ code: 'not_found' })
    await expect(
      getProspectView(database.db, { actor: staff, prospectKey: 'garbage' }),
    ).rejects.toMatchObject({ code: 'not_found' })
    await expect(
      getProspectView(database.db, {
        actor: { id: first.user.id, role: 'partner_user' },
        prospectKey: `domain:${domain}`,
      }),
    ).rejects.toMatchObject({ code: 'not_found' })
  })
})
