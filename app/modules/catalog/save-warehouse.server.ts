import { and, eq, ne } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { warehouses, type Warehouse } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError, constraintOf, sqlStateOf } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import type { WarehouseFormData } from './warehouse-rules'

export type SaveWarehouseOptions = {
  actor: { id: string; email: string }
  /** Absent: a new warehouse. Present: the warehouse to update. */
  warehouseId?: string
  input: WarehouseFormData
  ip?: string | null
}

const snapshot = (w: Warehouse) => ({
  code: w.code,
  name: w.name,
  nameZh: w.nameZh,
  sortOrder: w.sortOrder,
  active: w.active,
})

/**
 * Creates a warehouse or saves changes to one (code, names, sort order, active). A code in use
 * by another warehouse is a field error. An inactive warehouse keeps its stock rows; it only
 * stops being offered for new stock. Saving unchanged values writes nothing.
 */
export async function saveWarehouse(
  db: Database,
  options: SaveWarehouseOptions,
): Promise<{ warehouseId: string; changed: boolean }> {
  const { input, warehouseId } = options
  if (warehouseId !== undefined && !isUuid(warehouseId)) throw notFound()
  try {
    return await db.transaction(async (tx) => {
      const [sameCode] = await tx
        .select({ id: warehouses.id })
        .from(warehouses)
        .where(
          and(
            eq(warehouses.code, input.code),
            warehouseId ? ne(warehouses.id, warehouseId) : undefined,
          ),
        )
        .limit(1)
      if (sameCode) throw codeTaken()

      if (!warehouseId) {
        const [created] = await tx.insert(warehouses).values(input).returning()
        await recordAudit(tx, {
          actor: options.actor,
          action: 'warehouse.created',
          entityType: 'warehouse',
          entityId: created!.id,
          before: null,
          after: snapshot(created!),
          ip: options.ip,
        })
        return { warehouseId: created!.id, changed: true }
      }

      const [current] = await tx
        .select()
        .from(warehouses)
        .where(eq(warehouses.id, warehouseId))
        .for('update')
      if (!current) throw notFound()
      const before = snapshot(current)
      const after = {
        code: input.code,
        name: input.name,
        nameZh: input.nameZh,
        sortOrder: input.sortOrder,
        active: input.active,
      }
      if (JSON.stringify(before) === JSON.stringify(after)) return { warehouseId, changed: false }
      await tx.update(warehouses).set(after).where(eq(warehouses.id, warehouseId))
      await recordAudit(tx, {
        actor: options.actor,
        action: 'warehouse.updated',
        entityType: 'warehouse',
        entityId: warehouseId,
        before,
        after,
        ip: options.ip,
      })
      return { warehouseId, changed: true }
    })
  } catch (error) {
    if (sqlStateOf(error) === '23505' && constraintOf(error) === 'warehouses_code_key') {
      throw codeTaken()
    }
    throw error
  }
}

function codeTaken() {
  return new AppError('conflict', {
    userMessage: 'products:warehouses.validation.codeTaken',
    field: 'code',
  })
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
