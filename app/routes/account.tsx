import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { AppShell } from '#app/components/layout/app-shell'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Button } from '#app/components/ui/button'
import { Card, PageHeader } from '#app/components/ui/card'
import { SelectField, TextField } from '#app/components/ui/field'
import { ChangePasswordForm } from '#app/modules/auth/auth-rules'
import { changePassword } from '#app/modules/auth/change-password.server'
import { requireUser } from '#app/modules/auth/require.server'
import { signOutOtherSessions } from '#app/modules/auth/sign-out-other-sessions.server'
import { getAccount } from '#app/modules/users/get-account.server'
import { ProfileForm } from '#app/modules/users/profile-rules'
import { updateProfile } from '#app/modules/users/update-profile.server'
import { useRootData } from '#app/root'
import { isAppError } from '#app/utils/app-error'
import { formatDateTime } from '#app/utils/format'
import { parseForm } from '#app/utils/forms'
import { supportedLocales } from '#app/utils/i18n'
import { localeCookie } from '#app/utils/locale.server'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

const localeLabels: Record<string, string> = { en: 'English', 'zh-CN': '简体中文' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request)
  const account = await orHttpError(getAccount(context.db, { actor: user }))
  return { account }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request)
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const ip = context.clientIp

  if (intent === 'profile') {
    const parsed = parseForm(ProfileForm, formData)
    if (!parsed.ok) return data({ intent, ...parsed, params: null }, { status: 400 })
    const result = await updateProfile(context.db, { actor: user, ...parsed.data, ip })
    // "Follow my browser" must really follow it, so an earlier language choice kept in the
    // visitor cookie is dropped along with the saved preference.
    const cookie = result.locale
      ? await localeCookie.serialize(result.locale)
      : await localeCookie.serialize('', { maxAge: 0 })
    return redirectWithToast(
      '/account',
      {
        kind: 'success',
        message: result.changed ? 'account:profile.saved' : 'account:profile.unchanged',
      },
      { headers: { 'Set-Cookie': cookie } },
    )
  }

  if (intent === 'password') {
    const parsed = parseForm(ChangePasswordForm, formData)
    if (!parsed.ok) return data({ intent, ...parsed, params: null }, { status: 400 })
    try {
      const { setCookie } = await changePassword(context.db, {
        actor: user,
        currentPassword: parsed.data.currentPassword,
        password: parsed.data.password,
        ip,
        userAgent: request.headers.get('user-agent'),
      })
      return redirectWithToast(
        '/account',
        { kind: 'success', message: 'account:password.changed' },
        { headers: { 'Set-Cookie': setCookie } },
      )
    } catch (error) {
      if (!isAppError(error) || !error.field) throw error
      return data(
        {
          intent,
          ok: false as const,
          fieldErrors: { [error.field]: error.userMessage },
          params: error.params ?? null,
        },
        { status: error.status },
      )
    }
  }

  if (intent === 'signOutOthers') {
    const ended = await signOutOtherSessions(context.db, { actor: user, ip })
    return redirectWithToast('/account', {
      kind: 'success',
      message: ended > 0 ? 'account:sessions.signedOutOthers' : 'account:sessions.noneToSignOut',
      values: { count: ended },
    })
  }

  throw new Response('Unknown form', { status: 400 })
}

export default function AccountPage() {
  const { account } = useLoaderData<typeof loader>()
  const root = useRootData()
  const locale = root?.locale ?? 'en'
  const { t } = useTranslation()
  return (
    <AppShell
      user={{ name: account.name, email: account.email, role: account.role }}
      locale={locale}
      organisation={account.partnerName ?? t('common:vendorStaff')}
    >
      <PageHeader title={t('account:page.title')} description={t('account:page.description')} />
      <div className="space-y-8">
        <Section title={t('account:profile.title')} description={t('account:profile.description')}>
          <ProfileSection key={`${account.name}|${account.locale ?? ''}`} />
        </Section>
        <Section
          title={t('account:password.title')}
          description={t('account:password.description')}
        >
          <PasswordSection key={String(account.passwordChangedAt ?? '')} />
        </Section>
        <Section
          title={t('account:sessions.title')}
          description={t('account:sessions.description')}
        >
          <SessionsSection />
        </Section>
      </div>
    </AppShell>
  )
}

function Section({
  title,
  description,
  children,
}: {
  title: string
  description: string
  children: ReactNode
}) {
  return (
    <section className="grid gap-4 md:grid-cols-3 md:gap-8">
      <div>
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        <p className="mt-1 text-sm text-slate-600">{description}</p>
      </div>
      <Card className="md:col-span-2">{children}</Card>
    </section>
  )
}

