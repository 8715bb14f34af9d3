import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { contractPrices, pricePolicies, tierDiscounts, volumeBreaks } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { auditRow, lockPriceRows } from './price-writes.server'
import { canWithdrawPolicy, planWithdrawRow } from './price-policy-rules'

export type WithdrawPricePolicyOptions = {
  actor: { id: string; email: string }
  policyId: string
  ip?: string | null
  now?: Date
}

export type WithdrawPricePolicyResult = { title: string; removedRows: number }

const notFound = () => new AppError('not_found', { userMessage: 'errors:notFound.title' })

/**
 * Withdraws a published policy before its effective date, in one transaction: its price rows are
 * removed and each row it had ended runs on again to where the removed row ended
 * (planWithdrawRow), so prices are exactly as if it had never been published. From the effective
 * date on the prices were in force and the policy stays. Audited.
 */
export async function withdrawPricePolicy(
  db: Database,
  options: WithdrawPricePolicyOptions,
): Promise<WithdrawPricePolicyResult> {
  const { actor } = options
  if (!isUuid(options.policyId)) throw notFound()
  const today = todayInShanghai(options.now ?? new Date())

  return db.transaction(async (tx) => {
    await lockPriceRows(tx)
    const [policy] = await tx
      .select()
      .from(pricePolicies)
      .where(eq(pricePolicies.id, options.policyId))
      .for('update')
    if (!policy) throw notFound()
    if (policy.status === 'withdrawn') {
      throw new AppError('conflict', { userMessage: 'pricing:policy.errors.alreadyWithdrawn' })
    }
    if (!canWithdrawPolicy(policy, today)) {
      throw new AppError('conflict', { userMessage: 'pricing:policy.errors.inForce' })
    }

    let removedRows = 0
    const ownDiscounts = await tx
      .select()
      .from(tierDiscounts)
      .where(eq(tierDiscounts.policyId, policy.id))
    for (const removed of ownDiscounts) {
      const timeline = await tx
        .select()
        .from(tierDiscounts)
        .where(
          and(
            eq(tierDiscounts.tier, removed.tier),
            eq(tierDiscounts.productLineId, removed.productLineId),
          ),
        )
        .for('update')
      await tx.delete(tierDiscounts).where(eq(tierDiscounts.id, removed.id))
      await audit(tx, options, 'tier_discount.deleted', 'tier_discount', removed)
      const { extend } = planWithdrawRow(timeline, removed)
      if (extend) {
        await tx
          .update(tierDiscounts)
          .set({ validTo: extend.validTo })
          .where(eq(tierDiscounts.id, extend.id))
        await auditExtension(tx, options, 'tier_discount', timeline, extend)
      }
      removedRows += 1
    }

    // Policies published by this module only change tier discounts; rows of other kinds that
    // point at the policy (imported, seeded) go with it, re-extending their predecessors alike.
    const ownBreaks = await tx
      .select()
      .from(volumeBreaks)
      .where(eq(volumeBreaks.policyId, policy.id))
    for (const removed of ownBreaks) {
      const timeline = await tx
        .select()
        .from(volumeBreaks)
        .where(
          and(
            eq(volumeBreaks.tier, removed.tier),
            eq(volumeBreaks.minQuantity, removed.minQuantity),
            removed.productId
              ? eq(volumeBreaks.productId, removed.productId)
              : eq(volumeBreaks.productLineId, removed.productLineId!),
          ),
        )
        .for('update')
      await tx.delete(volumeBreaks).where(eq(volumeBreaks.id, removed.id))
      await audit(tx, options, 'volume_break.deleted', 'volume_break', removed)
      const { extend } = planWithdrawRow(timeline, removed)
      if (extend) {
        await tx
          .update(volumeBreaks)
          .set({ validTo: extend.validTo })
          .where(eq(volumeBreaks.id, extend.id))
        await auditExtension(tx, options, 'volume_break', timeline, extend)
      }
      removedRows += 1
    }
    const ownContracts = await tx
      .select()
      .from(contractPrices)
      .where(eq(contractPrices.policyId, policy.id))
    for (const removed of ownContracts) {
      const timeline = await tx
        .select()
        .from(contractPrices)
        .where(
          and(
            eq(contractPrices.partnerId, removed.partnerId),
            eq(contractPrices.productId, removed.productId),
          ),
        )
        .for('update')
      await tx.delete(contractPrices).where(eq(contractPrices.id, removed.id))
      await audit(
        tx,
        options,
        'contract_price.deleted',
        'contract_price',
        removed,
        removed.partnerId,
      )
      const { extend } = planWithdrawRow(timeline, removed)
      if (extend) {
        await tx
          .update(contractPrices)
          .set({ validTo: extend.validTo })
          .where(eq(contractPrices.id, extend.id))
        await auditExtension(tx, options, 'contract_price', timeline, extend, removed.partnerId)
      }
      removedRows += 1
    }

    await tx
      .update(pricePolicies)
      .set({ status: 'withdrawn' })
      .where(eq(pricePolicies.id, policy.id))
    await recordAudit(tx, {
      actor,
      action: 'price_policy.withdrawn',
      entityType: 'price_policy',
      entityId: policy.id,
      partnerId: policy.partnerId,
      before: { status: policy.status },
      after: { status: 'withdrawn', removedRows },
      ip: options.ip,
    })
    return { title: policy.title, removedRows }
  })
}

async function audit(
  tx: Database,
  options: WithdrawPricePolicyOptions,
  action: string,
  entityType: string,
  row: { id: string } & Record<string, unknown>,
  partnerId: string | null = null,
): Promise<void> {
  await recordAudit(tx, {
    actor: options.actor,
    action,
    entityType,
    entityId: row.id,
    partnerId,
    before: auditRow(row),
    after: null,
    ip: options.ip,
  })
}

/** The row a withdrawal let run on again: its old and new end. */
async function auditExtension(
  tx: Database,
  options: WithdrawPricePolicyOptions,
  entityType: 'tier_discount' | 'volume_break' | 'contract_price',
  timeline: readonly { id: string; validTo: string | null }[],
  extend: { id: string; validTo: string | null },
  partnerId: string | null = null,
): Promise<void> {
  const previous = timeline.find((row) => row.id === extend.id)
  await recordAudit(tx, {
    actor: options.actor,
    action: `${entityType}.extended`,
    entityType,
    entityId: extend.id,
    partnerId,
    before: { validTo: previous?.validTo ?? null },
    after: { validTo: extend.validTo, restoredByWithdrawalOf: options.policyId },
    ip: options.ip,
  })
}
