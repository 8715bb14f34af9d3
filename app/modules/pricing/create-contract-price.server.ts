import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { contractPrices, products } from '#db/schema/catalog'
import { partners } from '#db/schema/partners'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { AppError, constraintOf, sqlStateOf } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import type { ContractPriceInput } from './contract-price-rules'
import { auditRow } from './price-writes.server'

export type CreateContractPriceOptions = {
  actor: { id: string; email: string }
  partnerId: string
  input: ContractPriceInput
  ip?: string | null
  now?: Date
}

export type CreateContractPriceResult = { contractPriceId: string; sku: string }

/**
 * Agrees a contract price for one partner and SKU. It applies at once in the partner's catalog
 * (contract prices come first in the net price). Refused with a field error: an unknown SKU, a
 * currency other than the product's, a start in the past, and a period that overlaps another
 * contract price of the partner for the SKU (the message names that one's dates). Audited.
 */
export async function createContractPrice(
  db: Database,
  options: CreateContractPriceOptions,
): Promise<CreateContractPriceResult> {
  const { actor, input } = options
  if (!isUuid(options.partnerId)) throw notFound()
  const today = todayInShanghai(options.now ?? new Date())
  const [partner] = await db
    .select({ id: partners.id })
    .from(partners)
    .where(eq(partners.id, options.partnerId))
  if (!partner) throw notFound()

  const [product] = await db
    .select({ id: products.id, sku: products.sku, currency: products.currency })
    .from(products)
    .where(eq(products.sku, input.sku))
  if (!product) {
    throw new AppError('invalid', { userMessage: 'pricing:validation.unknownSku', field: 'sku' })
  }
  if (input.currency !== product.currency) {
    throw new AppError('invalid', {
      userMessage: 'pricing:validation.currencyMismatch',
      field: 'currency',
      params: { currency: product.currency },
    })
  }
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

  const where = { partnerId: partner.id, productId: product.id }
  try {
    return await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(contractPrices)
        .values({
          partnerId: partner.id,
          productId: product.id,
          priceMinor: input.priceMinor,
          currency: input.currency,
          validFrom: input.validFrom,
          validTo: input.validTo,
          note: input.note,
        })
        .returning()
      await recordAudit(tx, {
        actor,
        action: 'contract_price.created',
        entityType: 'contract_price',
        entityId: created.id,
        partnerId: partner.id,
        before: null,
        after: { ...auditRow(created), sku: product.sku },
        ip: options.ip,
      })
      return { contractPriceId: created.id, sku: product.sku }
    })
  } catch (error) {
    // The exclusion constraint decides (also between two admins at once); the message names
    // the dates of the contract price that is in the way.
    if (sqlStateOf(error) === '23P01' && constraintOf(error) === 'contract_prices_no_overlap') {
      const overlapping = await findOverlap(db, where, input)
      throw overlapError(overlapping ?? { validFrom: input.validFrom, validTo: input.validTo })
    }
    throw error
  }
}

/** The partner's contract price for the SKU that shares a day with the new period, if any. */
async function findOverlap(
  db: Database,
  where: { partnerId: string; productId: string },
  period: { validFrom: string; validTo: string | null },
): Promise<{ validFrom: string; validTo: string | null } | undefined> {
  const [row] = await db
    .select({ validFrom: contractPrices.validFrom, validTo: contractPrices.validTo })
    .from(contractPrices)
    .where(
      and(
        eq(contractPrices.partnerId, where.partnerId),
        eq(contractPrices.productId, where.productId),
        or(isNull(contractPrices.validTo), gte(contractPrices.validTo, period.validFrom)),
        period.validTo === null ? undefined : lte(contractPrices.validFrom, period.validTo),
      ),
    )
    .orderBy(asc(contractPrices.validFrom))
    .limit(1)
  return row
}

function overlapError(existing: { validFrom: string; validTo: string | null }): AppError {
  return new AppError('conflict', {
    userMessage:
      existing.validTo === null
        ? 'pricing:contracts.errors.overlapOpen'
        : 'pricing:contracts.errors.overlap',
    field: 'validFrom',
    params: { from: existing.validFrom, to: existing.validTo ?? '' },
  })
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
