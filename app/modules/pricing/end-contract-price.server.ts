import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { contractPrices } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { endDateProblem } from './price-validity-rules'

export type EndContractPriceOptions = {
  actor: { id: string; email: string }
  /** The partner of the page: a contract price of another partner is not found. */
  partnerId: string
  contractPriceId: string
  /** The new last day (inclusive). */
  validTo: string
  ip?: string | null
  now?: Date
}

/**
 * Ends a contract price early: its last day becomes `validTo` (yesterday at the earliest, so it
 * can stop at once; never later than it already ends). Audited.
 */
export async function endContractPrice(
  db: Database,
  options: EndContractPriceOptions,
): Promise<{ validTo: string }> {
  if (!isUuid(options.partnerId) || !isUuid(options.contractPriceId)) throw notFound()
  const today = todayInShanghai(options.now ?? new Date())
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(contractPrices)
      .where(
        and(
          eq(contractPrices.id, options.contractPriceId),
          eq(contractPrices.partnerId, options.partnerId),
        ),
      )
      .for('update')
    if (!row) throw notFound()
    const problem = endDateProblem(row, options.validTo, today)
    if (problem) {
      throw new AppError('invalid', {
        userMessage: problem,
        field: 'validTo',
        params: { from: row.validFrom, to: row.validTo ?? '' },
      })
    }
    await tx
      .update(contractPrices)
      .set({ validTo: options.validTo })
      .where(eq(contractPrices.id, row.id))
    await recordAudit(tx, {
      actor: options.actor,
      action: 'contract_price.ended',
      entityType: 'contract_price',
      entityId: row.id,
      partnerId: row.partnerId,
      before: { validTo: row.validTo },
      after: { validTo: options.validTo },
      ip: options.ip,
    })
    return { validTo: options.validTo }
  })
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
