import { count, desc, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { pricePolicies } from '#db/schema/catalog'
import { partners } from '#db/schema/partners'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { acknowledgedCount, addressedCount } from './policy-audience.server'
import { policiesPageSize, policyPhase, type PolicyPhase } from './price-policy-rules'

export type FindPricePoliciesOptions = { page?: number; now?: Date }

export type PricePolicyListRow = {
  id: string
  title: string
  effectiveFrom: string
  phase: PolicyPhase
  audienceTiers: PartnerTier[]
  partner: { id: string; code: string; name: string } | null
  publishedAt: Date | null
  addressedCount: number
  acknowledgedCount: number
}

export type FindPricePoliciesResult = {
  policies: PricePolicyListRow[]
  total: number
  page: number
  pageCount: number
}

/**
 * One page (25) of price policies, the latest effective date first, each with how many addressed
 * partners acknowledged it out of how many it addresses.
 */
export async function findPricePolicies(
  db: Database,
  options: FindPricePoliciesOptions = {},
): Promise<FindPricePoliciesResult> {
  const today = todayInShanghai(options.now ?? new Date())
  const page = options.page && options.page >= 1 ? Math.floor(options.page) : 1
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: pricePolicies.id,
        title: pricePolicies.title,
        effectiveFrom: pricePolicies.effectiveFrom,
        status: pricePolicies.status,
        audienceTiers: pricePolicies.audienceTiers,
        partnerId: pricePolicies.partnerId,
        partnerCode: partners.code,
        partnerName: partners.name,
        publishedAt: pricePolicies.publishedAt,
        addressedCount,
        acknowledgedCount,
      })
      .from(pricePolicies)
      .leftJoin(partners, eq(partners.id, pricePolicies.partnerId))
      .orderBy(
        desc(pricePolicies.effectiveFrom),
        desc(pricePolicies.createdAt),
        desc(pricePolicies.id),
      )
      .limit(policiesPageSize)
      .offset((page - 1) * policiesPageSize),
    db.select({ total: count() }).from(pricePolicies),
  ])
  const total = Number(counted?.total ?? 0)
  return {
    policies: rows.map((row) => ({
      id: row.id,
      title: row.title,
      effectiveFrom: row.effectiveFrom,
      phase: policyPhase(row, today),
      audienceTiers: row.audienceTiers,
      partner:
        row.partnerId && row.partnerCode && row.partnerName
          ? { id: row.partnerId, code: row.partnerCode, name: row.partnerName }
          : null,
      publishedAt: row.publishedAt,
      addressedCount: Number(row.addressedCount),
      acknowledgedCount: Number(row.acknowledgedCount),
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / policiesPageSize)),
  }
}
