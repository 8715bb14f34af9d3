import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { PartnerForm } from '#app/components/partners/partner-form'
import { Card, PageHeader } from '#app/components/ui/card'
import { requirePermission } from '#app/modules/auth/require.server'
import { createPartner } from '#app/modules/partners/create-partner.server'
import { findChannelManagers } from '#app/modules/partners/find-channel-managers.server'
import { findRegions } from '#app/modules/partners/find-regions.server'
import {
  defaultCurrency,
  PartnerForm as PartnerFormSchema,
} from '#app/modules/partners/partner-rules'
import { isAppError } from '#app/utils/app-error'
import { formFailure, parseForm } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'New partner · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:partner:any')
  const [regions, managers] = await Promise.all([
    findRegions(context.db),
    findChannelManagers(context.db),
  ])
  // A channel manager creating a partner is usually going to manage it.
  const preselectedManagerId = managers.some((m) => m.id === actor.id) ? actor.id : ''
  return { regions, managers, preselectedManagerId }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:partner:any')
  const parsed = parseForm(PartnerFormSchema, await readFormData(request), ['territory'])
  if (!parsed.ok) return data(parsed, { status: 400 })
  try {
    const { partnerId, code } = await createPartner(context.db, {
      actor,
      input: parsed.data,
      ip: context.clientIp,
    })
    return redirectWithToast(`/admin/partners/${partnerId}`, {
      kind: 'success',
      message: 'partners:toast.created',
      values: { name: parsed.data.name, code },
    })
  } catch (error) {
    if (isAppError(error) && error.field) {
      return data(formFailure({ [error.field]: error.userMessage }), { status: error.status })
    }
    throw error
  }
}

export default function NewPartnerPage() {
  const { t } = useTranslation()
  const { regions, managers, preselectedManagerId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/admin/partners" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('partners:backToList')}
        </Link>
      </nav>
      <PageHeader title={t('partners:new.title')} description={t('partners:new.description')} />
      <Card className="max-w-4xl">
        <PartnerForm
          mode="create"
          regions={regions}
          managers={managers}
          serverErrors={actionData && !actionData.ok ? actionData.fieldErrors : undefined}
          formError={actionData && !actionData.ok ? actionData.formError : undefined}
          submitLabel={t('partners:new.submit')}
          defaultValues={{
            name: '',
            code: '',
            kind: 'dealer',
            tier: 'registered',
            currency: defaultCurrency,
            creditLimit: '0',
            paymentTermsDays: '30',
            channelManagerId: preselectedManagerId,
            territory: [],
            industries: {},
          }}
        />
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
