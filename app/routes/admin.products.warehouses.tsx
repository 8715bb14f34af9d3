import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { WarehouseForm } from '#app/components/products/warehouse-form'
import { Badge, Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { findWarehouseList } from '#app/modules/catalog/find-warehouse-list.server'
import { saveWarehouse } from '#app/modules/catalog/save-warehouse.server'
import {
  WarehouseForm as WarehouseFormSchema,
  WarehouseIdField,
} from '#app/modules/catalog/warehouse-rules'
import { useRootData } from '#app/root'
import { isAppError } from '#app/utils/app-error'
import { formatNumber } from '#app/utils/format'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Warehouses · Channel Portal' }]

const intents = { create: 'create-warehouse', update: 'update-warehouse' } as const
type Intent = (typeof intents)[keyof typeof intents]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'manage:stock:any')
  return { warehouses: await findWarehouseList(context.db) }
}

type Failure = { ok: false; intent: Intent; fieldErrors: FieldErrors; warehouseId?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:stock:any')
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (intent !== intents.create && intent !== intents.update) {
    throw new Response('Unknown form intent', { status: 400, statusText: 'Bad Request' })
  }
  let warehouseId: string | undefined
  if (intent === intents.update) {
    const id = parseForm(WarehouseIdField, formData)
    if (!id.ok) throw new Response('Unknown warehouse', { status: 404, statusText: 'Not Found' })
    warehouseId = id.data.warehouseId
  }
  const parsed = parseForm(WarehouseFormSchema, formData)
  if (!parsed.ok) {
    return data<Failure>(
      { ok: false, intent, fieldErrors: parsed.fieldErrors, warehouseId },
      { status: 400 },
    )
  }
  try {
    const result = await saveWarehouse(context.db, {
      actor,
      warehouseId,
      input: parsed.data,
      ip: context.clientIp,
    })
    return redirectWithToast('/admin/products/warehouses', {
      kind: result.changed ? 'success' : 'info',
      message: !result.changed
        ? 'products:toast.unchanged'
        : warehouseId
          ? 'products:toast.warehouseSaved'
          : 'products:toast.warehouseCreated',
      values: { code: parsed.data.code },
    })
  } catch (error) {
    if (!isAppError(error)) throw error
    if (!error.field) {
      throw new Response(error.userMessage, { status: error.status, statusText: error.code })
    }
    return data<Failure>(
      { ok: false, intent, fieldErrors: { [error.field]: error.userMessage }, warehouseId },
      { status: error.status },
    )
  }
}

export default function WarehousesPage() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const { warehouses } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const failure = actionData && !actionData.ok ? actionData : undefined
  const editingId =
    failure?.intent === intents.update ? failure.warehouseId : searchParams.get('edit')
  const editing = warehouses.find((w) => w.id === editingId)
  const number = (n: number) => formatNumber(n, locale)
  const nextSortOrder = Math.min(
    32_767,
    warehouses.reduce((max, w) => Math.max(max, w.sortOrder), 0) + 1,
  )

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/admin/products" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('products:backToList')}
        </Link>
      </nav>
      <PageHeader
        title={t('products:warehouses.title')}
        description={t('products:warehouses.description')}
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="min-w-0 lg:col-span-3">
          {warehouses.length === 0 ? (
            <Card>
              <EmptyState>{t('products:warehouses.empty')}</EmptyState>
            </Card>
          ) : (
            <Table caption={t('products:warehouses.caption')}>
              <thead>
                <tr>
                  <Th>{t('products:warehouses.columns.warehouse')}</Th>
                  <Th className="text-right">{t('products:warehouses.columns.sortOrder')}</Th>
                  <Th className="text-right">{t('products:warehouses.columns.products')}</Th>
                  <Th className="whitespace-nowrap text-right">
                    {t('products:warehouses.columns.onHand')}
                  </Th>
                  <Th>{t('products:warehouses.columns.status')}</Th>
                  <Th className="relative">
                    <span className="sr-only">{t('products:warehouses.columns.actions')}</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {warehouses.map((w) => (
                  <tr key={w.id} className={w.id === editing?.id ? 'bg-brand-50/60' : undefined}>
                    <Td>
                      <span className="block font-medium text-slate-900">
                        {locale.startsWith('zh') ? w.nameZh : w.name}
                      </span>
                      <span className="block text-xs text-slate-500">
                        {w.code} · {locale.startsWith('zh') ? w.name : w.nameZh}
                      </span>
                    </Td>
                    <Td className="text-right tabular-nums">{number(w.sortOrder)}</Td>
                    <Td className="text-right tabular-nums">{number(w.productCount)}</Td>
                    <Td className="text-right tabular-nums">{number(w.onHand)}</Td>
                    <Td>
                      <Badge color={w.active ? 'green' : 'slate'}>
                        {t(w.active ? 'products:status.active' : 'products:status.inactive')}
                      </Badge>
                    </Td>
                    <Td className="text-right">
                      <Link
                        to={`?edit=${w.id}`}
                        replace
                        aria-label={t('products:warehouses.editNamed', { code: w.code })}
                        className="text-sm font-medium text-brand-600 hover:text-brand-700"
                      >
                        {t('common:actions.edit')}
                      </Link>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </div>
        <div className="min-w-0 lg:col-span-2">
          {editing ? (
            <Card title={t('products:warehouses.editTitle', { code: editing.code })}>
              <WarehouseForm
                key={`${editing.id}:${String(editing.updatedAt)}`}
                warehouseId={editing.id}
                intent={intents.update}
                serverErrors={failure?.intent === intents.update ? failure.fieldErrors : undefined}
                submitLabel={t('products:warehouses.save')}
                defaultValues={{
                  code: editing.code,
                  name: editing.name,
                  nameZh: editing.nameZh,
                  sortOrder: String(editing.sortOrder),
                  active: editing.active,
                }}
              />
            </Card>
          ) : (
            <Card title={t('products:warehouses.newTitle')}>
              <WarehouseForm
                key={warehouses.length}
                intent={intents.create}
                serverErrors={failure?.intent === intents.create ? failure.fieldErrors : undefined}
                submitLabel={t('products:warehouses.create')}
                defaultValues={{
                  code: '',
                  name: '',
                  nameZh: '',
                  sortOrder: String(nextSortOrder),
                  active: true,
                }}
              />
            </Card>
          )}
        </div>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
