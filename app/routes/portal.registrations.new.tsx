import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { availabilityCheckPath } from '#app/components/deals/availability-panel'
import { RegistrationForm } from '#app/components/deals/registration-form'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Card, PageHeader } from '#app/components/ui/card'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { RegisterDealForm, todayInShanghai } from '#app/modules/deals/deal-rules'
import { getRegistrationFormOptions } from '#app/modules/deals/get-registration-form-options.server'
import { submitRegistration } from '#app/modules/deals/submit-registration.server'
import { isAppError } from '#app/utils/app-error'
import { getEnv } from '#app/utils/env.server'
import { formatDate } from '#app/utils/format'
import type { FieldErrors } from '#app/utils/forms'
import { parseForm } from '#app/utils/forms'
import { resolveLocale } from '#app/utils/locale.server'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Register an opportunity · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'create:registration:own')
  const options = await orHttpError(getRegistrationFormOptions(context.db, { actor }))
  return { options, today: todayInShanghai(new Date()) }
}

type Failure = {
  ok: false
  fieldErrors: FieldErrors
  formError?: { message: string; params?: Record<string, string | number> }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'create:registration:own')
  const parsed = parseForm(RegisterDealForm, await readFormData(request))
  if (!parsed.ok)
    return data<Failure>({ ok: false, fieldErrors: parsed.fieldErrors }, { status: 400 })
  try {
    const result = await submitRegistration(context.db, {
      actor,
      input: parsed.data,
      // The configured origin, not the request's Host header, goes into e-mailed links.
      origin: getEnv().APP_ORIGIN ?? new URL(request.url).origin,
      ip: context.clientIp,
    })
    const locale = await resolveLocale(request, actor.locale)
    return redirectWithToast(`/portal/registrations/${result.registrationId}`, {
      kind: 'success',
      message:
        result.status === 'approved'
          ? 'deals:toast.submittedApproved'
          : 'deals:toast.submittedPending',
      values: {
        number: result.number,
        date: result.protectionEndsAt ? formatDate(result.protectionEndsAt, locale) : '',
      },
    })
  } catch (error) {
    if (!isAppError(error)) throw error
    // Refusals that concern one field show beside it; the others (held by another partner,
    // already yours, existing customer) at the top. None of them names another partner.
    const failure: Failure = error.field
      ? { ok: false, fieldErrors: { [error.field]: error.userMessage } }
      : {
          ok: false,
          fieldErrors: {},
          formError: { message: error.userMessage, params: error.params },
        }
    return data(failure, { status: error.status })
  }
}

/** The live availability check posts to another route: that is no reason to reload this page. */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formAction,
  defaultShouldRevalidate,
}) => (formAction === availabilityCheckPath ? false : defaultShouldRevalidate)

export default function NewRegistrationPage() {
  const { t } = useTranslation()
  const { options, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const failure = actionData && !actionData.ok ? actionData : undefined
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link
          to="/portal/registrations"
          className="font-medium text-brand-600 hover:text-brand-700"
        >
          ← {t('deals:new.backToList')}
        </Link>
      </nav>
      <PageHeader title={t('deals:new.title')} description={t('deals:new.description')} />
      <Card className="max-w-4xl">
        <RegistrationForm
          options={options}
          today={today}
          serverErrors={failure?.fieldErrors}
          formError={failure?.formError ?? null}
        />
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
