import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ContributionSettingsEditor } from '#app/components/contribution/contribution-settings-form'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { PageHeader } from '#app/components/ui/card'
import { requirePermission } from '#app/modules/auth/require.server'
import {
  contributionSettingsForm,
  contributionSettingsFormValues,
} from '#app/modules/contribution/contribution-settings-rules'
import { getContributionSettingsRecord } from '#app/modules/contribution/get-contribution-settings-record.server'
import { updateContributionSettings } from '#app/modules/contribution/update-contribution-settings.server'
import { isAppError } from '#app/utils/app-error'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Contribution settings · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'manage:settings:any')
  const record = await getContributionSettingsRecord(context.db)
  return {
    values: contributionSettingsFormValues(record),
    currency: record.reportingCurrency,
    lastChange: { at: record.updatedAt, by: record.updatedBy?.name ?? null },
  }
}

type SettingsFailure = { ok: false; fieldErrors: FieldErrors; formError?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:settings:any')
  const { reportingCurrency } = await getContributionSettingsRecord(context.db)
  const parsed = parseForm(contributionSettingsForm(reportingCurrency), await readFormData(request))
  if (!parsed.ok)
    return data<SettingsFailure>({ ok: false, fieldErrors: parsed.fieldErrors }, { status: 400 })
  try {
    const result = await updateContributionSettings(context.db, {
      actor,
      input: parsed.data,
      ip: context.clientIp,
    })
    return redirectWithToast('/admin/contribution/settings', {
      kind: result.changed ? 'success' : 'info',
      message: result.changed
        ? 'contribution:settings.toast.saved'
        : 'contribution:settings.toast.unchanged',
    })
  } catch (error) {
    if (!isAppError(error) || error.code !== 'invalid') throw error
    return data<SettingsFailure>(
      { ok: false, fieldErrors: {}, formError: error.userMessage },
      { status: 422 },
    )
  }
}

export default function ContributionSettingsPage() {
  const { t } = useTranslation()
  const { values, currency, lastChange } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/admin/contribution" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('contribution:settings.back')}
        </Link>
      </nav>
      <PageHeader
        title={t('contribution:settings.title')}
        description={t('contribution:settings.description')}
      />
      <div className="max-w-5xl">
        <ContributionSettingsEditor
          // A fresh form after each save, so its defaults are what is now stored.
          key={String(lastChange.at)}
          defaultValues={values}
          currency={currency}
          lastChange={lastChange}
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
