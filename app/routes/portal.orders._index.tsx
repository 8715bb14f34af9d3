import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Money, OrderStatusBadge, useLocale } from '#app/components/orders/order-display'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { SelectField, TextField } from '#app/components/ui/field'
import { Pagination } from '#app/components/ui/pagination'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { findOrders } from '#app/modules/orders/find-orders.server'
import {
  orderListSearch,
  orderStatuses,
  parseOrderListQuery,
} from '#app/modules/orders/order-rules'
import { formatDateTime } from '#app/utils/format'
import { hasPermission } from '#app/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Orders · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'read:order:own')
  const query = parseOrderListQuery(new URL(request.url).searchParams)
  const result = await findOrders(context.db, {
    actor,
    status: query.status,
    q: query.q,
    page: query.page,
  })
  return {
    ...result,
    query,
    isAdmin: actor.role === 'partner_admin',
    canOrder: hasPermission(actor.role, 'create:order:own'),
    canManageAddresses: hasPermission(actor.role, 'manage:address:own'),
  }
}

export default function OrdersPage() {
  const { t } = useTranslation()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const { search } = useLocation()
  const { query } = data
  const filtered = Boolean(query.q || query.status)

  return (
    <>
      <PageHeader
        title={t('orders:list.title')}
        description={t(data.isAdmin ? 'orders:list.description' : 'orders:list.descriptionOwn')}
        actions={
          data.canOrder ? (
            <>
              {data.canManageAddresses ? (
                <Link to="/portal/addresses" className={buttonClass('ghost')}>
                  {t('orders:nav.addresses')}
                </Link>
              ) : null}
              <Link to="/portal/quick-order" className={buttonClass('secondary')}>
                {t('orders:cart.quickOrder')}
              </Link>
              <Link to="/portal/cart" className={buttonClass('primary')}>
                {t('orders:list.cart')}
              </Link>
            </>
          ) : null
        }
      />

      <Card className="mb-6">
        <Form method="get" key={search} role="search" className="flex flex-wrap items-end gap-4">
          <TextField
            label={t('orders:list.search')}
            name="q"
            type="search"
            placeholder={t('orders:list.searchPlaceholder')}
            defaultValue={query.q}
            className="min-w-56 flex-1"
          />
          <SelectField
            label={t('orders:list.status')}
            name="status"
            defaultValue={query.status ?? ''}
          >
            <option value="">{t('orders:list.all')}</option>
            {orderStatuses.map((status) => (
              <option key={status} value={status}>
                {t(`orders:status.${status}`)}
              </option>
            ))}
          </SelectField>
          <div className="flex gap-2">
            <Button>{t('orders:list.apply')}</Button>
            {filtered ? (
              <Link to="/portal/orders" className={buttonClass('secondary')}>
                {t('orders:list.reset')}
              </Link>
            ) : null}
          </div>
        </Form>
      </Card>

      {data.orders.length === 0 ? (
        <Card>
          <EmptyState>{t(filtered ? 'orders:list.emptyFiltered' : 'orders:list.empty')}</EmptyState>
        </Card>
      ) : (
        <Table caption={t('orders:list.caption')}>
          <thead>
            <tr>
              <Th>{t('orders:list.columns.number')}</Th>
              <Th>{t('orders:list.columns.placed')}</Th>
              <Th>{t('orders:list.columns.po')}</Th>
              <Th>{t('orders:list.columns.status')}</Th>
              <Th>{t('orders:list.columns.payment')}</Th>
              <Th className="text-right">{t('orders:list.columns.lines')}</Th>
              <Th className="text-right">{t('orders:list.columns.total')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.orders.map((order) => (
              <tr key={order.id} className="hover:bg-slate-50">
                <Td className="font-mono text-xs">
                  <Link
                    to={`/portal/orders/${order.id}`}
                    className="font-semibold text-brand-700 hover:underline"
                  >
                    {order.number}
                  </Link>
                </Td>
                <Td>
                  <span className="block">{formatDateTime(order.placedAt, locale)}</span>
                  {data.isAdmin ? (
                    <span className="block text-xs text-slate-500">{order.placedByName}</span>
                  ) : null}
                </Td>
                <Td>
                  {order.poNumber ?? <span className="text-slate-400">{t('common:none')}</span>}
                </Td>
                <Td>
                  <OrderStatusBadge status={order.status} />
                </Td>
                <Td>
                  <span className="block">{t(`orders:payment.${order.paymentMethod}`)}</span>
                  <span className="block text-xs text-slate-500">
                    {t(`orders:paymentStatus.${order.paymentStatus}`)}
                  </span>
                </Td>
                <Td className="text-right tabular-nums">{order.lineCount}</Td>
                <Td className="text-right font-medium text-slate-900">
                  <Money minor={order.totalMinor} currency={order.currency} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <Pagination
        page={data.page}
        pageCount={data.pageCount}
        total={data.total}
        hrefFor={(page) => orderListSearch(query, { page })}
        label={t('orders:list.pagination')}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
