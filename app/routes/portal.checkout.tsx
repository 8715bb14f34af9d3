import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { localName } from '#app/components/deals/registration-display'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { AddressBlock, Money, useLocale } from '#app/components/orders/order-display'
import { Button, buttonClass } from '#app/components/ui/button'
import { Badge, Card, EmptyState, PageHeader } from '#app/components/ui/card'
import {
  FieldError,
  FormError,
  SelectField,
  TextAreaField,
  TextField,
} from '#app/components/ui/field'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { getCheckout } from '#app/modules/orders/get-checkout.server'
import { CheckoutFields, CheckoutForm } from '#app/modules/orders/order-rules'
import { placeOrder, type OrderShortage } from '#app/modules/orders/place-order.server'
import { createCardCheckout } from '#app/modules/payments/create-card-checkout.server'
import { isAppError } from '#app/utils/app-error'
import { appOrigin, cardPaymentsEnabled } from '#app/utils/env.server'
import { formatDate, formatNumber } from '#app/utils/format'
import { formFailure, parseForm, type FieldErrors } from '#app/utils/forms'
import { hasPermission } from '#app/utils/permissions'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Checkout · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'create:order:own')
  const checkout = await orHttpError(
    getCheckout(context.db, { actor, cardPaymentsEnabled: cardPaymentsEnabled() }),
  )
  return { ...checkout, canManageAddresses: hasPermission(actor.role, 'manage:address:own') }
}

type Failure = {
  ok: false
  fieldErrors: FieldErrors
  formError?: string
  shortages?: OrderShortage[]
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'create:order:own')
  // Only these fields are read: a price, a total or a line posted with the form is never looked at.
  const parsed = parseForm(CheckoutForm, await readFormData(request))
  if (!parsed.ok) return data<Failure>(parsed, { status: 400 })
  try {
    const result = await placeOrder(context.db, {
      actor,
      input: parsed.data,
      cardPaymentsEnabled: cardPaymentsEnabled(),
      origin: appOrigin(request),
      ip: context.clientIp,
    })
    if (!result.ok) {
      return data<Failure>(
        {
          ok: false,
          fieldErrors: {},
          formError: 'orders:checkout.shortage',
          shortages: result.shortages,
        },
        { status: 409 },
      )
    }
    if (result.status === 'pending_payment') {
      // A card order: straight on to Stripe's payment page. If Stripe cannot be reached the order
      // keeps its reservation until its payment deadline and its page offers "Pay by card" again.
      const origin = appOrigin(request)
      try {
        const checkout = await createCardCheckout(context.db, {
          orderId: result.orderId,
          actor,
          origin,
          ip: context.clientIp,
        })
        return redirect(checkout.url, 303)
      } catch (error) {
        if (!isAppError(error)) console.error('card checkout could not start', error)
        return redirectWithToast(`/portal/orders/${result.orderId}`, {
          kind: 'error',
          message: 'orders:toast.cardNotStarted',
          values: { number: result.number },
        })
      }
    }
    return redirectWithToast(`/portal/orders/${result.orderId}`, {
      kind: 'success',
      message: `orders:toast.placed.${result.status}`,
      values: { number: result.number },
    })
  } catch (error) {
    if (!isAppError(error)) throw error
    return data<Failure>(
      error.field
        ? formFailure({ [error.field]: error.userMessage })
        : formFailure({}, error.userMessage),
      { status: error.status },
    )
  }
}

