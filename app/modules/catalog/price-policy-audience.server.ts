import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm'
import { pricePolicies } from '#db/schema/catalog'
import type { PartnerTier } from '#app/modules/partners/partner-rules'

/**
 * The published price policies addressed to a partner: to every tier (no audience tiers) or to
 * its tier, and to every partner or to it alone. A policy addressed elsewhere does not exist for
 * the partner (listing, counting and acknowledging all use this one condition).
 */
export function addressedToPartner(partner: { partnerId: string; tier: PartnerTier }): SQL {
  return and(
    eq(pricePolicies.status, 'published'),
    sql`(cardinality(${pricePolicies.audienceTiers}) = 0
      or ${partner.tier}::partner_tier = any(${pricePolicies.audienceTiers}))`,
    or(isNull(pricePolicies.partnerId), eq(pricePolicies.partnerId, partner.partnerId)),
  )!
}
