import type { ActionFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { AuthShell } from '#app/components/layout/auth-shell'
import { Button } from '#app/components/ui/button'
import { TextField } from '#app/components/ui/field'
import { ForgotPasswordForm, passwordResetLifetimeMinutes } from '#app/modules/auth/auth-rules'
import { requestPasswordReset } from '#app/modules/auth/request-password-reset.server'
import { appOrigin } from '#app/utils/env.server'
import { parseForm } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(ForgotPasswordForm, await readFormData(request))
  if (!parsed.ok) return data(parsed, { status: 400 })
  await requestPasswordReset(context.db, {
    email: parsed.data.email,
    // The configured origin, not the request's Host header: a forged Host must not be able to
    // point the link in someone's e-mail at another site.
    origin: appOrigin(request),
    ip: context.clientIp,
  })
  return { ok: true as const, email: parsed.data.email }
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const form = useValidatedForm(ForgotPasswordForm, {
    serverErrors: actionData && !actionData.ok ? actionData.fieldErrors : undefined,
  })
  const backToSignIn = (
    <p className="mt-6 text-center text-sm">
      <Link to="/login" className="font-medium text-brand-600 hover:text-brand-700">
        ← {t('account:forgot.backToSignIn')}
      </Link>
    </p>
  )

  if (actionData?.ok) {
    return (
      <AuthShell title={t('account:forgot.sentTitle')}>
        <div role="status" className="space-y-3 text-sm text-slate-700">
          <p>
            {t('account:forgot.sentBody', {
              email: actionData.email,
              minutes: passwordResetLifetimeMinutes,
            })}
          </p>
          <p className="text-slate-500">{t('account:forgot.sentHint')}</p>
        </div>
        {backToSignIn}
      </AuthShell>
    )
  }

  return (
    <AuthShell title={t('account:forgot.title')} subtitle={t('account:forgot.subtitle')}>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-5">
        <TextField
          label={t('auth:fields.email')}
          type="email"
          autoComplete="username"
          autoFocus
          error={form.errorFor('email')}
          {...form.register('email')}
        />
        <Button className="w-full" disabled={navigation.state === 'submitting'}>
          {t('account:forgot.submit')}
        </Button>
      </Form>
      {backToSignIn}
    </AuthShell>
  )
}
