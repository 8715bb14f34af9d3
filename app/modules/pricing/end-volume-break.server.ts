import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { volumeBreaks } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { endDateProblem } from './price-validity-rules'

export type EndVolumeBreakOptions = {
  actor: { id: string; email: string }
  volumeBreakId: string
  /** The new last day (inclusive). */
  validTo: string
  ip?: string | null
  now?: Date
}

/** Ends a volume break early (yesterday at the earliest, never later than it ends). Audited. */
export async function endVolumeBreak(
  db: Database,
  options: EndVolumeBreakOptions,
): Promise<{ validTo: string }> {
  if (!isUuid(options.volumeBreakId)) throw notFound()
  const today = todayInShanghai(options.now ?? new Date())
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(volumeBreaks)
      .where(eq(volumeBreaks.id, options.volumeBreakId))
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
      .update(volumeBreaks)
      .set({ validTo: options.validTo })
      .where(eq(volumeBreaks.id, row.id))
    await recordAudit(tx, {
      actor: options.actor,
      action: 'volume_break.ended',
      entityType: 'volume_break',
      entityId: row.id,
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
