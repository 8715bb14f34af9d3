import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import type { PartnerFormData } from '#app/modules/partners/partner-rules'
import { updatePartner } from '#app/modules/partners/update-partner.server'
import { AppError } from '#app/utils/app-error'
import { auditLog } from '#db/schema/audit'
import { partners, partnerTerritories, type Partner } from '#db/schema/partners'
import { createPartner, createUser, createVendorStaff, ensureRegions } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

/** The edit form as it would come back unchanged for this partner, with some fields changed. */
function formFor(
  partner: Partner,
  territories: PartnerFormData['territories'],
  changes: Partial<PartnerFormData> = {},
): PartnerFormData {
  return {
    name: partner.name,
    code: partner.code,
    kind: partner.kind,
    tier: partner.tier,
    currency: partner.currency,
    creditLimitMinor: partner.creditLimitMinor,
    paymentTermsDays: partner.paymentTermsDays,
    channelManagerId: partner.channelManagerId,
    territories,
    ...changes,
  }
}

async function failureOf(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

const auditOf = (partnerId: string) =>
  database.db.select().from(auditLog).where(eq(auditLog.entityId, partnerId)).orderBy(auditLog.id)

describe('updatePartner', () => {
  test('saves the changes and audits exactly what changed, before and after', async () => {
    const staff = await createVendorStaff(database.db)
    const manager = await createVendorStaff(database.db)
    const partner = await createPartner(database.db, { tier: 'silver', regions: ['CN-EAST'] })
    await ensureRegions(database.db, ['CN-NORTH'])
    const territories = [
      { regionCode: 'CN-EAST', industries: [] },
      { regionCode: 'CN-NORTH', industries: ['energy'] },
    ]

    const result = await updatePartner(database.db, {
      actor: staff,
      partnerId: partner.id,
      input: formFor(partner, territories, {
        tier: 'gold',
        creditLimitMinor: 1_000_000_00,
        channelManagerId: manager.id,
        code: null,
      }),
    })

    expect(result).toEqual({ changed: true })
    const [row] = await database.db.select().from(partners).where(eq(partners.id, partner.id))
    expect(row).toMatchObject({
      tier: 'gold',
      creditLimitMinor: 1_000_000_00,
      channelManagerId: manager.id,
      // An empty code on the edit form keeps the current one.
      code: partner.code,
      name: partner.name,
    })
    const saved = await database.db
      .select({
        regionCode: partnerTerritories.regionCode,
        industries: partnerTerritories.industries,
      })
      .from(partnerTerritories)
      .where(eq(partnerTerritories.partnerId, partner.id))
      .orderBy(partnerTerritories.regionCode)
    expect(saved).toEqual(territories)

    const audit = await auditOf(partner.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'partner.updated',
      partnerId: partner.id,
      actorUserId: staff.id,
      before: {
        tier: 'silver',
        creditLimitMinor: partner.creditLimitMinor,
        channelManagerId: null,
        territories: [{ regionCode: 'CN-EAST', industries: [] }],
      },
      after: {
        tier: 'gold',
        creditLimitMinor: 1_000_000_00,
        channelManagerId: manager.id,
        territories,
      },
    })
    // Unchanged fields are not repeated in the audit row.
    expect(Object.keys(audit[0].after as object).sort()).toEqual(
      ['channelManagerId', 'creditLimitMinor', 'territories', 'tier'].sort(),
    )
  })

  test('saving an unchanged form writes no audit row', async () => {
    const staff = await createVendorStaff(database.db)
    const partner = await createPartner(database.db, {
      regions: ['CN-EAST'],
      industries: ['pharma'],
    })
    const result = await updatePartner(database.db, {
      actor: staff,
      partnerId: partner.id,
      input: formFor(partner, [{ regionCode: 'CN-EAST', industries: ['pharma'] }]),
    })
    expect(result).toEqual({ changed: false })
    expect(await auditOf(partner.id)).toHaveLength(0)
  })

  test('renaming to another partner’s name (any case) is a field error and changes nothing', async () => {
    const staff = await createVendorStaff(database.db)
    const other = await createPartner(database.db)
    const partner = await createPartner(database.db)
    const error = await failureOf(
      updatePartner(database.db, {
        actor: staff,
        partnerId: partner.id,
        input: formFor(partner, [], {
          name: `  ${other.name.toLowerCase()}`.trim(),
          tier: 'platinum',
        }),
      }),
    )
    expect(error).toMatchObject({ field: 'name', userMessage: 'partners:validation.nameTaken' })
    const [row] = await database.db.select().from(partners).where(eq(partners.id, partner.id))
    expect(row).toMatchObject({ name: partner.name, tier: partner.tier })
    expect(await auditOf(partner.id)).toHaveLength(0)
  })

  test('changing only the case of its own name is allowed', async () => {
    const staff = await createVendorStaff(database.db)
    const partner = await createPartner(database.db)
    await updatePartner(database.db, {
      actor: staff,
      partnerId: partner.id,
      input: formFor(partner, [], { name: partner.name.toUpperCase() }),
    })
    const [row] = await database.db.select().from(partners).where(eq(partners.id, partner.id))
    expect(row.name).toBe(partner.name.toUpperCase())
  })

  test('an unknown region or a manager who is not a channel manager is a field error', async () => {
    const staff = await createVendorStaff(database.db)
    const partner = await createPartner(database.db, { regions: ['CN-EAST'] })
    const unknownRegion = await failureOf(
      updatePartner(database.db, {
        actor: staff,
        partnerId: partner.id,
        input: formFor(partner, [{ regionCode: 'NOWHERE', industries: [] }]),
      }),
    )
    expect(unknownRegion.field).toBe('territory')

    const partnerUser = await createUser(database.db)
    const badManager = await failureOf(
      updatePartner(database.db, {
        actor: staff,
        partnerId: partner.id,
        input: formFor(partner, [], { channelManagerId: partnerUser.id }),
      }),
    )
    expect(badManager.field).toBe('channelManagerId')
    const territory = await database.db
      .select()
      .from(partnerTerritories)
      .where(eq(partnerTerritories.partnerId, partner.id))
    expect(territory.map((t) => t.regionCode)).toEqual(['CN-EAST'])
  })

  test.each(['not-a-uuid', '6f1c1f8e-5d2a-4b8a-9a51-0c6f2e9c1d11'])(
    'partner id %s is not found',
    async (partnerId) => {
      const staff = await createVendorStaff(database.db)
      const partner = await createPartner(database.db)
      const error = await failureOf(
        updatePartner(database.db, { actor: staff, partnerId, input: formFor(partner, []) }),
      )
      expect(error.code).toBe('not_found')
    },
  )
})
