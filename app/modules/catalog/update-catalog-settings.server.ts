import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { catalogSettings, type CatalogSettings } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError, sqlStateOf } from '#app/utils/app-error'
import type { CatalogSettingsInput } from './catalog-settings-rules'

// catalog-settings-rules.ts repeats the enum list for the browser; this fails to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const displaysMatch: Same<
  CatalogSettingsInput['availabilityDisplay'],
  CatalogSettings['availabilityDisplay']
> = true
void displaysMatch

export type UpdateCatalogSettingsOptions = {
  actor: { id: string; email: string }
  input: CatalogSettingsInput
  ip?: string | null
}

/**
 * Saves how partners see availability (exact or banded) and the low-stock threshold. The audit
 * row keeps what changed, before and after; saving the same values writes nothing.
 */
export async function updateCatalogSettings(
  db: Database,
  options: UpdateCatalogSettingsOptions,
): Promise<{ changed: boolean }> {
  const { input } = options
  try {
    return await db.transaction(async (tx) => {
      // The migration creates the single row; should it be missing, it comes back with defaults.
      await tx.insert(catalogSettings).values({ id: 1 }).onConflictDoNothing()
      const [current] = await tx
        .select()
        .from(catalogSettings)
        .where(eq(catalogSettings.id, 1))
        .for('update')
      const before = {
        availabilityDisplay: current!.availabilityDisplay,
        lowStockThreshold: current!.lowStockThreshold,
      }
      if (
        before.availabilityDisplay === input.availabilityDisplay &&
        before.lowStockThreshold === input.lowStockThreshold
      ) {
        return { changed: false }
      }
      const after = {
        availabilityDisplay: input.availabilityDisplay,
        lowStockThreshold: input.lowStockThreshold,
      }
      await tx.update(catalogSettings).set(after).where(eq(catalogSettings.id, 1))
      await recordAudit(tx, {
        actor: options.actor,
        action: 'catalog_settings.updated',
        entityType: 'catalog_settings',
        entityId: '1',
        before,
        after,
        ip: options.ip,
      })
      return { changed: true }
    })
  } catch (error) {
    // The form has the CHECK's range; this is a backstop for a caller that skipped it.
    if (sqlStateOf(error) === '23514') {
      throw new AppError('invalid', {
        userMessage: 'products:settings.validation.threshold',
        field: 'lowStockThreshold',
      })
    }
    throw error
  }
}
