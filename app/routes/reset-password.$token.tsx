import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { AuthShell } from '#app/components/layout/auth-shell'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Button, buttonClass } from '#app/components/ui/button'
import { TextField } from '#app/components/ui/field'
import { passwordResetLifetimeMinutes, SetPasswordForm } from '#app/modules/auth/auth-rules'
import { checkPasswordResetToken } from '#app/modules/auth/check-password-reset-token.server'
import { resetPassword } from '#app/modules/auth/reset-password.server'
import { isAppError } from '#app/utils/app-error'
import { parseForm } from '#app/utils/forms'
import { homePathFor } from '#app/utils/permissions'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

// The token in the URL is a credential: keep the page out of caches.
const noStore = { 'Cache-Control': 'no-store' }

export const headers: HeadersFunction = () => noStore

export async function loader({ params, context }: LoaderFunctionArgs) {
  const check = await checkPasswordResetToken(context.db, { token: params.token ?? '' })
  if (check.state !== 'valid') {
    return data(
      { state: check.state, email: null },
      { status: check.state === 'unknown' ? 404 : 410, headers: noStore },
    )
  }
  return data({ state: check.state, email: check.email }, { headers: noStore })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(SetPasswordForm, await readFormData(request))
  if (!parsed.ok) return data({ kind: 'invalidForm' as const, ...parsed }, { status: 400 })
  try {
    const result = await resetPassword(context.db, {
      token: params.token ?? '',
      password: parsed.data.password,
      ip: context.clientIp,
      userAgent: request.headers.get('user-agent'),
    })
    if (result.signedIn) {
      return redirectWithToast(
        homePathFor(result.role),
        { kind: 'success', message: 'account:reset.done' },
        { headers: { 'Set-Cookie': result.setCookie } },
      )
    }
    return data({ kind: 'signedOut' as const, reason: result.reason })
  } catch (error) {
    if (!isAppError(error)) throw error
    return data(
      { kind: 'linkError' as const, message: error.userMessage },
      { status: error.code === 'not_found' ? 404 : 410 },
    )
  }
}

export default function ResetPasswordPage() {
  const { t } = useTranslation()
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const form = useValidatedForm(SetPasswordForm, {
    serverErrors: actionData?.kind === 'invalidForm' ? actionData.fieldErrors : undefined,
  })
  const signInLink = (
    <p className="mt-6 text-center text-sm">
      <Link to="/login" className="font-medium text-brand-600 hover:text-brand-700">
        ← {t('account:forgot.backToSignIn')}
      </Link>
    </p>
  )

  if (actionData?.kind === 'signedOut') {
    return (
      <AuthShell title={t('account:reset.signedOutTitle')}>
        <p role="status" className="text-sm text-slate-700">
          {t(`account:reset.signedOut.${actionData.reason}`)}
        </p>
        {signInLink}
      </AuthShell>
    )
  }

  const invalidMessage =
    actionData?.kind === 'linkError'
      ? actionData.message
      : loaderData.state !== 'valid'
        ? `account:reset.invalid.${loaderData.state}`
        : null
  if (invalidMessage || !loaderData.email) {
    return (
      <AuthShell title={t('account:reset.invalidTitle')}>
        <p className="text-sm text-slate-700">
          {t(invalidMessage ?? 'account:reset.invalid.unknown', {
            minutes: passwordResetLifetimeMinutes,
          })}
        </p>
        <Link to="/forgot-password" className={buttonClass('primary', 'mt-6 w-full')}>
          {t('account:reset.requestNew')}
        </Link>
        {signInLink}
      </AuthShell>
    )
  }

  return (
    <AuthShell
      title={t('account:reset.title')}
      subtitle={t('account:reset.subtitle', { email: loaderData.email })}
    >
      <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-5">
        {/* Lets password managers file the new password under the right account. */}
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={loaderData.email}
          readOnly
          hidden
        />
        <TextField
          label={t('auth:fields.newPassword')}
          type="password"
          autoComplete="new-password"
          autoFocus
          hint={t('account:reset.passwordHint')}
          error={form.errorFor('password')}
          {...form.register('password')}
        />
        <TextField
          label={t('auth:fields.confirmPassword')}
          type="password"
          autoComplete="new-password"
          error={form.errorFor('confirmPassword')}
          {...form.register('confirmPassword')}
        />
        <Button className="w-full" disabled={navigation.state === 'submitting'}>
          {t('account:reset.submit')}
        </Button>
      </Form>
      {signInLink}
    </AuthShell>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
