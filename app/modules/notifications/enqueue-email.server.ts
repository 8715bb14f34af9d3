import type { Database } from '#db/client.server'
import { emailOutbox } from '#db/schema/outbox'
import { renderEmail, type EmailTemplate } from './email-templates'

export type EnqueueEmailOptions<T extends EmailTemplate['template']> = {
  to: string
  locale: string | null | undefined
} & Extract<EmailTemplate, { template: T }>

/** The outbox row of an e-mail, rendered in the recipient's language, as enqueueEmail writes it. */
export function outboxRowOf<T extends EmailTemplate['template']>(options: EnqueueEmailOptions<T>) {
  const { to, locale, ...template } = options
  const rendered = renderEmail(template as EmailTemplate, locale)
  return {
    toEmail: to,
    subject: rendered.subject,
    bodyText: rendered.text,
    template: template.template,
    locale: rendered.locale,
  }
}

/**
 * Queues an e-mail in the outbox. Call it inside the transaction of the change that caused it, so
 * the e-mail exists exactly when the change does; the sender loop delivers it after commit.
 */
export async function enqueueEmail<T extends EmailTemplate['template']>(
  db: Database,
  options: EnqueueEmailOptions<T>,
): Promise<void> {
  await db.insert(emailOutbox).values(outboxRowOf(options))
}
