import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { AppError } from '#app/utils/app-error'
import type { AnnouncementKind, Attachment } from './announcement-rules'
import { lastEditColumns } from './announcement-revision.server'
import { pgArray } from './find-announcements.server'

export type GetAnnouncementOptions = { announcementId: string }

/** One announcement as vendor staff edit it, with its latest edit (who and when), if any. */
export async function getAnnouncement(db: Database, options: GetAnnouncementOptions) {
  const [row] = await queryRows<{
    id: string
    title: string
    body: string
    kind: AnnouncementKind
    attachments: Attachment[]
    audience_tiers: string[] | string
    audience_regions: string[] | string
    published_at: string | null
    last_edited_at: string | null
    last_edited_by: string | null
  }>(
    db,
    sql`select a.id, a.title, a.body, a.kind, a.attachments,
        a.audience_tiers::text[] as audience_tiers, a.audience_regions, a.published_at,
        ${lastEditColumns}
      from announcements a where a.id = ${options.announcementId}::uuid`,
  )
  if (!row) throw new AppError('not_found', { userMessage: 'errors:notFound.title' })
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    kind: row.kind,
    attachments: row.attachments ?? [],
    audienceTiers: pgArray(row.audience_tiers),
    audienceRegions: pgArray(row.audience_regions),
    publishedAt: row.published_at ? new Date(row.published_at) : null,
    lastEdit: row.last_edited_at
      ? { at: new Date(row.last_edited_at), by: row.last_edited_by }
      : null,
  }
}
