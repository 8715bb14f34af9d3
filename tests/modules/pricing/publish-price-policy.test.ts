import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { findPriceRules, priceWithRules } from '#app/modules/pricing/find-price-rules.server'
import { getPricePolicy } from '#app/modules/pricing/get-price-policy.server'
import type { PublishPricePolicyInput } from '#app/modules/pricing/price-policy-rules'
import { publishPricePolicy } from '#app/modules/pricing/publish-price-policy.server'
import { withdrawPricePolicy } from '#app/modules/pricing/withdraw-price-policy.server'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { AppError } from '#app/utils/app-error'
import { auditLog } from '#db/schema/audit'
import { pricePolicies, tierDiscounts } from '#db/schema/catalog'
import {
  createPartner,
  createPricePolicy,
  createProduct,
  createProductLine,
  createTierDiscount,
  createVendorStaff,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

/** 1 December 2026, noon in Shanghai: "today" is 2026-12-01. */
const december1 = new Date('2026-12-01T04:00:00Z')
const at = (day: string) => new Date(`${day}T04:00:00Z`)

async function failureOf(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

/** A product line at 30 % off for gold since 2026-01-01, a ¥1,000.00 product and a gold partner. */
async function goldLine(tier: PartnerTier = 'gold') {
  const db = database.db
  const staff = await createVendorStaff(db, { role: 'admin' })
  const line = await createProductLine(db)
  const product = await createProduct(db, { productLineId: line.id, listPriceMinor: 1_000_00 })
  const partner = await createPartner(db, { tier })
  const inForce = await createTierDiscount(db, {
    tier,
    productLineId: line.id,
    discountBps: 3000,
    validFrom: '2026-01-01',
  })
  return { staff, actor: { id: staff.id, email: staff.email }, line, product, partner, inForce }
}

function policy(
  changes: PublishPricePolicyInput['changes'],
  overrides: Partial<PublishPricePolicyInput> = {},
): PublishPricePolicyInput {
  return {
    title: 'Gold discount rises',
    body: 'From the 15th.',
    effectiveFrom: '2026-12-15',
    audienceTiers: [],
    changes,
    ...overrides,
  }
}

/** The unit net price the partner gets for one unit on a day, through the catalog's resolution. */
async function priceOn(
  partner: { id: string; tier: PartnerTier },
  productId: string,
  day: string,
): Promise<{ unitNetMinor: number; source: string } | null> {
  const rules = await findPriceRules(database.db, {
    partner: { id: partner.id, tier: partner.tier },
    productIds: [productId],
    date: day,
  })
  const net = priceWithRules(rules, productId, 1)
  return net && { unitNetMinor: net.unitNetMinor, source: net.source }
}

/** A tier's discount rows on a product line, in date order. */
const timeline = (lineId: string, tier: PartnerTier) =>
  database.db
    .select({
      discountBps: tierDiscounts.discountBps,
      validFrom: tierDiscounts.validFrom,
      validTo: tierDiscounts.validTo,
      policyId: tierDiscounts.policyId,
    })
    .from(tierDiscounts)
    .where(and(eq(tierDiscounts.productLineId, lineId), eq(tierDiscounts.tier, tier)))
    .orderBy(asc(tierDiscounts.validFrom))

describe('publishPricePolicy', () => {
  test('ends the discount in force the day before and starts the new one on the date', async () => {
    const { actor, line, product, partner, inForce } = await goldLine()

    const { policyId, changeCount } = await publishPricePolicy(database.db, {
      actor,
      input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 3200 }], {
        audienceTiers: ['gold'],
      }),
      now: december1,
    })
    expect(changeCount).toBe(1)

    const [stored] = await database.db
      .select()
      .from(pricePolicies)
      .where(eq(pricePolicies.id, policyId))
    expect(stored).toMatchObject({
      status: 'published',
      effectiveFrom: '2026-12-15',
      audienceTiers: ['gold'],
      publishedById: actor.id,
    })
    expect(await timeline(line.id, 'gold')).toEqual([
      { discountBps: 3000, validFrom: '2026-01-01', validTo: '2026-12-14', policyId: null },
      { discountBps: 3200, validFrom: '2026-12-15', validTo: null, policyId },
    ])
    const detail = await getPricePolicy(database.db, { policyId, now: december1 })
    expect(detail).toMatchObject({ phase: 'scheduled', canWithdraw: true })
    expect(detail.changes).toMatchObject([
      { tier: 'gold', discountBps: 3200, previousBps: 3000, validFrom: '2026-12-15' },
    ])

    // What the partner is charged: the old price up to the day before, the new one from the day.
    expect(await priceOn(partner, product.id, '2026-12-01')).toEqual({
      unitNetMinor: 700_00,
      source: 'tier_discount',
    })
    expect(await priceOn(partner, product.id, '2026-12-14')).toEqual({
      unitNetMinor: 700_00,
      source: 'tier_discount',
    })
    expect(await priceOn(partner, product.id, '2026-12-15')).toEqual({
      unitNetMinor: 680_00,
      source: 'tier_discount',
    })
    expect(await priceOn(partner, product.id, '2027-06-01')).toEqual({
      unitNetMinor: 680_00,
      source: 'tier_discount',
    })

    const audit = await database.db
      .select({ action: auditLog.action, entityId: auditLog.entityId, after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.actorUserId, actor.id))
      .orderBy(asc(auditLog.id))
    expect(audit.map((a) => a.action)).toEqual([
      'tier_discount.ended',
      'tier_discount.created',
      'price_policy.published',
    ])
    expect(audit[0]).toMatchObject({
      entityId: inForce.id,
      after: { validTo: '2026-12-14', endedByPolicyId: policyId },
    })
    expect(audit[2]!.after).toMatchObject({
      title: 'Gold discount rises',
      changes: [{ tier: 'gold', productLineId: line.id, discountBps: 3200, previousBps: 3000 }],
    })
  })

  test('effective today: the new discount applies at once, yesterday keeps the old one', async () => {
    const { actor, line, product, partner } = await goldLine()
    await publishPricePolicy(database.db, {
      actor,
      input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 2500 }], {
        effectiveFrom: '2026-12-01',
      }),
      now: december1,
    })
    expect((await priceOn(partner, product.id, '2026-11-30'))?.unitNetMinor).toBe(700_00)
    expect((await priceOn(partner, product.id, '2026-12-01'))?.unitNetMinor).toBe(750_00)
  })

  test('a change already scheduled later by another policy still happens on its date', async () => {
    const { actor, line, product, partner } = await goldLine()
    const later = await publishPricePolicy(database.db, {
      actor,
      input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 3500 }], {
        effectiveFrom: '2027-01-01',
      }),
      now: december1,
    })
    const sooner = await publishPricePolicy(database.db, {
      actor,
      input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 3200 }]),
      now: december1,
    })
    expect(await timeline(line.id, 'gold')).toEqual([
      { discountBps: 3000, validFrom: '2026-01-01', validTo: '2026-12-14', policyId: null },
      {
        discountBps: 3200,
        validFrom: '2026-12-15',
        validTo: '2026-12-31',
        policyId: sooner.policyId,
      },
      { discountBps: 3500, validFrom: '2027-01-01', validTo: null, policyId: later.policyId },
    ])
    expect((await priceOn(partner, product.id, '2026-12-31'))?.unitNetMinor).toBe(680_00)
    expect((await priceOn(partner, product.id, '2027-01-01'))?.unitNetMinor).toBe(650_00)
  })

  test('a tier and line without a discount gets one from the date; list price before', async () => {
    const { actor, product, partner, line } = await goldLine('silver')
    await database.db.delete(tierDiscounts).where(eq(tierDiscounts.productLineId, line.id))
    await publishPricePolicy(database.db, {
      actor,
      input: policy([{ tier: 'silver', productLineId: line.id, discountBps: 1500 }]),
      now: december1,
    })
    expect(await priceOn(partner, product.id, '2026-12-14')).toEqual({
      unitNetMinor: 1_000_00,
      source: 'list',
    })
    expect(await priceOn(partner, product.id, '2026-12-15')).toEqual({
      unitNetMinor: 850_00,
      source: 'tier_discount',
    })
  })

  test('several changes in one policy, each on its own timeline; other tiers untouched', async () => {
    const { actor, line } = await goldLine()
    const silver = await createTierDiscount(database.db, {
      tier: 'silver',
      productLineId: line.id,
      discountBps: 2000,
    })
    await publishPricePolicy(database.db, {
      actor,
      input: policy([
        { tier: 'gold', productLineId: line.id, discountBps: 3300 },
        { tier: 'registered', productLineId: line.id, discountBps: 1200 },
      ]),
      now: december1,
    })
    const [silverAfter] = await database.db
      .select()
      .from(tierDiscounts)
      .where(eq(tierDiscounts.id, silver.id))
    expect(silverAfter!.validTo).toBeNull()
    expect((await timeline(line.id, 'registered')).map((r) => r.discountBps)).toEqual([1200])
  })

  test('another change of the same tier and line on the same date is refused, naming it', async () => {
    const { actor, line } = await goldLine()
    const first = await publishPricePolicy(database.db, {
      actor,
      input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 3200 }], {
        title: 'December gold',
      }),
      now: december1,
    })
    const error = await failureOf(
      publishPricePolicy(database.db, {
        actor,
        input: policy(
          [
            { tier: 'silver', productLineId: line.id, discountBps: 2200 },
            { tier: 'gold', productLineId: line.id, discountBps: 3400 },
          ],
          { title: 'Second try' },
        ),
        now: december1,
      }),
    )
    expect(error).toMatchObject({
      field: 'changes.1.productLineId',
      userMessage: 'pricing:publish.errors.sameDatePolicy',
      params: { date: '2026-12-15', policy: 'December gold' },
    })
    // Nothing of the refused policy was written, not even its first change.
    expect(await database.db.$count(pricePolicies, eq(pricePolicies.title, 'Second try'))).toBe(0)
    expect(await timeline(line.id, 'silver')).toEqual([])
    expect((await timeline(line.id, 'gold')).map((r) => r.policyId)).toEqual([null, first.policyId])
  })

  test('a change to the discount already in force is refused', async () => {
    const { actor, line } = await goldLine()
    const error = await failureOf(
      publishPricePolicy(database.db, {
        actor,
        input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 3000 }]),
        now: december1,
      }),
    )
    expect(error).toMatchObject({
      field: 'changes.0.discount',
      userMessage: 'pricing:publish.errors.unchanged',
      params: { percent: '30' },
    })
  })

  test('an effective date in the past and an unknown product line are field errors', async () => {
    const { actor, line } = await goldLine()
    const past = await failureOf(
      publishPricePolicy(database.db, {
        actor,
        input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 3200 }], {
          effectiveFrom: '2026-11-30',
        }),
        now: december1,
      }),
    )
    expect(past.field).toBe('effectiveFrom')
    const unknown = await failureOf(
      publishPricePolicy(database.db, {
        actor,
        input: policy([
          { tier: 'gold', productLineId: '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f', discountBps: 1 },
        ]),
        now: december1,
      }),
    )
    expect(unknown.field).toBe('changes.0.productLineId')
  })
})

