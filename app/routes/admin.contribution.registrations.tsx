import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CellTable } from '#app/components/contribution/cell-table'
import { periodText } from '#app/components/contribution/period-text'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { buttonClass } from '#app/components/ui/button'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { Pagination } from '#app/components/ui/pagination'
import { requirePermission } from '#app/modules/auth/require.server'
import {
  contributionSearch,
  parseContributionQuery,
  parseDrillQuery,
} from '#app/modules/contribution/contribution-rules'
import { registrationColumns } from '#app/modules/contribution/contribution-table'
import { findContributionRegistrations } from '#app/modules/contribution/find-contribution-registrations.server'
import { useRootData } from '#app/root'
import { formatMoney, formatNumber } from '#app/utils/format'

export const meta: MetaFunction = () => [
  { title: 'Registrations behind a figure · Channel Portal' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'read:contribution:any')
  const params = new URL(request.url).searchParams
  const now = new Date()
  const query = parseContributionQuery(params, now)
  const drill = parseDrillQuery(params)
  const result = await findContributionRegistrations(context.reportingDb, {
    period: query.period,
    filters: query.filters,
    now,
    metric: drill.metric,
    credit: drill.credit,
    page: drill.page,
  })
  return { ...result, query, drill }
}

export default function ContributionRegistrationsPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const { query, drill } = data
  const extra = { metric: drill.metric, credit: drill.credit }
  const search = contributionSearch(query, { extra })
  const money = (minor: number) => formatMoney(minor, data.currency, locale)
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link
          to={`/admin/contribution${contributionSearch(query)}`}
          className="font-medium text-brand-600 hover:text-brand-700"
        >
          ← {t('contribution:drill.back')}
        </Link>
      </nav>
      <PageHeader
        title={t(`contribution:drill.registrationsTitle.${drill.metric}`)}
        description={t('contribution:drill.registrationsDescription', {
          period: periodText(query.period, t, locale),
        })}
        actions={
          <a
            href={`/admin/contribution/export${search}&table=registrations`}
            className={buttonClass('primary')}
            download
          >
            {t('contribution:drill.export')}
          </a>
        }
      />
      <Card className="mb-4">
        <p className="text-sm text-slate-700" data-testid="drill-summary">
          {t(
            `contribution:drill.registrationsSummary.${drill.metric === 'open' ? 'open' : drill.metric === 'won' ? 'won' : 'count'}`,
            {
              count: data.count,
              registrations: formatNumber(data.count, locale),
              amount: money(data.sumMinor),
              weighted: money(data.weightedSumMinor),
            },
          )}
        </p>
      </Card>
      {data.registrations.length === 0 ? (
        <Card>
          <EmptyState>{t('contribution:drill.noRegistrations')}</EmptyState>
        </Card>
      ) : (
        <CellTable
          columns={registrationColumns(drill.metric, t)}
          rows={data.registrations}
          currency={data.currency}
          locale={locale}
          caption={t(`contribution:drill.registrationsTitle.${drill.metric}`)}
          rowKey={(row) => row.id}
          linkOf={(column, row) => (column === 'number' ? `/admin/registrations/${row.id}` : null)}
          footer={
            drill.metric === 'open' || drill.metric === 'won'
              ? {
                  label: t('contribution:ranking.total'),
                  cells:
                    drill.metric === 'open'
                      ? { value: money(data.sumMinor), weighted: money(data.weightedSumMinor) }
                      : { won: money(data.sumMinor) },
                }
              : undefined
          }
        />
      )}
      <Pagination
        page={data.page}
        pageCount={data.pageCount}
        total={data.count}
        hrefFor={(page) => `${search}&page=${page}`}
        label={t('contribution:drill.pagination')}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
