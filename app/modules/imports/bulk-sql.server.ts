import { sql, type SQL } from 'drizzle-orm'

/**
 * Set-based writes for imports: a batch of rows travels as ONE jsonb parameter and is unpacked
 * with jsonb_to_recordset, so 10 000 rows are a handful of statements on either driver (and no
 * statement comes near PostgreSQL's 65 535-parameter limit).
 */

/** Rows per statement: large enough to be fast, small enough to keep one statement modest. */
export const importBatchSize = 2_000

export function inBatches<T>(items: readonly T[], size = importBatchSize): T[][] {
  const batches: T[][] = []
  for (let start = 0; start < items.length; start += size) {
    batches.push(items.slice(start, start + size))
  }
  return batches
}

/** A JS value as one jsonb parameter. */
export const jsonb = (value: unknown): SQL => sql`${JSON.stringify(value)}::jsonb`

/** `(select jsonb_array_elements_text(…))`: a list of texts as one parameter, for `in (…)`. */
export const textList = (values: readonly string[]): SQL =>
  sql`(select jsonb_array_elements_text(${jsonb(values)}))`
