import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Logo } from '#app/components/layout/logo'
import { AddressBlock, useLocale } from '#app/components/orders/order-display'
import { OrderLinesTable, OrderTotals } from '#app/components/orders/order-parts'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { getOrder } from '#app/modules/orders/get-order.server'
import { formatDate, formatDateTime } from '#app/utils/format'
import { orHttpError } from '#app/utils/route-errors.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.order.number ?? 'Order'} · Order confirmation` },
]

/** A printable order confirmation, outside the portal's shell (print it, or save it as PDF). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'read:order:own')
  return orHttpError(getOrder(context.db, { actor, orderId: params.orderId ?? '' }))
}

export default function OrderConfirmationPage() {
  const { t } = useTranslation()
  const locale = useLocale()
  const detail = useLoaderData<typeof loader>()
  const { order } = detail
  return (
    <div className="min-h-full bg-white">
      <div className="mx-auto max-w-4xl px-6 py-8 print:max-w-none print:p-0">
        <div className="mb-6 flex items-center justify-between gap-4 print:hidden">
          <Link
            to={`/portal/orders/${order.id}`}
            className="text-sm font-medium text-brand-600 hover:text-brand-700"
          >
            ← {t('orders:confirmation.back')}
          </Link>
          <PrintButton />
        </div>

        <header className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-4">
          <div className="flex items-center gap-2 text-brand-900">
            <Logo className="h-8 w-8" />
            <span className="text-lg font-semibold">{t('common:appName')}</span>
          </div>
          <div className="text-right">
            <h1 className="text-xl font-semibold text-slate-900">
              {t('orders:confirmation.title')}
            </h1>
            <p className="font-mono text-sm text-slate-700">{order.number}</p>
            <p className="text-xs text-slate-500">
              {t(`orders:status.${order.status}`)} · {formatDateTime(order.placedAt, locale)}
            </p>
          </div>
        </header>

        <section className="mt-6 grid gap-6 sm:grid-cols-3">
          <div>
            <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
              {t('orders:confirmation.buyer')}
            </h2>
            <p className="mt-1 text-sm font-medium text-slate-900">{detail.partner.name}</p>
            <p className="text-sm text-slate-600">{detail.partner.code}</p>
            <p className="text-sm text-slate-600">
              {detail.placedBy.name} · {detail.placedBy.email}
            </p>
          </div>
          <div>
            <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
              {t('orders:detail.shipTo')}
            </h2>
            <div className="mt-1">
              <AddressBlock address={detail.shippingAddress} />
            </div>
          </div>
          <dl className="space-y-1 text-sm">
            <div>
              <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                {t('orders:detail.poNumber')}
              </dt>
              <dd>{order.poNumber ?? t('common:none')}</dd>
            </div>
            <div>
              <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                {t('orders:detail.requestedDate')}
              </dt>
              <dd>
                {order.requestedDate
                  ? formatDate(order.requestedDate, locale, 'UTC')
                  : t('common:none')}
              </dd>
            </div>
            <div>
              <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                {t('orders:detail.payment')}
              </dt>
              <dd>{t(`orders:payment.${order.paymentMethod}`)}</dd>
            </div>
            {detail.registration ? (
              <div>
                <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                  {t('orders:detail.registration')}
                </dt>
                <dd>{detail.registration.number}</dd>
              </div>
            ) : null}
          </dl>
        </section>

        <section className="mt-8">
          <OrderLinesTable lines={detail.lines} currency={order.currency} explain={false} />
          <div className="mt-3 flex justify-end">
            <OrderTotals order={order} />
          </div>
        </section>

        <footer className="mt-10 border-t border-slate-200 pt-4 text-xs text-slate-500">
          {t('orders:confirmation.footer', { number: order.number })}
        </footer>
      </div>
    </div>
  )
}

function PrintButton() {
  const { t } = useTranslation()
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
    >
      {t('orders:confirmation.print')}
    </button>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
