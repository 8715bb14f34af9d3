import { z } from 'zod'

export const announcementKinds = ['campaign', 'training', 'news'] as const
export type AnnouncementKind = (typeof announcementKinds)[number]
export const audienceTiers = ['platinum', 'gold', 'silver', 'registered'] as const

export type Attachment = { label: string; url: string }

/**
 * Attachments as typed in the form: one per line, "Label | https://…" (or just the URL). Only
 * https links and paths on this site are accepted, so a link can never run script.
 */
export function parseAttachments(text: string): Attachment[] | null {
  const attachments: Attachment[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line) continue
    const [first, ...rest] = line.split('|')
    const url = (rest.length > 0 ? rest.join('|') : first!).trim()
    const label = (rest.length > 0 ? first! : url).trim()
    if (!/^(https:\/\/[^\s<>"]+|\/[^\s<>"/][^\s<>"]*)$/i.test(url) || label.length > 200)
      return null
    attachments.push({ label, url })
  }
  return attachments.length > 20 ? null : attachments
}

/** What an announcement says and who it is for: the fields shared by creating and editing. */
const announcementFields = {
  title: z.string().trim().min(1, 'announcements:errors.title').max(200, 'validation:tooLong'),
  body: z.string().trim().max(20_000, 'validation:tooLong').default(''),
  kind: z.enum(announcementKinds, { message: 'validation:invalidChoice' }),
  attachments: z.string().max(10_000, 'validation:tooLong').default(''),
  audienceTiers: z
    .array(z.enum(audienceTiers, { message: 'validation:invalidChoice' }))
    .default([]),
  audienceRegions: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/, 'validation:invalidChoice'),
    )
    .max(100)
    .default([]),
}

type AnnouncementFieldValues = z.output<z.ZodObject<typeof announcementFields>>

function normalise<T extends AnnouncementFieldValues>(
  value: T,
  ctx: z.RefinementCtx,
): Omit<T, 'attachments'> & { attachments: Attachment[] } {
  const attachments = parseAttachments(value.attachments)
  if (!attachments) {
    ctx.addIssue({
      code: 'custom',
      path: ['attachments'],
      message: 'announcements:errors.attachments',
    })
    return z.NEVER
  }
  return {
    ...value,
    attachments,
    audienceTiers: [...new Set(value.audienceTiers)],
    audienceRegions: [...new Set(value.audienceRegions)],
  }
}

export const AnnouncementForm = z
  .object({
    ...announcementFields,
    publish: z.preprocess(
      (v) => v === true || v === 'on' || v === '1' || v === 'true',
      z.boolean(),
    ),
  })
  .transform(normalise)
export type AnnouncementInput = z.output<typeof AnnouncementForm>

/** Editing a saved announcement: the same fields; publishing and withdrawing are separate steps. */
export const AnnouncementEditForm = z.object(announcementFields).transform(normalise)
export type AnnouncementEditInput = z.output<typeof AnnouncementEditForm>

/** The fields as the form shows them (attachments one per line, "Label | link"). */
export type AnnouncementFormDefaults = {
  title: string
  body: string
  kind: AnnouncementKind
  attachments: string
  audienceTiers: string[]
  audienceRegions: string[]
}

export function attachmentsText(attachments: Attachment[]): string {
  return attachments.map((a) => (a.label === a.url ? a.url : `${a.label} | ${a.url}`)).join('\n')
}

/**
 * Receipts after an edit (ADR 0019). Changing what partners read (title, text or attachments)
 * makes a new version: readers of an earlier one keep their receipt, marked as read before the
 * last edit, and partners see the announcement as updated until they open it again. Changing
 * only the kind or the audience leaves every receipt as it was.
 */
export const contentFields = ['title', 'body', 'attachments'] as const

export function changesContent(
  before: Pick<AnnouncementEditInput, (typeof contentFields)[number]>,
  after: Pick<AnnouncementEditInput, (typeof contentFields)[number]>,
): boolean {
  return contentFields.some(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  )
}

export type ReceiptState = 'current' | 'earlier' | 'unread'

/** Whether a read at `readAt` was of the current version (revised at `revisedAt`, if ever). */
export function receiptState(readAt: Date | null, revisedAt: Date | null): ReceiptState {
  if (!readAt) return 'unread'
  return revisedAt && readAt < revisedAt ? 'earlier' : 'current'
}
