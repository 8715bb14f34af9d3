import { asc } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { regions, type Region } from '#db/schema/partners'

export type FindRegionsOptions = Record<string, never>

/** Every region a territory can name, by code. A short table (tens of rows). */
export async function findRegions(
  db: Database,
  _options: FindRegionsOptions = {},
): Promise<Region[]> {
  return db.select().from(regions).orderBy(asc(regions.code))
}
