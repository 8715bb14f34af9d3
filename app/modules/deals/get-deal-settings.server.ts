import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { dealSettings, type DealSettings } from '#db/schema/deals'

/** The vendor's registration rules (one row, created by the migration with the defaults). */
export async function getDealSettings(db: Database): Promise<DealSettings> {
  const [row] = await db.select().from(dealSettings).where(eq(dealSettings.id, 1)).limit(1)
  if (row) return row
  const [created] = await db
    .insert(dealSettings)
    .values({ id: 1 })
    .onConflictDoNothing()
    .returning()
  return created ?? (await db.select().from(dealSettings).where(eq(dealSettings.id, 1)))[0]!
}
