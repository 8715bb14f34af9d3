import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TierBadge } from '#app/components/home/tier-badge'
import { Badge, Card, EmptyState, PageHeader, Stat } from '#app/components/ui/card'
import { auditActionKey } from '#app/modules/audit/audit-rules'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { getRegistrationSummary } from '#app/modules/deals/get-registration-summary.server'
import { getPortalHome } from '#app/modules/home/get-portal-home.server'
import { useRootData } from '#app/root'
import { formatDateTime, formatMoney, formatNumber } from '#app/utils/format'
import { hasPermission } from '#app/utils/permissions'
import { orHttpError } from '#app/utils/route-errors.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePartnerUser(context.db, request)
  const [home, registrations] = await Promise.all([
    orHttpError(getPortalHome(context.db, { partnerId: user.partnerId })),
    getRegistrationSummary(context.db, { actor: user }),
  ])
  return { ...home, registrations, canManageTeam: hasPermission(user.role, 'manage:user:own') }
}

export default function PortalHome() {
  const { t } = useTranslation()
  const {
    partner,
    territories,
    channelManager,
    activeTeamMembers,
    recentActivity,
    canManageTeam,
    registrations,
  } = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const regionName = (region: { nameEn: string; nameZh: string }) =>
    locale === 'zh-CN' ? region.nameZh : region.nameEn

  return (
    <>
      <PageHeader
        title={partner.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>{t(`common:partnerKinds.${partner.kind}`)}</span>
            <span aria-hidden="true">·</span>
            <span>{t('home:portal.partnerCode', { code: partner.code })}</span>
            <TierBadge tier={partner.tier} />
            {partner.status === 'suspended' ? (
              <Badge color="red">{t('common:statuses.suspended')}</Badge>
            ) : null}
          </span>
        }
      />

      {partner.status === 'suspended' ? (
        <div
          role="status"
          className="mb-6 rounded-lg bg-red-50 p-4 text-sm text-red-800 ring-1 ring-inset ring-red-200"
        >
          {t('home:portal.suspended')}
        </div>
      ) : null}

      <section aria-labelledby="home-registrations" className="mb-6">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 id="home-registrations" className="text-base font-semibold text-slate-900">
            {t('home:portal.registrations.title')}
          </h2>
          {partner.status === 'active' ? (
            <Link
              to="/portal/registrations/new"
              className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
            >
              {t('home:portal.registrations.register')}
            </Link>
          ) : null}
        </div>
        <dl className="grid gap-4 sm:grid-cols-3">
          <Link
            to="/portal/registrations?status=pending"
            className="block rounded-lg hover:ring-2 hover:ring-brand-500"
          >
            <Stat
              label={t('home:portal.registrations.pending')}
              value={formatNumber(registrations.pending, locale)}
            />
          </Link>
          <Link
            to="/portal/registrations?status=approved"
            className="block rounded-lg hover:ring-2 hover:ring-brand-500"
          >
            <Stat
              label={t('home:portal.registrations.protected')}
              value={formatNumber(registrations.protected, locale)}
            />
          </Link>
          <Link
            to="/portal/registrations?expiring=1"
            className="block rounded-lg hover:ring-2 hover:ring-brand-500"
          >
            <Stat
              label={t('home:portal.registrations.expiringSoon', {
                n: registrations.expiringSoonDays,
              })}
              value={formatNumber(registrations.expiringSoon, locale)}
            />
          </Link>
        </dl>
      </section>

      <dl className="mb-6 grid gap-4 sm:grid-cols-3">
        <Stat
          label={t('home:portal.creditLimit')}
          value={formatMoney(partner.creditLimitMinor, partner.currency, locale)}
        />
        <Stat
          label={t('home:portal.paymentTerms')}
          value={t('home:portal.paymentTermsValue', { days: partner.paymentTermsDays })}
        />
        <Stat
          label={t('home:portal.teamMembers')}
          value={formatNumber(activeTeamMembers, locale)}
          hint={
            canManageTeam ? (
              <Link to="/portal/team" className="font-medium text-brand-700 hover:underline">
                {t('home:portal.manageTeam')} →
              </Link>
            ) : undefined
          }
        />
      </dl>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <Card title={t('home:portal.territories')}>
            {territories.length === 0 ? (
              <p className="text-sm text-slate-500">{t('home:portal.noTerritories')}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {territories.map((territory) => (
                  <li key={territory.code} className="py-2 first:pt-0 last:pb-0">
                    <p className="text-sm font-medium text-slate-900">{regionName(territory)}</p>
                    <p className="mt-1 flex flex-wrap gap-1">
                      {territory.industries.length === 0 ? (
                        <span className="text-xs text-slate-500">
                          {t('home:portal.allIndustries')}
                        </span>
                      ) : (
                        territory.industries.map((industry) => (
                          <Badge key={industry}>
                            {t(`home:industries.${industry}`, { defaultValue: industry })}
                          </Badge>
                        ))
                      )}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={t('home:portal.channelManager')}>
            {channelManager ? (
              <div className="text-sm">
                <p className="font-medium text-slate-900">{channelManager.name}</p>
                <a
                  href={`mailto:${channelManager.email}`}
                  className="break-all text-brand-700 hover:underline"
                >
                  {channelManager.email}
                </a>
              </div>
            ) : (
              <p className="text-sm text-slate-500">{t('home:portal.noChannelManager')}</p>
            )}
          </Card>
        </div>

        <Card title={t('home:portal.activity')} className="lg:col-span-2">
          {recentActivity.length === 0 ? (
            <EmptyState>{t('home:portal.noActivity')}</EmptyState>
          ) : (
            <ol className="divide-y divide-slate-100">
              {recentActivity.map((event) => (
                <li
                  key={event.id}
                  className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2.5 first:pt-0 last:pb-0"
                >
                  <div className="text-sm">
                    <p className="font-medium text-slate-900">
                      {t(auditActionKey(event.action), { defaultValue: event.action })}
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
