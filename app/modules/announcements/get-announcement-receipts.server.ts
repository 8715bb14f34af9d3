import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { AppError } from '#app/utils/app-error'
import { addressedTo } from './announcement-audience.server'
import { lastEditColumns, revisedAt } from './announcement-revision.server'
import { pgArray } from './find-announcements.server'

export type GetAnnouncementReceiptsOptions = { announcementId: string }

/**
 * One announcement for vendor staff, with its read receipts: every active partner in its
 * audience, whether and when someone there first opened the current version, and who. Partners
 * whose only reads were of an earlier version (before the last change of title, text or
 * attachments; ADR 0019) are "read an earlier version"; partners that left the audience are not
 * listed, though their receipts are kept.
 */
export async function getAnnouncementReceipts(
  db: Database,
  options: GetAnnouncementReceiptsOptions,
) {
  const [announcement] = await queryRows<{
    id: string
    title: string
    body: string
    kind: string
    attachments: { label: string; url: string }[]
    audience_tiers: string[] | string
    audience_regions: string[] | string
    published_at: string | null
    created_at: string
    author_name: string | null
    revised_at: string | null
    last_edited_at: string | null
    last_edited_by: string | null
  }>(
    db,
    sql`select a.id, a.title, a.body, a.kind, a.attachments, a.audience_tiers::text[] as audience_tiers,
        a.audience_regions, a.published_at, a.created_at, u.name as author_name,
        ${revisedAt} as revised_at, ${lastEditColumns}
      from announcements a left join users u on u.id = a.author_id
      where a.id = ${options.announcementId}::uuid`,
  )
  if (!announcement) throw new AppError('not_found', { userMessage: 'errors:notFound.title' })
  const receipts = await queryRows<{
    partner_id: string
    code: string
    name: string
    tier: string
    readers: string
    first_read_at: string | null
    first_reader: string | null
    earlier_readers: string
    last_earlier_read_at: string | null
  }>(
    db,
    sql`select p.id as partner_id, p.code, p.name, p.tier::text as tier,
        count(r.user_id) filter (where r.current) as readers,
        min(r.read_at) filter (where r.current) as first_read_at,
        (array_agg(u.name order by r.read_at) filter (where r.current))[1] as first_reader,
        count(r.user_id) filter (where not r.current) as earlier_readers,
        max(r.read_at) filter (where not r.current) as last_earlier_read_at
      from announcements a
      join partners p on p.status = 'active' and ${addressedTo}
      left join lateral (
        select r.user_id, r.read_at,
          (${revisedAt} is null or r.read_at >= ${revisedAt}) as current
        from announcement_reads r where r.announcement_id = a.id and r.partner_id = p.id
      ) r on true
      left join users u on u.id = r.user_id
      where a.id = ${options.announcementId}::uuid
      group by p.id
      order by min(r.read_at) filter (where r.current) is null,
        max(r.read_at) filter (where not r.current) is null, p.code`,
  )
  return {
    announcement: {
      id: announcement.id,
      title: announcement.title,
      body: announcement.body,
      kind: announcement.kind,
      attachments: announcement.attachments ?? [],
      audienceTiers: pgArray(announcement.audience_tiers),
      audienceRegions: pgArray(announcement.audience_regions),
      publishedAt: announcement.published_at ? new Date(announcement.published_at) : null,
      createdAt: new Date(announcement.created_at),
      authorName: announcement.author_name,
      revisedAt: announcement.revised_at ? new Date(announcement.revised_at) : null,
      lastEdit: announcement.last_edited_at
        ? { at: new Date(announcement.last_edited_at), by: announcement.last_edited_by }
        : null,
    },
    receipts: receipts.map((r) => ({
      partnerId: r.partner_id,
      code: r.code,
      name: r.name,
      tier: r.tier,
      readers: Number(r.readers),
      firstReadAt: r.first_read_at ? new Date(r.first_read_at) : null,
      firstReader: r.first_reader,
      earlierReaders: Number(r.earlier_readers),
      lastEarlierReadAt: r.last_earlier_read_at ? new Date(r.last_earlier_read_at) : null,
    })),
  }
}
