import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { EmailBody, OutboxStatusBadge, SmtpOffBanner } from '#app/components/mailbox/mailbox-parts'
import { Card, PageHeader } from '#app/components/ui/card'
import { requirePermission } from '#app/modules/auth/require.server'
import { getOutboxEmail } from '#app/modules/notifications/get-outbox-email.server'
import { useRootData } from '#app/root'
import { getEnv } from '#app/utils/env.server'
import { formatDateTime, formatNumber } from '#app/utils/format'
import { orHttpError } from '#app/utils/route-errors.server'

export const meta: MetaFunction = () => [{ title: 'Mailbox · Channel Portal' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'read:mailbox:any')
  const email = await orHttpError(getOutboxEmail(context.db, { emailId: params.emailId ?? '' }))
  return {
    email: {
      id: email.id,
      toEmail: email.toEmail,
      subject: email.subject,
      bodyText: email.bodyText,
      template: email.template,
      locale: email.locale,
      status: email.status,
      attempts: email.attempts,
      lastError: email.lastError,
      createdAt: email.createdAt,
      sentAt: email.sentAt,
    },
    smtpConfigured: Boolean(getEnv().SMTP_URL),
  }
}

export default function MailboxEmailPage() {
  const { t } = useTranslation()
  const { email, smtpConfigured } = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  return (
    <>
      <p className="mb-3 text-sm">
        <Link to="/admin/mailbox" className="font-medium text-brand-700 hover:underline">
          ← {t('mailbox:detail.back')}
        </Link>
      </p>
      <PageHeader title={email.subject} />
      {smtpConfigured ? null : <SmtpOffBanner />}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <dl className="space-y-3 text-sm">
            <Meta label={t('mailbox:detail.to')}>
              <span className="break-all">{email.toEmail}</span>
            </Meta>
            <Meta label={t('mailbox:detail.status')}>
              <OutboxStatusBadge status={email.status} />
            </Meta>
            <Meta label={t('mailbox:detail.template')}>
              {t(`mailbox:templates.${email.template}`, { defaultValue: email.template })}
            </Meta>
            <Meta label={t('mailbox:detail.language')}>{email.locale}</Meta>
            <Meta label={t('mailbox:detail.queued')}>
              {formatDateTime(email.createdAt, locale)}
            </Meta>
            <Meta label={t('mailbox:detail.sent')}>
              {email.sentAt ? formatDateTime(email.sentAt, locale) : t('mailbox:detail.notSent')}
            </Meta>
            <Meta label={t('mailbox:detail.attempts')}>{formatNumber(email.attempts, locale)}</Meta>
            {email.lastError ? (
              <Meta label={t('mailbox:detail.lastError')}>
                <span className="break-words text-red-700">{email.lastError}</span>
              </Meta>
            ) : null}
          </dl>
        </Card>
        <Card title={t('mailbox:detail.body')} className="lg:col-span-2">
          <EmailBody text={email.bodyText} />
        </Card>
      </div>
    </>
  )
}

function Meta({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
