import { asc, eq, gte, isNull, or } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { pricePolicies, tierDiscounts } from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { partnerTiers, type PartnerTier } from '#app/modules/partners/partner-rules'
import { isValidOn } from './price-validity-rules'

export type FindTierDiscountMatrixOptions = { now?: Date }

export type ScheduledDiscount = {
  validFrom: string
  discountBps: number
  policyId: string | null
  policyTitle: string | null
}

export type TierDiscountCell = {
  tier: PartnerTier
  /** The discount in force today; null: this tier pays list price on the line. */
  currentBps: number | null
  /** Until when today's discount is scheduled (null: open-ended or none). */
  currentValidTo: string | null
  /** The next change (the first row starting after today), if any. */
  next: ScheduledDiscount | null
  /** Further changes after the next one. */
  laterCount: number
}

export type TierDiscountMatrix = {
  today: string
  tiers: readonly PartnerTier[]
  lines: {
    id: string
    code: string
    nameEn: string
    nameZh: string
    active: boolean
    cells: TierDiscountCell[]
  }[]
}

/**
 * The tier discount matrix (tier × product line): what is in force today and what is scheduled.
 * Reads only rows that are in force or upcoming: past rows do not grow the page.
 */
export async function findTierDiscountMatrix(
  db: Database,
  options: FindTierDiscountMatrixOptions = {},
): Promise<TierDiscountMatrix> {
  const today = todayInShanghai(options.now ?? new Date())
  const [lines, rows] = await Promise.all([
    db
      .select({
        id: productLines.id,
        code: productLines.code,
        nameEn: productLines.nameEn,
        nameZh: productLines.nameZh,
        active: productLines.active,
      })
      .from(productLines)
      .orderBy(asc(productLines.code)),
    db
      .select({
        tier: tierDiscounts.tier,
        productLineId: tierDiscounts.productLineId,
        discountBps: tierDiscounts.discountBps,
        validFrom: tierDiscounts.validFrom,
        validTo: tierDiscounts.validTo,
        policyId: tierDiscounts.policyId,
        policyTitle: pricePolicies.title,
      })
      .from(tierDiscounts)
      .leftJoin(pricePolicies, eq(pricePolicies.id, tierDiscounts.policyId))
      .where(or(isNull(tierDiscounts.validTo), gte(tierDiscounts.validTo, today)))
      .orderBy(asc(tierDiscounts.validFrom)),
  ])

  const byKey = new Map<string, typeof rows>()
  for (const row of rows) {
    const key = `${row.tier}|${row.productLineId}`
    const list = byKey.get(key) ?? []
    list.push(row)
    byKey.set(key, list)
  }
  return {
    today,
    tiers: partnerTiers,
    lines: lines
      .filter((line) => line.active || partnerTiers.some((t) => byKey.has(`${t}|${line.id}`)))
      .map((line) => ({
        ...line,
        cells: partnerTiers.map((tier) => {
          const list = byKey.get(`${tier}|${line.id}`) ?? []
          const current = list.find((row) => isValidOn(row, today)) ?? null
          const upcoming = list.filter((row) => row.validFrom > today)
          const next = upcoming[0]
          return {
            tier,
            currentBps: current?.discountBps ?? null,
            currentValidTo: current?.validTo ?? null,
            next: next
              ? {
                  validFrom: next.validFrom,
                  discountBps: next.discountBps,
                  policyId: next.policyId,
                  policyTitle: next.policyTitle,
                }
              : null,
            laterCount: Math.max(0, upcoming.length - 1),
          }
        }),
      })),
  }
}
