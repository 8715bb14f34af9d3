import { Form, Link, useNavigation, useSearchParams } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card } from '#app/components/ui/card'
import { FieldError, FormError } from '#app/components/ui/field'
import { PartnerStatusForm, type PartnerStatus } from '#app/modules/partners/partner-rules'
import type { FieldErrors } from '#app/utils/forms'
import { PartnerStatusBadge } from './partner-display'

/** The URL parameter that opens the confirmation step, so it also works without JavaScript. */
export const confirmParam = 'confirm'

/**
 * Suspend or reactivate, in two steps: the first button only opens the confirmation (a link to
 * `?confirm=…`), where the reason is asked for and the real, posting button is.
 */
export function PartnerStatusCard({
  name,
  status,
  canManage,
  intent,
  serverErrors,
  formError,
}: {
  name: string
  status: PartnerStatus
  canManage: boolean
  intent: string
  serverErrors?: FieldErrors
  formError?: string
}) {
  const { t } = useTranslation()
  const [searchParams] = useSearchParams()
  const target: PartnerStatus = status === 'active' ? 'suspended' : 'active'
  const confirming =
    canManage &&
    searchParams.get(confirmParam) === (target === 'suspended' ? 'suspend' : 'reactivate')
  return (
    <Card title={t('partners:status.title')} actions={<PartnerStatusBadge status={status} />}>
      <p className="text-sm text-slate-600">
        {t(status === 'active' ? 'partners:status.activeBody' : 'partners:status.suspendedBody')}
      </p>
      {canManage && !confirming ? (
        <Link
          to={`?${confirmParam}=${target === 'suspended' ? 'suspend' : 'reactivate'}`}
          replace
          preventScrollReset
          className={buttonClass(target === 'suspended' ? 'danger' : 'primary', 'mt-4')}
        >
          {t(target === 'suspended' ? 'partners:status.suspend' : 'partners:status.reactivate')}
        </Link>
      ) : null}
      {confirming ? (
        <ConfirmStatus
          name={name}
          target={target}
          intent={intent}
          serverErrors={serverErrors}
          formError={formError}
        />
      ) : null}
    </Card>
  )
}

function ConfirmStatus({
  name,
  target,
  intent,
  serverErrors,
  formError,
}: {
  name: string
  target: PartnerStatus
  intent: string
  serverErrors?: FieldErrors
  formError?: string
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const reasonId = useId()
  const suspending = target === 'suspended'
  const form = useValidatedForm(PartnerStatusForm, {
    serverErrors,
    defaultValues: { status: target, reason: '' },
  })
  const error = form.errorFor('reason')
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
  return (
    <Form
      method="post"
      noValidate
      onSubmit={form.onSubmit}
      className="mt-4 space-y-3 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200"
      aria-labelledby={`${reasonId}-title`}
    >
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" {...form.register('status')} />
      <h3 id={`${reasonId}-title`} className="text-sm font-semibold text-slate-900">
        {t(
          suspending
            ? 'partners:status.confirmSuspendTitle'
            : 'partners:status.confirmReactivateTitle',
          {
            name,
          },
        )}
      </h3>
      <p className="text-sm text-slate-600">
        {t(
          suspending
            ? 'partners:status.confirmSuspendBody'
            : 'partners:status.confirmReactivateBody',
        )}
      </p>
      <FormError error={formError} />
      <div>
        <label htmlFor={reasonId} className="block text-sm font-medium text-slate-700">
          {t(suspending ? 'partners:status.reason' : 'partners:status.note')}
        </label>
        <textarea
          id={reasonId}
          rows={3}
          aria-invalid={error ? true : undefined}
          aria-describedby={
            error ? `${reasonId}-error` : suspending ? `${reasonId}-hint` : undefined
          }
          className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500 aria-[invalid]:ring-red-400"
          {...form.register('reason')}
        />
        {suspending && !error ? (
          <p id={`${reasonId}-hint`} className="mt-1 text-xs text-slate-500">
            {t('partners:status.reasonHint')}
          </p>
        ) : null}
        <FieldError id={`${reasonId}-error`} error={error} />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button variant={suspending ? 'danger' : 'primary'} disabled={busy}>
          {t(suspending ? 'partners:status.confirmSuspend' : 'partners:status.confirmReactivate')}
        </Button>
        <Link to="." replace preventScrollReset className={buttonClass('secondary')}>
          {t('common:actions.cancel')}
        </Link>
      </div>
    </Form>
  )
}
