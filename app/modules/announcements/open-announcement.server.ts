import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { announcementReads } from '#db/schema/contribution'
import { queryRows } from '#db/execute.server'
import { AppError } from '#app/utils/app-error'
import { addressedTo } from './announcement-audience.server'
import { revisedAt } from './announcement-revision.server'

export type OpenAnnouncementOptions = {
  actor: { id: string; partnerId: string }
  announcementId: string
}

/**
 * A partner user opens an announcement addressed to its partner: the text and attachments, and a
 * read receipt (the first opening counts; later ones change nothing, unless the text changed
 * since: then this opening is the read of the new version, ADR 0019). Drafts, withdrawn ones and
 * those for another audience (also a partner that left it through an edit) are not found.
 */
export async function openAnnouncement(db: Database, options: OpenAnnouncementOptions) {
  const [row] = await queryRows<{
    id: string
    title: string
    body: string
    kind: string
    attachments: { label: string; url: string }[]
    published_at: string
    revised_at: string | null
  }>(
    db,
    sql`select a.id, a.title, a.body, a.kind, a.attachments, a.published_at, ${revisedAt} as revised_at
      from announcements a join partners p on p.id = ${options.actor.partnerId}::uuid
      where a.id = ${options.announcementId}::uuid and a.published_at is not null
        and a.published_at <= now() and ${addressedTo}`,
  )
  if (!row) throw new AppError('not_found', { userMessage: 'errors:notFound.title' })
  const [read] = await db
    .insert(announcementReads)
    .values({
      announcementId: row.id,
      userId: options.actor.id,
      partnerId: options.actor.partnerId,
    })
    .onConflictDoUpdate({
      target: [announcementReads.announcementId, announcementReads.userId],
      set: {
        readAt: row.revised_at
          ? sql`case when ${announcementReads.readAt} < ${row.revised_at}::timestamptz
              then now() else ${announcementReads.readAt} end`
          : sql`${announcementReads.readAt}`,
      },
    })
    .returning({ readAt: announcementReads.readAt })
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    kind: row.kind,
    attachments: row.attachments ?? [],
    publishedAt: new Date(row.published_at),
    revisedAt: row.revised_at ? new Date(row.revised_at) : null,
    readAt: read!.readAt,
  }
}
