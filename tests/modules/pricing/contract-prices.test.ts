import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import type { ContractPriceInput } from '#app/modules/pricing/contract-price-rules'
import { createContractPrice } from '#app/modules/pricing/create-contract-price.server'
import { deleteContractPrice } from '#app/modules/pricing/delete-contract-price.server'
import { endContractPrice } from '#app/modules/pricing/end-contract-price.server'
import { findContractPrices } from '#app/modules/pricing/find-contract-prices.server'
import { findPriceRules, priceWithRules } from '#app/modules/pricing/find-price-rules.server'
import { AppError } from '#app/utils/app-error'
import { auditLog } from '#db/schema/audit'
import { contractPrices } from '#db/schema/catalog'
import {
  createContractPrice as insertContractPrice,
  createPartner,
  createProduct,
  createTierDiscount,
  createVendorStaff,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

const december1 = new Date('2026-12-01T04:00:00Z')

async function failureOf(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

async function setup() {
  const db = database.db
  const staff = await createVendorStaff(db, { role: 'admin' })
  const partner = await createPartner(db, { tier: 'gold' })
  const product = await createProduct(db, { listPriceMinor: 1_000_00 })
  await createTierDiscount(db, {
    tier: 'gold',
    productLineId: product.productLineId,
    discountBps: 3000,
  })
  return { actor: { id: staff.id, email: staff.email }, partner, product }
}

const input = (sku: string, overrides: Partial<ContractPriceInput> = {}): ContractPriceInput => ({
  sku,
  priceMinor: 600_00,
  currency: 'CNY',
  validFrom: '2026-12-01',
  validTo: '2026-12-31',
  note: 'Framework agreement',
  ...overrides,
})

async function priceOn(partner: { id: string; tier: 'gold' }, productId: string, day: string) {
  const rules = await findPriceRules(database.db, { partner, productIds: [productId], date: day })
  return priceWithRules(rules, productId, 1)
}

describe('contract prices', () => {
  test('a new contract price applies at once in the partner’s catalog, and is audited', async () => {
    const { actor, partner, product } = await setup()
    expect(
      (await priceOn({ id: partner.id, tier: 'gold' }, product.id, '2026-12-01'))?.source,
    ).toBe('tier_discount')
    const { contractPriceId } = await createContractPrice(database.db, {
      actor,
      partnerId: partner.id,
      input: input(product.sku),
      now: december1,
    })
    const net = await priceOn({ id: partner.id, tier: 'gold' }, product.id, '2026-12-01')
    expect(net).toMatchObject({ unitNetMinor: 600_00, source: 'contract' })
    // The last day is inclusive; the day after, the tier discount again.
    expect(
      (await priceOn({ id: partner.id, tier: 'gold' }, product.id, '2026-12-31'))?.source,
    ).toBe('contract')
    expect(
      (await priceOn({ id: partner.id, tier: 'gold' }, product.id, '2027-01-01'))?.unitNetMinor,
    ).toBe(700_00)

    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, contractPriceId))
    expect(audit).toMatchObject({
      action: 'contract_price.created',
      partnerId: partner.id,
      actorUserId: actor.id,
      before: null,
    })
    expect(audit!.after).toMatchObject({ sku: product.sku, priceMinor: 600_00 })
  })

  test('an overlap with another contract price of the partner for the SKU names its dates', async () => {
    const { actor, partner, product } = await setup()
    await insertContractPrice(database.db, {
      partnerId: partner.id,
      productId: product.id,
      priceMinor: 650_00,
      validFrom: '2026-11-01',
      validTo: '2026-12-10',
    })
    const error = await failureOf(
      createContractPrice(database.db, {
        actor,
        partnerId: partner.id,
        input: input(product.sku, { validFrom: '2026-12-10', validTo: null }),
        now: december1,
      }),
    )
    expect(error).toMatchObject({
      code: 'conflict',
      field: 'validFrom',
      userMessage: 'pricing:contracts.errors.overlap',
      params: { from: '2026-11-01', to: '2026-12-10' },
    })
    const open = await insertContractPrice(database.db, {
      partnerId: partner.id,
      productId: product.id,
      priceMinor: 640_00,
      validFrom: '2027-03-01',
      validTo: null,
    })
    const openError = await failureOf(
      createContractPrice(database.db, {
        actor,
        partnerId: partner.id,
        input: input(product.sku, { validFrom: '2027-02-01', validTo: '2027-03-01' }),
        now: december1,
      }),
    )
    expect(openError).toMatchObject({
      userMessage: 'pricing:contracts.errors.overlapOpen',
      params: { from: open.validFrom, to: '' },
    })
    // Starting the day after the first one ends, up to the day before the open one: fine.
    await createContractPrice(database.db, {
      actor,
      partnerId: partner.id,
      input: input(product.sku, { validFrom: '2026-12-11', validTo: '2027-02-28' }),
      now: december1,
    })
    // Another partner may have its own price for the same SKU and days.
    const other = await createPartner(database.db)
    await createContractPrice(database.db, {
      actor,
      partnerId: other.id,
      input: input(product.sku, { validFrom: '2026-12-01', validTo: null }),
      now: december1,
    })
    expect(await database.db.$count(contractPrices, eq(contractPrices.productId, product.id))).toBe(
      4,
    )
  })

  test('unknown SKU, another currency than the product’s, a start in the past: field errors', async () => {
    const { actor, partner, product } = await setup()
    const cases: [Partial<ContractPriceInput>, string, string][] = [
      [{ sku: 'NO-SUCH-SKU' }, 'sku', 'pricing:validation.unknownSku'],
      [{ currency: 'USD' }, 'currency', 'pricing:validation.currencyMismatch'],
      [{ validFrom: '2026-11-30' }, 'validFrom', 'pricing:validity.startInPast'],
    ]
    for (const [overrides, field, message] of cases) {
      const error = await failureOf(
        createContractPrice(database.db, {
          actor,
          partnerId: partner.id,
          input: input(product.sku, overrides),
          now: december1,
        }),
      )
      expect(error, JSON.stringify(overrides)).toMatchObject({ field, userMessage: message })
    }
    expect(await database.db.$count(contractPrices, eq(contractPrices.partnerId, partner.id))).toBe(
      0,
    )
  })

  test('end early and delete a future one; history stays; another partner’s row is not found', async () => {
    const { actor, partner, product } = await setup()
    const current = await insertContractPrice(database.db, {
      partnerId: partner.id,
      productId: product.id,
      priceMinor: 650_00,
      validFrom: '2026-11-01',
      validTo: null,
    })
    const other = await createPartner(database.db)

    expect(
      await failureOf(
        endContractPrice(database.db, {
          actor,
          partnerId: other.id,
          contractPriceId: current.id,
          validTo: '2026-12-05',
          now: december1,
        }),
      ),
    ).toMatchObject({ code: 'not_found' })
    expect(
      await failureOf(
        endContractPrice(database.db, {
          actor,
          partnerId: partner.id,
          contractPriceId: current.id,
          validTo: '2026-11-29',
          now: december1,
        }),
      ),
    ).toMatchObject({ field: 'validTo', userMessage: 'pricing:validity.endInPast' })
    // Deleting a price that was in force is refused: end it instead.
    expect(
      await failureOf(
        deleteContractPrice(database.db, {
          actor,
          partnerId: partner.id,
          contractPriceId: current.id,
          now: december1,
        }),
      ),
    ).toMatchObject({ userMessage: 'pricing:validity.deleteStarted' })

    await endContractPrice(database.db, {
      actor,
      partnerId: partner.id,
      contractPriceId: current.id,
      validTo: '2026-12-05',
      now: december1,
    })
    const future = await insertContractPrice(database.db, {
      partnerId: partner.id,
      productId: product.id,
      priceMinor: 620_00,
      validFrom: '2026-12-20',
      validTo: null,
    })
    await deleteContractPrice(database.db, {
      actor,
      partnerId: partner.id,
      contractPriceId: future.id,
      now: december1,
    })

    const rows = await database.db
      .select({ id: contractPrices.id, validTo: contractPrices.validTo })
      .from(contractPrices)
      .where(and(eq(contractPrices.partnerId, partner.id)))
    expect(rows).toEqual([{ id: current.id, validTo: '2026-12-05' }])
    const actions = await database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.partnerId, partner.id))
    expect(actions.map((a) => a.action).sort()).toEqual([
      'contract_price.deleted',
      'contract_price.ended',
    ])
  })

  test('the list splits current, upcoming and ended prices and reads one partner only', async () => {
    const { partner, product } = await setup()
    const second = await createProduct(database.db, { productLineId: product.productLineId })
    for (const [productId, validFrom, validTo] of [
      [product.id, '2026-01-01', '2026-06-30'],
      [product.id, '2026-07-01', null],
      [second.id, '2027-01-01', null],
    ] as const) {
      await insertContractPrice(database.db, {
        partnerId: partner.id,
        productId,
        priceMinor: 500_00,
        validFrom,
        validTo,
      })
    }
    const other = await createPartner(database.db)
    await insertContractPrice(database.db, {
      partnerId: other.id,
      productId: product.id,
      priceMinor: 1_00,
      validFrom: '2026-01-01',
    })

    const current = await findContractPrices(database.db, {
      partnerId: partner.id,
      now: december1,
    })
    expect(current.counts).toEqual({ current: 1, future: 1, past: 1 })
    expect(current.rows.map((r) => [r.sku, r.validFrom, r.canDelete])).toEqual([
      [product.sku, '2026-07-01', false],
    ])
    const future = await findContractPrices(database.db, {
      partnerId: partner.id,
      when: 'future',
      now: december1,
    })
    expect(future.rows.map((r) => [r.sku, r.canDelete])).toEqual([[second.sku, true]])
    expect(
      await failureOf(
        findContractPrices(database.db, {
          partnerId: '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f',
          now: december1,
        }),
      ),
    ).toMatchObject({ code: 'not_found' })
  })
})
