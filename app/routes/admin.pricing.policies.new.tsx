import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { BackToPricing } from '#app/components/pricing/pricing-display'
import { PublishPolicyForm } from '#app/components/pricing/publish-policy-form'
import { PageHeader } from '#app/components/ui/card'
import { requirePermission } from '#app/modules/auth/require.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { findTierDiscountMatrix } from '#app/modules/pricing/find-tier-discount-matrix.server'
import { publishPricePolicyForm } from '#app/modules/pricing/price-policy-rules'
import { publishPricePolicy } from '#app/modules/pricing/publish-price-policy.server'
import { isAppError } from '#app/utils/app-error'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Publish a price policy · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'manage:pricing:any')
  const matrix = await findTierDiscountMatrix(context.db)
  return { matrix, today: matrix.today }
}

type PublishFailure = {
  ok: false
  fieldErrors: FieldErrors
  params?: Record<string, string | number> | null
  formError?: string
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:pricing:any')
  const now = new Date()
  const schema = publishPricePolicyForm(todayInShanghai(now))
  const parsed = parseForm(schema, await readFormData(request), ['audienceTiers'])
  if (!parsed.ok) return data<PublishFailure>(parsed, { status: 400 })
  try {
    const { policyId, changeCount } = await publishPricePolicy(context.db, {
      actor,
      input: parsed.data,
      ip: context.clientIp,
      now,
    })
    return redirectWithToast(`/admin/pricing/policies/${policyId}`, {
      kind: 'success',
      message: 'pricing:toast.published',
      values: { title: parsed.data.title, count: changeCount },
    })
  } catch (error) {
    if (isAppError(error) && error.field) {
      return data<PublishFailure>(
        { ok: false, fieldErrors: { [error.field]: error.userMessage }, params: error.params },
        { status: error.status },
      )
    }
    throw error
  }
}

export default function NewPricePolicyPage() {
  const { t } = useTranslation()
  const { matrix, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const failure = actionData && !actionData.ok ? actionData : undefined
  return (
    <>
      <BackToPricing />
      <PageHeader
        title={t('pricing:publish.title')}
        description={t('pricing:publish.description')}
      />
      <div className="max-w-5xl">
        <PublishPolicyForm
          today={today}
          matrix={matrix}
          serverErrors={failure?.fieldErrors}
          params={failure?.params}
          formError={failure?.formError}
        />
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
