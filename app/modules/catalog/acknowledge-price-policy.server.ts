import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { pricePolicies, pricePolicyAcknowledgements } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { addressedToPartner } from './price-policy-audience.server'

export type AcknowledgePricePolicyOptions = {
  actor: { userId: string; email: string; partnerId: string; tier: PartnerTier }
  policyId: string
  ip?: string | null
}

export type AcknowledgePricePolicyResult = {
  policyId: string
  title: string
  acknowledgedAt: Date
  /** True when this user had already acknowledged it: nothing was written. */
  alreadyAcknowledged: boolean
}

export function policyNotFound() {
  return new AppError('not_found', {
    message: 'price policy not addressed to the actor',
    userMessage: 'catalog:policies.notFound',
  })
}

/**
 * The acting user acknowledges a published policy addressed to their partner. Idempotent: the
 * acknowledgement's key is (policy, user), so a second click, a retry or two tabs leave one row
 * and one audit entry. A policy addressed elsewhere, a draft or a withdrawn one is not found.
 */
export async function acknowledgePricePolicy(
  db: Database,
  options: AcknowledgePricePolicyOptions,
): Promise<AcknowledgePricePolicyResult> {
  const { actor, policyId } = options
  if (!isUuid(policyId)) throw policyNotFound()

  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const [policy] = await tx
      .select({
        id: pricePolicies.id,
        title: pricePolicies.title,
        effectiveFrom: pricePolicies.effectiveFrom,
      })
      .from(pricePolicies)
      .where(and(eq(pricePolicies.id, policyId), addressedToPartner(actor)))
      .limit(1)
    if (!policy) throw policyNotFound()

    const [inserted] = await tx
      .insert(pricePolicyAcknowledgements)
      .values({ policyId: policy.id, userId: actor.userId, partnerId: actor.partnerId })
      .onConflictDoNothing()
      .returning({ acknowledgedAt: pricePolicyAcknowledgements.acknowledgedAt })
    if (!inserted) {
      const [existing] = await tx
        .select({ acknowledgedAt: pricePolicyAcknowledgements.acknowledgedAt })
        .from(pricePolicyAcknowledgements)
        .where(
          and(
            eq(pricePolicyAcknowledgements.policyId, policy.id),
            eq(pricePolicyAcknowledgements.userId, actor.userId),
          ),
        )
      return {
        policyId: policy.id,
        title: policy.title,
        acknowledgedAt: existing!.acknowledgedAt,
        alreadyAcknowledged: true,
      }
    }
    await recordAudit(txDb, {
      actor: { id: actor.userId, email: actor.email },
      action: 'price_policy.acknowledged',
      entityType: 'price_policy',
      entityId: policy.id,
      partnerId: actor.partnerId,
      after: { title: policy.title, effectiveFrom: policy.effectiveFrom },
      ip: options.ip,
    })
    return {
      policyId: policy.id,
      title: policy.title,
      acknowledgedAt: inserted.acknowledgedAt,
      alreadyAcknowledged: false,
    }
  })
}
