import { sql, type SQL } from 'drizzle-orm'
import { pricePolicies, pricePolicyAcknowledgements } from '#db/schema/catalog'
import { partners } from '#db/schema/partners'

// SQL shared by the policy list and the policy page (not a use case itself). The same rule as
// isAddressedBy in price-policy-rules.ts: a policy addresses its one partner, or every active
// partner in its audience tiers (none listed = every tier).

/** True for a `partners` row the surrounding `price_policies` row addresses. */
export const addressesPartner: SQL = sql`${partners.status} = 'active' and (case
  when ${pricePolicies.partnerId} is not null then ${partners.id} = ${pricePolicies.partnerId}
  else cardinality(${pricePolicies.audienceTiers}) = 0
    or ${partners.tier} = any(${pricePolicies.audienceTiers}) end)`

/** True for a `partners` row with at least one acknowledgement of the surrounding policy. */
export const hasAcknowledged: SQL = sql`exists (
  select 1 from ${pricePolicyAcknowledgements}
  where ${pricePolicyAcknowledgements.policyId} = ${pricePolicies.id}
    and ${pricePolicyAcknowledgements.partnerId} = ${partners.id})`

/** Addressed partners of the surrounding policy row. */
export const addressedCount: SQL<number> = sql<number>`(
  select count(*)::int from ${partners} where ${addressesPartner})`

/** Addressed partners that acknowledged the surrounding policy row. */
export const acknowledgedCount: SQL<number> = sql<number>`(
  select count(*)::int from ${partners} where ${addressesPartner} and ${hasAcknowledged})`
