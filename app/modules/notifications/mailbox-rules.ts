import { z } from 'zod'

/** Rows per page of the mailbox. */
export const mailboxPageSize = 50

export const outboxStatuses = ['pending', 'sent', 'failed'] as const
export type OutboxStatusName = (typeof outboxStatuses)[number]

/** The mailbox's URL query; an unknown status simply shows every e-mail. */
export const MailboxQuerySchema = z.object({
  status: z.enum(outboxStatuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
})

export type MailboxQuery = z.output<typeof MailboxQuerySchema>

export function parseMailboxQuery(query: URLSearchParams): MailboxQuery {
  return MailboxQuerySchema.parse({
    status: query.get('status') ?? undefined,
    page: query.get('page') ?? undefined,
  })
}

export type TextSegment =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

// http(s) only: a javascript: or data: URL in an e-mail body must never become a live link.
const linkPattern = /\bhttps?:\/\/[^\s<>"']+/gi
// Sentence punctuation right after a link belongs to the sentence, not the URL.
const trailingPunctuation = /[.,;:!?)\]}。，；：！？）」』]+$/

/** Splits plain e-mail text into text and link segments, so invitation and reset links are clickable. */
export function splitLinks(text: string): TextSegment[] {
  const segments: TextSegment[] = []
  let last = 0
  for (const match of text.matchAll(linkPattern)) {
    const start = match.index ?? 0
    const url = match[0].replace(trailingPunctuation, '')
    if (!url.includes('://') || url.endsWith('://')) continue
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) })
    segments.push({ kind: 'link', text: url, href: url })
    last = start + url.length
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) })
  return segments
}
