import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { RegistrationStatusBadge } from '#app/components/deals/registration-display'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { TierBadge } from '#app/components/partners/partner-display'
import { RuleBadge, Tabs } from '#app/components/review/review-parts'
import { Pagination } from '#app/components/ui/pagination'
import { Badge, Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { findConflicts } from '#app/modules/deals/find-conflicts.server'
import { conflictListSearch, parseConflictListQuery } from '#app/modules/deals/review-rules'
import { useRootData } from '#app/root'
import { formatDateTime } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Conflicts · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'review:registration:any')
  const query = parseConflictListQuery(new URL(request.url).searchParams)
  const result = await findConflicts(context.db, { actor, query })
  return { ...result, query }
}

export default function ConflictsPage() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const data = useLoaderData<typeof loader>()
  const { query } = data
  const lineName = (row: { productLineNameEn: string; productLineNameZh: string }) =>
    locale.startsWith('zh') ? row.productLineNameZh : row.productLineNameEn

  return (
    <>
      <PageHeader
        title={t('review:conflicts.title')}
        description={t('review:conflicts.description')}
      />
      <Tabs
        label={t('review:conflicts.tabsLabel')}
        items={[
          {
            to: `/admin/conflicts${conflictListSearch(query, { tab: 'open', page: 1 })}`,
            label: t('review:conflicts.tabs.open'),
            count: data.counts.open,
            current: query.tab === 'open',
          },
          {
            to: `/admin/conflicts${conflictListSearch(query, { tab: 'resolved', page: 1 })}`,
            label: t('review:conflicts.tabs.resolved'),
            count: data.counts.resolved,
            current: query.tab === 'resolved',
          },
        ]}
      />
      <div className="mb-4 flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-500">{t('review:conflicts.show')}</span>
        <Link
          to={`/admin/conflicts${conflictListSearch(query, { mine: false, page: 1 })}`}
          aria-current={!query.mine ? 'true' : undefined}
          className={
            !query.mine
              ? 'rounded-md bg-brand-50 px-2 py-1 font-medium text-brand-700'
              : 'rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100'
          }
        >
          {t('review:conflicts.everyone')}
        </Link>
        <Link
          to={`/admin/conflicts${conflictListSearch(query, { mine: true, page: 1 })}`}
          aria-current={query.mine ? 'true' : undefined}
          className={
            query.mine
              ? 'rounded-md bg-brand-50 px-2 py-1 font-medium text-brand-700'
              : 'rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100'
          }
        >
          {t('review:conflicts.mine')}
        </Link>
      </div>

      {data.rows.length === 0 ? (
        <Card>
          <EmptyState>{t(`review:conflicts.empty.${query.tab}`)}</EmptyState>
        </Card>
      ) : (
        <>
          <ul className="space-y-3 md:hidden">
            {data.rows.map((row) => (
              <li key={row.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                <Link
                  to={`/admin/conflicts/${row.id}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {row.prospectName}
                </Link>
                <p className="mt-0.5 text-xs text-slate-500">
                  {lineName(row)} · {formatDateTime(row.createdAt, locale)}
                </p>
                <p className="mt-2 text-sm text-slate-700">
                  {t('review:conflicts.submitterVsHolder', {
                    submitter: row.submitterName,
                    holder: row.holderPartnerName,
                  })}
                </p>
                <p className="mt-2 flex flex-wrap items-center gap-2">
                  <RuleBadge rule={row.rule} />
                  {row.resolution ? (
                    <Badge color="blue">{t(`review:resolution.${row.resolution}`)}</Badge>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
          <div className="hidden md:block">
            <Table caption={t('review:conflicts.caption')}>
              <thead>
                <tr>
                  <Th>{t('review:columns.prospect')}</Th>
                  <Th>{t('review:columns.submitter')}</Th>
                  <Th>{t('review:columns.holder')}</Th>
                  <Th>{t('review:columns.rule')}</Th>
                  <Th>
                    {query.tab === 'open'
                      ? t('review:columns.recorded')
                      : t('review:columns.decision')}
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.rows.map((row) => (
                  <tr key={row.id} className="hover:bg-slate-50">
                    <Td>
                      <div className="w-56 whitespace-normal">
                        <Link
                          to={`/admin/conflicts/${row.id}`}
                          className="font-medium text-brand-700 hover:underline"
                        >
                          {row.prospectName}
                        </Link>
                        <span className="block text-xs text-slate-500">{lineName(row)}</span>
                      </div>
                    </Td>
                    <Td>
                      <div className="w-44 whitespace-normal">
                        <span className="block">{row.submitterName}</span>
                        <TierBadge tier={row.submitterTier} />
                      </div>
                    </Td>
                    <Td>
                      <div className="w-48 whitespace-normal">
                        <span className="block">{row.holderPartnerName}</span>
                        <span className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs">
                          <Link
                            to={`/admin/registrations/${row.holderRegistrationId}`}
                            className="font-mono text-brand-700 hover:underline"
                          >
                            {row.holderNumber}
                          </Link>
                          <RegistrationStatusBadge status={row.holderStatus} />
                        </span>
                      </div>
                    </Td>
                    <Td>
                      <RuleBadge rule={row.rule} />
                    </Td>
                    <Td>
                      {query.tab === 'open' ? (
                        formatDateTime(row.createdAt, locale)
                      ) : (
                        <div className="whitespace-normal">
                          <span className="block">
                            {row.resolution ? t(`review:resolution.${row.resolution}`) : ''}
                          </span>
                          <span className="block text-xs text-slate-500">
                            {row.resolvedAt ? formatDateTime(row.resolvedAt, locale) : ''}
                            {row.resolvedByName ? ` · ${row.resolvedByName}` : ''}
                          </span>
                        </div>
                      )}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        </>
      )}
      <Pagination
        label={t('review:pagination')}
        page={data.page}
        pageCount={data.pageCount}
        total={data.total}
        hrefFor={(p) => `/admin/conflicts${conflictListSearch(query, { page: p })}`}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
