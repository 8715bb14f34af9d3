import type { Database } from '#db/client.server'
import { announcements } from '#db/schema/contribution'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import type { AnnouncementInput } from './announcement-rules'

export type CreateAnnouncementOptions = {
  actor: { id: string; email: string }
  input: AnnouncementInput
  ip?: string | null
  now?: Date
}

/** Creates an announcement, published at once when asked (else a draft), with its audit row. */
export async function createAnnouncement(
  db: Database,
  options: CreateAnnouncementOptions,
): Promise<{ announcementId: string }> {
  const { input } = options
  const now = options.now ?? new Date()
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(announcements)
      .values({
        title: input.title,
        body: input.body,
        kind: input.kind,
        attachments: input.attachments,
        audienceTiers: input.audienceTiers,
        audienceRegions: input.audienceRegions,
        publishedAt: input.publish ? now : null,
        authorId: options.actor.id,
      })
      .returning({ id: announcements.id })
    await recordAudit(tx, {
      actor: options.actor,
      action: input.publish ? 'announcement.published' : 'announcement.created',
      entityType: 'announcement',
      entityId: row!.id,
      before: null,
      after: {
        title: input.title,
        kind: input.kind,
        audienceTiers: input.audienceTiers,
        audienceRegions: input.audienceRegions,
        published: input.publish,
      },
      ip: options.ip,
    })
    return { announcementId: row!.id }
  })
}
