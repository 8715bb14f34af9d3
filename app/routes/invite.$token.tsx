import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { AuthShell } from '#app/components/layout/auth-shell'
import { Button, buttonClass } from '#app/components/ui/button'
import { FormError, TextField } from '#app/components/ui/field'
import { invitationLifetimeDays } from '#app/modules/auth/auth-rules'
import { acceptInvitation } from '#app/modules/users/accept-invitation.server'
import { getInvitation } from '#app/modules/users/get-invitation.server'
import { AcceptInvitationForm } from '#app/modules/users/user-rules'
import { useRootData } from '#app/root'
import { isAppError } from '#app/utils/app-error'
import { formatDateTime } from '#app/utils/format'
import { formFailure, parseForm } from '#app/utils/forms'
import { homePathFor } from '#app/utils/permissions'
import { redirectWithToast } from '#app/utils/toast.server'
import { readFormData } from '#app/utils/request.server'

export const meta: MetaFunction = () => [
  { title: 'Invitation · Channel Portal' },
  // The link is a secret: keep it out of search engines.
  { name: 'robots', content: 'noindex' },
]

const statusByLinkState = {
  valid: 200,
  unknown: 404,
  expired: 410,
  used: 410,
  revoked: 410,
} as const

export async function loader({ params, context }: LoaderFunctionArgs) {
  const invitation = await getInvitation(context.db, { token: params.token ?? '' })
  return data(
    { invitation },
    { status: statusByLinkState[invitation.status], headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(AcceptInvitationForm, await readFormData(request))
  if (!parsed.ok) return data(parsed, { status: 400 })
  try {
    const result = await acceptInvitation(context.db, {
      token: params.token ?? '',
      name: parsed.data.name,
      password: parsed.data.password,
      ip: context.clientIp,
      userAgent: request.headers.get('user-agent'),
    })
    return redirectWithToast(
      homePathFor(result.role),
      { kind: 'success', message: 'users:invitation.welcome', values: { name: parsed.data.name } },
      { headers: { 'Set-Cookie': result.setCookie } },
    )
  } catch (error) {
    if (!isAppError(error)) throw error
    // Used, expired, revoked or taken meanwhile: say why, above the form.
    return data(formFailure({}, error.userMessage), { status: error.status })
  }
}

export default function InvitationPage() {
  const { invitation } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  if (invitation.status !== 'valid') {
    return (
      <AuthShell title={t(`users:invitation.${invitation.status}.title`)}>
        <p className="text-sm text-slate-700">
          {t(`users:invitation.${invitation.status}.body`, { days: invitationLifetimeDays })}
        </p>
        <Link to="/login" className={buttonClass('secondary', 'mt-6 w-full')}>
          {t('users:invitation.goToSignIn')}
        </Link>
      </AuthShell>
    )
  }
  return <AcceptForm invitation={invitation} />
}

function AcceptForm({
  invitation,
}: {
  invitation: {
    email: string
    name: string
    role: string
    organisation: string | null
    expiresAt: Date | string
  }
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const form = useValidatedForm(AcceptInvitationForm, {
    serverErrors: actionData && !actionData.ok ? actionData.fieldErrors : undefined,
    defaultValues: { name: invitation.name, password: '', confirmPassword: '' },
  })
  const formError = actionData && !actionData.ok ? actionData.formError : undefined
  const submitting = navigation.state !== 'idle'
  return (
    <AuthShell
      title={t('users:invitation.valid.title', {
        organisation: invitation.organisation ?? t('users:vendorOrganisation'),
      })}
      subtitle={t('users:invitation.valid.subtitle', {
        role: t(`common:roles.${invitation.role}`),
      })}
    >
      <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-5">
        {formError ? <FormError error={t(formError, { days: invitationLifetimeDays })} /> : null}
        <div>
          <p className="text-sm font-medium text-slate-700">{t('users:invitation.invitedEmail')}</p>
          <p className="mt-1 break-words text-sm font-semibold text-slate-900">
            {invitation.email}
          </p>
          <p className="mt-1 text-xs text-slate-500">
            {t('users:invitation.expiresAt', {
              date: formatDateTime(invitation.expiresAt, locale),
            })}
          </p>
          {/* Lets password managers save the new password under the right account. */}
          <input type="email" autoComplete="username" value={invitation.email} readOnly hidden />
        </div>
        <TextField
          label={t('users:invitation.name')}
          autoComplete="name"
          // Rendered by the server too, so the name is there before (or without) JavaScript.
          defaultValue={invitation.name}
          error={form.errorFor('name')}
          {...form.register('name')}
        />
        <TextField
          label={t('users:invitation.password')}
          type="password"
          autoComplete="new-password"
          autoFocus
          hint={t('users:invitation.passwordHint')}
          error={form.errorFor('password')}
          {...form.register('password')}
        />
        <TextField
          label={t('users:invitation.confirmPassword')}
          type="password"
          autoComplete="new-password"
          error={form.errorFor('confirmPassword')}
          {...form.register('confirmPassword')}
        />
        <Button className="w-full" disabled={submitting}>
          {submitting ? t('users:invitation.submitting') : t('users:invitation.submit')}
        </Button>
      </Form>
    </AuthShell>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
