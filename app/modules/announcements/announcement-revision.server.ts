import { sql, type SQL } from 'drizzle-orm'

/**
 * When the announcement (alias a) last changed what partners read, or null: the time of its
 * latest `announcement.revised` audit row (ADR 0019). The audit log is append-only and indexed
 * by entity, so it is the record of each revision; a read before this time was of an earlier
 * version.
 */
export const revisedAt: SQL = sql`(select max(l.created_at) from audit_log l
  where l.entity_type = 'announcement' and l.entity_id = a.id::text
    and l.action = 'announcement.revised')`

/** The latest edit of any kind (text, kind or audience), with who made it, for vendor staff. */
export const lastEditColumns: SQL = sql`(select l.created_at from audit_log l
    where l.entity_type = 'announcement' and l.entity_id = a.id::text
      and l.action in ('announcement.revised', 'announcement.updated')
    order by l.id desc limit 1) as last_edited_at,
  (select coalesce(u.name, l.actor_email) from audit_log l left join users u on u.id = l.actor_user_id
    where l.entity_type = 'announcement' and l.entity_id = a.id::text
      and l.action in ('announcement.revised', 'announcement.updated')
    order by l.id desc limit 1) as last_edited_by`