function useSubmitting(intent: string) {
  const navigation = useNavigation()
  return navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
}

function ProfileSection() {
  const { account } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const submitting = useSubmitting('profile')
  const form = useValidatedForm(ProfileForm, {
    serverErrors:
      actionData?.intent === 'profile' && !actionData.ok ? actionData.fieldErrors : undefined,
    defaultValues: { name: account.name, locale: account.locale ?? '' },
  })
  return (
    <>
      <dl className="grid gap-4 border-b border-slate-100 pb-4 text-sm sm:grid-cols-3">
        <div className="min-w-0">
          <dt className="font-medium text-slate-500">{t('account:profile.email')}</dt>
          <dd className="mt-1 break-words text-slate-900">{account.email}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-500">{t('account:profile.role')}</dt>
          <dd className="mt-1 text-slate-900">{t(`common:roles.${account.role}`)}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-500">{t('account:profile.organisation')}</dt>
          <dd className="mt-1 text-slate-900">{account.partnerName ?? t('common:vendorStaff')}</dd>
        </div>
      </dl>
      <p className="mt-2 text-xs text-slate-500">{t('account:profile.emailHint')}</p>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="mt-5 space-y-5">
        <input type="hidden" name="intent" value="profile" />
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label={t('account:profile.name')}
            autoComplete="name"
            error={form.errorFor('name')}
            {...form.register('name')}
          />
          <SelectField
            label={t('account:profile.language')}
            hint={t('account:profile.languageHint')}
            error={form.errorFor('locale')}
            {...form.register('locale')}
          >
            <option value="">{t('account:profile.followBrowser')}</option>
            {supportedLocales.map((code) => (
              <option key={code} value={code} lang={code}>
                {localeLabels[code]}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="flex justify-end">
          <Button disabled={submitting}>{t('account:profile.submit')}</Button>
        </div>
      </Form>
    </>
  )
}

function PasswordSection() {
  const { account } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const root = useRootData()
  const { t } = useTranslation()
  const submitting = useSubmitting('password')
  const mine = actionData?.intent === 'password' && !actionData.ok ? actionData : undefined
  const form = useValidatedForm(ChangePasswordForm, { serverErrors: mine?.fieldErrors })
  // Server messages may carry values (e.g. minutes to wait); client ones never do.
  const errorFor = (name: string) => {
    const error = form.errorFor(name)
    return error && mine?.params && mine.fieldErrors[name] === error ? t(error, mine.params) : error
  }
  return (
    <>
      <p className="text-sm text-slate-600">
        {account.passwordChangedAt
          ? t('account:password.lastChanged', {
              date: formatDateTime(account.passwordChangedAt, root?.locale ?? 'en'),
            })
          : t('account:password.neverChanged')}
      </p>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="mt-5 space-y-5">
        <input type="hidden" name="intent" value="password" />
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={account.email}
          readOnly
          hidden
        />
        <TextField
          label={t('account:password.current')}
          type="password"
          autoComplete="current-password"
          className="sm:max-w-sm"
          error={errorFor('currentPassword')}
          {...form.register('currentPassword')}
        />
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label={t('auth:fields.newPassword')}
            type="password"
            autoComplete="new-password"
            hint={t('account:password.hint')}
            error={errorFor('password')}
            {...form.register('password')}
          />
          <TextField
            label={t('auth:fields.confirmPassword')}
            type="password"
            autoComplete="new-password"
            error={errorFor('confirmPassword')}
            {...form.register('confirmPassword')}
          />
        </div>
        <div className="flex justify-end">
          <Button disabled={submitting}>{t('account:password.submit')}</Button>
        </div>
      </Form>
    </>
  )
}

function SessionsSection() {
  const { account } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const submitting = useSubmitting('signOutOthers')
  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm text-slate-700">
        <span className="mr-2 inline-flex h-8 min-w-8 items-center justify-center rounded-full bg-brand-50 px-2 text-base font-semibold text-brand-700">
          {account.activeSessions}
        </span>
        {t('account:sessions.count', { count: account.activeSessions })}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="signOutOthers" />
        <Button
          variant="secondary"
          className="w-full disabled:opacity-50 sm:w-auto"
          disabled={submitting || account.activeSessions < 2}
        >
          {t('account:sessions.signOutOthers')}
        </Button>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
