import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { addressedTo } from './announcement-audience.server'
import { revisedAt } from './announcement-revision.server'

export type FindAnnouncementsOptions = { page?: number }

export type AnnouncementListRow = {
  id: string
  title: string
  kind: string
  publishedAt: Date | null
  createdAt: Date
  authorName: string | null
  audienceTiers: string[]
  audienceRegions: string[]
  /**
   * Active partners it is addressed to, and how many of them have at least one reader of the
   * current version (reads from before the last change of its text do not count; ADR 0019).
   */
  audiencePartners: number
  partnersRead: number
}

const pageSize = 25

/** Vendor list: every announcement, newest first, with its reach and read receipts per partner. */
export async function findAnnouncements(db: Database, options: FindAnnouncementsOptions = {}) {
  const page = options.page && options.page >= 1 ? Math.floor(options.page) : 1
  const rows = await queryRows<{
    id: string
    title: string
    kind: string
    published_at: string | null
    created_at: string
    author_name: string | null
    audience_tiers: string[] | string
    audience_regions: string[] | string
    audience: string
    read: string
    total: string
  }>(
    db,
    sql`select a.id, a.title, a.kind, a.published_at, a.created_at, u.name as author_name,
        a.audience_tiers::text[] as audience_tiers, a.audience_regions,
        (select count(*) from partners p where p.status = 'active' and ${addressedTo}) as audience,
        (select count(distinct r.partner_id) from announcement_reads r
          join partners p on p.id = r.partner_id and p.status = 'active' and ${addressedTo}
          where r.announcement_id = a.id
            and (${revisedAt} is null or r.read_at >= ${revisedAt})) as read,
        count(*) over () as total
      from announcements a left join users u on u.id = a.author_id
      order by coalesce(a.published_at, a.created_at) desc, a.id
      limit ${pageSize} offset ${(page - 1) * pageSize}`,
  )
  const total = Number(rows[0]?.total ?? 0)
  return {
    announcements: rows.map((r): AnnouncementListRow => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      publishedAt: r.published_at ? new Date(r.published_at) : null,
      createdAt: new Date(r.created_at),
      authorName: r.author_name,
      audienceTiers: pgArray(r.audience_tiers),
      audienceRegions: pgArray(r.audience_regions),
      audiencePartners: Number(r.audience),
      partnersRead: Number(r.read),
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  }
}

/** PGlite and postgres.js both parse text[]; an enum array may arrive as '{a,b}'. */
export function pgArray(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value
  if (!value || value === '{}') return []
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
}
