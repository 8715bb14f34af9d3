import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError } from '#app/utils/app-error'
import { hasPermission, type Role } from '#app/utils/permissions'
import { addressedTo } from './announcement-audience.server'
import { changesContent, type AnnouncementEditInput, type Attachment } from './announcement-rules'
import { pgArray } from './find-announcements.server'

export type UpdateAnnouncementOptions = {
  actor: { id: string; email: string; role: Role }
  announcementId: string
  input: AnnouncementEditInput
  ip?: string | null
}

export type UpdateAnnouncementResult = {
  changed: boolean
  /** Title, text or attachments changed: earlier readers are asked to read it again. */
  contentChanged: boolean
  /** Active partners that saw it before the edit and no longer do, and those that now do. */
  partnersRemoved: number
  partnersAdded: number
  published: boolean
}

/** The active partners an announcement is addressed to now (inside the caller's transaction). */
async function audienceOf(db: Database, announcementId: string): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select p.id from announcements a join partners p on p.status = 'active' and ${addressedTo}
      where a.id = ${announcementId}::uuid`,
  )
  return new Set(rows.map((r) => r.id))
}

/** A text array for either driver: a JSON parameter unpacked in SQL. */
const textArray = (values: string[]) =>
  sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`

/**
 * Edits a saved announcement, draft or published: title, text, kind, attachments and audience.
 * The audience is evaluated whenever a partner looks, so a partner that leaves it stops seeing
 * the announcement at once (its receipts are kept, and count again if it comes back). A change
 * of title, text or attachments is recorded as `announcement.revised`, which marks earlier reads
 * as of an earlier version (ADR 0019); other changes as `announcement.updated`. Saving the same
 * values writes nothing.
 */
export async function updateAnnouncement(
  db: Database,
  options: UpdateAnnouncementOptions,
): Promise<UpdateAnnouncementResult> {
  if (!hasPermission(options.actor.role, 'manage:announcements:any')) {
    throw new AppError('forbidden', { userMessage: 'errors:forbidden.title' })
  }
  const { input } = options
  // Plain SQL, as in publish-announcement: drizzle's inferred update type for this table is too
  // expensive for the type checker.
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const [row] = await queryRows<{
      id: string
      title: string
      body: string
      kind: AnnouncementEditInput['kind']
      attachments: Attachment[]
      audience_tiers: string[] | string
      audience_regions: string[] | string
      published_at: string | null
    }>(
      txDb,
      sql`select id, title, body, kind, attachments, audience_tiers::text[] as audience_tiers,
          audience_regions, published_at
        from announcements where id = ${options.announcementId}::uuid for update`,
    )
    if (!row) throw new AppError('not_found', { userMessage: 'errors:notFound.title' })
    const before = {
      title: row.title,
      body: row.body,
      kind: row.kind,
      // jsonb keeps its own key order; rebuild each link so it compares with the form's.
      attachments: (row.attachments ?? []).map((a) => ({ label: a.label, url: a.url })),
      audienceTiers: pgArray(row.audience_tiers).sort(),
      audienceRegions: pgArray(row.audience_regions).sort(),
    }
    const after = {
      title: input.title,
      body: input.body,
      kind: input.kind,
      attachments: input.attachments,
      audienceTiers: [...input.audienceTiers].sort(),
      audienceRegions: [...input.audienceRegions].sort(),
    }
    const published = row.published_at !== null
    const unchanged = (Object.keys(after) as (keyof typeof after)[]).every(
      (key) => JSON.stringify(before[key]) === JSON.stringify(after[key]),
    )
    if (unchanged) {
      return {
        changed: false,
        contentChanged: false,
        partnersRemoved: 0,
        partnersAdded: 0,
        published,
      }
    }
    const contentChanged = changesContent(before, after)

    const audienceBefore = await audienceOf(txDb, row.id)
    await tx.execute(
      sql`update announcements set title = ${after.title}, body = ${after.body},
          kind = ${after.kind}::announcement_kind,
          attachments = ${JSON.stringify(after.attachments)}::jsonb,
          audience_tiers = ${textArray(after.audienceTiers)}::partner_tier[],
          audience_regions = ${textArray(after.audienceRegions)}::text[],
          content_revised_at = ${contentChanged ? sql`now()` : sql`content_revised_at`},
          last_edited_at = now(), last_edited_by_id = ${options.actor.id}::uuid,
          updated_at = now()
        where id = ${row.id}::uuid`,
    )
    const audienceAfter = await audienceOf(txDb, row.id)
    const partnersRemoved = [...audienceBefore].filter((id) => !audienceAfter.has(id)).length
    const partnersAdded = [...audienceAfter].filter((id) => !audienceBefore.has(id)).length

    await recordAudit(txDb, {
      actor: { id: options.actor.id, email: options.actor.email },
      action: contentChanged ? 'announcement.revised' : 'announcement.updated',
      entityType: 'announcement',
      entityId: row.id,
      before: { ...before, audiencePartners: audienceBefore.size },
      after: { ...after, audiencePartners: audienceAfter.size },
      ip: options.ip,
    })
    return { changed: true, contentChanged, partnersRemoved, partnersAdded, published }
  })
}
