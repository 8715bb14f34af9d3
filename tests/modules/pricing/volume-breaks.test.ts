import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { createVolumeBreak } from '#app/modules/pricing/create-volume-break.server'
import { deleteVolumeBreak } from '#app/modules/pricing/delete-volume-break.server'
import { endVolumeBreak } from '#app/modules/pricing/end-volume-break.server'
import { findPriceRules, priceWithRules } from '#app/modules/pricing/find-price-rules.server'
import { findVolumeBreaks } from '#app/modules/pricing/find-volume-breaks.server'
import type { VolumeBreakInput } from '#app/modules/pricing/volume-break-rules'
import { AppError } from '#app/utils/app-error'
import { auditLog } from '#db/schema/audit'
import { volumeBreaks } from '#db/schema/catalog'
import {
  createPartner,
  createProduct,
  createVendorStaff,
  createVolumeBreak as insertVolumeBreak,
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

const discount = (overrides: Partial<VolumeBreakInput> = {}): VolumeBreakInput => ({
  tier: 'silver',
  minQuantity: 20,
  priceMinor: null,
  currency: null,
  discountBps: 2500,
  validFrom: '2026-12-01',
  validTo: null,
  ...overrides,
})

async function setup() {
  const staff = await createVendorStaff(database.db, { role: 'admin' })
  const product = await createProduct(database.db, { listPriceMinor: 1_000_00 })
  return { actor: { id: staff.id, email: staff.email }, product }
}

describe('volume breaks', () => {
  test('a SKU break prices the quantity from its minimum, and is audited', async () => {
    const { actor, product } = await setup()
    const partner = await createPartner(database.db, { tier: 'silver' })
    const { volumeBreakId } = await createVolumeBreak(database.db, {
      actor,
      target: { kind: 'sku', sku: product.sku },
      input: discount({ priceMinor: 800_00, currency: 'CNY', discountBps: null }),
      now: december1,
    })
    const rules = await findPriceRules(database.db, {
      partner: { id: partner.id, tier: 'silver' },
      productIds: [product.id],
      date: '2026-12-01',
    })
    expect(priceWithRules(rules, product.id, 19)).toMatchObject({ source: 'list' })
    expect(priceWithRules(rules, product.id, 20)).toMatchObject({
      source: 'volume_break',
      unitNetMinor: 800_00,
    })
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, volumeBreakId))
    expect(audit).toMatchObject({ action: 'volume_break.created', actorUserId: actor.id })
  })

  test('the same tier and minimum quantity with overlapping dates is a field error with dates', async () => {
    const { actor, product } = await setup()
    await insertVolumeBreak(database.db, {
      tier: 'silver',
      productLineId: product.productLineId,
      minQuantity: 20,
      discountBps: 2000,
      validFrom: '2026-11-01',
      validTo: '2026-12-31',
    })
    const error = await failureOf(
      createVolumeBreak(database.db, {
        actor,
        target: { kind: 'line', productLineId: product.productLineId },
        input: discount({ validFrom: '2026-12-20' }),
        now: december1,
      }),
    )
    expect(error).toMatchObject({
      code: 'conflict',
      field: 'minQuantity',
      userMessage: 'pricing:volumeBreaks.errors.duplicate',
      params: { from: '2026-11-01', to: '2026-12-31', quantity: 20 },
    })
    // Another minimum, another tier, or the day after: all fine.
    for (const overrides of [
      { minQuantity: 50 },
      { tier: 'gold' as const },
      { validFrom: '2027-01-01' },
    ]) {
      await createVolumeBreak(database.db, {
        actor,
        target: { kind: 'line', productLineId: product.productLineId },
        input: discount(overrides),
        now: december1,
      })
    }
    // A SKU's break at the same quantity is another ladder (it comes before the line's).
    await createVolumeBreak(database.db, {
      actor,
      target: { kind: 'sku', sku: product.sku },
      input: discount(),
      now: december1,
    })
    expect(
      await database.db.$count(volumeBreaks, eq(volumeBreaks.productLineId, product.productLineId)),
    ).toBe(4)
  })

  test('a unit price on a product line, or in another currency, is refused', async () => {
    const { actor, product } = await setup()
    const price = discount({ priceMinor: 800_00, currency: 'CNY', discountBps: null })
    expect(
      await failureOf(
        createVolumeBreak(database.db, {
          actor,
          target: { kind: 'line', productLineId: product.productLineId },
          input: price,
          now: december1,
        }),
      ),
    ).toMatchObject({ field: 'kind' })
    expect(
      await failureOf(
        createVolumeBreak(database.db, {
          actor,
          target: { kind: 'sku', sku: product.sku },
          input: { ...price, currency: 'EUR' },
          now: december1,
        }),
      ),
    ).toMatchObject({ field: 'currency', params: { currency: 'CNY' } })
  })

  test('end early, delete only before the start; the list shows the tabs', async () => {
    const { actor, product } = await setup()
    const running = await insertVolumeBreak(database.db, {
      tier: 'gold',
      productId: product.id,
      minQuantity: 10,
      discountBps: 3500,
      validFrom: '2026-06-01',
    })
    const upcoming = await insertVolumeBreak(database.db, {
      tier: 'gold',
      productId: product.id,
      minQuantity: 50,
      discountBps: 4000,
      validFrom: '2027-01-01',
    })
    expect(
      await failureOf(
        deleteVolumeBreak(database.db, { actor, volumeBreakId: running.id, now: december1 }),
      ),
    ).toMatchObject({ userMessage: 'pricing:validity.deleteStarted' })
    await endVolumeBreak(database.db, {
      actor,
      volumeBreakId: running.id,
      validTo: '2026-12-31',
      now: december1,
    })
    expect(
      await failureOf(
        endVolumeBreak(database.db, {
          actor,
          volumeBreakId: running.id,
          validTo: '2027-01-31',
          now: december1,
        }),
      ),
    ).toMatchObject({ field: 'validTo', userMessage: 'pricing:validity.endNotEarlier' })

    const listed = await findVolumeBreaks(database.db, {
      target: { kind: 'sku', sku: product.sku },
      now: december1,
    })
    expect(listed.counts).toEqual({ current: 1, future: 1, past: 0 })
    expect(listed.rows).toMatchObject([
      { id: running.id, validTo: '2026-12-31', unitPriceMinor: 650_00, canDelete: false },
    ])

    await deleteVolumeBreak(database.db, { actor, volumeBreakId: upcoming.id, now: december1 })
    expect(await database.db.$count(volumeBreaks, eq(volumeBreaks.productId, product.id))).toBe(1)

    const missing = await findVolumeBreaks(database.db, {
      target: { kind: 'sku', sku: 'NO-SUCH-SKU' },
      now: december1,
    })
    expect(missing).toMatchObject({ target: null, targetMissing: true, rows: [] })
  })
})
