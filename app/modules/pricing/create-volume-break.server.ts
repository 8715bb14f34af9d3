import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { products, volumeBreaks } from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { AppError, constraintOf, sqlStateOf } from '#app/utils/app-error'
import { auditRow } from './price-writes.server'
import type { VolumeBreakInput, VolumeBreakTarget } from './volume-break-rules'

export type CreateVolumeBreakOptions = {
  actor: { id: string; email: string }
  target: VolumeBreakTarget
  input: VolumeBreakInput
  ip?: string | null
  now?: Date
}

const overlapConstraints = new Set([
  'volume_breaks_product_no_overlap',
  'volume_breaks_line_no_overlap',
])

/**
 * Adds a volume break for a tier on one SKU or product line. A unit price is in the product's
 * currency; a product-line break is a discount. A break of the tier at the same minimum quantity
 * whose dates overlap is a field error naming its dates (the exclusion constraint decides).
 * Audited.
 */
export async function createVolumeBreak(
  db: Database,
  options: CreateVolumeBreakOptions,
): Promise<{ volumeBreakId: string }> {
  const { input, target } = options
  const today = todayInShanghai(options.now ?? new Date())
  if (input.validFrom < today) {
    throw new AppError('invalid', {
      userMessage: 'pricing:validity.startInPast',
      field: 'validFrom',
    })
  }
  if (input.validTo !== null && input.validTo < input.validFrom) {
    throw new AppError('invalid', {
      userMessage: 'pricing:validity.endBeforeStart',
      field: 'validTo',
    })
  }

  let productId: string | null = null
  let productLineId: string | null = null
  if (target.kind === 'sku') {
    const [product] = await db
      .select({ id: products.id, currency: products.currency })
      .from(products)
      .where(eq(products.sku, target.sku))
    if (!product) throw notFound()
    if (input.priceMinor !== null && input.currency !== product.currency) {
      throw new AppError('invalid', {
        userMessage: 'pricing:validation.currencyMismatch',
        field: 'currency',
        params: { currency: product.currency },
      })
    }
    productId = product.id
  } else {
    const [line] = await db
      .select({ id: productLines.id })
      .from(productLines)
      .where(eq(productLines.id, target.productLineId))
    if (!line) throw notFound()
    if (input.priceMinor !== null) {
      throw new AppError('invalid', {
        userMessage: 'pricing:volumeBreaks.errors.linePrice',
        field: 'kind',
      })
    }
    productLineId = line.id
  }

  const key = { tier: input.tier, minQuantity: input.minQuantity, productId, productLineId }
  try {
    return await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(volumeBreaks)
        .values({
          ...key,
          priceMinor: input.priceMinor,
          currency: input.currency,
          discountBps: input.discountBps,
          validFrom: input.validFrom,
          validTo: input.validTo,
        })
        .returning()
      await recordAudit(tx, {
        actor: options.actor,
        action: 'volume_break.created',
        entityType: 'volume_break',
        entityId: created.id,
        before: null,
        after: { ...auditRow(created), sku: target.kind === 'sku' ? target.sku : null },
        ip: options.ip,
      })
      return { volumeBreakId: created.id }
    })
  } catch (error) {
    const constraint = constraintOf(error)
    if (sqlStateOf(error) === '23P01' && constraint && overlapConstraints.has(constraint)) {
      const [existing] = await db
        .select({ validFrom: volumeBreaks.validFrom, validTo: volumeBreaks.validTo })
        .from(volumeBreaks)
        .where(
          and(
            eq(volumeBreaks.tier, key.tier),
            eq(volumeBreaks.minQuantity, key.minQuantity),
            productId
              ? eq(volumeBreaks.productId, productId)
              : eq(volumeBreaks.productLineId, productLineId!),
            or(isNull(volumeBreaks.validTo), gte(volumeBreaks.validTo, input.validFrom)),
            input.validTo === null ? undefined : lte(volumeBreaks.validFrom, input.validTo),
          ),
        )
        .orderBy(asc(volumeBreaks.validFrom))
        .limit(1)
      const from = existing?.validFrom ?? input.validFrom
      const to = existing ? existing.validTo : input.validTo
      throw new AppError('conflict', {
        userMessage:
          to === null
            ? 'pricing:volumeBreaks.errors.duplicateOpen'
            : 'pricing:volumeBreaks.errors.duplicate',
        field: 'minQuantity',
        params: { from, to: to ?? '', quantity: key.minQuantity },
      })
    }
    throw error
  }
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
