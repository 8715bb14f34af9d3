import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { pricePolicies, tierDiscounts } from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { AppError, sqlStateOf } from '#app/utils/app-error'
import { auditRow, lockPriceRows } from './price-writes.server'
import {
  planTierDiscountChange,
  type PublishPricePolicyInput,
  type TierDiscountPlan,
} from './price-policy-rules'
import { bpsToPercentInput } from './price-validity-rules'

export type PublishPricePolicyOptions = {
  actor: { id: string; email: string }
  input: PublishPricePolicyInput
  ip?: string | null
  /** The clock (tests); "today" is its calendar date in Asia/Shanghai. */
  now?: Date
}

export type PublishPricePolicyResult = { policyId: string; changeCount: number }

/**
 * Publishes a price policy and schedules its tier discount changes, in one transaction: the policy
 * is inserted as published; for each change the row in force on the effective date is ended the
 * day before and the new row (pointing at the policy) starts on that date
 * (planTierDiscountChange). Partners see the policy, and the catalog shows the new price from the
 * effective date on. Everything is audited. A change that cannot enter the timeline is a field
 * error on that change and nothing is written.
 *
 * Policies are published directly: there is no draft step (the "draft" status stays unused).
 */
export async function publishPricePolicy(
  db: Database,
  options: PublishPricePolicyOptions,
): Promise<PublishPricePolicyResult> {
  const { input, actor } = options
  const now = options.now ?? new Date()
  const today = todayInShanghai(now)
  if (input.effectiveFrom < today) {
    throw new AppError('invalid', {
      userMessage: 'pricing:publish.errors.effectiveInPast',
      field: 'effectiveFrom',
    })
  }
  if (input.changes.length === 0) {
    throw new AppError('invalid', {
      userMessage: 'pricing:publish.errors.noChanges',
      field: 'changes',
    })
  }
  const lineIds = [...new Set(input.changes.map((c) => c.productLineId))]
  const lines = await db
    .select({ id: productLines.id, code: productLines.code })
    .from(productLines)
    .where(inArray(productLines.id, lineIds))
  const lineCode = new Map(lines.map((l) => [l.id, l.code]))
  input.changes.forEach((change, index) => {
    if (!lineCode.has(change.productLineId)) {
      throw new AppError('invalid', {
        userMessage: 'validation:invalidChoice',
        field: `changes.${index}.productLineId`,
      })
    }
  })

  try {
    return await db.transaction(async (tx) => {
      await lockPriceRows(tx)
      const [policy] = await tx
        .insert(pricePolicies)
        .values({
          title: input.title,
          body: input.body,
          effectiveFrom: input.effectiveFrom,
          status: 'published',
          audienceTiers: input.audienceTiers,
          createdById: actor.id,
          publishedById: actor.id,
          publishedAt: now,
        })
        .returning()

      const audited: {
        tier: string
        productLineId: string
        productLineCode: string
        discountBps: number
        previousBps: number | null
      }[] = []
      for (const [index, change] of input.changes.entries()) {
        const rows = await tx
          .select()
          .from(tierDiscounts)
          .where(
            and(
              eq(tierDiscounts.tier, change.tier),
              eq(tierDiscounts.productLineId, change.productLineId),
            ),
          )
          .orderBy(asc(tierDiscounts.validFrom))
          .for('update')
        const plan = planTierDiscountChange(rows, input.effectiveFrom, change.discountBps)
        if (!plan.ok) throw await planError(tx, plan, index)

        if (plan.close) {
          await tx
            .update(tierDiscounts)
            .set({ validTo: plan.close.validTo })
            .where(eq(tierDiscounts.id, plan.close.id))
          await recordAudit(tx, {
            actor,
            action: 'tier_discount.ended',
            entityType: 'tier_discount',
            entityId: plan.close.id,
            before: { validTo: plan.close.previousValidTo },
            after: { validTo: plan.close.validTo, endedByPolicyId: policy.id },
            ip: options.ip,
          })
        }
        const [created] = await tx
          .insert(tierDiscounts)
          .values({
            tier: change.tier,
            productLineId: change.productLineId,
            discountBps: change.discountBps,
            validFrom: plan.insert.validFrom,
            validTo: plan.insert.validTo,
            policyId: policy.id,
          })
          .returning()
        await recordAudit(tx, {
          actor,
          action: 'tier_discount.created',
          entityType: 'tier_discount',
          entityId: created.id,
          before: null,
          after: auditRow(created),
          ip: options.ip,
        })
        audited.push({
          tier: change.tier,
          productLineId: change.productLineId,
          productLineCode: lineCode.get(change.productLineId)!,
          discountBps: change.discountBps,
          previousBps: plan.previousBps,
        })
      }

      await recordAudit(tx, {
        actor,
        action: 'price_policy.published',
        entityType: 'price_policy',
        entityId: policy.id,
        before: null,
        after: {
          title: policy.title,
          effectiveFrom: policy.effectiveFrom,
          audienceTiers: policy.audienceTiers,
          status: policy.status,
          changes: audited,
        },
        ip: options.ip,
      })
      return { policyId: policy.id, changeCount: audited.length }
    })
  } catch (error) {
    // The advisory lock keeps publishers apart; a row written around it still cannot overlap.
    if (sqlStateOf(error) === '23P01') {
      throw new AppError('conflict', {
        userMessage: 'pricing:publish.errors.concurrentChange',
        field: 'effectiveFrom',
      })
    }
    throw error
  }
}

async function planError(
  db: Database,
  plan: Extract<TierDiscountPlan, { ok: false }>,
  index: number,
): Promise<AppError> {
  if (plan.reason === 'unchanged') {
    return new AppError('invalid', {
      userMessage: 'pricing:publish.errors.unchanged',
      field: `changes.${index}.discount`,
      params: { percent: bpsToPercentInput(plan.existing.discountBps) },
    })
  }
  const [other] = plan.existing.policyId
    ? await db
        .select({ title: pricePolicies.title })
        .from(pricePolicies)
        .where(eq(pricePolicies.id, plan.existing.policyId))
    : []
  return new AppError('conflict', {
    userMessage: other
      ? 'pricing:publish.errors.sameDatePolicy'
      : 'pricing:publish.errors.sameDate',
    field: `changes.${index}.productLineId`,
    params: { date: plan.existing.validFrom, policy: other?.title ?? '' },
  })
}
