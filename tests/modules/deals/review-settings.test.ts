import { and, desc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { getDealSettings } from '#app/modules/deals/get-deal-settings.server'
import { DealSettingsForm, dealSettingsFormValues } from '#app/modules/deals/settings-rules'
import { updateDealSettings } from '#app/modules/deals/update-deal-settings.server'
import { parseForm } from '#app/utils/forms'
import { createVendorStaff } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

const defaults = {
  protectionDaysPlatinum: '120',
  protectionDaysGold: '90',
  protectionDaysSilver: '90',
  protectionDaysRegistered: '90',
  extensionMaxCount: '1',
  extensionDays: '30',
  expiryWarningDays: '14',
  reviewSlaHours: '72',
  territoryPolicy: 'review',
  autoApproveBelow: '0',
  autoApproveCurrency: 'CNY',
  dealDiscountPercent: '5',
  availabilityChecksPerHour: '30',
}

function form(fields: Record<string, string>) {
  const data = new FormData()
  for (const [key, value] of Object.entries(fields)) data.append(key, value)
  return parseForm(DealSettingsForm, data)
}

describe('the settings form', () => {
  test.each([
    ['protectionDaysGold', '0', 'review:settings.errors.protectionDays'],
    ['protectionDaysGold', '731', 'review:settings.errors.protectionDays'],
    ['protectionDaysPlatinum', '12.5', 'review:settings.errors.protectionDays'],
    ['extensionMaxCount', '11', 'review:settings.errors.extensionMaxCount'],
    ['extensionDays', '366', 'review:settings.errors.extensionDays'],
    ['expiryWarningDays', '91', 'review:settings.errors.expiryWarningDays'],
    ['reviewSlaHours', '0', 'review:settings.errors.reviewSlaHours'],
    ['reviewSlaHours', '721', 'review:settings.errors.reviewSlaHours'],
    ['availabilityChecksPerHour', '10001', 'review:settings.errors.availabilityChecksPerHour'],
    ['dealDiscountPercent', '50.01', 'review:settings.errors.dealDiscount'],
    ['dealDiscountPercent', '-1', 'review:settings.errors.dealDiscount'],
    ['autoApproveBelow', 'abc', 'validation:invalidAmount'],
    ['autoApproveCurrency', 'yuan', 'review:settings.errors.currency'],
    ['territoryPolicy', 'maybe', 'validation:invalidChoice'],
  ])('%s = %s is refused next to the field', (field, value, message) => {
    const result = form({ ...defaults, [field]: value })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.fieldErrors[field]).toBe(message)
  })

  test('the bounds themselves are accepted and converted (percent to basis points, money to minor units)', () => {
    const result = form({
      ...defaults,
      protectionDaysGold: '730',
      protectionDaysSilver: '1',
      extensionMaxCount: '0',
      expiryWarningDays: '0',
      reviewSlaHours: '720',
      dealDiscountPercent: '2.5',
      autoApproveEnabled: 'on',
      autoApproveBelow: '50,000.00',
    })
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.data).toMatchObject({
        protectionDaysGold: 730,
        protectionDaysSilver: 1,
        extensionMaxCount: 0,
        dealDiscountBps: 250,
        autoApproveEnabled: true,
        autoApproveBelowMinor: 5_000_000,
      })
      expect(dealSettingsFormValues(result.data)).toMatchObject({
        dealDiscountPercent: '2.5',
        autoApproveBelow: '50000.00',
      })
    }
  })

  test('auto-approval switched on needs a threshold above zero', () => {
    const result = form({ ...defaults, autoApproveEnabled: 'on', autoApproveBelow: '0' })
    expect(result.ok).toBe(false)
    if (!result.ok)
      expect(result.fieldErrors.autoApproveBelow).toBe(
        'review:settings.errors.autoApproveThreshold',
      )
  })
})

describe('updateDealSettings', () => {
  test('an admin saves the rules; the audit keeps only what changed, before and after', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const actor = { id: admin.id, email: admin.email, role: admin.role }
    const original = await getDealSettings(database.db)
    const parsed = form({ ...defaults, protectionDaysGold: '100', reviewSlaHours: '48' })
    if (!parsed.ok) throw new Error('form should parse')
    try {
      const result = await updateDealSettings(database.db, {
        actor,
        input: parsed.data,
        ip: '10.0.0.1',
      })
      expect(result.changed).toBe(true)
      const saved = await getDealSettings(database.db)
      expect(saved).toMatchObject({
        protectionDaysGold: 100,
        reviewSlaHours: 48,
        protectionDaysPlatinum: 120,
      })
      const [audit] = await database.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.action, 'deal_settings.updated'), eq(auditLog.actorUserId, admin.id)),
        )
        .orderBy(desc(auditLog.createdAt))
      expect(audit!.before).toEqual({ protectionDaysGold: 90, reviewSlaHours: 72 })
      expect(audit!.after).toEqual({ protectionDaysGold: 100, reviewSlaHours: 48 })

      // Saving the same values again writes nothing.
      const again = await updateDealSettings(database.db, { actor, input: parsed.data })
      expect(again.changed).toBe(false)
      const audits = await database.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.action, 'deal_settings.updated'), eq(auditLog.actorUserId, admin.id)),
        )
      expect(audits).toHaveLength(1)
    } finally {
      const { id: _id, createdAt: _c, updatedAt: _u, ...restore } = original
      await updateDealSettings(database.db, { actor, input: restore })
    }
  })

  test('a channel manager cannot change the rules', async () => {
    const manager = await createVendorStaff(database.db)
    const parsed = form({ ...defaults, protectionDaysGold: '10' })
    if (!parsed.ok) throw new Error('form should parse')
    await expect(
      updateDealSettings(database.db, {
        actor: { id: manager.id, email: manager.email, role: manager.role },
        input: parsed.data,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' })
    expect((await getDealSettings(database.db)).protectionDaysGold).toBe(90)
  })

  test('a value past the database CHECK is refused with a clear error, nothing written', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const parsed = form(defaults)
    if (!parsed.ok) throw new Error('form should parse')
    await expect(
      updateDealSettings(database.db, {
        actor: { id: admin.id, email: admin.email, role: admin.role },
        input: { ...parsed.data, extensionDays: 1000 },
      }),
    ).rejects.toMatchObject({ code: 'invalid', userMessage: 'review:settings.errors.outOfRange' })
    expect((await getDealSettings(database.db)).extensionDays).toBe(30)
  })
})
