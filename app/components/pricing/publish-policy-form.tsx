import { Form, useNavigation } from '@remix-run/react'
import { useId, useMemo } from 'react'
import { useFieldArray } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { Card } from '#app/components/ui/card'
import {
  FieldError,
  FormError,
  SelectField,
  TextAreaField,
  TextField,
} from '#app/components/ui/field'
import { partnerTiers } from '#app/modules/partners/partner-rules'
import type { TierDiscountMatrix } from '#app/modules/pricing/find-tier-discount-matrix.server'
import {
  maxPolicyChanges,
  publishPricePolicyForm,
  type PublishPricePolicyFormInput,
} from '#app/modules/pricing/price-policy-rules'
import type { FieldErrors } from '#app/utils/forms'
import {
  formatBps,
  formatDay,
  productLineName,
  useLocale,
  useServerErrorText,
} from './pricing-display'

const emptyChange = { tier: '' as const, productLineId: '', discount: '' }

/**
 * Title, body, effective date, audience and any number of tier discount changes. The same schema
 * validates here as the user types and in the action.
 */
export function PublishPolicyForm({
  today,
  matrix,
  serverErrors,
  params,
  formError,
}: {
  today: string
  matrix: TierDiscountMatrix
  serverErrors?: FieldErrors
  params?: Record<string, string | number> | null
  formError?: string
}) {
  const { t } = useTranslation()
  const locale = useLocale()
  const navigation = useNavigation()
  const audienceId = useId()
  const changesId = useId()
  const schema = useMemo(() => publishPricePolicyForm(today), [today])
  const defaultValues: PublishPricePolicyFormInput = {
    title: '',
    body: '',
    effectiveFrom: '',
    audience: 'all',
    audienceTiers: [],
    changes: [emptyChange],
  }
  const form = useValidatedForm(schema, { serverErrors, defaultValues })
  const changes = useFieldArray({ control: form.control, name: 'changes' })
  const serverText = useServerErrorText(params, serverErrors)
  const errorFor = (name: string) => serverText(name, form.errorFor(name))
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post'
  const audience = form.watch('audience')
  const watchedChanges = form.watch('changes')

  const cellOf = (tier: string, lineId: string) =>
    matrix.lines.find((line) => line.id === lineId)?.cells.find((cell) => cell.tier === tier)

  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-6">
      <FormError error={formError} />
      <Card title={t('pricing:publish.sections.announcement')}>
        <div className="grid gap-4 md:grid-cols-3">
          <TextField
            label={t('pricing:publish.fields.title')}
            className="md:col-span-2"
            autoComplete="off"
            error={errorFor('title')}
            {...form.register('title')}
          />
          <TextField
            label={t('pricing:publish.fields.effectiveFrom')}
            type="date"
            min={today}
            hint={t('pricing:publish.hints.effectiveFrom', { date: formatDay(today, locale) })}
            error={errorFor('effectiveFrom')}
            {...form.register('effectiveFrom')}
          />
          <TextAreaField
            label={t('pricing:publish.fields.body')}
            className="md:col-span-3"
            rows={5}
            hint={t('pricing:publish.hints.body')}
            error={errorFor('body')}
            {...form.register('body')}
          />
        </div>
      </Card>

      <Card title={t('pricing:publish.sections.audience')}>
        <fieldset aria-describedby={errorFor('audienceTiers') ? `${audienceId}-error` : undefined}>
          <legend className="sr-only">{t('pricing:publish.fields.audience')}</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2">
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="radio"
                value="all"
                className="h-4 w-4 border-slate-300 text-brand-600 focus:ring-brand-500"
                {...form.register('audience')}
              />
              {t('pricing:audience.all')}
            </label>
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="radio"
                value="tiers"
                className="h-4 w-4 border-slate-300 text-brand-600 focus:ring-brand-500"
                {...form.register('audience')}
              />
              {t('pricing:audience.someTiers')}
            </label>
          </div>
          {audience === 'tiers' ? (
            <div className="mt-3 flex flex-wrap gap-x-5 gap-y-2 rounded-md bg-slate-50 p-3">
              {partnerTiers.map((tier) => (
                <label key={tier} className="flex items-center gap-2 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    value={tier}
                    className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
                    {...form.register('audienceTiers')}
                  />
                  {t(`common:tiers.${tier}`)}
                </label>
              ))}
            </div>
          ) : null}
          <FieldError id={`${audienceId}-error`} error={errorFor('audienceTiers')} />
          <p className="mt-2 text-xs text-slate-500">{t('pricing:publish.hints.audience')}</p>
        </fieldset>
      </Card>

      <Card
        title={t('pricing:publish.sections.changes')}
        actions={
          <Button
            type="button"
            variant="secondary"
            disabled={changes.fields.length >= maxPolicyChanges}
            onClick={() => changes.append(emptyChange)}
          >
            {t('pricing:publish.addChange')}
          </Button>
        }
      >
        <p className="mb-4 text-sm text-slate-600">{t('pricing:publish.hints.changes')}</p>
        <FieldError id={`${changesId}-error`} error={errorFor('changes')} />
        <ol className="space-y-4">
          {changes.fields.map((field, index) => {
            const watched = watchedChanges?.[index]
            const cell = watched ? cellOf(watched.tier, watched.productLineId) : undefined
            return (
              <li
                key={field.id}
                className="grid gap-3 rounded-md p-3 ring-1 ring-slate-200 sm:grid-cols-[1fr_2fr_1fr_auto] sm:items-start"
                aria-label={t('pricing:publish.changeLabel', { n: index + 1 })}
              >
                <SelectField
                  label={t('pricing:publish.fields.tier')}
                  error={errorFor(`changes.${index}.tier`)}
                  {...form.register(`changes.${index}.tier`)}
                >
                  <option value="">{t('pricing:publish.choose')}</option>
                  {partnerTiers.map((tier) => (
                    <option key={tier} value={tier}>
                      {t(`common:tiers.${tier}`)}
                    </option>
                  ))}
                </SelectField>
                <SelectField
                  label={t('pricing:publish.fields.productLine')}
                  error={errorFor(`changes.${index}.productLineId`)}
                  {...form.register(`changes.${index}.productLineId`)}
                >
                  <option value="">{t('pricing:publish.choose')}</option>
                  {matrix.lines.map((line) => (
                    <option key={line.id} value={line.id}>
                      {line.code} · {productLineName(line, locale)}
                    </option>
                  ))}
                </SelectField>
                <TextField
                  label={t('pricing:publish.fields.discount')}
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder="32"
                  error={errorFor(`changes.${index}.discount`)}
                  hint={
                    cell
                      ? [
                          cell.currentBps === null
                            ? t('pricing:publish.hints.nowList')
                            : t('pricing:publish.hints.now', {
                                value: formatBps(cell.currentBps, locale),
                              }),
                          cell.next
                            ? t('pricing:matrix.scheduled', {
                                value: formatBps(cell.next.discountBps, locale),
                                date: formatDay(cell.next.validFrom, locale),
                              })
                            : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')
                      : t('pricing:publish.hints.discount')
                  }
                  {...form.register(`changes.${index}.discount`)}
                />
                <div className="sm:pt-6">
                  <Button
                    type="button"
                    variant="ghost"
                    className="disabled:opacity-40"
                    disabled={changes.fields.length <= 1}
                    onClick={() => changes.remove(index)}
                    aria-label={t('pricing:publish.removeChangeLabel', { n: index + 1 })}
                  >
                    {t('pricing:publish.removeChange')}
                  </Button>
                </div>
              </li>
            )
          })}
        </ol>
      </Card>

      <div className="flex flex-wrap items-center gap-3">
        <Button disabled={busy}>{t('pricing:publish.submit')}</Button>
        <p className="text-sm text-slate-600">{t('pricing:publish.submitHint')}</p>
      </div>
    </Form>
  )
}
