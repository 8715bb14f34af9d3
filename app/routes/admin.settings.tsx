import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { DealSettingsEditor } from '#app/components/review/settings-form'
import { buttonClass } from '#app/components/ui/button'
import { PageHeader } from '#app/components/ui/card'
import { requirePermission } from '#app/modules/auth/require.server'
import { getDealSettings } from '#app/modules/deals/get-deal-settings.server'
import { DealSettingsForm, dealSettingsFormValues } from '#app/modules/deals/settings-rules'
import { updateDealSettings } from '#app/modules/deals/update-deal-settings.server'
import { isAppError } from '#app/utils/app-error'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Registration rules · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'manage:settings:any')
  const settings = await getDealSettings(context.db)
  return { values: dealSettingsFormValues(settings), updatedAt: settings.updatedAt }
}

type SettingsFailure = { ok: false; fieldErrors: FieldErrors; formError?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:settings:any')
  const parsed = parseForm(DealSettingsForm, await readFormData(request))
  if (!parsed.ok)
    return data<SettingsFailure>({ ok: false, fieldErrors: parsed.fieldErrors }, { status: 400 })
  try {
    const result = await updateDealSettings(context.db, {
      actor,
      input: parsed.data,
      ip: context.clientIp,
    })
    return redirectWithToast('/admin/settings', {
      kind: result.changed ? 'success' : 'info',
      message: result.changed ? 'review:toast.settingsSaved' : 'review:toast.settingsUnchanged',
    })
  } catch (error) {
    if (!isAppError(error) || error.code !== 'invalid') throw error
    return data<SettingsFailure>(
      { ok: false, fieldErrors: {}, formError: error.userMessage },
      { status: 422 },
    )
  }
}

export default function SettingsPage() {
  const { t } = useTranslation()
  const { values, updatedAt } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader
        title={t('review:settings.title')}
        description={t('review:settings.description')}
        actions={
          <Link to="/admin/contribution/settings" className={buttonClass('secondary')}>
            {t('contribution:dashboard.settings')}
          </Link>
        }
      />
      <div className="max-w-5xl">
        <DealSettingsEditor
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