describe('withdrawPricePolicy', () => {
  test('before the date: its rows go, the ended row runs on again, prices as before', async () => {
    const { actor, line, product, partner, inForce } = await goldLine()
    const { policyId } = await publishPricePolicy(database.db, {
      actor,
      input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 3200 }]),
      now: december1,
    })

    const result = await withdrawPricePolicy(database.db, {
      actor,
      policyId,
      now: at('2026-12-14'),
    })
    expect(result).toEqual({ title: 'Gold discount rises', removedRows: 1 })
    expect(await timeline(line.id, 'gold')).toEqual([
      { discountBps: 3000, validFrom: '2026-01-01', validTo: null, policyId: null },
    ])
    expect((await priceOn(partner, product.id, '2026-12-15'))?.unitNetMinor).toBe(700_00)
    const [stored] = await database.db
      .select({ status: pricePolicies.status })
      .from(pricePolicies)
      .where(eq(pricePolicies.id, policyId))
    expect(stored!.status).toBe('withdrawn')
    // Its page still says what it would have changed (from its publication in the audit log).
    const detail = await getPricePolicy(database.db, { policyId, now: at('2026-12-14') })
    expect(detail).toMatchObject({ phase: 'withdrawn', canWithdraw: false })
    expect(detail.changes).toEqual([
      {
        tier: 'gold',
        productLine: expect.objectContaining({ id: line.id }),
        discountBps: 3200,
        previousBps: 3000,
        validFrom: null,
        validTo: null,
      },
    ])

    const audit = await database.db
      .select({ action: auditLog.action, entityId: auditLog.entityId, after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.actorUserId, actor.id))
      .orderBy(asc(auditLog.id))
    expect(audit.slice(-3).map((a) => [a.action, a.entityId])).toEqual([
      ['tier_discount.deleted', expect.any(String)],
      ['tier_discount.extended', inForce.id],
      ['price_policy.withdrawn', policyId],
    ])
  })

  test('a withdrawn change between two others leaves the later one in place', async () => {
    const { actor, line, product, partner } = await goldLine()
    const sooner = await publishPricePolicy(database.db, {
      actor,
      input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 3200 }]),
      now: december1,
    })
    const later = await publishPricePolicy(database.db, {
      actor,
      input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 3500 }], {
        effectiveFrom: '2027-01-01',
      }),
      now: december1,
    })
    await withdrawPricePolicy(database.db, { actor, policyId: sooner.policyId, now: december1 })
    expect(await timeline(line.id, 'gold')).toEqual([
      { discountBps: 3000, validFrom: '2026-01-01', validTo: '2026-12-31', policyId: null },
      { discountBps: 3500, validFrom: '2027-01-01', validTo: null, policyId: later.policyId },
    ])
    expect((await priceOn(partner, product.id, '2026-12-20'))?.unitNetMinor).toBe(700_00)
    expect((await priceOn(partner, product.id, '2027-01-01'))?.unitNetMinor).toBe(650_00)
  })

  test('on or after the effective date it cannot be withdrawn, and nothing changes', async () => {
    const { actor, line } = await goldLine()
    const { policyId } = await publishPricePolicy(database.db, {
      actor,
      input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 3200 }]),
      now: december1,
    })
    const before = await timeline(line.id, 'gold')
    for (const day of ['2026-12-15', '2027-02-01']) {
      const error = await failureOf(
        withdrawPricePolicy(database.db, { actor, policyId, now: at(day) }),
      )
      expect(error).toMatchObject({
        code: 'conflict',
        userMessage: 'pricing:policy.errors.inForce',
      })
    }
    expect(await timeline(line.id, 'gold')).toEqual(before)
    const [stored] = await database.db
      .select({ status: pricePolicies.status })
      .from(pricePolicies)
      .where(eq(pricePolicies.id, policyId))
    expect(stored!.status).toBe('published')
  })

  test('twice, or an unknown policy: refused or not found', async () => {
    const { actor, line } = await goldLine()
    const { policyId } = await publishPricePolicy(database.db, {
      actor,
      input: policy([{ tier: 'gold', productLineId: line.id, discountBps: 3200 }]),
      now: december1,
    })
    await withdrawPricePolicy(database.db, { actor, policyId, now: december1 })
    expect(
      await failureOf(withdrawPricePolicy(database.db, { actor, policyId, now: december1 })),
    ).toMatchObject({ userMessage: 'pricing:policy.errors.alreadyWithdrawn' })
    const other = await createPricePolicy(database.db, { effectiveFrom: '2027-01-01' })
    expect(
      await failureOf(
        withdrawPricePolicy(database.db, {
          actor,
          policyId: '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f',
          now: december1,
        }),
      ),
    ).toMatchObject({ code: 'not_found' })
    expect(
      (await withdrawPricePolicy(database.db, { actor, policyId: other.id, now: december1 }))
        .removedRows,
    ).toBe(0)
  })
})