export default function CheckoutPage() {
  const { t } = useTranslation()
  const locale = useLocale()
  const view = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formAction === '/portal/checkout'
  const failure = actionData && !actionData.ok ? actionData : null
  const { cart, payment } = view
  const defaultAddress = view.addresses.find((a) => a.isDefault) ?? view.addresses[0]
  const form = useValidatedForm(CheckoutFields, {
    serverErrors: failure?.fieldErrors,
    defaultValues: {
      shippingAddressId: defaultAddress?.id ?? '',
      paymentMethod: payment.onAccount.allowed
        ? 'on_account'
        : payment.card.allowed
          ? 'card'
          : undefined,
      poNumber: '',
      requestedDate: '',
      registrationId: '',
      buyerNote: '',
    },
  })
  const [registrationId, paymentMethod] = form.watch(['registrationId', 'paymentMethod'])
  const linked = view.registrations.find((r) => r.id === registrationId)
  const subtotal = linked ? linked.subtotalWithDealMinor : cart.subtotalMinor
  const dealSaving = cart.subtotalMinor - subtotal
  const overCredit = paymentMethod === 'on_account' && subtotal > payment.onAccount.availableMinor

  if (cart.lines.length === 0) {
    return (
      <>
        <PageHeader title={t('orders:checkout.title')} />
        <Card>
          <EmptyState>{t('orders:checkout.emptyCart')}</EmptyState>
          <div className="flex justify-center pb-4">
            <Link to="/portal/cart" className={buttonClass('primary')}>
              {t('orders:checkout.backToCart')}
            </Link>
          </div>
        </Card>
      </>
    )
  }

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/portal/cart" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('orders:checkout.backToCart')}
        </Link>
      </nav>
      <PageHeader
        title={t('orders:checkout.title')}
        description={t('orders:checkout.description')}
      />

      {failure?.shortages?.length ? <ShortageAlert shortages={failure.shortages} /> : null}
      {failure?.formError && !failure.shortages?.length ? (
        <div className="mb-4 space-y-2">
          <FormError error={failure.formError} />
          {failure.formError === 'orders:checkout.cartChanged' ? (
            <Link to="/portal/cart" className="text-sm font-medium text-brand-700 hover:underline">
              {t('orders:checkout.reviewCart')}
            </Link>
          ) : null}
        </div>
      ) : null}
      {!cart.orderable ? (
        <div className="mb-4">
          <FormError error="orders:checkout.cartNotOrderable" />
        </div>
      ) : null}

      <Form
        method="post"
        noValidate
        onSubmit={form.onSubmit}
        className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_22rem]"
      >
        <input type="hidden" name="idempotencyKey" value={view.idempotencyKey} />
        <input type="hidden" name="cartVersion" value={cart.version} />

        <div className="min-w-0 space-y-6">
          <Card title={t('orders:checkout.shipTo')}>
            {view.addresses.length === 0 ? (
              <div className="space-y-2 text-sm text-slate-600">
                <p>{t('orders:checkout.noAddresses')}</p>
                {view.canManageAddresses ? (
                  <Link
                    to="/portal/addresses"
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {t('orders:checkout.addAddress')}
                  </Link>
                ) : (
                  <p>{t('orders:checkout.askAdmin')}</p>
                )}
              </div>
            ) : (
              <fieldset>
                <legend className="sr-only">{t('orders:checkout.shipTo')}</legend>
                <div className="grid gap-3 sm:grid-cols-2">
                  {view.addresses.map((address) => (
                    <label
                      key={address.id}
                      className="flex cursor-pointer gap-3 rounded-lg p-3 ring-1 ring-slate-200 has-[:checked]:bg-brand-50 has-[:checked]:ring-2 has-[:checked]:ring-brand-500"
                    >
                      <input
                        type="radio"
                        value={address.id}
                        className="mt-1 h-4 w-4 text-brand-600 focus:ring-brand-500"
                        aria-label={address.label}
                        {...form.register('shippingAddressId')}
                      />
                      <span className="min-w-0">
                        <span className="flex flex-wrap items-center gap-2">
                          <span className="font-medium text-slate-900">{address.label}</span>
                          {address.isDefault ? (
                            <Badge color="blue">{t('orders:addresses.default')}</Badge>
                          ) : null}
                        </span>
                        <AddressBlock address={address} showLabel={false} />
                      </span>
                    </label>
                  ))}
                </div>
                <FieldError
                  id="shippingAddressId-error"
                  error={form.errorFor('shippingAddressId')}
                />
                {view.canManageAddresses ? (
                  <Link
                    to="/portal/addresses"
                    className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
                  >
                    {t('orders:checkout.manageAddresses')}
                  </Link>
                ) : null}
              </fieldset>
            )}
          </Card>

          <Card title={t('orders:checkout.details')}>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                label={t('orders:checkout.poNumber')}
                hint={t('orders:checkout.poNumberHint')}
                autoComplete="off"
                error={form.errorFor('poNumber')}
                {...form.register('poNumber')}
              />
              <TextField
                label={t('orders:checkout.requestedDate')}
                hint={t('orders:checkout.requestedDateHint')}
                type="date"
                min={view.today}
                max={view.latestRequestedDate}
                error={form.errorFor('requestedDate')}
                {...form.register('requestedDate')}
              />
              <SelectField
                label={t('orders:checkout.registration')}
                hint={
                  view.registrations.length === 0
                    ? t('orders:checkout.noRegistrations')
                    : t('orders:checkout.registrationHint', {
                        percent: formatNumber(view.dealDiscountBps / 100, locale),
                      })
                }
                className="sm:col-span-2"
                disabled={view.registrations.length === 0}
                error={form.errorFor('registrationId')}
                {...form.register('registrationId')}
              >
                <option value="">{t('orders:checkout.noRegistration')}</option>
                {view.registrations.map((r) => (
                  <option key={r.id} value={r.id}>
                    {t('orders:checkout.registrationOption', {
                      number: r.number,
                      prospect: r.prospectName,
                      line: localName(
                        { nameEn: r.productLineNameEn, nameZh: r.productLineNameZh },
                        locale,
                      ),
                      date: formatDate(r.protectionEndsAt, locale),
                    })}
                  </option>
                ))}
              </SelectField>
              <TextAreaField
                label={t('orders:checkout.note')}
                rows={2}
                className="sm:col-span-2"
                error={form.errorFor('buyerNote')}
                {...form.register('buyerNote')}
              />
            </div>
          </Card>

          <Card title={t('orders:checkout.payment')}>
            <fieldset className="space-y-3">
              <legend className="sr-only">{t('orders:checkout.payment')}</legend>
              <PaymentOption
                value="on_account"
                disabled={!payment.onAccount.allowed}
                title={t('orders:payment.on_account')}
                register={form.register('paymentMethod')}
                description={
                  payment.onAccount.allowed
                    ? t('orders:checkout.onAccountTerms', {
                        days: payment.onAccount.paymentTermsDays,
                      })
                    : t('orders:checkout.onAccountUnavailable')
                }
                extra={
                  payment.onAccount.allowed ? (
                    <span className="mt-1 block text-xs text-slate-500">
                      {t('orders:checkout.creditAvailable')}{' '}
                      <Money
                        minor={payment.onAccount.availableMinor}
                        currency={payment.onAccount.currency}
                      />{' '}
                      /{' '}
                      <Money
                        minor={payment.onAccount.creditLimitMinor}
                        currency={payment.onAccount.currency}
                      />
                    </span>
                  ) : null
                }
              />
              <PaymentOption
                value="card"
                disabled={!payment.card.allowed}
                title={t('orders:payment.card')}
                register={form.register('paymentMethod')}
                description={
                  payment.card.allowed
                    ? t('orders:checkout.cardDescription')
                    : t('orders:checkout.cardUnavailable')
                }
              />
              <FieldError id="paymentMethod-error" error={form.errorFor('paymentMethod')} />
              {overCredit ? (
                <p
                  role="status"
                  className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200"
                >
                  {t('orders:checkout.willBeHeld')}
                </p>
              ) : null}
            </fieldset>
          </Card>
        </div>

        <Card title={t('orders:checkout.summary')} className="h-fit">
          <ul className="divide-y divide-slate-100 text-sm">
            {cart.lines.map((line) => (
              <li key={line.itemId} className="flex justify-between gap-3 py-2">
                <span className="min-w-0">
                  <span className="block font-mono text-xs font-semibold text-slate-900">
                    {line.sku}
                  </span>
                  <span className="block truncate text-slate-600">{line.name}</span>
                  <span className="block text-xs text-slate-500">
                    {formatNumber(line.quantity, locale)} ×{' '}
                    <Money minor={line.unitNetMinor} currency={line.currency} />
                  </span>
                </span>
                <span className="shrink-0 font-medium">
                  <Money minor={line.lineTotalMinor} currency={line.currency} />
                </span>
              </li>
            ))}
          </ul>
          <dl className="mt-3 space-y-2 border-t border-slate-100 pt-3 text-sm">
            <div className="flex justify-between">
              <dt className="text-slate-600">{t('orders:checkout.subtotal')}</dt>
              <dd>
                <Money minor={cart.subtotalMinor} currency={cart.currency!} />
              </dd>
            </div>
            {dealSaving > 0 ? (
              <div className="flex justify-between text-green-700">
                <dt>{t('orders:checkout.dealDiscount')}</dt>
                <dd>
                  −<Money minor={dealSaving} currency={cart.currency!} />
                </dd>
              </div>
            ) : null}
            <div className="flex justify-between">
              <dt className="text-slate-600">{t('orders:checkout.shipping')}</dt>
              <dd>{t('orders:checkout.shippingIncluded')}</dd>
            </div>
            <div className="flex justify-between border-t border-slate-100 pt-2 text-base font-semibold text-slate-900">
              <dt>{t('orders:checkout.total')}</dt>
              <dd data-testid="checkout-total">
                <Money minor={subtotal} currency={cart.currency!} />
              </dd>
            </div>
          </dl>
          <p className="mt-2 text-xs text-slate-500">{t('orders:checkout.repricedNote')}</p>
          <Button
            className="mt-4 w-full"
            disabled={busy || !cart.orderable || view.addresses.length === 0}
          >
            {busy ? t('orders:checkout.placing') : t('orders:checkout.placeOrder')}
          </Button>
        </Card>
      </Form>
    </>
  )
}

