import { asc } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { productLines } from '#db/schema/deals'
import { regions } from '#db/schema/partners'

export type FindReviewFilterOptionsOptions = Record<string, never>

/** The choices of the review queue's filters: regions and product lines (short tables). */
export async function findReviewFilterOptions(
  db: Database,
  _options: FindReviewFilterOptionsOptions = {},
) {
  const [regionRows, productLineRows] = await Promise.all([
    db.select().from(regions).orderBy(asc(regions.code)),
    db
      .select({
        id: productLines.id,
        code: productLines.code,
        nameEn: productLines.nameEn,
        nameZh: productLines.nameZh,
      })
      .from(productLines)
      .orderBy(asc(productLines.code)),
  ])
  return { regions: regionRows, productLines: productLineRows }
}
