import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { OrderHistory, OrderLinesTable, OrderTotals } from '#app/components/orders/order-parts'
import { AddressBlock, OrderStatusBadge, useLocale } from '#app/components/orders/order-display'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, PageHeader } from '#app/components/ui/card'
import { FormError, TextAreaField } from '#app/components/ui/field'
import { notFound, requirePartnerUser } from '#app/modules/auth/require.server'
import { cancelOrder } from '#app/modules/orders/cancel-order.server'
import { getOrder } from '#app/modules/orders/get-order.server'
import { CancelOrderForm } from '#app/modules/orders/order-rules'
import { reorderOrder } from '#app/modules/orders/reorder-order.server'
import { isAppError } from '#app/utils/app-error'
import { formatDate, formatDateTime } from '#app/utils/format'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { hasPermission } from '#app/utils/permissions'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.order.number ?? 'Order'} · Channel Portal` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'read:order:own')
  const detail = await orHttpError(getOrder(context.db, { actor, orderId: params.orderId ?? '' }))
  // Stripe sends the buyer back with ?payment=success|cancelled; only those two words are read.
  const returned = new URL(request.url).searchParams.get('payment')
  return {
    ...detail,
    canOrder: hasPermission(actor.role, 'create:order:own'),
    paymentReturn: returned === 'success' || returned === 'cancelled' ? returned : null,
  }
}

type Failure = { ok: false; intent: string; fieldErrors: FieldErrors; formError?: string }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'create:order:own')
  const orderId = params.orderId ?? ''
  const formData = await readFormData(request)
  const intent = String(formData.get('intent') ?? '')
  try {
    if (intent === 'reorder') {
      const result = await reorderOrder(context.db, { actor, orderId })
      return redirectWithToast('/portal/cart', {
        kind: result.problems.length > 0 ? 'info' : 'success',
        message:
          result.problems.length > 0 ? 'orders:toast.reorderedPartly' : 'orders:toast.reordered',
        values: {
          number: result.number,
          count: result.added.length,
          skipped: result.problems.map((p) => p.sku).join(', '),
        },
      })
    }
    if (intent === 'cancel') {
      const parsed = parseForm(CancelOrderForm, formData)
      if (!parsed.ok) return data<Failure>({ ...parsed, intent }, { status: 400 })
      const result = await cancelOrder(context.db, {
        actor,
        orderId,
        reason: parsed.data.reason,
        ip: context.clientIp,
      })
      return redirectWithToast(`/portal/orders/${result.orderId}`, {
        kind: 'success',
        message: 'orders:toast.cancelled',
        values: { number: result.number },
      })
    }
  } catch (error) {
    if (!isAppError(error)) throw error
    if (error.code === 'not_found') notFound()
    return data<Failure>(
      { ok: false, intent, fieldErrors: {}, formError: error.userMessage },
      { status: error.status },
    )
  }
  throw new Response('Unknown action', { status: 400 })
}

export default function OrderPage() {
  const { t } = useTranslation()
  const locale = useLocale()
  const detail = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const [confirmingCancel, setConfirmingCancel] = useState(false)
  const { order } = detail
  const failure = actionData && !actionData.ok ? actionData : null

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/portal/orders" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('orders:detail.backToList')}
        </Link>
      </nav>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>{t('orders:detail.title', { number: order.number })}</span>
            <OrderStatusBadge status={order.status} />
          </span>
        }
        description={t('orders:detail.placedBy', {
          name: detail.placedBy.name,
          date: formatDateTime(order.placedAt, locale),
        })}
        actions={
          <>
            <Link
              to={`/portal/orders/${order.id}/confirmation`}
              className={buttonClass('secondary')}
            >
              {t('orders:detail.confirmation')}
            </Link>
            {detail.canOrder &&
            order.status === 'pending_payment' &&
            order.paymentMethod === 'card' ? (
              <Form method="post" action={`/portal/orders/${order.id}/pay`}>
                <Button disabled={busy}>{t('orders:detail.payByCard')}</Button>
              </Form>
            ) : null}
            {detail.canOrder && detail.allowed.reorder ? (
              <Form method="post">
                <input type="hidden" name="intent" value="reorder" />
                <Button variant="secondary" disabled={busy}>
                  {t('orders:detail.reorder')}
                </Button>
              </Form>
            ) : null}
          </>
        }
      />

      {failure?.formError ? (
        <div className="mb-4">
          <FormError error={failure.formError} />
        </div>
      ) : null}
      {detail.paymentReturn && order.paymentStatus !== 'paid' ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-sky-50 p-3 text-sm text-sky-900 ring-1 ring-inset ring-sky-200"
        >
          {t(`orders:detail.paymentReturn.${detail.paymentReturn}`)}
        </p>
      ) : null}
      <StatusNotice detail={detail} />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title={t('orders:detail.summary')}>
          <dl className="space-y-3 text-sm">
            <Fact label={t('orders:detail.poNumber')} value={order.poNumber} />
            <Fact
              label={t('orders:detail.requestedDate')}
              value={order.requestedDate ? formatDate(order.requestedDate, locale, 'UTC') : null}
            />
            <Fact
              label={t('orders:detail.payment')}
              value={`${t(`orders:payment.${order.paymentMethod}`)} · ${t(
                `orders:paymentStatus.${order.paymentStatus}`,
              )}`}
            />
            <Fact
              label={t('orders:detail.registration')}
              value={
                detail.registration ? (
                  <Link
                    to={`/portal/registrations/${detail.registration.id}`}
                    className="text-brand-700 hover:underline"
                  >
                    {detail.registration.number} · {detail.registration.prospectName}
                  </Link>
                ) : null
              }
            />
            {order.buyerNote ? (
              <Fact label={t('orders:detail.note')} value={order.buyerNote} />
            ) : null}
          </dl>
        </Card>
        <Card title={t('orders:detail.shipTo')}>
          <AddressBlock address={detail.shippingAddress} />
        </Card>
        <Card title={t('orders:detail.delivery')}>
          {order.trackingNumber ? (
            <dl className="space-y-3 text-sm">
              <Fact label={t('orders:detail.carrier')} value={order.carrier} />
              <Fact label={t('orders:detail.tracking')} value={order.trackingNumber} />
              <Fact
                label={t('orders:detail.shippedAt')}
                value={order.shippedAt ? formatDateTime(order.shippedAt, locale) : null}
              />
            </dl>
          ) : (
            <p className="text-sm text-slate-600">
              {t(`orders:detail.deliveryState.${order.status}`)}
            </p>
          )}
        </Card>
      </div>

      <section className="mt-6" aria-labelledby="order-lines">
        <h2 id="order-lines" className="mb-2 text-base font-semibold text-slate-900">
          {t('orders:detail.lines')}
        </h2>
        <OrderLinesTable lines={detail.lines} currency={order.currency} />
        <div className="mt-3 flex justify-end">
          <OrderTotals order={order} />
        </div>
      </section>

      <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title={t('orders:detail.history')} className="lg:col-span-2">
          <OrderHistory entries={detail.history} />
        </Card>
        {detail.canOrder && detail.allowed.cancel ? (
          <Card title={t('orders:detail.cancelTitle')}>
            {confirmingCancel ? (
              <Form method="post" className="space-y-3">
                <input type="hidden" name="intent" value="cancel" />
                <TextAreaField
                  label={t('orders:detail.cancelReason')}
                  name="reason"
                  rows={2}
                  error={failure?.intent === 'cancel' ? failure.fieldErrors.reason : undefined}
                />
                <div className="flex gap-2">
                  <Button variant="danger" disabled={busy}>
                    {t('orders:detail.cancelConfirm')}
                  </Button>
                  <Button
                    type="button"
                    variant="secondary"
                    onClick={() => setConfirmingCancel(false)}
                  >
                    {t('orders:detail.keep')}
                  </Button>
                </div>
              </Form>
            ) : (
              <div className="space-y-3 text-sm text-slate-600">
                <p>{t('orders:detail.cancelHint')}</p>
                <Button type="button" variant="secondary" onClick={() => setConfirmingCancel(true)}>
                  {t('orders:detail.cancel')}
                </Button>
              </div>
            )}
          </Card>
        ) : null}
      </div>
    </>
  )
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  const { t } = useTranslation()
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900">
        {value ?? <span className="text-slate-400">{t('common:none')}</span>}
      </dd>
    </div>
  )
}

/** What the order is waiting for, when it waits for something. */
function StatusNotice({ detail }: { detail: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { t } = useTranslation()
  const locale = useLocale()
  const { order } = detail
  const text =
    order.status === 'credit_hold' && order.creditHoldExpiresAt
      ? t('orders:detail.creditHoldNotice', {
          until: formatDateTime(order.creditHoldExpiresAt, locale),
        })
      : order.status === 'pending_payment' && order.paymentExpiresAt
        ? t('orders:detail.paymentNotice', {
            until: formatDateTime(order.paymentExpiresAt, locale),
          })
        : order.status === 'cancelled'
          ? order.cancelReason
            ? t('orders:detail.cancelledNoticeReason', { reason: order.cancelReason })
            : t('orders:detail.cancelledNotice')
          : null
  if (!text) return null
  return (
    <p
      role="status"
      className="mb-6 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200"
    >
      {text}
    </p>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
