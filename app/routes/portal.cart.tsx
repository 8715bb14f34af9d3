import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { clsx } from 'clsx'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import {
  AvailabilityBadge,
  CartNotices,
  Money,
  PriceSourceLabel,
} from '#app/components/orders/order-display'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { FormError } from '#app/components/ui/field'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { addToCart } from '#app/modules/orders/add-to-cart.server'
import {
  AddToCartForm,
  cartIntents,
  cartReturnPath,
  RemoveCartItemForm,
  UpdateCartItemForm,
} from '#app/modules/orders/cart-rules'
import { clearCart } from '#app/modules/orders/clear-cart.server'
import { getCart, type CartLine } from '#app/modules/orders/get-cart.server'
import { maxLineQuantity } from '#app/modules/orders/order-rules'
import { removeCartItem } from '#app/modules/orders/remove-cart-item.server'
import { updateCartItem } from '#app/modules/orders/update-cart-item.server'
import { isAppError } from '#app/utils/app-error'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Cart · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'create:order:own')
  return { cart: await orHttpError(getCart(context.db, { actor })) }
}

type Failure = { ok: false; intent: string; itemId: string | null; fieldErrors: FieldErrors }

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'create:order:own')
  const formData = await readFormData(request)
  const intent = String(formData.get('intent') ?? '')
  const itemId = typeof formData.get('itemId') === 'string' ? String(formData.get('itemId')) : null
  const fail = (fieldErrors: FieldErrors, status = 400) =>
    data<Failure>({ ok: false, intent, itemId, fieldErrors }, { status })

  try {
    if (intent === cartIntents.add) {
      // The catalog's buttons post here and expect to go back where they were, told what happened.
      const back = cartReturnPath(String(formData.get('redirectTo') ?? ''))
      const parsed = parseForm(AddToCartForm, formData)
      if (!parsed.ok) {
        const message =
          parsed.fieldErrors.quantity ?? parsed.fieldErrors.sku ?? 'validation:required'
        return redirectWithToast(back, { kind: 'error', message })
      }
      const result = await addToCart(context.db, {
        actor,
        items: [{ sku: parsed.data.sku, quantity: parsed.data.quantity }],
      })
      const problem = result.problems[0]
      if (problem) {
        return redirectWithToast(back, {
          kind: 'error',
          message: `orders:cart.problem.${problem.reason}`,
          values: { sku: problem.sku },
        })
      }
      const added = result.added[0]!
      return redirectWithToast(back, {
        kind: 'success',
        message: 'orders:toast.added',
        values: { sku: added.sku, quantity: added.quantity, total: added.lineQuantity },
      })
    }
    if (intent === cartIntents.update) {
      const parsed = parseForm(UpdateCartItemForm, formData)
      if (!parsed.ok) return fail(parsed.fieldErrors)
      await updateCartItem(context.db, {
        actor,
        itemId: parsed.data.itemId,
        quantity: parsed.data.quantity,
      })
      return redirectWithToast('/portal/cart', { kind: 'success', message: 'orders:toast.updated' })
    }
    if (intent === cartIntents.remove) {
      const parsed = parseForm(RemoveCartItemForm, formData)
      if (!parsed.ok) return fail(parsed.fieldErrors)
      await removeCartItem(context.db, { actor, itemId: parsed.data.itemId })
      return redirectWithToast('/portal/cart', { kind: 'success', message: 'orders:toast.removed' })
    }
    if (intent === cartIntents.clear) {
      await clearCart(context.db, { actor })
      return redirectWithToast('/portal/cart', { kind: 'success', message: 'orders:toast.cleared' })
    }
  } catch (error) {
    if (!isAppError(error)) throw error
    return fail({ [error.field ?? '_form']: error.userMessage }, error.status)
  }
  throw new Response('Unknown action', { status: 400 })
}

