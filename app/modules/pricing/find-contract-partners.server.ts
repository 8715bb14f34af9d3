import { asc, gte, ilike, isNull, or, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { contractPrices } from '#db/schema/catalog'
import { partners } from '#db/schema/partners'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import type { PartnerStatus, PartnerTier } from '#app/modules/partners/partner-rules'

export type FindContractPartnersOptions = {
  /** Name or code search; empty: the partners that have contract prices. */
  q?: string
  now?: Date
}

export type ContractPartnerRow = {
  id: string
  code: string
  name: string
  tier: PartnerTier
  status: PartnerStatus
  /** Contract prices in force today or starting later. */
  openContracts: number
}

export const contractPartnerPickerLimit = 20

/** LIKE treats % and _ as wildcards; a search for "50%" means the characters. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * The partner picker of the contract price page: up to 20 partners matching a name or code, or,
 * without a search, the partners that have contract prices in force or upcoming.
 */
export async function findContractPartners(
  db: Database,
  options: FindContractPartnersOptions = {},
): Promise<ContractPartnerRow[]> {
  const today = todayInShanghai(options.now ?? new Date())
  const q = options.q?.trim() ?? ''
  const open = sql<number>`(
    select count(*)::int from ${contractPrices}
    where ${contractPrices.partnerId} = ${partners.id}
      and (${contractPrices.validTo} is null or ${contractPrices.validTo} >= ${today}))`
  const rows = await db
    .select({
      id: partners.id,
      code: partners.code,
      name: partners.name,
      tier: partners.tier,
      status: partners.status,
      openContracts: open,
    })
    .from(partners)
    .where(
      q
        ? or(ilike(partners.name, `%${escapeLike(q)}%`), ilike(partners.code, `%${escapeLike(q)}%`))
        : sql`exists (select 1 from ${contractPrices}
            where ${contractPrices.partnerId} = ${partners.id}
              and ${or(isNull(contractPrices.validTo), gte(contractPrices.validTo, today))})`,
    )
    .orderBy(asc(partners.name), asc(partners.id))
    .limit(contractPartnerPickerLimit)
  return rows.map((row) => ({ ...row, openContracts: Number(row.openContracts) }))
}
