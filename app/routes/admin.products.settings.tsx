import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { CatalogSettingsEditor } from '#app/components/products/catalog-settings-form'
import { PageHeader } from '#app/components/ui/card'
import { requirePermission } from '#app/modules/auth/require.server'
import { CatalogSettingsForm } from '#app/modules/catalog/catalog-settings-rules'
import { getCatalogSettingsForm } from '#app/modules/catalog/get-catalog-settings-form.server'
import { updateCatalogSettings } from '#app/modules/catalog/update-catalog-settings.server'
import { isAppError } from '#app/utils/app-error'
import { formFailure, parseForm } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Catalog settings · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'manage:catalog:any')
  return getCatalogSettingsForm(context.db)
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:catalog:any')
  const parsed = parseForm(CatalogSettingsForm, await readFormData(request))
  if (!parsed.ok) return data(parsed, { status: 400 })
  try {
    const result = await updateCatalogSettings(context.db, {
      actor,
      input: parsed.data,
      ip: context.clientIp,
    })
    return redirectWithToast('/admin/products/settings', {
      kind: result.changed ? 'success' : 'info',
      message: result.changed ? 'products:toast.settingsSaved' : 'products:toast.settingsUnchanged',
    })
  } catch (error) {
    if (isAppError(error) && error.field) {
      return data(formFailure({ [error.field]: error.userMessage }), { status: error.status })
    }
    throw error
  }
}

export default function CatalogSettingsPage() {
  const { t } = useTranslation()
  const { values, updatedAt } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/admin/products" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('products:backToList')}
        </Link>
      </nav>
      <PageHeader
        title={t('products:settings.title')}
        description={t('products:settings.description')}
      />
      <div className="max-w-4xl">
        <CatalogSettingsEditor
          // A fresh form after each save, so its defaults are what is now stored.
          key={String(updatedAt)}
          defaultValues={values}
          serverErrors={actionData && !actionData.ok ? actionData.fieldErrors : undefined}
          formError={actionData && !actionData.ok ? actionData.formError : undefined}
        />
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