export default function CartPage() {
  const { t } = useTranslation()
  const { cart } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const failure = actionData && !actionData.ok ? actionData : null
  const hasLines = cart.lines.length > 0
  const errorFor = (line: CartLine) =>
    failure?.itemId === line.itemId
      ? (failure.fieldErrors.quantity ?? failure.fieldErrors.itemId)
      : undefined
  const savings = cart.listTotalMinor - cart.subtotalMinor

  return (
    <>
      <PageHeader
        title={t('orders:cart.title')}
        description={t('orders:cart.description')}
        actions={
          <Link to="/portal/quick-order" className={buttonClass('secondary')}>
            {t('orders:cart.quickOrder')}
          </Link>
        }
      />
      {failure && !failure.itemId ? (
        <div className="mb-4">
          <FormError error={failure.fieldErrors._form ?? Object.values(failure.fieldErrors)[0]} />
        </div>
      ) : null}

      {!hasLines ? (
        <Card>
          <EmptyState>{t('orders:cart.empty')}</EmptyState>
          <div className="flex flex-wrap justify-center gap-2 pb-4">
            <Link to="/portal/catalog" className={buttonClass('secondary')}>
              {t('orders:cart.browseCatalog')}
            </Link>
            <Link to="/portal/quick-order" className={buttonClass('primary')}>
              {t('orders:cart.quickOrder')}
            </Link>
          </div>
        </Card>
      ) : (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_18rem]">
          <div className="min-w-0">
            {/* Phones: one card per line; wider screens: the table. */}
            <ul className="space-y-3 lg:hidden">
              {cart.lines.map((line) => (
                <li
                  key={line.itemId}
                  className={clsx(
                    'rounded-lg p-4 shadow-sm ring-1 ring-slate-200',
                    line.orderable ? 'bg-white' : 'bg-amber-50',
                  )}
                >
                  <div className="flex items-start justify-between gap-3">
                    <ProductCell line={line} />
                    <span className="shrink-0 text-right font-medium text-slate-900">
                      <Money minor={line.lineTotalMinor} currency={line.currency} />
                    </span>
                  </div>
                  <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
                    <UnitPrice line={line} inline />
                    <AvailabilityBadge availability={line.availability} />
                  </div>
                  <div className="mt-3 flex items-start justify-between gap-2">
                    <QuantityForm line={line} error={errorFor(line)} variant="phone" />
                    <RemoveForm line={line} />
                  </div>
                </li>
              ))}
            </ul>
            <div className="hidden lg:block">
              <Table caption={t('orders:cart.caption')}>
                <thead>
                  <tr>
                    <Th>{t('orders:cart.columns.product')}</Th>
                    <Th className="text-right">{t('orders:cart.columns.unitPrice')}</Th>
                    <Th>{t('orders:cart.columns.quantity')}</Th>
                    <Th>{t('orders:cart.columns.availability')}</Th>
                    <Th className="text-right">{t('orders:cart.columns.total')}</Th>
                    <Th>
                      <span className="sr-only">{t('orders:cart.columns.actions')}</span>
                    </Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {cart.lines.map((line) => (
                    <tr key={line.itemId} className={line.orderable ? undefined : 'bg-amber-50/50'}>
                      <Td>
                        <div className="w-60 whitespace-normal">
                          <ProductCell line={line} />
                        </div>
                      </Td>
                      <Td className="text-right">
                        <UnitPrice line={line} />
                      </Td>
                      <Td>
                        <QuantityForm line={line} error={errorFor(line)} variant="table" />
                      </Td>
                      <Td>
                        <AvailabilityBadge availability={line.availability} />
                      </Td>
                      <Td className="text-right font-medium text-slate-900">
                        <Money minor={line.lineTotalMinor} currency={line.currency} />
                      </Td>
                      <Td>
                        <RemoveForm line={line} />
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
            <Form method="post" className="mt-3">
              <input type="hidden" name="intent" value={cartIntents.clear} />
              <Button variant="ghost">{t('orders:cart.clear')}</Button>
            </Form>
          </div>

          <Card title={t('orders:cart.summary')} className="h-fit">
            <dl className="space-y-2 text-sm">
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">{t('orders:cart.listTotal')}</dt>
                <dd>
                  <Money minor={cart.listTotalMinor} currency={cart.currency!} />
                </dd>
              </div>
              {savings > 0 ? (
                <div className="flex justify-between gap-4 text-green-700">
                  <dt>{t('orders:cart.yourDiscount')}</dt>
                  <dd>
                    −<Money minor={savings} currency={cart.currency!} />
                  </dd>
                </div>
              ) : null}
              <div className="flex justify-between gap-4 border-t border-slate-100 pt-2 text-base font-semibold text-slate-900">
                <dt>{t('orders:cart.subtotal')}</dt>
                <dd>
                  <Money minor={cart.subtotalMinor} currency={cart.currency!} />
                </dd>
              </div>
            </dl>
            <p className="mt-2 text-xs text-slate-500">{t('orders:cart.pricesNote')}</p>
            {cart.orderable ? (
              <Link
                to="/portal/checkout"
                className={buttonClass('primary', 'mt-4 w-full')}
                data-testid="checkout-link"
              >
                {t('orders:cart.checkout')}
              </Link>
            ) : (
              <>
                <p role="status" className="mt-4 text-sm text-amber-800">
                  {t(cart.mixedCurrencies ? 'orders:cart.mixedCurrencies' : 'orders:cart.fixFirst')}
                </p>
                <span
                  aria-disabled="true"
                  className={buttonClass('primary', 'mt-2 w-full cursor-not-allowed opacity-50')}
                >
                  {t('orders:cart.checkout')}
                </span>
              </>
            )}
          </Card>
        </div>
      )}
    </>
  )
}

function ProductCell({ line }: { line: CartLine }) {
  return (
    <div className="min-w-0">
      <span className="block font-mono text-xs font-semibold text-slate-900">{line.sku}</span>
      <span className="block text-sm text-slate-700">{line.name}</span>
      <CartNotices notices={line.notices} currency={line.currency} />
    </div>
  )
}

function UnitPrice({ line, inline = false }: { line: CartLine; inline?: boolean }) {
  return (
    <span className={inline ? 'flex flex-wrap items-center gap-2' : 'block'}>
      <span className={clsx('font-medium text-slate-900', !inline && 'block')}>
        <Money minor={line.unitNetMinor} currency={line.currency} />
      </span>
      {line.listUnitMinor !== line.unitNetMinor ? (
        <span className={clsx('text-xs text-slate-400 line-through', !inline && 'block')}>
          <Money minor={line.listUnitMinor} currency={line.currency} />
        </span>
      ) : null}
      <span className={inline ? undefined : 'mt-1 flex justify-end'}>
        <PriceSourceLabel source={line.priceSource} />
      </span>
    </span>
  )
}

function QuantityForm({
  line,
  error,
  variant,
}: {
  line: CartLine
  error?: string
  /** The phone card and the table render the same form; their ids must differ. */
  variant: 'phone' | 'table'
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formData?.get('itemId') === line.itemId
  const quantityId = `quantity-${variant}-${line.itemId}`
  return (
    <Form method="post" className="flex items-start gap-2">
      <input type="hidden" name="intent" value={cartIntents.update} />
      <input type="hidden" name="itemId" value={line.itemId} />
      <div>
        <label htmlFor={quantityId} className="sr-only">
          {t('orders:cart.quantityOf', { sku: line.sku })}
        </label>
        <input
          id={quantityId}
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={maxLineQuantity}
          defaultValue={line.quantity}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${quantityId}-error` : undefined}
          className="block w-24 rounded-md border-0 px-2 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500"
        />
        <span className="mt-1 block text-xs text-slate-500">
          {t(`orders:unit.${line.unit}`, { defaultValue: line.unit })}
        </span>
        {error ? (
          <p
            id={`${quantityId}-error`}
            role="alert"
            className="mt-1 w-40 whitespace-normal text-xs text-red-700"
          >
            {t(error, { defaultValue: error })}
          </p>
        ) : null}
      </div>
      <Button variant="secondary" className="px-2.5 py-1.5" disabled={busy}>
        {t('orders:cart.update')}
      </Button>
    </Form>
  )
}

function RemoveForm({ line }: { line: CartLine }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formData?.get('itemId') === line.itemId
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={cartIntents.remove} />
      <input type="hidden" name="itemId" value={line.itemId} />
      <Button
        variant="ghost"
        className="px-2 py-1 text-red-700 hover:bg-red-50"
        aria-label={t('orders:cart.removeSku', { sku: line.sku })}
        disabled={busy}
      >
        {t('orders:cart.remove')}
      </Button>
    </Form>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
