ALTER TABLE "announcements" ADD COLUMN "content_revised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "announcements" ADD COLUMN "last_edited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "announcements" ADD COLUMN "last_edited_by_id" uuid;--> statement-breakpoint
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_last_edited_by_id_users_id_fk" FOREIGN KEY ("last_edited_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Announcements edited before these columns existed: their revisions and edits from the audit log.
UPDATE "announcements" a SET
  "content_revised_at" = (SELECT max(l.created_at) FROM audit_log l
    WHERE l.entity_type = 'announcement' AND l.entity_id = a.id::text
      AND l.action = 'announcement.revised'),
  "last_edited_at" = e.created_at,
  "last_edited_by_id" = (SELECT u.id FROM users u WHERE u.id = e.actor_user_id)
FROM (SELECT DISTINCT ON (l.entity_id) l.entity_id, l.created_at, l.actor_user_id
      FROM audit_log l
      WHERE l.entity_type = 'announcement'
        AND l.action IN ('announcement.revised', 'announcement.updated')
      ORDER BY l.entity_id, l.id DESC) e
WHERE e.entity_id = a.id::text;
