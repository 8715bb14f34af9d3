import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { ProductForm } from '#app/components/products/product-form'
import { Card, PageHeader } from '#app/components/ui/card'
import { requirePermission } from '#app/modules/auth/require.server'
import { createProduct } from '#app/modules/catalog/create-product.server'
import { getProductFormOptions } from '#app/modules/catalog/get-product-form-options.server'
import {
  defaultProductCurrency,
  defaultProductUnit,
  ProductForm as ProductFormSchema,
} from '#app/modules/catalog/product-rules'
import { isAppError } from '#app/utils/app-error'
import { formFailure, parseForm } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'New product · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'manage:catalog:any')
  return getProductFormOptions(context.db)
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:catalog:any')
  const parsed = parseForm(ProductFormSchema, await readFormData(request))
  if (!parsed.ok) return data(parsed, { status: 400 })
  try {
    const { productId, sku } = await createProduct(context.db, {
      actor,
      input: parsed.data,
      ip: context.clientIp,
    })
    return redirectWithToast(`/admin/products/${productId}`, {
      kind: 'success',
      message: 'products:toast.created',
      values: { sku },
    })
  } catch (error) {
    if (isAppError(error) && error.field) {
      return data(formFailure({ [error.field]: error.userMessage }), { status: error.status })
    }
    throw error
  }
}

export default function NewProductPage() {
  const { t } = useTranslation()
  const { productLines, categories } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/admin/products" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('products:backToList')}
        </Link>
      </nav>
      <PageHeader title={t('products:new.title')} description={t('products:new.description')} />
      <Card className="max-w-4xl">
        <ProductForm
          mode="create"
          productLines={productLines}
          categories={categories}
          serverErrors={actionData && !actionData.ok ? actionData.fieldErrors : undefined}
          formError={actionData && !actionData.ok ? actionData.formError : undefined}
          submitLabel={t('products:new.submit')}
          defaultValues={{
            sku: '',
            name: '',
            description: '',
            productLineId: '',
            categoryId: '',
            unit: defaultProductUnit,
            listPrice: '',
            currency: defaultProductCurrency,
            imageUrl: '',
            active: true,
          }}
        />
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
