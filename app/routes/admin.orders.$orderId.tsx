import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import {
  OrderActionsCard,
  RefundPaymentButton,
  type OrderActionFailure,
} from '#app/components/fulfilment/order-actions'
import {
  AttentionBadge,
  OrderStatusBadge,
  PaymentRecordBadge,
  PaymentSummary,
} from '#app/components/fulfilment/order-display'
import { OrderTimeline } from '#app/components/fulfilment/order-timeline'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { TierBadge } from '#app/components/partners/partner-display'
import { BackLink, Detail, localName } from '#app/components/review/review-parts'
import { Badge, Card, PageHeader } from '#app/components/ui/card'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { cancelOrderAsVendor } from '#app/modules/orders/cancel-order-as-vendor.server'
import { confirmOrder } from '#app/modules/orders/confirm-order.server'
import { deliverOrder } from '#app/modules/orders/deliver-order.server'
import {
  CancelOrderAsVendorForm,
  ConfirmOrderForm,
  DeliverOrderForm,
  RefundPaymentForm,
  ReleaseCreditHoldForm,
  ShipOrderForm,
  vendorOrderIntents,
  type VendorOrderIntent,
} from '#app/modules/orders/fulfilment-rules'
import { getOrderForVendor } from '#app/modules/orders/get-order-for-vendor.server'
import { releaseCreditHold } from '#app/modules/orders/release-credit-hold.server'
import { shipOrder } from '#app/modules/orders/ship-order.server'
import { refundOrderPayment } from '#app/modules/payments/refund-order-payment.server'
import { useRootData } from '#app/root'
import { isAppError } from '#app/utils/app-error'
import { appOrigin } from '#app/utils/env.server'
import { formatDate, formatDateTime, formatMoney, formatNumber } from '#app/utils/format'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { hasPermission } from '#app/utils/permissions'
import { orHttpError } from '#app/utils/route-errors.server'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast, type Toast } from '#app/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.order.number ?? 'Order'} · Channel Portal` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:order:any')
  const detail = await orHttpError(
    getOrderForVendor(context.db, { actor, orderId: params.orderId ?? '' }),
  )
  return { ...detail, canManage: hasPermission(actor.role, 'manage:order:any') }
}

function failure(form: VendorOrderIntent, fieldErrors: FieldErrors, status: number) {
  const body: OrderActionFailure & { ok: false } = { ok: false, form, fieldErrors }
  return data(body, { status })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:order:any')
  // The order is the one in the URL, never a form field.
  const orderId = params.orderId ?? ''
  const here = `/admin/orders/${orderId}`
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const common = { actor, orderId, origin: appOrigin(request), ip: context.clientIp }

  /** A field error goes back to its form; a refusal (the order moved on…) is an error toast. */
  const refused = async (form: VendorOrderIntent, error: unknown) => {
    if (!isAppError(error)) throw error
    if (error.field) return failure(form, { [error.field]: error.userMessage }, error.status)
    if (error.code === 'not_found') throw new Response(error.userMessage, { status: 404 })
    return redirectWithToast(here, {
      kind: 'error',
      message: error.userMessage,
      values: error.params,
    })
  }
  const done = (message: string, values: Toast['values'], kind: Toast['kind'] = 'success') =>
    redirectWithToast(here, { kind, message, values })

  switch (intent) {
    case vendorOrderIntents.confirm: {
      const parsed = parseForm(ConfirmOrderForm, formData)
      if (!parsed.ok) return failure(intent, parsed.fieldErrors, 400)
      try {
        const result = await confirmOrder(context.db, { ...common, note: parsed.data.note })
        return done('fulfilment:toast.confirmed', { number: result.number })
      } catch (error) {
        return refused(intent, error)
      }
    }
    case vendorOrderIntents.ship: {
      const parsed = parseForm(ShipOrderForm, formData)
      if (!parsed.ok) return failure(intent, parsed.fieldErrors, 400)
      try {
        const result = await shipOrder(context.db, { ...common, ...parsed.data })
        return done('fulfilment:toast.shipped', { number: result.number })
      } catch (error) {
        return refused(intent, error)
      }
    }
    case vendorOrderIntents.deliver: {
      const parsed = parseForm(DeliverOrderForm, formData)
      if (!parsed.ok) return failure(intent, parsed.fieldErrors, 400)
      try {
        const result = await deliverOrder(context.db, { ...common, note: parsed.data.note })
        return done('fulfilment:toast.delivered', { number: result.number })
      } catch (error) {
        return refused(intent, error)
      }
    }
    case vendorOrderIntents.releaseCreditHold: {
      const parsed = parseForm(ReleaseCreditHoldForm, formData)
      if (!parsed.ok) return failure(intent, parsed.fieldErrors, 400)
      try {
        const result = await releaseCreditHold(context.db, { ...common, note: parsed.data.note })
        return done('fulfilment:toast.creditReleased', { number: result.number })
      } catch (error) {
        return refused(intent, error)
      }
    }
    case vendorOrderIntents.cancel: {
      const parsed = parseForm(CancelOrderAsVendorForm, formData)
      if (!parsed.ok) return failure(intent, parsed.fieldErrors, 400)
      try {
        const result = await cancelOrderAsVendor(context.db, {
          ...common,
          reason: parsed.data.reason,
        })
        const values = { number: result.number }
        if (result.refunds.length === 0) return done('fulfilment:toast.cancelled', values)
        if (
          result.refunds.every(
            (r) => r.outcome === 'requested' || r.outcome === 'already_requested',
          )
        )
          return done('fulfilment:toast.cancelledRefundRequested', values)
        return done('fulfilment:toast.cancelledRefundFailed', values, 'error')
      } catch (error) {
        return refused(intent, error)
      }
    }
    case vendorOrderIntents.refund: {
      const parsed = parseForm(RefundPaymentForm, formData)
      if (!parsed.ok) return failure(intent, parsed.fieldErrors, 400)
      try {
        const result = await refundOrderPayment(context.db, {
          ...common,
          paymentId: parsed.data.paymentId,
        })
        if (result.outcome === 'requested' || result.outcome === 'already_requested')
          return done('fulfilment:toast.refundRequested', {})
        return done('fulfilment:toast.refundFailed', {}, 'error')
      } catch (error) {
        return refused(intent, error)
      }
    }
  }
  throw new Response('Unknown form intent', { status: 400, statusText: 'Bad Request' })
}

