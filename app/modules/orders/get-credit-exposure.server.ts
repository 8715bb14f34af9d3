import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'

export type GetCreditExposureOptions = { partnerId: string; currency: string }

/**
 * What a partner owes or has committed on account, as a scalar subquery (the sum as text, null
 * for none): the totals of its open, unpaid on-account orders (every status but cancelled and
 * expired, credit hold included: those orders are waiting for credit, and releasing one must not
 * make room for others meanwhile), in the partner's credit currency.
 */
export const creditExposureOf = (partnerId: SQL | string, currency: SQL | string) =>
  sql`(select sum(o.total_minor)::text from orders o
       where o.partner_id = ${partnerId} and o.payment_method = 'on_account'
         and o.payment_status = 'unpaid' and o.currency = ${currency}
         and o.status not in ('cancelled', 'expired'))`

/** The partner's credit exposure (creditExposureOf). placeOrder reads it with the partner row
 * locked, so two orders never both fit. */
export async function getCreditExposure(
  db: Database,
  options: GetCreditExposureOptions,
): Promise<number> {
  const [row] = await queryRows<{ total: string | null }>(
    db,
    sql`select ${creditExposureOf(options.partnerId, options.currency)} as total`,
  )
  return Number(row?.total ?? 0)
}
