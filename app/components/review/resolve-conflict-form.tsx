import { Form, useNavigation } from '@remix-run/react'
import { clsx } from 'clsx'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { TextAreaField } from '#app/components/ui/field'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { Card } from '#app/components/ui/card'
import { FieldError, FormError } from '#app/components/ui/field'
import { conflictDecisions, ResolveConflictForm } from '#app/modules/deals/review-rules'
import type { FieldErrors } from '#app/utils/forms'

/** Keep the holder or award the opportunity to the submitter; a reason is always required. */
export function ResolveConflictCard({
  holderName,
  holderNumber,
  submitterName,
  submitterProtectionDays,
  awardBlocked,
  otherOpenConflicts,
  serverErrors,
  formError,
}: {
  holderName: string
  holderNumber: string
  submitterName: string
  submitterProtectionDays: number
  awardBlocked: 'holderWon' | 'submitterInactive' | null
  otherOpenConflicts: number
  serverErrors?: FieldErrors
  formError?: string
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const groupId = useId()
  const form = useValidatedForm(ResolveConflictForm, {
    serverErrors,
    defaultValues: { decision: undefined, reason: '' },
  })
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'resolve'
  const decisionError = form.errorFor('decision')
  const chosen = form.watch('decision')
  const explain = {
    keep_holder: t('review:resolve.keepHolderExplain', {
      holder: holderName,
      submitter: submitterName,
    }),
    award_to_submitter: t('review:resolve.awardExplain', {
      holder: holderName,
      number: holderNumber,
      submitter: submitterName,
      days: submitterProtectionDays,
    }),
  }
  return (
    <Card title={t('review:resolve.title')}>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-4">
        <input type="hidden" name="intent" value="resolve" />
        <FormError error={formError} />
        <fieldset aria-describedby={decisionError ? `${groupId}-error` : undefined}>
          <legend className="text-sm font-medium text-slate-700">
            {t('review:resolve.decision')}
          </legend>
          <div className="mt-2 grid gap-3 md:grid-cols-2">
            {conflictDecisions.map((decision) => {
              const disabled = decision === 'award_to_submitter' && awardBlocked !== null
              return (
                <label
                  key={decision}
                  className={clsx(
                    'flex cursor-pointer gap-3 rounded-lg p-4 ring-1 ring-inset',
                    chosen === decision
                      ? 'bg-brand-50 ring-brand-400'
                      : 'bg-white ring-slate-200 hover:bg-slate-50',
                    disabled && 'cursor-not-allowed opacity-60',
                  )}
                >
                  <input
                    type="radio"
                    value={decision}
                    disabled={disabled}
                    className="mt-0.5 h-4 w-4 border-slate-300 text-brand-600 focus:ring-brand-500"
                    {...form.register('decision')}
                  />
                  <span>
                    <span className="block text-sm font-semibold text-slate-900">
                      {t(`review:resolve.options.${decision}`)}
                    </span>
                    <span className="mt-1 block text-sm text-slate-600">
                      {disabled && awardBlocked
                        ? t(`review:resolve.blocked.${awardBlocked}`)
                        : explain[decision]}
                    </span>
                  </span>
                </label>
              )
            })}
          </div>
          <FieldError id={`${groupId}-error`} error={decisionError} />
        </fieldset>
        {otherOpenConflicts > 0 ? (
          <p className="text-sm text-slate-600">
            {t('review:resolve.othersStayOpen', { count: otherOpenConflicts })}
          </p>
        ) : null}
        <TextAreaField
          label={t('review:decision.reason')}
          hint={t('review:resolve.reasonHint')}
          rows={3}
          error={form.errorFor('reason')}
          {...form.register('reason')}
        />
        <Button disabled={busy}>{t('review:resolve.submit')}</Button>
      </Form>
    </Card>
  )
}
