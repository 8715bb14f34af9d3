import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { SelectField, TextAreaField, TextField } from '#app/components/ui/field'
import { openStages, type Stage } from '#app/modules/deals/deal-rules'
import {
  nextStages,
  registrationIntents,
  RequestExtensionForm,
  UpdateStageForm,
} from '#app/modules/deals/partner-registration-rules'
import { useRootData } from '#app/root'
import type { FieldErrors } from '#app/utils/forms'
import { localName } from './registration-display'

export type ActionFailure = {
  fieldErrors: FieldErrors
  formError?: { message: string; params?: Record<string, string | number> } | null
}

function useBusy(intent: string) {
  const navigation = useNavigation()
  return navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
}

function ActionFormError({ failure }: { failure?: ActionFailure }) {
  const { t } = useTranslation()
  if (!failure?.formError) return null
  return (
    <div
      role="alert"
      className="rounded-md bg-red-50 p-3 text-sm text-red-800 ring-1 ring-inset ring-red-200"
    >
      {t(failure.formError.message, {
        ...failure.formError.params,
        defaultValue: failure.formError.message,
      })}
    </div>
  )
}

/** Move the deal to another stage; won asks for the amount and date, lost for a reason. */
export function StageForm({
  current,
  currency,
  today,
  lossReasons,
  failure,
}: {
  current: Stage
  currency: string
  today: string
  lossReasons: Array<{ code: string; nameEn: string; nameZh: string }>
  failure?: ActionFailure
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const busy = useBusy(registrationIntents.stage)
  const choices = nextStages(current)
  const following = openStages[openStages.indexOf(current as (typeof openStages)[number]) + 1]
  const form = useValidatedForm(UpdateStageForm, {
    serverErrors: failure?.fieldErrors,
    defaultValues: {
      stage: following ?? 'won',
      wonAmount: '',
      wonOn: today,
      lostReasonCode: '',
      note: '',
    },
  })
  const stage = form.watch('stage')

  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-4">
      <input type="hidden" name="intent" value={registrationIntents.stage} />
      <ActionFormError failure={failure} />
      <p className="text-sm text-slate-600">
        {t('deals:stageForm.current', { stage: t(`deals:stage.${current}`) })}
      </p>
      <SelectField
        label={t('deals:stageForm.stage')}
        error={form.errorFor('stage')}
        {...form.register('stage')}
      >
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {t(`deals:stage.${choice}`)}
          </option>
        ))}
      </SelectField>
      {stage === 'won' ? (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
          <TextField
            label={t('deals:stageForm.wonAmount')}
            hint={t('deals:stageForm.wonAmountHint', { currency })}
            inputMode="decimal"
            autoComplete="off"
            error={form.errorFor('wonAmount')}
            {...form.register('wonAmount')}
          />
          <TextField
            label={t('deals:stageForm.wonOn')}
            type="date"
            max={today}
            error={form.errorFor('wonOn')}
            {...form.register('wonOn')}
          />
        </div>
      ) : null}
      {stage === 'lost' ? (
        <SelectField
          label={t('deals:stageForm.lostReason')}
          error={form.errorFor('lostReasonCode')}
          {...form.register('lostReasonCode')}
        >
          <option value="">{t('deals:stageForm.lostReasonPlaceholder')}</option>
          {lossReasons.map((reason) => (
            <option key={reason.code} value={reason.code}>
              {t(`deals:lossReason.${reason.code}`, { defaultValue: localName(reason, locale) })}
            </option>
          ))}
        </SelectField>
      ) : null}
      <TextAreaField
        label={t('deals:stageForm.note')}
        hint={
          stage === 'won' || stage === 'lost'
            ? `${t('deals:stageForm.noteHint')} ${t('deals:stageForm.closesHint')}`
            : t('deals:stageForm.noteHint')
        }
        rows={2}
        error={form.errorFor('note')}
        {...form.register('note')}
      />
      <Button disabled={busy}>{t('deals:stageForm.submit')}</Button>
    </Form>
  )
}

/** Ask a channel manager for more protection, with a progress update. */
export function ExtensionForm({
  remaining,
  max,
  days,
  failure,
}: {
  remaining: number
  max: number
  days: number
  failure?: ActionFailure
}) {
  const { t } = useTranslation()
  const busy = useBusy(registrationIntents.extension)
  const form = useValidatedForm(RequestExtensionForm, {
    serverErrors: failure?.fieldErrors,
    defaultValues: { progressNote: '' },
  })
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-4">
      <input type="hidden" name="intent" value={registrationIntents.extension} />
      <ActionFormError failure={failure} />
      <p className="text-sm text-slate-600">
        {t('deals:extension.remaining', { count: remaining, max, days })}
      </p>
      <TextAreaField
        label={t('deals:extension.progressNote')}
        hint={t('deals:extension.progressNoteHint')}
        rows={3}
        error={form.errorFor('progressNote')}
        {...form.register('progressNote')}
      />
      <Button variant="secondary" disabled={busy}>
        {t('deals:extension.submit')}
      </Button>
    </Form>
  )
}

/** Give the opportunity up, after a confirmation (works without JavaScript: a details box). */
export function WithdrawForm({ failure }: { failure?: ActionFailure }) {
  const { t } = useTranslation()
  const busy = useBusy(registrationIntents.withdraw)
  return (
    <details className="group" open={failure ? true : undefined}>
      <summary className="cursor-pointer list-none text-sm font-semibold text-red-700 hover:text-red-800 [&::-webkit-details-marker]:hidden">
        {t('deals:withdraw.open')}
      </summary>
      <Form
        method="post"
        className="mt-3 space-y-3 rounded-md bg-red-50 p-4 ring-1 ring-inset ring-red-200"
      >
        <input type="hidden" name="intent" value={registrationIntents.withdraw} />
        <ActionFormError failure={failure} />
        <p className="text-sm font-medium text-red-900">{t('deals:withdraw.title')}</p>
        <p className="text-sm text-red-800">{t('deals:withdraw.description')}</p>
        <TextAreaField
          label={t('deals:withdraw.reason')}
          name="reason"
          rows={2}
          maxLength={1000}
          error={failure?.fieldErrors.reason}
        />
        <Button variant="danger" disabled={busy}>
          {t('deals:withdraw.confirm')}
        </Button>
      </Form>
    </details>
  )
}
