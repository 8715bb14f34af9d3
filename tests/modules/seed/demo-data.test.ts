import { sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { queryRows } from '#db/execute.server'
import { seedDemoData } from '#db/seed'
import { checkOrderConsistency } from '#app/modules/orders/check-order-consistency.server'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

// The demo data is what a new user sees first and what vendor staff try things on: it must obey
// the same rules as data the portal writes itself.
describe('the demo data', () => {
  test(
    'breaks no ordering rule: every open order holds its stock, totals and payments agree',
    { timeout: 120_000 },
    async () => {
      await seedDemoData(database.db)
      expect(await checkOrderConsistency(database.db)).toEqual([])
      const [totals] = await queryRows<{ mismatched: number; orders: number }>(
        database.db,
        sql`select count(*) filter (where ps.on_hand <> s.on_hand or ps.reserved <> s.reserved)::int as mismatched,
            (select count(*)::int from orders) as orders
          from product_stock ps
          join (select product_id, sum(on_hand)::int as on_hand, sum(reserved)::int as reserved
                from stock_levels group by product_id) s on s.product_id = ps.product_id`,
      )
      expect(totals).toEqual({ mismatched: 0, orders: expect.any(Number) })
      expect(totals!.orders).toBeGreaterThan(100)
    },
  )
})
