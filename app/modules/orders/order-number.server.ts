import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { formatOrderNumber } from './order-rules'

/** The next readable order number (SO-260001…) from order_number_seq: unique, gap-tolerant. */
export async function nextOrderNumber(db: Database, now: Date): Promise<string> {
  const [row] = await queryRows<{ seq: string }>(
    db,
    sql`select nextval('order_number_seq')::text as seq`,
  )
  return formatOrderNumber(Number(row!.seq), todayInShanghai(now))
}
