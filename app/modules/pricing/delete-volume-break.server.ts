import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { volumeBreaks } from '#db/schema/catalog'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { auditRow } from './price-writes.server'
import { canDeleteRow } from './price-validity-rules'

export type DeleteVolumeBreakOptions = {
  actor: { id: string; email: string }
  volumeBreakId: string
  ip?: string | null
  now?: Date
}

/** Deletes a volume break that has not started; one that was in force stays on record. Audited. */
export async function deleteVolumeBreak(
  db: Database,
  options: DeleteVolumeBreakOptions,
): Promise<void> {
  if (!isUuid(options.volumeBreakId)) throw notFound()
  const today = todayInShanghai(options.now ?? new Date())
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(volumeBreaks)
      .where(eq(volumeBreaks.id, options.volumeBreakId))
      .for('update')
    if (!row) throw notFound()
    if (!canDeleteRow(row, today)) {
      throw new AppError('conflict', { userMessage: 'pricing:validity.deleteStarted' })
    }
    await tx.delete(volumeBreaks).where(eq(volumeBreaks.id, row.id))
    await recordAudit(tx, {
      actor: options.actor,
      action: 'volume_break.deleted',
      entityType: 'volume_break',
      entityId: row.id,
      before: auditRow(row),
      after: null,
      ip: options.ip,
    })
  })
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