function PaymentOption({
  value,
  disabled,
  title,
  description,
  extra,
  register,
}: {
  value: 'on_account' | 'card'
  disabled: boolean
  title: string
  description: string
  extra?: ReactNode
  register: ReturnType<ReturnType<typeof useValidatedForm>['register']>
}) {
  return (
    <label
      className={
        disabled
          ? 'flex gap-3 rounded-lg p-3 opacity-60 ring-1 ring-slate-200'
          : 'flex cursor-pointer gap-3 rounded-lg p-3 ring-1 ring-slate-200 has-[:checked]:bg-brand-50 has-[:checked]:ring-2 has-[:checked]:ring-brand-500'
      }
    >
      <input
        type="radio"
        value={value}
        disabled={disabled}
        className="mt-1 h-4 w-4 text-brand-600 focus:ring-brand-500"
        aria-label={title}
        {...register}
      />
      <span>
        <span className="block text-sm font-medium text-slate-900">{title}</span>
        <span className="block text-sm text-slate-600">{description}</span>
        {extra}
      </span>
    </label>
  )
}

function ShortageAlert({ shortages }: { shortages: OrderShortage[] }) {
  const { t } = useTranslation()
  const locale = useLocale()
  return (
    <div
      role="alert"
      className="mb-4 rounded-md bg-red-50 p-4 text-sm text-red-900 ring-1 ring-inset ring-red-200"
    >
      <p className="font-medium">{t('orders:checkout.shortage')}</p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {shortages.map((s) => (
          <li key={s.productId}>
            <span className="font-mono">{s.sku}</span> · {s.name}:{' '}
            {s.reason === 'inactive'
              ? t('orders:checkout.shortageInactive')
              : s.available === null
                ? t('orders:checkout.shortageBanded', {
                    requested: formatNumber(s.requested, locale),
                    band: t(`orders:availability.${s.band}`),
                  })
                : t('orders:checkout.shortageLine', {
                    requested: formatNumber(s.requested, locale),
                    available: formatNumber(s.available, locale),
                  })}
          </li>
        ))}
      </ul>
      <Link to="/portal/cart" className="mt-3 inline-block font-medium text-red-900 underline">
        {t('orders:checkout.adjustCart')}
      </Link>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
