import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { catalogSettings } from '#db/schema/catalog'
import type { CatalogSettingsFormInput } from './catalog-settings-rules'

export type CatalogSettingsFormState = {
  /** The stored values as the settings form shows them. */
  values: CatalogSettingsFormInput
  /** When they last changed (null: never saved since the migration created the row). */
  updatedAt: Date | null
}

/** The catalog settings as the vendor admin's form edits them (one row, created by 0007). */
export async function getCatalogSettingsForm(db: Database): Promise<CatalogSettingsFormState> {
  const [row] = await db
    .select({
      availabilityDisplay: catalogSettings.availabilityDisplay,
      lowStockThreshold: catalogSettings.lowStockThreshold,
      updatedAt: catalogSettings.updatedAt,
    })
    .from(catalogSettings)
    .where(eq(catalogSettings.id, 1))
    .limit(1)
  return {
    values: {
      availabilityDisplay: row?.availabilityDisplay ?? 'exact',
      lowStockThreshold: String(row?.lowStockThreshold ?? 10),
    },
    updatedAt: row?.updatedAt ?? null,
  }
}
