import { sql, type SQL } from 'drizzle-orm'

/**
 * An announcement (alias a) is addressed to a partner (alias p) when its tier lists are empty or
 * name the partner's tier, and its region list is empty or names one of the partner's regions.
 */
export const addressedTo: SQL = sql`(cardinality(a.audience_tiers) = 0 or p.tier = any(a.audience_tiers))
  and (cardinality(a.audience_regions) = 0 or exists (
    select 1 from partner_territories pt
    where pt.partner_id = p.id and pt.region_code = any(a.audience_regions)))`
