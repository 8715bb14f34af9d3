import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { contractPrices } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { auditRow } from './price-writes.server'
import { canDeleteRow } from './price-validity-rules'

export type DeleteContractPriceOptions = {
  actor: { id: string; email: string }
  /** The partner of the page: a contract price of another partner is not found. */
  partnerId: string
  contractPriceId: string
  ip?: string | null
  now?: Date
}

/**
 * Deletes a contract price that has not started yet. One that was in force stays on record (end
 * it early instead). Audited with the whole row.
 */
export async function deleteContractPrice(
  db: Database,
  options: DeleteContractPriceOptions,
): Promise<void> {
  if (!isUuid(options.partnerId) || !isUuid(options.contractPriceId)) throw notFound()
  const today = todayInShanghai(options.now ?? new Date())
  await db.transaction(async (tx) => {
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
    if (!canDeleteRow(row, today)) {
      throw new AppError('conflict', { userMessage: 'pricing:validity.deleteStarted' })
    }
    await tx.delete(contractPrices).where(eq(contractPrices.id, row.id))
    await recordAudit(tx, {
      actor: options.actor,
      action: 'contract_price.deleted',
      entityType: 'contract_price',
      entityId: row.id,
      partnerId: row.partnerId,
      before: auditRow(row),
      after: null,
      ip: options.ip,
    })
  })
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
