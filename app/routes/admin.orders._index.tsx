import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import {
  AttentionBadge,
  OrderStatusBadge,
  PaymentSummary,
} from '#app/components/fulfilment/order-display'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Tabs } from '#app/components/review/review-parts'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { SelectField, TextField } from '#app/components/ui/field'
import { Pagination } from '#app/components/ui/pagination'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { findOrderQueue } from '#app/modules/orders/find-order-queue.server'
import {
  fulfilmentPaymentMethods,
  orderQueueSearch,
  orderQueueTabs,
  parseOrderQueueQuery,
  type OrderQueueQuery,
} from '#app/modules/orders/fulfilment-rules'
import { useRootData } from '#app/root'
import { formatDateTime, formatMoney, formatNumber } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Orders · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'read:order:any')
  const parsed = parseOrderQueueQuery(new URL(request.url).searchParams)
  const queue = await findOrderQueue(context.db, { query: parsed.query })
  return { ...queue, ...parsed }
}

export default function OrderQueuePage() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const data = useLoaderData<typeof loader>()
  const { query, counts } = data
  const tabs = orderQueueTabs
    .filter((tab) => tab !== 'attention' || counts.attention > 0 || query.tab === 'attention')
    .map((tab) => ({
      to: `/admin/orders${orderQueueSearch(query, { tab, page: 1 })}`,
      label: t(`fulfilment:queue.tabs.${tab}`),
      count: counts[tab],
      current: query.tab === tab,
    }))
  const filtered = Boolean(
    query.q || query.partnerId || query.paymentMethod || query.from || query.to,
  )

  return (
    <>
      <PageHeader
        title={t('fulfilment:queue.title')}
        description={t('fulfilment:queue.description')}
      />
      <Tabs label={t('fulfilment:queue.tabsLabel')} items={tabs} />
      <QueueFilters
        query={query}
        values={data.values}
        fieldErrors={data.fieldErrors}
        partner={data.partner}
        filtered={filtered}
      />

      {data.rows.length === 0 ? (
        <Card>
          <EmptyState>
            {filtered
              ? t('fulfilment:queue.emptyFiltered')
              : t(`fulfilment:queue.empty.${query.tab}`, {
                  defaultValue: t('fulfilment:queue.empty.all'),
                })}
          </EmptyState>
        </Card>
      ) : (
        <Table caption={t('fulfilment:queue.caption')}>
          <thead>
            <tr>
              <Th>{t('fulfilment:queue.columns.order')}</Th>
              <Th>{t('fulfilment:queue.columns.placed')}</Th>
              <Th>{t('fulfilment:queue.columns.partner')}</Th>
              <Th>{t('fulfilment:queue.columns.payment')}</Th>
              <Th className="text-right">{t('fulfilment:queue.columns.lines')}</Th>
              <Th className="text-right">{t('fulfilment:queue.columns.total')}</Th>
              <Th>{t('fulfilment:queue.columns.status')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50">
                <Td>
                  <Link
                    to={`/admin/orders/${row.id}`}
                    className="font-mono font-medium text-brand-700 hover:underline"
                  >
                    {row.number}
                  </Link>
                  {row.poNumber ? (
                    <span className="block max-w-[12rem] truncate text-xs text-slate-500">
                      {t('fulfilment:queue.po', { po: row.poNumber })}
                    </span>
                  ) : null}
                </Td>
                <Td>
                  <span className="tabular-nums">{formatDateTime(row.placedAt, locale)}</span>
                  <span className="block max-w-[12rem] truncate text-xs text-slate-500">
                    {row.placedByName}
                  </span>
                </Td>
                <Td className="max-w-[16rem] whitespace-normal">
                  <Link
                    to={`/admin/orders${orderQueueSearch(query, { partnerId: row.partnerId, page: 1 })}`}
                    className="font-medium text-slate-800 hover:text-brand-700 hover:underline"
                    title={t('fulfilment:queue.onlyPartner', { name: row.partnerName })}
                  >
                    {row.partnerName}
                  </Link>
                  <span className="block text-xs text-slate-500">{row.partnerCode}</span>
                </Td>
                <Td>
                  <PaymentSummary method={row.paymentMethod} status={row.paymentStatus} />
                </Td>
                <Td className="text-right tabular-nums">{formatNumber(row.lineCount, locale)}</Td>
                <Td className="text-right font-medium tabular-nums text-slate-900">
                  {formatMoney(row.totalMinor, row.currency, locale)}
                </Td>
                <Td>
                  <span className="flex flex-wrap items-center gap-1.5">
                    <OrderStatusBadge status={row.status} />
                    {row.needsAttention ? <AttentionBadge /> : null}
                  </span>
                  {row.holdUntil ? (
                    <span className="mt-0.5 block text-xs text-slate-500">
                      {t('fulfilment:queue.until', { date: formatDateTime(row.holdUntil, locale) })}
                    </span>
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <Pagination
        label={t('fulfilment:queue.pagination')}
        page={data.page}
        pageCount={data.pageCount}
        total={data.total}
        hrefFor={(page) => `/admin/orders${orderQueueSearch(query, { page })}`}
      />
    </>
  )
}

function QueueFilters({
  query,
  values,
  fieldErrors,
  partner,
  filtered,
}: {
  query: OrderQueueQuery
  values: { from: string; to: string }
  fieldErrors: Partial<Record<'from' | 'to', string>>
  partner: { id: string; name: string; code: string } | null
  filtered: boolean
}) {
  const { t } = useTranslation()
  const { search } = useLocation()
  return (
    <Card className="mb-6">
      {/* key: a link (a tab, a partner, a shared URL) resets the inputs to what the URL says. */}
      <Form method="get" key={search} className="space-y-4" role="search">
        {query.tab !== 'all' ? <input type="hidden" name="status" value={query.tab} /> : null}
        {query.partnerId ? <input type="hidden" name="partner" value={query.partnerId} /> : null}
        <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
          <TextField
            label={t('fulfilment:queue.filters.search')}
            name="q"
            type="search"
            placeholder={t('fulfilment:queue.filters.searchPlaceholder')}
            defaultValue={query.q}
            className="col-span-2"
          />
          <SelectField
            label={t('fulfilment:queue.filters.payment')}
            name="payment"
            defaultValue={query.paymentMethod ?? ''}
            className="col-span-2 sm:col-span-1 lg:col-span-1"
          >
            <option value="">{t('fulfilment:queue.filters.any')}</option>
            {fulfilmentPaymentMethods.map((method) => (
              <option key={method} value={method}>
                {t(`fulfilment:paymentMethod.${method}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('fulfilment:queue.filters.from')}
            name="from"
            type="date"
            defaultValue={values.from}
            error={fieldErrors.from}
          />
          <TextField
            label={t('fulfilment:queue.filters.to')}
            name="to"
            type="date"
            defaultValue={values.to}
            error={fieldErrors.to}
          />
        </div>
        <div className="flex flex-wrap items-center gap-3">
          {query.partnerId ? (
            <span className="inline-flex items-center gap-2 rounded-md bg-brand-50 px-2.5 py-1.5 text-sm text-brand-800 ring-1 ring-inset ring-brand-200">
              {partner
                ? t('fulfilment:queue.filters.partnerChip', {
                    name: partner.name,
                    code: partner.code,
                  })
                : t('fulfilment:queue.filters.unknownPartner')}
              <Link
                to={`/admin/orders${orderQueueSearch(query, { partnerId: null, page: 1 })}`}
                className="font-semibold text-brand-700 hover:text-brand-900"
                aria-label={t('fulfilment:queue.filters.clearPartner')}
              >
                ×
              </Link>
            </span>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button>{t('fulfilment:queue.filters.apply')}</Button>
            {filtered ? (
              <Link
                to={`/admin/orders${orderQueueSearch({ tab: query.tab, q: '', partnerId: null, paymentMethod: null, from: null, to: null, page: 1 })}`}
                className={buttonClass('secondary')}
              >
                {t('fulfilment:queue.filters.reset')}
              </Link>
            ) : null}
          </div>
        </div>
      </Form>
    </Card>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
