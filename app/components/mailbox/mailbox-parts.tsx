import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'
import { splitLinks, type OutboxStatusName } from '#app/modules/notifications/mailbox-rules'

const statusColor = { pending: 'amber', sent: 'green', failed: 'red' } as const

export function OutboxStatusBadge({ status }: { status: OutboxStatusName }) {
  const { t } = useTranslation()
  return <Badge color={statusColor[status]}>{t(`mailbox:statuses.${status}`)}</Badge>
}

/** Shown while SMTP_URL is unset: nothing leaves the outbox, so this page is where e-mails are read. */
export function SmtpOffBanner() {
  const { t } = useTranslation()
  return (
    <div
      role="status"
      className="mb-6 rounded-lg bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-inset ring-amber-200"
    >
      <p className="font-semibold">{t('mailbox:smtpOff.title')}</p>
      <p className="mt-1">{t('mailbox:smtpOff.body')}</p>
    </div>
  )
}

/** Plain e-mail text with its http(s) links as real links; never renders HTML from the body. */
export function EmailBody({ text }: { text: string }) {
  return (
    <div className="whitespace-pre-wrap break-words font-mono text-sm leading-6 text-slate-800">
      {splitLinks(text).map((segment, index) =>
        segment.kind === 'link' ? (
          <a
            key={index}
            href={segment.href}
            rel="noreferrer"
            className="break-all font-medium text-brand-700 underline hover:text-brand-800"
          >
            {segment.text}
          </a>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </div>
  )
}
