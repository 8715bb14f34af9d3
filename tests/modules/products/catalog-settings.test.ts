import { describe, expect, test } from 'vitest'
import { getCatalogSettingsForm } from '#app/modules/catalog/get-catalog-settings-form.server'
import { updateCatalogSettings } from '#app/modules/catalog/update-catalog-settings.server'
import { createVendorStaff } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { auditOf, failureOf } from './helpers'

const database = useTestDatabase()

async function admin() {
  const user = await createVendorStaff(database.db, { role: 'admin' })
  return { id: user.id, email: user.email }
}

describe('catalog settings', () => {
  test('start at exact counts with a threshold of 10', async () => {
    expect((await getCatalogSettingsForm(database.db)).values).toEqual({
      availabilityDisplay: 'exact',
      lowStockThreshold: '10',
    })
  })

  test('saving writes the values and one audit row with before and after; saving again writes nothing', async () => {
    const actor = await admin()
    const input = { availabilityDisplay: 'banded' as const, lowStockThreshold: 25 }

    expect(await updateCatalogSettings(database.db, { actor, input, ip: '10.0.0.3' })).toEqual({
      changed: true,
    })
    expect((await getCatalogSettingsForm(database.db)).values).toEqual({
      availabilityDisplay: 'banded',
      lowStockThreshold: '25',
    })
    expect(await updateCatalogSettings(database.db, { actor, input })).toEqual({ changed: false })

    const audit = await auditOf(database.db, '1')
    const ours = audit.filter((a) => a.action === 'catalog_settings.updated')
    expect(ours).toHaveLength(1)
    expect(ours[0]).toMatchObject({
      entityType: 'catalog_settings',
      actorUserId: actor.id,
      ip: '10.0.0.3',
      before: { availabilityDisplay: 'exact', lowStockThreshold: 10 },
      after: { availabilityDisplay: 'banded', lowStockThreshold: 25 },
    })
  })

  test('a threshold outside the CHECK range is a field error, never a 500', async () => {
    const before = await getCatalogSettingsForm(database.db)
    const error = await failureOf(
      updateCatalogSettings(database.db, {
        actor: await admin(),
        input: { availabilityDisplay: 'exact', lowStockThreshold: 2_000_000 },
      }),
    )
    expect(error).toMatchObject({ field: 'lowStockThreshold' })
    expect((await getCatalogSettingsForm(database.db)).values).toEqual(before.values)
  })
})
