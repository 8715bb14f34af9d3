import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orderSettings, type OrderSettings } from '#db/schema/orders'

/** The vendor's ordering options (one row, created by migration 0009 with the defaults). */
export async function getOrderSettings(db: Database): Promise<OrderSettings> {
  const [row] = await db.select().from(orderSettings).where(eq(orderSettings.id, 1)).limit(1)
  if (row) return row
  const [created] = await db
    .insert(orderSettings)
    .values({ id: 1 })
    .onConflictDoNothing()
    .returning()
  return created ?? (await db.select().from(orderSettings).where(eq(orderSettings.id, 1)))[0]!
}
