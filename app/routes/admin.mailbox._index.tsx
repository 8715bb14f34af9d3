import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, NavLink, useLoaderData } from '@remix-run/react'
import { clsx } from 'clsx'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { OutboxStatusBadge, SmtpOffBanner } from '#app/components/mailbox/mailbox-parts'
import { buttonClass } from '#app/components/ui/button'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { findOutboxEmails } from '#app/modules/notifications/find-outbox-emails.server'
import {
  outboxStatuses,
  parseMailboxQuery,
  type OutboxStatusName,
} from '#app/modules/notifications/mailbox-rules'
import { useRootData } from '#app/root'
import { getEnv } from '#app/utils/env.server'
import { formatDateTime, formatNumber } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Mailbox · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'read:mailbox:any')
  const query = parseMailboxQuery(new URL(request.url).searchParams)
  const page = await findOutboxEmails(context.db, query)
  return { ...page, status: query.status ?? null, smtpConfigured: Boolean(getEnv().SMTP_URL) }
}

export default function MailboxPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const all = data.counts.pending + data.counts.sent + data.counts.failed
  const tabs: { status: OutboxStatusName | null; label: string }[] = [
    { status: null, label: t('mailbox:tabs.all', { n: formatNumber(all, locale) }) },
    ...outboxStatuses.map((status) => ({
      status,
      label: t(`mailbox:tabs.${status}`, { n: formatNumber(data.counts[status], locale) }),
    })),
  ]
  const linkTo = (status: OutboxStatusName | null, page?: number) => {
    const params = new URLSearchParams()
    if (status) params.set('status', status)
    if (page && page > 1) params.set('page', String(page))
    const search = params.toString()
    return search ? `/admin/mailbox?${search}` : '/admin/mailbox'
  }

  return (
    <>
      <PageHeader title={t('mailbox:title')} description={t('mailbox:description')} />
      {data.smtpConfigured ? null : <SmtpOffBanner />}

      <nav aria-label={t('mailbox:filterLabel')} className="mb-4 flex flex-wrap gap-2">
        {tabs.map((tab) => {
          const current = tab.status === data.status
          return (
            <NavLink
              key={tab.status ?? 'all'}
              to={linkTo(tab.status)}
              aria-current={current ? 'page' : undefined}
              className={clsx(
                'rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset',
                current
                  ? 'bg-brand-600 text-white ring-brand-600'
                  : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
              )}
            >
              {tab.label}
            </NavLink>
          )
        })}
      </nav>

      {data.emails.length === 0 ? (
        <Card>
          <EmptyState>{t('mailbox:empty')}</EmptyState>
        </Card>
      ) : (
        <Table caption={t('mailbox:title')}>
          <thead>
            <tr>
              <Th>{t('mailbox:columns.subject')}</Th>
              <Th>{t('mailbox:columns.to')}</Th>
              <Th>{t('mailbox:columns.template')}</Th>
              <Th>{t('mailbox:columns.status')}</Th>
              <Th>{t('mailbox:columns.when')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.emails.map((email) => (
              <tr key={email.id}>
                <Td className="max-w-md truncate">
                  <Link
                    to={`/admin/mailbox/${email.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {email.subject}
                  </Link>
                </Td>
                <Td>{email.toEmail}</Td>
                <Td>
                  {t(`mailbox:templates.${email.template}`, { defaultValue: email.template })}
                </Td>
                <Td>
                  <OutboxStatusBadge status={email.status} />
                </Td>
                <Td>{formatDateTime(email.createdAt, locale)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <nav
        aria-label={t('mailbox:title')}
        className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600"
      >
        <p>
          {t('common:pagination.summary', {
            page: formatNumber(data.page, locale),
            pages: formatNumber(data.pageCount, locale),
            total: formatNumber(data.total, locale),
          })}
        </p>
        <div className="flex gap-2">
          {data.page > 1 ? (
            <Link to={linkTo(data.status, data.page - 1)} className={buttonClass('secondary')}>
              {t('common:actions.previous')}
            </Link>
          ) : null}
          {data.page < data.pageCount ? (
            <Link to={linkTo(data.status, data.page + 1)} className={buttonClass('secondary')}>
              {t('common:actions.next')}
            </Link>
          ) : null}
        </div>
      </nav>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
