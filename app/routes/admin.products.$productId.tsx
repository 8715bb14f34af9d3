import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { localName, ProductStatusBadge } from '#app/components/products/product-display'
import { ProductForm } from '#app/components/products/product-form'
import { ProductStatusCard } from '#app/components/products/product-status-card'
import { adjustParam, AdjustmentHistory, StockCard } from '#app/components/products/stock-panel'
import { Card, PageHeader } from '#app/components/ui/card'
import { forbidden, requirePermission } from '#app/modules/auth/require.server'
import { adjustStock } from '#app/modules/catalog/adjust-stock.server'
import { getProductDetail } from '#app/modules/catalog/get-product-detail.server'
import { getProductFormOptions } from '#app/modules/catalog/get-product-form-options.server'
import {
  ProductForm as ProductFormSchema,
  ProductStatusForm,
} from '#app/modules/catalog/product-rules'
import { setProductActive } from '#app/modules/catalog/set-product-active.server'
import { StockAdjustmentForm } from '#app/modules/catalog/stock-adjustment-rules'
import { updateProduct } from '#app/modules/catalog/update-product.server'
import { useRootData } from '#app/root'
import { isAppError } from '#app/utils/app-error'
import { formatDateTime, formatMoney } from '#app/utils/format'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { minorToInputValue } from '#app/utils/money'
import { hasPermission, type Permission } from '#app/utils/permissions'
import { orHttpError } from '#app/utils/route-errors.server'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.product.sku ?? 'Product'} · Channel Portal` },
]

/** The forms of this page and the permission each needs. */
const intents = {
  update: 'update-product',
  setActive: 'set-product-active',
  adjustStock: 'adjust-stock',
} as const
type Intent = (typeof intents)[keyof typeof intents]
const permissionFor: Record<Intent, Permission> = {
  [intents.update]: 'manage:catalog:any',
  [intents.setActive]: 'manage:catalog:any',
  [intents.adjustStock]: 'manage:stock:any',
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:catalog:any')
  const canManage = hasPermission(actor.role, 'manage:catalog:any')
  const [product, options] = await Promise.all([
    orHttpError(getProductDetail(context.db, { productId: params.productId ?? '' })),
    canManage ? getProductFormOptions(context.db, { includeInactiveLines: true }) : null,
  ])
  return {
    product,
    productLines: (options?.productLines ?? []).filter(
      (line) => line.active || line.id === product.productLineId,
    ),
    categories: options?.categories ?? [],
    canManage,
    canAdjustStock: hasPermission(actor.role, 'manage:stock:any'),
  }
}

type ActionFailure = {
  ok: false
  intent: Intent
  fieldErrors: FieldErrors
  /** Values for a field message that carries numbers ("at most 30 can be written off"). */
  messageValues?: Record<string, Record<string, string | number>>
  formError?: string
  warehouseId?: string
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:catalog:any')
  // The product is the one in the URL, never a form field.
  const productId = params.productId ?? ''
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (!isIntent(intent)) {
    throw new Response('Unknown form intent', { status: 400, statusText: 'Bad Request' })
  }
  if (!hasPermission(actor.role, permissionFor[intent])) forbidden()

  if (intent === intents.update) {
    const parsed = parseForm(ProductFormSchema, formData)
    if (!parsed.ok) return failure({ intent, fieldErrors: parsed.fieldErrors }, 400)
    try {
      const result = await updateProduct(context.db, {
        actor,
        productId,
        input: parsed.data,
        ip: context.clientIp,
      })
      return redirectWithToast(`/admin/products/${productId}`, {
        kind: result.changed ? 'success' : 'info',
        message: result.changed ? 'products:toast.updated' : 'products:toast.unchanged',
        values: { sku: result.sku },
      })
    } catch (error) {
      return fieldFailureOrThrow(intent, error)
    }
  }

  if (intent === intents.setActive) {
    const parsed = parseForm(ProductStatusForm, formData)
    if (!parsed.ok) return failure({ intent, fieldErrors: parsed.fieldErrors }, 400)
    try {
      const result = await setProductActive(context.db, {
        actor,
        productId,
        active: parsed.data.active,
        ip: context.clientIp,
      })
      return redirectWithToast(`/admin/products/${productId}`, {
        kind: result.changed ? 'success' : 'info',
        message: !result.changed
          ? 'products:toast.statusUnchanged'
          : parsed.data.active
            ? 'products:toast.reactivated'
            : 'products:toast.deactivated',
        values: { sku: result.sku },
      })
    } catch (error) {
      return fieldFailureOrThrow(intent, error)
    }
  }

  const parsed = parseForm(StockAdjustmentForm, formData)
  const warehouseId = String(formData.get('warehouseId') ?? '')
  if (!parsed.ok) return failure({ intent, fieldErrors: parsed.fieldErrors, warehouseId }, 400)
  try {
    const result = await adjustStock(context.db, {
      actor,
      productId,
      input: parsed.data,
      ip: context.clientIp,
    })
    return redirectWithToast(`/admin/products/${productId}`, {
      kind: 'success',
      message: 'products:toast.stockAdjusted',
      values: { sku: result.sku, warehouse: result.warehouseCode, onHand: result.onHand },
    })
  } catch (error) {
    return fieldFailureOrThrow(intent, error, warehouseId)
  }
}

function isIntent(value: unknown): value is Intent {
  return typeof value === 'string' && (Object.values(intents) as string[]).includes(value)
}

function failure(body: Omit<ActionFailure, 'ok'>, status: number) {
  return data<ActionFailure>({ ok: false, ...body }, { status })
}

/** A field error goes back to its form; other AppErrors become their HTTP status (404…). */
function fieldFailureOrThrow(intent: Intent, error: unknown, warehouseId?: string) {
  if (!isAppError(error)) throw error
  if (!error.field) {
    throw new Response(error.userMessage, { status: error.status, statusText: error.code })
  }
  return failure(
    {
      intent,
      fieldErrors: { [error.field]: error.userMessage },
      messageValues: error.params ? { [error.field]: error.params } : undefined,
      warehouseId,
    },
    error.status,
  )
}

export default function ProductDetailPage() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const [searchParams] = useSearchParams()
  const { product, productLines, categories, canManage, canAdjustStock } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const failureFor = (intent: Intent) =>
    actionData && !actionData.ok && actionData.intent === intent ? actionData : undefined
  /** Server messages in the reader's language, with their numbers filled in. */
  const messagesOf = (failure: ActionFailure | undefined) =>
    failure
      ? Object.fromEntries(
          Object.entries(failure.fieldErrors).map(([field, key]) => [
            field,
            t(key, { defaultValue: key, ...(failure.messageValues?.[field] ?? {}) }),
          ]),
        )
      : undefined
  const updateFailure = failureFor(intents.update)
  const stockFailure = failureFor(intents.adjustStock)
  const adjusting = stockFailure?.warehouseId || searchParams.get(adjustParam)

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/admin/products" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('products:backToList')}
        </Link>
      </nav>
      <PageHeader
        title={product.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{product.sku}</span>
            <span aria-hidden="true">·</span>
            <span>{localName(product.productLine, locale)}</span>
            <span aria-hidden="true">·</span>
            <span>{localName(product.category, locale)}</span>
            <ProductStatusBadge active={product.active} />
          </span>
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <StockCard
            stock={product.stock}
            totals={product.totals}
            lowStockThreshold={product.lowStockThreshold}
            canAdjust={canAdjustStock}
            adjusting={adjusting}
            intent={intents.adjustStock}
            serverErrors={messagesOf(stockFailure)}
            formError={stockFailure?.formError}
          />
          <AdjustmentHistory adjustments={product.adjustments} />
        </div>

        <div className="min-w-0 space-y-6">
          <ProductStatusCard
            active={product.active}
            canManage={canManage}
            intent={intents.setActive}
          />
          <Card title={t('products:detail.summary')}>
            <dl className="space-y-4">
              <Detail label={t('products:fields.listPrice')}>
                <span className="tabular-nums">
                  {formatMoney(product.listPriceMinor, product.currency, locale)}
                </span>{' '}
                <span className="text-slate-500">
                  {t('products:list.perUnit', { unit: product.unit })}
                </span>
              </Detail>
              <Detail label={t('products:fields.description')}>
                {product.description ? (
                  <span className="whitespace-pre-line break-words">{product.description}</span>
                ) : (
                  <span className="text-slate-500">{t('common:none')}</span>
                )}
              </Detail>
              <Detail label={t('products:fields.imageUrl')}>
                {product.imageUrl ? (
                  <span className="break-all font-mono text-xs">{product.imageUrl}</span>
                ) : (
                  <span className="text-slate-500">{t('products:detail.noImage')}</span>
                )}
              </Detail>
              <Detail label={t('products:detail.updatedAt')}>
                {formatDateTime(product.updatedAt, locale)}
              </Detail>
            </dl>
          </Card>
        </div>
      </div>

      {canManage ? (
        <section id="edit" aria-labelledby="edit-product" className="mt-10 scroll-mt-6">
          <h2 id="edit-product" className="mb-4 text-lg font-semibold text-slate-900">
            {t('products:detail.edit')}
          </h2>
          <Card className="max-w-4xl">
            <ProductForm
              // A fresh form after each save, so its defaults are what is now stored.
              key={String(product.updatedAt)}
              mode="edit"
              intent={intents.update}
              productLines={productLines}
              categories={categories}
              serverErrors={messagesOf(updateFailure)}
              submitLabel={t('products:detail.save')}
              defaultValues={{
                sku: product.sku,
                name: product.name,
                description: product.description,
                productLineId: product.productLineId,
                categoryId: product.categoryId,
                unit: product.unit,
                listPrice: minorToInputValue(product.listPriceMinor, product.currency),
                currency: product.currency,
                imageUrl: product.imageUrl ?? '',
                active: product.active,
              }}
            />
          </Card>
        </section>
      ) : null}
    </>
  )
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900">{children}</dd>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
