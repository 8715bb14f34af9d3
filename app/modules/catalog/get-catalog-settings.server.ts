import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { catalogSettings } from '#db/schema/catalog'
import type { AvailabilityDisplay } from './catalog-rules'

/** How partners see stock: the exact count, or bands with "low" at or below the threshold. */
export type CatalogDisplaySettings = {
  availabilityDisplay: AvailabilityDisplay
  lowStockThreshold: number
}

/** The defaults of the migration's single row, should it ever be missing. */
const defaults: CatalogDisplaySettings = { availabilityDisplay: 'exact', lowStockThreshold: 10 }

/** The vendor's catalog options (one row, created by migration 0007). */
export async function getCatalogSettings(db: Database): Promise<CatalogDisplaySettings> {
  const [row] = await db
    .select({
      availabilityDisplay: catalogSettings.availabilityDisplay,
      lowStockThreshold: catalogSettings.lowStockThreshold,
    })
    .from(catalogSettings)
    .where(eq(catalogSettings.id, 1))
    .limit(1)
  return row ?? defaults
}
