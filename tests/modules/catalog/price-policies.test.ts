import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { pricePolicyAcknowledgements } from '#db/schema/catalog'
import { acknowledgePricePolicy } from '#app/modules/catalog/acknowledge-price-policy.server'
import { countUnacknowledgedPolicies } from '#app/modules/catalog/count-unacknowledged-policies.server'
import { findPartnerPricePolicies } from '#app/modules/catalog/find-partner-price-policies.server'
import {
  createContractPrice,
  createPartner,
  createPricePolicy,
  createProduct,
  createProductLine,
  createTierDiscount,
  createUser,
  createVolumeBreak,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'
import { today } from './catalog-helpers'

const database = useTestDatabase()

const inDays = (days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** A gold partner with two users, a silver partner, and policies for every audience. */
async function createPolicyWorld() {
  const db = database.db
  const partner = await createPartner(db, { tier: 'gold' })
  const rival = await createPartner(db, { tier: 'gold' })
  const user = await createUser(db, { role: 'partner_user', partnerId: partner.id })
  const colleague = await createUser(db, { role: 'partner_admin', partnerId: partner.id })
  const actorFor = (u: typeof user) => ({
    userId: u.id,
    email: u.email,
    partnerId: partner.id,
    tier: 'gold' as const,
  })
  const policy = (overrides: Parameters<typeof createPricePolicy>[1]) =>
    createPricePolicy(db, overrides)
  const policies = {
    everyone: await policy({ effectiveFrom: inDays(20) }),
    gold: await policy({ effectiveFrom: inDays(14), audienceTiers: ['gold', 'platinum'] }),
    silver: await policy({ effectiveFrom: inDays(14), audienceTiers: ['silver'] }),
    own: await policy({ effectiveFrom: inDays(7), partnerId: partner.id }),
    rivals: await policy({ effectiveFrom: inDays(7), partnerId: rival.id }),
    draft: await policy({ effectiveFrom: inDays(3), status: 'draft', publishedAt: null }),
    withdrawn: await policy({ effectiveFrom: inDays(3), status: 'withdrawn' }),
    recent: await policy({ effectiveFrom: inDays(-30) }),
    old: await policy({ effectiveFrom: inDays(-120) }),
  }
  return { partner, rival, user, colleague, actor: actorFor(user), actorFor, policies }
}

describe('price policies for a partner', () => {
  test('only published policies addressed to the partner, upcoming or from the last 90 days', async () => {
    const db = database.db
    const world = await createPolicyWorld()
    const { policies } = world
    const result = await findPartnerPricePolicies(db, { actor: world.actor, date: today })
    const ours = new Set(Object.values(policies).map((p) => p.id))
    const upcoming = result.upcoming.map((p) => p.id).filter((id) => ours.has(id))
    const effective = result.effective.map((p) => p.id).filter((id) => ours.has(id))
    // Soonest first; the partner's own before the tier's before everyone's.
    expect(upcoming).toEqual([policies.own.id, policies.gold.id, policies.everyone.id])
    expect(effective).toEqual([policies.recent.id])
    const own = result.upcoming.find((p) => p.id === policies.own.id)!
    expect(own).toMatchObject({ forPartnerOnly: true, timing: 'upcoming', acknowledgedAt: null })
    expect(result.upcoming.find((p) => p.id === policies.gold.id)!.audienceTiers).toEqual([
      'gold',
      'platinum',
    ])

    // The rival sees its own policy and not ours.
    const rivalUser = await createUser(db, { role: 'partner_user', partnerId: world.rival.id })
    const rivalView = await findPartnerPricePolicies(db, {
      actor: { userId: rivalUser.id, partnerId: world.rival.id, tier: 'gold' },
      date: today,
    })
    const rivalIds = rivalView.upcoming.map((p) => p.id)
    expect(rivalIds).toContain(policies.rivals.id)
    expect(rivalIds).not.toContain(policies.own.id)
  })

  test('each policy lists the prices it sets for this partner’s tier and contracts only', async () => {
    const db = database.db
    const world = await createPolicyWorld()
    const { policies } = world
    const line = await createProductLine(db)
    const product = await createProduct(db, { productLineId: line.id, listPriceMinor: 500_000 })
    // Gold: 30 % until the policy, 32 % from it; silver changes too, but that is not ours to see.
    await createTierDiscount(db, {
      tier: 'gold',
      productLineId: line.id,
      discountBps: 3000,
      validTo: inDays(13),
    })
    await createTierDiscount(db, {
      tier: 'gold',
      productLineId: line.id,
      discountBps: 3200,
      validFrom: inDays(14),
      policyId: policies.gold.id,
    })
    await createTierDiscount(db, {
      tier: 'silver',
      productLineId: line.id,
      discountBps: 2200,
      validFrom: inDays(14),
      policyId: policies.gold.id,
    })
    await createVolumeBreak(db, {
      tier: 'gold',
      productId: product.id,
      minQuantity: 20,
      priceMinor: 300_000,
      currency: 'CNY',
      validFrom: inDays(14),
      policyId: policies.gold.id,
    })
    await createContractPrice(db, {
      partnerId: world.partner.id,
      productId: product.id,
      priceMinor: 299_000,
      validFrom: inDays(7),
      policyId: policies.own.id,
    })
    // A row of another partner filed under our policy by mistake must still never show.
    await createContractPrice(db, {
      partnerId: world.rival.id,
      productId: product.id,
      priceMinor: 111_000,
      validFrom: inDays(7),
      policyId: policies.own.id,
    })

    const result = await findPartnerPricePolicies(db, { actor: world.actor, date: today })
    const gold = result.upcoming.find((p) => p.id === policies.gold.id)!
    expect(gold.changes).toEqual([
      {
        kind: 'tier_discount',
        productLine: { code: line.code, nameEn: line.nameEn, nameZh: line.nameZh },
        discountBps: 3200,
        previousDiscountBps: 3000,
        validFrom: inDays(14),
        validTo: null,
      },
      {
        kind: 'volume_break',
        sku: product.sku,
        productName: product.name,
        productLine: null,
        minQuantity: 20,
        priceMinor: 300_000,
        currency: 'CNY',
        discountBps: null,
        validFrom: inDays(14),
        validTo: null,
      },
    ])
    const own = result.upcoming.find((p) => p.id === policies.own.id)!
    expect(own.changes).toEqual([
      {
        kind: 'contract_price',
        sku: product.sku,
        productName: product.name,
        listPriceMinor: 500_000,
        priceMinor: 299_000,
        currency: 'CNY',
        validFrom: inDays(7),
        validTo: null,
      },
    ])
    expect(JSON.stringify(result)).not.toContain('111000')
  })

  test('acknowledging is idempotent: one row and one audit entry per user, whatever the clicks', async () => {
    const db = database.db
    const world = await createPolicyWorld()
    const { policies, actor } = world
    const unacknowledged = await countUnacknowledgedPolicies(db, { actor, date: today })

    const first = await acknowledgePricePolicy(db, { actor, policyId: policies.gold.id })
    expect(first).toMatchObject({ policyId: policies.gold.id, alreadyAcknowledged: false })
    const again = await acknowledgePricePolicy(db, { actor, policyId: policies.gold.id })
    expect(again).toMatchObject({ alreadyAcknowledged: true, acknowledgedAt: first.acknowledgedAt })
    await Promise.all([
      acknowledgePricePolicy(db, { actor, policyId: policies.gold.id }),
      acknowledgePricePolicy(db, { actor, policyId: policies.gold.id }),
    ])

    const rows = await db
      .select()
      .from(pricePolicyAcknowledgements)
      .where(eq(pricePolicyAcknowledgements.policyId, policies.gold.id))
    expect(rows).toEqual([
      expect.objectContaining({ userId: world.user.id, partnerId: world.partner.id }),
    ])
    const audit = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'price_policy.acknowledged'),
          eq(auditLog.entityId, policies.gold.id),
        ),
      )
    expect(audit).toEqual([
      expect.objectContaining({
        actorUserId: world.user.id,
        partnerId: world.partner.id,
        entityType: 'price_policy',
      }),
    ])
    expect(await countUnacknowledgedPolicies(db, { actor, date: today })).toBe(unacknowledged - 1)

    // Per user: the colleague still has to acknowledge, and sees who already did.
    const colleague = world.actorFor(world.colleague)
    const view = await findPartnerPricePolicies(db, { actor: colleague, date: today })
    const gold = view.upcoming.find((p) => p.id === policies.gold.id)!
    expect(gold.acknowledgedAt).toBeNull()
    expect(gold.acknowledgements).toEqual([
      { name: world.user.name, acknowledgedAt: first.acknowledgedAt, byActingUser: false },
    ])
    const mine = (await findPartnerPricePolicies(db, { actor, date: today })).upcoming.find(
      (p) => p.id === policies.gold.id,
    )!
    expect(mine.acknowledgedAt).toEqual(first.acknowledgedAt)
  })

  test('a policy not addressed to the partner cannot be acknowledged: not found, nothing written', async () => {
    const db = database.db
    const world = await createPolicyWorld()
    const { policies, actor } = world
    for (const policyId of [
      policies.silver.id,
      policies.rivals.id,
      policies.draft.id,
      policies.withdrawn.id,
      '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f',
      'not-a-uuid',
      "'; delete from price_policies; --",
    ]) {
      await expect(acknowledgePricePolicy(db, { actor, policyId }), policyId).rejects.toMatchObject(
        { code: 'not_found', status: 404 },
      )
    }
    const rows = await db
      .select()
      .from(pricePolicyAcknowledgements)
      .where(eq(pricePolicyAcknowledgements.userId, world.user.id))
    expect(rows).toEqual([])
    const audit = await db.select().from(auditLog).where(eq(auditLog.actorUserId, world.user.id))
    expect(audit).toEqual([])
  })
})