export default function VendorOrderPage() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const detail = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const failed =
    actionData && 'ok' in actionData && !actionData.ok
      ? (actionData as OrderActionFailure)
      : undefined
  const { order, partner } = detail
  const money = (amount: number) => formatMoney(amount, order.currency, locale)
  const address = order.shippingAddress
  const saved = order.listTotalMinor - order.subtotalMinor

  return (
    <>
      <BackLink to="/admin/orders">{t('fulfilment:detail.backToQueue')}</BackLink>
      <PageHeader
        title={
          <span className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <span className="font-mono">{order.number}</span>
            <span className="text-lg font-normal text-slate-600">{partner.name}</span>
          </span>
        }
        description={
          <span className="flex flex-col gap-1.5">
            <span className="flex flex-wrap items-center gap-2">
              <OrderStatusBadge status={order.status} />
              <PaymentSummary method={order.paymentMethod} status={order.paymentStatus} />
              {detail.needsAttention ? <AttentionBadge /> : null}
            </span>
            <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span className="font-semibold tabular-nums text-slate-900">
                {money(order.totalMinor)}
              </span>
              <span aria-hidden="true">·</span>
              <span>
                {t('fulfilment:detail.placed', {
                  date: formatDateTime(order.placedAt, locale),
                  name: detail.placedBy.name,
                })}
              </span>
            </span>
          </span>
        }
      />

      {detail.needsAttention ? (
        <div
          role="alert"
          className="mb-6 rounded-lg bg-red-50 p-4 text-sm text-red-900 ring-1 ring-inset ring-red-200"
        >
          <p className="font-semibold">{t('fulfilment:attention.title')}</p>
          <p className="mt-1">{t('fulfilment:attention.body')}</p>
        </div>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="order-2 min-w-0 space-y-6 lg:order-1 lg:col-span-2">
          <section aria-labelledby="order-lines">
            <h2 id="order-lines" className="mb-2 text-base font-semibold text-slate-900">
              {t('fulfilment:detail.lines', { count: detail.lines.length })}
            </h2>
            <Table caption={t('fulfilment:detail.linesCaption')}>
              <thead>
                <tr>
                  <Th>{t('fulfilment:detail.columns.product')}</Th>
                  <Th className="text-right">{t('fulfilment:detail.columns.quantity')}</Th>
                  <Th className="text-right">{t('fulfilment:detail.columns.unitPrice')}</Th>
                  <Th>{t('fulfilment:detail.columns.priceSource')}</Th>
                  <Th className="text-right">{t('fulfilment:detail.columns.lineTotal')}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {detail.lines.map((line) => (
                  <tr key={line.id} className="align-top">
                    <Td className="max-w-[18rem] whitespace-normal">
                      <span className="font-mono text-xs text-slate-500">{line.sku}</span>
                      <span className="block font-medium text-slate-900">{line.name}</span>
                      {line.allocations.length > 0 ? (
                        <span className="mt-0.5 block text-xs text-slate-500">
                          {line.allocations
                            .map((a) =>
                              t(`fulfilment:detail.allocation.${a.status}`, {
                                count: a.quantity,
                                formatted: formatNumber(a.quantity, locale),
                                warehouse: localName(
                                  { nameEn: a.warehouseName, nameZh: a.warehouseNameZh },
                                  locale,
                                ),
                              }),
                            )
                            .join(' · ')}
                        </span>
                      ) : null}
                    </Td>
                    <Td className="text-right tabular-nums">
                      {formatNumber(line.quantity, locale)}{' '}
                      <span className="text-xs text-slate-500">{line.unit}</span>
                    </Td>
                    <Td className="text-right tabular-nums">
                      {money(line.netUnitMinor)}
                      {line.netUnitMinor !== line.listUnitMinor ? (
                        <span className="block text-xs text-slate-500 line-through">
                          {money(line.listUnitMinor)}
                        </span>
                      ) : null}
                    </Td>
                    <Td>
                      <span className="flex flex-wrap gap-1">
                        <Badge color={line.priceSource === 'contract' ? 'violet' : 'slate'}>
                          {t(`fulfilment:priceSource.${line.priceSource}`)}
                        </Badge>
                        {line.dealDiscountApplied ? (
                          <Badge color="green">{t('fulfilment:priceSource.deal')}</Badge>
                        ) : null}
                      </span>
                    </Td>
                    <Td className="text-right font-medium tabular-nums text-slate-900">
                      {money(line.lineTotalMinor)}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <dl className="ml-auto mt-3 w-full max-w-xs space-y-1 text-sm">
              <div className="flex justify-between gap-4 text-slate-600">
                <dt>{t('fulfilment:detail.totals.list')}</dt>
                <dd className="tabular-nums">{money(order.listTotalMinor)}</dd>
              </div>
              {saved > 0 ? (
                <div className="flex justify-between gap-4 text-green-700">
                  <dt>{t('fulfilment:detail.totals.saved')}</dt>
                  <dd className="tabular-nums">−{money(saved)}</dd>
                </div>
              ) : null}
              <div className="flex justify-between gap-4 text-slate-700">
                <dt>{t('fulfilment:detail.totals.subtotal')}</dt>
                <dd className="tabular-nums">{money(order.subtotalMinor)}</dd>
              </div>
              <div className="flex justify-between gap-4 text-slate-700">
                <dt>{t('fulfilment:detail.totals.shipping')}</dt>
                <dd className="tabular-nums">
                  {order.shippingMinor > 0
                    ? money(order.shippingMinor)
                    : t('fulfilment:detail.totals.free')}
                </dd>
              </div>
              <div className="flex justify-between gap-4 border-t border-slate-200 pt-1 font-semibold text-slate-900">
                <dt>{t('fulfilment:detail.totals.total')}</dt>
                <dd className="tabular-nums">{money(order.totalMinor)}</dd>
              </div>
            </dl>
          </section>

          <Card title={t('fulfilment:detail.delivery')}>
            <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
              <Detail label={t('fulfilment:detail.shipTo')}>
                <span className="block font-medium">{address.recipient}</span>
                <span className="block">{address.phone}</span>
                <span className="block">
                  {[address.line1, address.line2].filter(Boolean).join(', ')}
                </span>
                <span className="block">
                  {[
                    address.city,
                    address.postalCode,
                    (locale.startsWith('zh')
                      ? detail.shippingRegion?.nameZh
                      : detail.shippingRegion?.nameEn) ?? address.regionCode,
                  ]
                    .filter(Boolean)
                    .join(' ')}
                </span>
                <span className="mt-0.5 block text-xs text-slate-500">{address.label}</span>
              </Detail>
              <Detail label={t('fulfilment:detail.requestedDate')}>
                {order.requestedDate
                  ? formatDate(order.requestedDate, locale, 'UTC')
                  : t('common:none')}
              </Detail>
              <Detail label={t('fulfilment:detail.carrier')}>
                {order.carrier ? (
                  <>
                    {order.carrier}
                    <span className="block font-mono text-xs text-slate-600">
                      {order.trackingNumber}
                    </span>
                  </>
                ) : (
                  t('fulfilment:detail.notShipped')
                )}
              </Detail>
              <Detail label={t('fulfilment:detail.milestones')}>
                <Milestones order={order} />
              </Detail>
            </dl>
          </Card>

          <Card title={t('fulfilment:detail.history')}>
            <OrderTimeline events={detail.events} />
          </Card>
        </div>

        <div className="order-1 min-w-0 space-y-6 lg:order-2">
          {detail.canManage ? (
            <OrderActionsCard
              actions={detail.actions}
              paid={order.paymentStatus === 'paid'}
              paymentMethod={order.paymentMethod}
              creditHoldExpiresAt={order.creditHoldExpiresAt}
              failure={failed}
            />
          ) : null}

          <Card title={t('fulfilment:detail.order')}>
            <dl className="space-y-4">
              <Detail label={t('fulfilment:detail.partner')}>
                <span className="flex flex-wrap items-center gap-2">
                  <Link
                    to={`/admin/partners/${partner.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {partner.name}
                  </Link>
                  <TierBadge tier={partner.tier} />
                </span>
                <span className="mt-0.5 block text-xs text-slate-500">
                  {partner.code} ·{' '}
                  {t('fulfilment:detail.managedBy', {
                    name: partner.channelManagerName ?? t('common:none'),
                  })}
                </span>
                {order.paymentMethod === 'on_account' ? (
                  <span className="mt-0.5 block text-xs text-slate-500">
                    {t('fulfilment:detail.creditTerms', {
                      limit: formatMoney(partner.creditLimitMinor, partner.currency, locale),
                      days: partner.paymentTermsDays,
                    })}
                  </span>
                ) : null}
              </Detail>
              <Detail label={t('fulfilment:detail.placedBy')}>
                {detail.placedBy.name}
                <span className="block break-all text-xs text-slate-500">
                  {detail.placedBy.email}
                </span>
              </Detail>
              <Detail label={t('fulfilment:detail.poNumber')}>
                {order.poNumber ?? t('common:none')}
              </Detail>
              {detail.registration ? (
                <Detail label={t('fulfilment:detail.registration')}>
                  <Link
                    to={`/admin/registrations/${detail.registration.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {detail.registration.number}
                  </Link>
                  <span className="block text-xs text-slate-500">
                    {detail.registration.prospectName}
                  </span>
                </Detail>
              ) : null}
              {order.buyerNote ? (
                <Detail label={t('fulfilment:detail.buyerNote')}>
                  <span className="whitespace-pre-line">{order.buyerNote}</span>
                </Detail>
              ) : null}
              {order.cancelReason ? (
                <Detail label={t('fulfilment:detail.cancelReason')}>
                  <span className="whitespace-pre-line">{order.cancelReason}</span>
                  {detail.cancelledByName ? (
                    <span className="block text-xs text-slate-500">{detail.cancelledByName}</span>
                  ) : null}
                </Detail>
              ) : null}
            </dl>
          </Card>

          {order.paymentMethod === 'card' || detail.payments.length > 0 ? (
            <Card title={t('fulfilment:payments.title')}>
              {detail.payments.length === 0 ? (
                <p className="text-sm text-slate-500">
                  {order.paymentExpiresAt && order.status === 'pending_payment'
                    ? t('fulfilment:payments.noneYet', {
                        date: formatDateTime(order.paymentExpiresAt, locale),
                      })
                    : t('fulfilment:payments.none')}
                </p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {detail.payments.map((payment, index) => (
                    <li key={payment.id} className="py-2.5 text-sm first:pt-0 last:pb-0">
                      <p className="flex flex-wrap items-center justify-between gap-2">
                        <span className="font-medium text-slate-900">
                          {t('fulfilment:payments.attempt', { n: index + 1 })}
                        </span>
                        <PaymentRecordBadge status={payment.status} />
                      </p>
                      <p className="mt-0.5 tabular-nums text-slate-700">
                        {formatMoney(payment.amountMinor, payment.currency, locale)} ·{' '}
                        {formatDateTime(payment.createdAt, locale)}
                      </p>
                      {payment.failureReason ? (
                        <p className="mt-0.5 text-xs text-red-700">{payment.failureReason}</p>
                      ) : null}
                      <p className="mt-0.5 break-all font-mono text-xs text-slate-500">
                        {payment.paymentIntentId ?? payment.checkoutSessionId}
                      </p>
                      {payment.refundable && detail.canManage ? (
                        <RefundPaymentButton paymentId={payment.id} />
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          ) : null}
        </div>
      </div>
    </>
  )
}

function Milestones({
  order,
}: {
  order: {
    placedAt: Date | string
    submittedAt: Date | string | null
    paidAt: Date | string | null
    confirmedAt: Date | string | null
    shippedAt: Date | string | null
    deliveredAt: Date | string | null
    cancelledAt: Date | string | null
    expiredAt: Date | string | null
  }
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const steps = (
    [
      ['placed', order.placedAt],
      ['paid', order.paidAt],
      ['confirmed', order.confirmedAt],
      ['shipped', order.shippedAt],
      ['delivered', order.deliveredAt],
      ['cancelled', order.cancelledAt],
      ['expired', order.expiredAt],
    ] as const
  ).filter(([, at]) => at !== null)
  return (
    <ul className="space-y-0.5">
      {steps.map(([step, at]) => (
        <li key={step} className="flex flex-wrap justify-between gap-x-3">
          <span className="text-slate-600">{t(`fulfilment:detail.milestone.${step}`)}</span>
          <span className="tabular-nums">{formatDateTime(at!, locale)}</span>
        </li>
      ))}
    </ul>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
