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

export const AnnouncementForm = z
  .object({
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
    publish: z.preprocess(
      (v) => v === true || v === 'on' || v === '1' || v === 'true',
      z.boolean(),
    ),
  })
  .transform((value, ctx) => {
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
  })
export type AnnouncementInput = z.output<typeof AnnouncementForm>
