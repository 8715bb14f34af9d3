import { sql, type SQL } from 'drizzle-orm'

/**
 * When the announcement (alias a) last changed what partners read, or null (ADR 0019): a read
 * before this time was of an earlier version. Set by updateAnnouncement in the transaction of the
 * change, at the same instant as its `announcement.revised` audit row.
 */
export const revisedAt: SQL = sql`a.content_revised_at`

/** The latest edit of any kind (text, kind or audience), with who made it, for vendor staff. */
export const lastEditColumns: SQL = sql`a.last_edited_at as last_edited_at,
  (select coalesce(u.name, u.email) from users u where u.id = a.last_edited_by_id) as last_edited_by`
