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
import { orderColumns } from '#app/modules/contribution/contribution-table'
import { findContributionOrders } from '#app/modules/contribution/find-contribution-orders.server'
import { useRootData } from '#app/root'
import { formatMoney, formatNumber } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Orders behind a figure · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'read:contribution:any')
  const params = new URL(request.url).searchParams
  const now = new Date()
  const query = parseContributionQuery(params, now)
  const drill = parseDrillQuery(params)
  const result = await findContributionOrders(context.reportingDb, {
    period: query.period,
    filters: query.filters,
    now,
    credit: drill.credit,
    which: drill.which,
    viaRegistrationsOnly: drill.viaRegistrations,
    page: drill.page,
  })
  return { ...result, query, drill }
}

export default function ContributionOrdersPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const { query, drill } = data
  const extra: Record<string, string> = { credit: drill.credit, which: drill.which }
  if (drill.viaRegistrations) extra.via = '1'
  const search = contributionSearch(query, { extra })
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
        title={t(`contribution:drill.ordersTitle.${drill.which}`)}
        description={t(`contribution:drill.ordersDescription.${drill.credit}`, {
          period: periodText(query.period, t, locale),
        })}
        actions={
          <a
            href={`/admin/contribution/export${search}&table=orders`}
            className={buttonClass('primary')}
            download
          >
            {t('contribution:drill.export')}
          </a>
        }
      />
      <Card className="mb-4">
        <p className="text-sm text-slate-700" data-testid="drill-summary">
          {t('contribution:drill.ordersSummary', {
            count: data.count,
            orders: formatNumber(data.count, locale),
            amount: formatMoney(data.sumMinor, data.currency, locale),
          })}
        </p>
      </Card>
      {data.orders.length === 0 ? (
        <Card>
          <EmptyState>{t('contribution:drill.noOrders')}</EmptyState>
        </Card>
      ) : (
        <CellTable
          columns={orderColumns(t)}
          rows={data.orders}
          currency={data.currency}
          locale={locale}
          caption={t(`contribution:drill.ordersTitle.${drill.which}`)}
          rowKey={(row) => row.id}
          linkOf={(column, row) =>
            column === 'registration' && row.registrationId
              ? `/admin/registrations/${row.registrationId}`
              : column === 'partner'
                ? `/admin/contribution/partners/${row.partnerId}${contributionSearch({ period: query.period })}`
                : null
          }
          footer={{
            label: t('contribution:ranking.total'),
            cells: { amount: formatMoney(data.sumMinor, data.currency, locale) },
          }}
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
