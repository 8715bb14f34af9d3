import { and, eq, notInArray, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orders } from '#db/schema/orders'

export type GetCreditExposureOptions = { partnerId: string; currency: string }

/**
 * What a partner owes or has committed on account: the totals of its open, unpaid on-account
 * orders (every status but cancelled and expired, credit hold included: those orders are waiting
 * for credit, and releasing one must not make room for others meanwhile). In the partner's credit
 * currency. placeOrder reads it with the partner row locked, so two orders never both fit.
 */
export async function getCreditExposure(
  db: Database,
  options: GetCreditExposureOptions,
): Promise<number> {
  const [row] = await db
    .select({ total: sql<string | null>`sum(${orders.totalMinor})::text` })
    .from(orders)
    .where(
      and(
        eq(orders.partnerId, options.partnerId),
        eq(orders.paymentMethod, 'on_account'),
        eq(orders.paymentStatus, 'unpaid'),
        eq(orders.currency, options.currency),
        notInArray(orders.status, ['cancelled', 'expired']),
      ),
    )
  return Number(row?.total ?? 0)
}
