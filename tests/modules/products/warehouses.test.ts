import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { findWarehouseList } from '#app/modules/catalog/find-warehouse-list.server'
import { saveWarehouse } from '#app/modules/catalog/save-warehouse.server'
import { WarehouseForm } from '#app/modules/catalog/warehouse-rules'
import { warehouses } from '#db/schema/catalog'
import {
  createProduct,
  createVendorStaff,
  createWarehouse,
  uniqueSuffix,
} from '#tests/factories/index'
import { toFieldErrors } from '#app/utils/forms'
import { useTestDatabase } from '#tests/setup/database'
import { auditOf, failureOf } from './helpers'

const database = useTestDatabase()

async function admin() {
  const user = await createVendorStaff(database.db, { role: 'admin' })
  return { id: user.id, email: user.email }
}

const code = () =>
  `W${uniqueSuffix()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 8)}`

describe('warehouses', () => {
  test('the form folds the code to capitals and refuses what the table cannot hold', () => {
    expect(
      WarehouseForm.parse({ code: ' gz-1 ', name: 'Guangzhou', nameZh: '广州仓', sortOrder: '4' }),
    ).toEqual({ code: 'GZ-1', name: 'Guangzhou', nameZh: '广州仓', sortOrder: 4, active: false })
    const result = WarehouseForm.safeParse({
      code: 'GZ 1',
      name: '',
      nameZh: 'x',
      sortOrder: '40000',
    })
    expect(result.success ? {} : toFieldErrors(result.error)).toEqual({
      code: 'products:warehouses.validation.code',
      name: 'validation:required',
      sortOrder: 'products:warehouses.validation.sortOrder',
    })
  })

  test('creating one writes it and a warehouse.created audit row; a code in use is a field error', async () => {
    const actor = await admin()
    const input = { code: code(), name: 'Guangzhou', nameZh: '广州仓', sortOrder: 4, active: true }
    const { warehouseId } = await saveWarehouse(database.db, { actor, input })
    const [row] = await database.db.select().from(warehouses).where(eq(warehouses.id, warehouseId))
    expect(row).toMatchObject(input)
    expect(await auditOf(database.db, warehouseId)).toEqual([
      expect.objectContaining({ action: 'warehouse.created', after: input }),
    ])

    const again = await failureOf(saveWarehouse(database.db, { actor, input }))
    expect(again).toMatchObject({
      field: 'code',
      userMessage: 'products:warehouses.validation.codeTaken',
    })
  })

  test('an edit audits what changed; saving it unchanged writes nothing', async () => {
    const actor = await admin()
    const warehouse = await createWarehouse(database.db, { sortOrder: 7 })
    const input = {
      code: warehouse.code,
      name: warehouse.name,
      nameZh: warehouse.nameZh,
      sortOrder: 2,
      active: false,
    }
    expect(
      await saveWarehouse(database.db, { actor, warehouseId: warehouse.id, input }),
    ).toMatchObject({ changed: true })
    expect(
      await saveWarehouse(database.db, { actor, warehouseId: warehouse.id, input }),
    ).toMatchObject({ changed: false })
    expect(await auditOf(database.db, warehouse.id)).toEqual([
      expect.objectContaining({
        action: 'warehouse.updated',
        before: { sortOrder: 7, active: true },
        after: { sortOrder: 2, active: false },
      }),
    ])
    const missing = await failureOf(
      saveWarehouse(database.db, { actor, warehouseId: 'nope', input }),
    )
    expect(missing.code).toBe('not_found')
  })

  test('the list sums what each warehouse holds', async () => {
    const warehouse = await createWarehouse(database.db)
    await createProduct(database.db, {
      stock: { onHand: 12, reserved: 2, warehouseId: warehouse.id },
    })
    await createProduct(database.db, { stock: { onHand: 5, warehouseId: warehouse.id } })
    const row = (await findWarehouseList(database.db)).find((w) => w.id === warehouse.id)
    expect(row).toMatchObject({ productCount: 2, onHand: 17, reserved: 2 })
  })
})
