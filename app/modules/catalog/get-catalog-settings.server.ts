import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { catalogSettings, type CatalogSettings } from '#db/schema/catalog'

/** How partners see stock: the exact count, or bands with "low" at or below the threshold. */
export type CatalogDisplaySettings = Pick<
  CatalogSettings,
  'availabilityDisplay' | 'lowStockThreshold'
>

/** The vendor's catalog options (one row, created by the migration with the defaults). */
export async function getCatalogSettings(db: Database): Promise<CatalogSettings> {
  const [row] = await db.select().from(catalogSettings).where(eq(catalogSettings.id, 1)).limit(1)
  if (row) return row
  const [created] = await db
    .insert(catalogSettings)
    .values({ id: 1 })
    .onConflictDoNothing()
    .returning()
  return created ?? (await db.select().from(catalogSettings).where(eq(catalogSettings.id, 1)))[0]!
}
