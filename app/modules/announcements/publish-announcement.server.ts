import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError } from '#app/utils/app-error'

export type PublishAnnouncementOptions = {
  actor: { id: string; email: string }
  announcementId: string
  /** true publishes a draft now; false withdraws it from partners (reads are kept). */
  publish: boolean
  ip?: string | null
  now?: Date
}

/** Publishes a draft, or withdraws a published announcement, with its audit row. */
export async function publishAnnouncement(
  db: Database,
  options: PublishAnnouncementOptions,
): Promise<void> {
  // Plain SQL: drizzle's inferred update type for this table (an enum array and typed jsonb)
  // is expensive enough to exhaust the type checker.
  await db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string; published_at: string | null }>(
      tx,
      sql`select id, published_at from announcements
        where id = ${options.announcementId}::uuid for update`,
    )
    if (!row) throw new AppError('not_found', { userMessage: 'errors:notFound.title' })
    if ((row.published_at !== null) === options.publish) return
    const publishedAt = options.publish ? (options.now ?? new Date()) : null
    await tx.execute(
      sql`update announcements set published_at = ${publishedAt ? publishedAt.toISOString() : null}::timestamptz,
        updated_at = now() where id = ${row.id}::uuid`,
    )
    await recordAudit(tx, {
      actor: options.actor,
      action: options.publish ? 'announcement.published' : 'announcement.withdrawn',
      entityType: 'announcement',
      entityId: row.id,
      before: { publishedAt: row.published_at },
      after: { publishedAt },
      ip: options.ip,
    })
  })
}
