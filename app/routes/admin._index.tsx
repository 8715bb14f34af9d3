import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { TierBadge } from '#app/components/home/tier-badge'
import { Badge, Card, EmptyState, PageHeader, Stat } from '#app/components/ui/card'
import { auditActionKey } from '#app/modules/audit/audit-rules'
import { requirePermission } from '#app/modules/auth/require.server'
import { getReviewSummary } from '#app/modules/deals/get-review-summary.server'
import { getAdminHome } from '#app/modules/home/get-admin-home.server'
import { useRootData } from '#app/root'
import { formatDateTime, formatNumber } from '#app/utils/format'
import { hasPermission } from '#app/utils/permissions'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(context.db, request, 'read:admin:any')
  const [home, review] = await Promise.all([
    getAdminHome(context.db, { actor: { id: user.id } }),
    getReviewSummary(context.db),
  ])
  return {
    ...home,
    review,
    userName: user.name,
    isChannelManager: user.role === 'channel_manager',
    canReadAudit: hasPermission(user.role, 'read:audit:any'),
    canReadMailbox: hasPermission(user.role, 'read:mailbox:any'),
  }
}

const tiers = ['platinum', 'gold', 'silver', 'registered'] as const

export default function AdminHome() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const { counts, myPartners, recentActivity } = data
  const number = (value: number) => formatNumber(value, locale)

  return (
    <>
      <PageHeader
        title={t('home:admin.title')}
        description={t('home:admin.welcome', { name: data.userName })}
      />

      <h2 className="mb-3 text-base font-semibold text-slate-900">
        {t('home:admin.review.title')}
      </h2>
      <dl className="mb-6 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <Stat
          label={t('home:admin.review.pending')}
          value={number(data.review.pendingReview)}
          hint={
            <SectionLink to="/admin/registrations">{t('home:admin.review.openQueue')}</SectionLink>
          }
        />
        <Stat
          label={t('home:admin.review.overdue')}
          value={
            <span className={data.review.overdue > 0 ? 'text-red-700' : undefined}>
              {number(data.review.overdue)}
            </span>
          }
          hint={
            <SectionLink to="/admin/registrations?overdue=1">
              {t('home:admin.review.showOverdue')}
            </SectionLink>
          }
        />
        <Stat
          label={t('home:admin.review.conflicts')}
          value={number(data.review.openConflicts)}
          hint={
            <SectionLink to="/admin/conflicts">{t('home:admin.review.openConflicts')}</SectionLink>
          }
        />
        <Stat
          label={t('home:admin.review.extensions')}
          value={number(data.review.pendingExtensions)}
          hint={
            <SectionLink to="/admin/registrations?tab=extensions">
              {t('home:admin.review.openExtensions')}
            </SectionLink>
          }
        />
      </dl>

      <dl className="mb-6 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
        <Stat
          label={t('home:admin.activePartners')}
          value={number(counts.activePartners)}
          hint={<SectionLink to="/admin/partners">{t('home:admin.allPartners')}</SectionLink>}
        />
        <Stat label={t('home:admin.suspendedPartners')} value={number(counts.suspendedPartners)} />
        <Stat label={t('home:admin.partnerUsers')} value={number(counts.activePartnerUsers)} />
        <Stat
          label={t('home:admin.pendingInvitations')}
          value={number(counts.pendingInvitations)}
        />
        {data.canReadMailbox ? (
          <Stat
            label={t('home:admin.outboxPending')}
            value={number(counts.outboxPending)}
            hint={<SectionLink to="/admin/mailbox">{t('home:admin.openMailbox')}</SectionLink>}
          />
        ) : null}
      </dl>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6">
          <Card title={t('home:admin.byTier')}>
            <ul className="space-y-2">
              {tiers.map((tier) => (
                <li key={tier} className="flex items-center justify-between text-sm">
                  <TierBadge tier={tier} />
                  <span className="font-semibold tabular-nums text-slate-900">
                    {number(counts.activePartnersByTier[tier])}
                  </span>
                </li>
              ))}
            </ul>
          </Card>

          {data.isChannelManager ? (
            <Card
              title={t('home:admin.myPartners')}
              actions={
                <SectionLink to="/admin/partners">{t('home:admin.allPartners')}</SectionLink>
              }
            >
              <p className="text-sm text-slate-600">
                {t('home:admin.myPartnersCount')}:{' '}
                <span className="font-semibold text-slate-900">{number(myPartners.total)}</span>
              </p>
              {myPartners.list.length === 0 ? (
                <p className="mt-2 text-sm text-slate-500">{t('home:admin.noMyPartners')}</p>
              ) : (
                <ul className="mt-3 divide-y divide-slate-100">
                  {myPartners.list.map((partner) => (
                    <li key={partner.id} className="flex items-center justify-between gap-3 py-2">
                      <Link
                        to={`/admin/partners/${partner.id}`}
                        className="min-w-0 text-sm font-medium text-brand-700 hover:underline"
                      >
                        <span className="block truncate">{partner.name}</span>
                        <span className="block text-xs font-normal text-slate-500">
                          {partner.code}
                        </span>
                      </Link>
                      <span className="flex shrink-0 gap-1">
                        <TierBadge tier={partner.tier} />
                        {partner.status === 'suspended' ? (
                          <Badge color="red">{t('common:statuses.suspended')}</Badge>
                        ) : null}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          ) : null}
        </div>

        <Card
          title={t('home:admin.activity')}
          className="min-w-0 lg:col-span-2"
          actions={
            data.canReadAudit ? (
              <SectionLink to="/admin/audit">{t('home:admin.viewAuditLog')}</SectionLink>
            ) : undefined
          }
        >
          {recentActivity.length === 0 ? (
            <EmptyState>{t('home:admin.noActivity')}</EmptyState>
          ) : (
            <ol className="divide-y divide-slate-100">
              {recentActivity.map((event) => (
                <li
                  key={event.id}
                  className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2.5 first:pt-0 last:pb-0"
                >
                  <div className="min-w-0 text-sm">
                    <p className="text-slate-900">
                      <span className="font-medium">
                        {t(auditActionKey(event.action), { defaultValue: event.action })}
                      </span>
                      {event.partnerId && event.partnerName ? (
                        <>
                          {' · '}
                          <Link
                            to={`/admin/partners/${event.partnerId}`}
                            className="text-brand-700 hover:underline"
                          >
                            {event.partnerName}
                          </Link>
                        </>
                      ) : null}
                    </p>
                    <p className="text-slate-500">
                      {event.actorName ?? event.actorEmail ?? t('home:activity.system')}
                    </p>
                  </div>
                  <time
                    dateTime={new Date(event.createdAt).toISOString()}
                    className="text-xs text-slate-500"
                  >
                    {formatDateTime(event.createdAt, locale)}
                  </time>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  )
}

function SectionLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="text-sm font-medium text-brand-700 hover:underline">
      {children} →
    </Link>
  )
}
