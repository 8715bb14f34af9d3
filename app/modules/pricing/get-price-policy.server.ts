import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { pricePolicies, tierDiscounts } from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { acknowledgedCount, addressedCount } from './policy-audience.server'
import { canWithdrawPolicy, policyPhase, type PolicyPhase } from './price-policy-rules'

export type GetPricePolicyOptions = { policyId: string; now?: Date }

export type PolicyChange = {
  tier: PartnerTier
  productLine: { id: string; code: string; nameEn: string; nameZh: string } | null
  discountBps: number
  /** The discount the change replaces (null: list price, or unknown). */
  previousBps: number | null
  /** Null for a withdrawn policy, whose rows are gone. */
  validFrom: string | null
  validTo: string | null
}

export type PricePolicyDetail = {
  id: string
  title: string
  body: string
  effectiveFrom: string
  phase: PolicyPhase
  audienceTiers: PartnerTier[]
  partner: { id: string; code: string; name: string } | null
  publishedAt: Date | null
  publishedByName: string | null
  /** When it was withdrawn (the last change of a withdrawn policy). */
  withdrawnAt: Date | null
  canWithdraw: boolean
  today: string
  changes: PolicyChange[]
  addressedCount: number
  acknowledgedCount: number
}

const notFound = () => new AppError('not_found', { userMessage: 'errors:notFound.title' })

type AuditedChange = {
  tier: PartnerTier
  productLineId: string
  discountBps: number
  previousBps: number | null
}

/**
 * One price policy with its changes and acknowledgement counts, or not found. The changes of a
 * withdrawn policy are read from its publication in the audit log: its rows were removed.
 */
export async function getPricePolicy(
  db: Database,
  options: GetPricePolicyOptions,
): Promise<PricePolicyDetail> {
  if (!isUuid(options.policyId)) throw notFound()
  const today = todayInShanghai(options.now ?? new Date())
  const publisher = alias(users, 'publisher')
  const [policy] = await db
    .select({
      id: pricePolicies.id,
      title: pricePolicies.title,
      body: pricePolicies.body,
      effectiveFrom: pricePolicies.effectiveFrom,
      status: pricePolicies.status,
      audienceTiers: pricePolicies.audienceTiers,
      partnerId: pricePolicies.partnerId,
      partnerCode: partners.code,
      partnerName: partners.name,
      publishedAt: pricePolicies.publishedAt,
      publishedByName: publisher.name,
      updatedAt: pricePolicies.updatedAt,
      addressedCount,
      acknowledgedCount,
    })
    .from(pricePolicies)
    .leftJoin(partners, eq(partners.id, pricePolicies.partnerId))
    .leftJoin(publisher, eq(publisher.id, pricePolicies.publishedById))
    .where(eq(pricePolicies.id, options.policyId))
  if (!policy) throw notFound()

  const lines = await db
    .select({
      id: productLines.id,
      code: productLines.code,
      nameEn: productLines.nameEn,
      nameZh: productLines.nameZh,
    })
    .from(productLines)
  const lineById = new Map(lines.map((line) => [line.id, line]))

  let changes: PolicyChange[]
  if (policy.status === 'withdrawn') {
    const [published] = await db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityType, 'price_policy'),
          eq(auditLog.entityId, policy.id),
          eq(auditLog.action, 'price_policy.published'),
        ),
      )
      .orderBy(desc(auditLog.createdAt))
      .limit(1)
    const audited = ((published?.after as { changes?: AuditedChange[] } | null)?.changes ??
      []) as AuditedChange[]
    changes = audited.map((change) => ({
      tier: change.tier,
      productLine: lineById.get(change.productLineId) ?? null,
      discountBps: change.discountBps,
      previousBps: change.previousBps,
      validFrom: null,
      validTo: null,
    }))
  } else {
    const previous = alias(tierDiscounts, 'previous')
    const rows = await db
      .select({
        tier: tierDiscounts.tier,
        productLineId: tierDiscounts.productLineId,
        discountBps: tierDiscounts.discountBps,
        validFrom: tierDiscounts.validFrom,
        validTo: tierDiscounts.validTo,
        previousBps: previous.discountBps,
      })
      .from(tierDiscounts)
      .leftJoin(
        previous,
        and(
          eq(previous.tier, tierDiscounts.tier),
          eq(previous.productLineId, tierDiscounts.productLineId),
          sql`${previous.validTo} = ${tierDiscounts.validFrom} - 1`,
        ),
      )
      .where(eq(tierDiscounts.policyId, policy.id))
      .orderBy(asc(tierDiscounts.productLineId), asc(tierDiscounts.tier))
    changes = rows.map((row) => ({
      tier: row.tier,
      productLine: lineById.get(row.productLineId) ?? null,
      discountBps: row.discountBps,
      previousBps: row.previousBps,
      validFrom: row.validFrom,
      validTo: row.validTo,
    }))
  }
  const tierOrder = ['platinum', 'gold', 'silver', 'registered']
  changes.sort(
    (a, b) =>
      (a.productLine?.code ?? '').localeCompare(b.productLine?.code ?? '') ||
      tierOrder.indexOf(a.tier) - tierOrder.indexOf(b.tier),
  )

  return {
    id: policy.id,
    title: policy.title,
    body: policy.body,
    effectiveFrom: policy.effectiveFrom,
    phase: policyPhase(policy, today),
    audienceTiers: policy.audienceTiers,
    partner:
      policy.partnerId && policy.partnerCode && policy.partnerName
        ? { id: policy.partnerId, code: policy.partnerCode, name: policy.partnerName }
        : null,
    publishedAt: policy.publishedAt,
    publishedByName: policy.publishedByName,
    withdrawnAt: policy.status === 'withdrawn' ? policy.updatedAt : null,
    canWithdraw: canWithdrawPolicy(policy, today),
    today,
    changes,
    addressedCount: Number(policy.addressedCount),
    acknowledgedCount: Number(policy.acknowledgedCount),
  }
}
