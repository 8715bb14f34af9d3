import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { AuthShell } from '#app/components/layout/auth-shell'
import { Button } from '#app/components/ui/button'
import { FormError, TextField } from '#app/components/ui/field'
import { LoginForm, safeRedirectPath } from '#app/modules/auth/auth-rules'
import { requireAnonymous } from '#app/modules/auth/require.server'
import { signIn } from '#app/modules/auth/sign-in.server'
import { formFailure, parseForm } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { homePathFor } from '#app/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Sign in · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(context.db, request)
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(LoginForm, await readFormData(request))
  if (!parsed.ok) return data(parsed, { status: 400 })
  const result = await signIn(context.db, {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: context.clientIp,
    userAgent: request.headers.get('user-agent'),
  })
  if (!result.ok) {
    const status = result.reason === 'throttled' ? 429 : result.reason === 'invalid' ? 401 : 403
    const failure = formFailure({}, `auth:login.${result.reason}`)
    return data({ ...failure, retryInMinutes: result.retryInMinutes ?? null }, { status })
  }
  const to = safeRedirectPath(parsed.data.redirectTo, homePathFor(result.role))
  return redirect(to, { headers: { 'Set-Cookie': result.setCookie } })
}

export default function LoginPage() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const form = useValidatedForm(LoginForm, {
    serverErrors: actionData && !actionData.ok ? actionData.fieldErrors : undefined,
  })
  const formError =
    actionData && !actionData.ok && actionData.formError
      ? t(actionData.formError, {
          minutes: 'retryInMinutes' in actionData ? actionData.retryInMinutes : undefined,
        })
      : undefined
  return (
    <AuthShell title={t('auth:login.title')} subtitle={t('auth:login.subtitle')}>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-5">
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <FormError error={formError} />
        <TextField
          label={t('auth:fields.email')}
          type="email"
          autoComplete="username"
          autoFocus
          error={form.errorFor('email')}
          {...form.register('email')}
        />
        <TextField
          label={t('auth:fields.password')}
          type="password"
          autoComplete="current-password"
          error={form.errorFor('password')}
          {...form.register('password')}
        />
        <div className="flex items-center justify-between">
          <Link
            to="/forgot-password"
            className="text-sm font-medium text-brand-600 hover:text-brand-700"
          >
            {t('auth:login.forgot')}
          </Link>
        </div>
        <Button className="w-full" disabled={navigation.state === 'submitting'}>
          {t('auth:login.submit')}
        </Button>
      </Form>
      <p className="mt-6 text-xs text-slate-500">{t('auth:login.noSignup')}</p>
    </AuthShell>
  )
}
