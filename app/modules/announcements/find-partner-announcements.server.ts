import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { addressedTo } from './announcement-audience.server'
import { receiptState } from './announcement-rules'
import { revisedAt } from './announcement-revision.server'

export type FindPartnerAnnouncementsOptions = {
  actor: { id: string; partnerId: string }
  kind?: string | null
}

/**
 * The published announcements addressed to the actor's partner, newest first, with the actor's
 * receipt: `readAt` only when they read the current version; `updatedSinceRead` when they read
 * one from before the last change of its text (ADR 0019).
 */
export async function findPartnerAnnouncements(
  db: Database,
  options: FindPartnerAnnouncementsOptions,
) {
  const kind =
    options.kind && ['campaign', 'training', 'news'].includes(options.kind) ? options.kind : null
  const rows = await queryRows<{
    id: string
    title: string
    kind: string
    body: string
    published_at: string
    attachments: number
    read_at: string | null
    revised_at: string | null
  }>(
    db,
    sql`select a.id, a.title, a.kind, left(a.body, 280) as body, a.published_at,
        jsonb_array_length(a.attachments) as attachments, r.read_at, ${revisedAt} as revised_at
      from announcements a
      join partners p on p.id = ${options.actor.partnerId}::uuid
      left join announcement_reads r on r.announcement_id = a.id and r.user_id = ${options.actor.id}::uuid
      where a.published_at is not null and a.published_at <= now() and ${addressedTo}
        ${kind ? sql`and a.kind = ${kind}` : sql``}
      order by a.published_at desc, a.id
      limit 200`,
  )
  return rows.map((r) => {
    const readAt = r.read_at ? new Date(r.read_at) : null
    const revised = r.revised_at ? new Date(r.revised_at) : null
    const state = receiptState(readAt, revised)
    return {
      id: r.id,
      title: r.title,
      kind: r.kind,
      excerpt: r.body,
      publishedAt: new Date(r.published_at),
      revisedAt: revised,
      attachmentCount: Number(r.attachments),
      readAt: state === 'current' ? readAt : null,
      updatedSinceRead: state === 'earlier',
    }
  })
}
