import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { RegistrationStatusBadge } from '#app/components/deals/registration-display'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { TierBadge } from '#app/components/partners/partner-display'
import { ProspectKeyLink, RuleBadge } from '#app/components/review/review-parts'
import { Badge, Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { getProspectView } from '#app/modules/deals/get-prospect-view.server'
import { prospectKeyKind, prospectKeyValue } from '#app/modules/deals/review-rules'
import { useRootData } from '#app/root'
import { formatDate, formatDateTime, formatMoney } from '#app/utils/format'
import { orHttpError } from '#app/utils/route-errors.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.prospectName ?? 'Prospect'} · Channel Portal` },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'review:registration:any')
  const key = new URL(request.url).searchParams.get('key') ?? ''
  return orHttpError(getProspectView(context.db, { actor, prospectKey: key }))
}

const lineName = (row: { productLineNameEn: string; productLineNameZh: string }, locale: string) =>
  locale.startsWith('zh') ? row.productLineNameZh : row.productLineNameEn

export default function ProspectPage() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const view = useLoaderData<typeof loader>()

  return (
    <>
      <PageHeader
        title={view.prospectName}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>{t('review:prospect.subtitle')}</span>
            <Badge color="blue">{t(`review:keyKinds.${prospectKeyKind(view.prospectKey)}`)}</Badge>
            <span className="break-all font-mono text-xs">
              {prospectKeyValue(view.prospectKey)}
            </span>
          </span>
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t('review:prospect.heldNow')} className="lg:col-span-2">
          {view.holders.length === 0 ? (
            <p className="text-sm text-slate-600">{t('review:prospect.free')}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {view.holders.map((holder) => (
                <li
                  key={holder.id}
                  className="flex flex-wrap items-center justify-between gap-2 py-2.5 first:pt-0 last:pb-0"
                >
                  <span className="flex flex-wrap items-center gap-2 text-sm">
                    <span className="font-medium text-slate-900">{holder.partnerName}</span>
                    <TierBadge tier={holder.partnerTier} />
                    <span className="text-slate-500">{lineName(holder, locale)}</span>
                  </span>
                  <span className="flex flex-wrap items-center gap-2 text-sm">
                    <RegistrationStatusBadge status={holder.effectiveStatus} />
                    <span className="text-slate-600">
                      {holder.protectionEndsAt
                        ? t('review:prospect.until', {
                            date: formatDate(holder.protectionEndsAt, locale),
                          })
                        : t('review:prospect.untilDecided')}
                    </span>
                    <Link
                      to={`/admin/registrations/${holder.id}`}
                      className="font-mono text-brand-700 hover:underline"
                    >
                      {holder.number}
                    </Link>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('review:prospect.otherKeys')}>
          {view.relatedKeys.length === 0 ? (
            <p className="text-sm text-slate-500">{t('review:prospect.noOtherKeys')}</p>
          ) : (
            <ul className="flex flex-wrap gap-2">
              {view.relatedKeys.map((key) => (
                <li key={key} className="max-w-full">
                  <ProspectKeyLink prospectKey={key} />
                </li>
              ))}
            </ul>
          )}
          <p className="mt-3 text-xs text-slate-500">{t('review:prospect.otherKeysHint')}</p>
        </Card>
      </div>

      <section aria-labelledby="prospect-registrations" className="mt-8">
        <h2 id="prospect-registrations" className="mb-3 text-lg font-semibold text-slate-900">
          {t('review:prospect.registrations')}
        </h2>
        {view.registrations.length === 0 ? (
          <Card>
            <EmptyState>{t('review:prospect.noRegistrations')}</EmptyState>
          </Card>
        ) : (
          <Table caption={t('review:prospect.registrations')}>
            <thead>
              <tr>
                <Th>{t('review:columns.registration')}</Th>
                <Th>{t('review:columns.partner')}</Th>
                <Th>{t('review:columns.productLine')}</Th>
                <Th>{t('review:columns.status')}</Th>
                <Th className="text-right">{t('review:columns.value')}</Th>
                <Th>{t('review:columns.submitted')}</Th>
                <Th>{t('review:columns.protection')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {view.registrations.map((row) => (
                <tr key={row.id} className="hover:bg-slate-50">
                  <Td>
                    <Link
                      to={`/admin/registrations/${row.id}`}
                      className="font-mono font-medium text-brand-700 hover:underline"
                    >
                      {row.number}
                    </Link>
                    <span className="block max-w-56 truncate text-xs text-slate-500">
                      {row.prospectName}
                    </span>
                  </Td>
                  <Td>
                    <span className="block">{row.partnerName}</span>
                    <TierBadge tier={row.partnerTier} />
                  </Td>
                  <Td>{lineName(row, locale)}</Td>
                  <Td>
                    <RegistrationStatusBadge status={row.effectiveStatus} />
                    <span className="mt-0.5 block text-xs text-slate-500">
                      {t(`deals:stage.${row.stage}`)}
                    </span>
                  </Td>
                  <Td className="text-right tabular-nums">
                    {formatMoney(
                      row.wonAmountMinor ?? row.estimatedValueMinor,
                      row.currency,
                      locale,
                    )}
                  </Td>
                  <Td>{formatDate(row.submittedAt, locale)}</Td>
                  <Td>
                    {row.protectionStartsAt && row.protectionEndsAt
                      ? t('review:fields.protectionRange', {
                          from: formatDate(row.protectionStartsAt, locale),
                          to: formatDate(row.protectionEndsAt, locale),
                        })
                      : t('common:none')}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      <section aria-labelledby="prospect-conflicts" className="mt-8">
        <h2 id="prospect-conflicts" className="mb-3 text-lg font-semibold text-slate-900">
          {t('review:prospect.conflicts')}
        </h2>
        {view.conflicts.length === 0 ? (
          <Card>
            <EmptyState>{t('review:prospect.noConflicts')}</EmptyState>
          </Card>
        ) : (
          <ul className="space-y-3">
            {view.conflicts.map((conflict) => (
              <li
                key={conflict.id}
                className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
              >
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <Link
                    to={`/admin/conflicts/${conflict.id}`}
                    className="text-sm font-medium text-brand-700 hover:underline"
                  >
                    {t('review:conflicts.submitterVsHolder', {
                      submitter: conflict.submitterName,
                      holder: conflict.holderPartnerName,
                    })}
                  </Link>
                  <span className="flex flex-wrap items-center gap-2">
                    <RuleBadge rule={conflict.rule} />
                    <Badge color={conflict.status === 'open' ? 'red' : 'slate'}>
                      {t(`review:conflictStatus.${conflict.status}`)}
                    </Badge>
                  </span>
                </div>
                <p className="mt-1 text-xs text-slate-500">
                  {lineName(conflict, locale)} · {formatDateTime(conflict.createdAt, locale)}
                </p>
                {conflict.resolution ? (
                  <div className="mt-2 text-sm text-slate-700">
                    <p>
                      <span className="font-medium">
                        {t(`review:resolution.${conflict.resolution}`)}
                      </span>
                      {conflict.resolvedByName ? ` · ${conflict.resolvedByName}` : ''}
                      {conflict.resolvedAt
                        ? ` · ${formatDateTime(conflict.resolvedAt, locale)}`
                        : ''}
                      {conflict.awardedRegistrationId ? (
                        <>
                          {' · '}
                          <Link
                            to={`/admin/registrations/${conflict.awardedRegistrationId}`}
                            className="font-mono text-brand-700 hover:underline"
                          >
                            {conflict.awardedNumber}
                          </Link>
                        </>
                      ) : null}
                    </p>
                    {conflict.resolutionReason ? (
                      <blockquote className="mt-1 whitespace-pre-line border-l-2 border-slate-200 pl-3 text-slate-600">
                        {conflict.resolutionReason}
                      </blockquote>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
