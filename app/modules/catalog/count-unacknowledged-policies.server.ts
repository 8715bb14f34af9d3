import { and, eq, gt, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { pricePolicies, pricePolicyAcknowledgements } from '#db/schema/catalog'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { addressedToPartner } from './price-policy-audience.server'

export type CountUnacknowledgedPoliciesOptions = {
  actor: { userId: string; partnerId: string; tier: PartnerTier }
  /** Today: a calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
  date: string
}

/** How many upcoming policies addressed to the partner the acting user has not acknowledged. */
export async function countUnacknowledgedPolicies(
  db: Database,
  options: CountUnacknowledgedPoliciesOptions,
): Promise<number> {
  const { actor, date } = options
  const [row] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(pricePolicies)
    .leftJoin(
      pricePolicyAcknowledgements,
      and(
        eq(pricePolicyAcknowledgements.policyId, pricePolicies.id),
        eq(pricePolicyAcknowledgements.userId, actor.userId),
      ),
    )
    .where(
      and(
        addressedToPartner(actor),
        gt(pricePolicies.effectiveFrom, date),
        sql`${pricePolicyAcknowledgements.policyId} is null`,
      ),
    )
  return Number(row?.total ?? 0)
}
