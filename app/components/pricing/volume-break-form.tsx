import { Form, useNavigation } from '@remix-run/react'
import { useId, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { FieldError, FormError, SelectField, TextField } from '#app/components/ui/field'
import { partnerTiers, type PartnerTier } from '#app/modules/partners/partner-rules'
import {
  volumeBreakForm,
  type VolumeBreakFormInput,
  type VolumeBreakTarget,
} from '#app/modules/pricing/volume-break-rules'
import type { FieldErrors } from '#app/utils/forms'
import { useServerErrorText } from './pricing-display'

/** Tier, minimum quantity, a discount (or, for a SKU, a unit price), validity. */
export function VolumeBreakForm({
  today,
  targetKind,
  currency,
  tier,
  action,
  serverErrors,
  params,
  formError,
}: {
  today: string
  targetKind: VolumeBreakTarget['kind']
  /** The SKU's currency (unit prices are in it). */
  currency: string
  /** The tier the page is filtered to, as the default. */
  tier: PartnerTier | null
  action: string
  serverErrors?: FieldErrors
  params?: Record<string, string | number> | null
  formError?: string
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const kindId = useId()
  const schema = useMemo(() => volumeBreakForm(today, targetKind), [today, targetKind])
  const defaultValues: VolumeBreakFormInput = {
    tier: tier ?? '',
    minQuantity: '',
    kind: 'discount',
    amount: '',
    currency,
    validFrom: today,
    validTo: '',
  }
  const form = useValidatedForm(schema, { serverErrors, action, defaultValues })
  const serverText = useServerErrorText(params, serverErrors)
  const errorFor = (name: string) => serverText(name, form.errorFor(name))
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post'
  const kind = form.watch('kind')

  return (
    <Form method="post" action={action} noValidate onSubmit={form.onSubmit} className="space-y-4">
      <input type="hidden" name="intent" value="add" />
      <FormError error={formError} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          label={t('pricing:volumeBreaks.fields.tier')}
          error={errorFor('tier')}
          {...form.register('tier')}
        >
          <option value="">{t('pricing:publish.choose')}</option>
          {partnerTiers.map((value) => (
            <option key={value} value={value}>
              {t(`common:tiers.${value}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('pricing:volumeBreaks.fields.minQuantity')}
          inputMode="numeric"
          autoComplete="off"
          hint={t('pricing:volumeBreaks.hints.minQuantity')}
          error={errorFor('minQuantity')}
          {...form.register('minQuantity')}
        />
        {targetKind === 'sku' ? (
          <fieldset
            className="sm:col-span-2"
            aria-describedby={errorFor('kind') ? `${kindId}-error` : undefined}
          >
            <legend className="block text-sm font-medium text-slate-700">
              {t('pricing:volumeBreaks.fields.kind')}
            </legend>
            <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
              {(['discount', 'price'] as const).map((value) => (
                <label key={value} className="flex items-center gap-2 text-sm text-slate-800">
                  <input
                    type="radio"
                    value={value}
                    className="h-4 w-4 border-slate-300 text-brand-600 focus:ring-brand-500"
                    {...form.register('kind')}
                  />
                  {t(`pricing:volumeBreaks.kinds.${value}`)}
                </label>
              ))}
            </div>
            <FieldError id={`${kindId}-error`} error={errorFor('kind')} />
          </fieldset>
        ) : (
          <input type="hidden" value="discount" {...form.register('kind')} />
        )}
        <TextField
          label={
            kind === 'price'
              ? t('pricing:volumeBreaks.fields.unitPrice')
              : t('pricing:volumeBreaks.fields.discount')
          }
          inputMode="decimal"
          autoComplete="off"
          hint={kind === 'price' ? undefined : t('pricing:publish.hints.discount')}
          error={errorFor('amount')}
          {...form.register('amount')}
        />
        {kind === 'price' ? (
          <TextField
            label={t('pricing:contracts.fields.currency')}
            autoComplete="off"
            maxLength={3}
            error={errorFor('currency')}
            {...form.register('currency')}
          />
        ) : null}
        <TextField
          label={t('pricing:contracts.fields.validFrom')}
          type="date"
          min={today}
          error={errorFor('validFrom')}
          {...form.register('validFrom')}
        />
        <TextField
          label={t('pricing:contracts.fields.validTo')}
          type="date"
          hint={t('pricing:contracts.hints.validTo')}
          error={errorFor('validTo')}
          {...form.register('validTo')}
        />
      </div>
      <Button disabled={busy}>{t('pricing:volumeBreaks.add')}</Button>
    </Form>
  )
}
