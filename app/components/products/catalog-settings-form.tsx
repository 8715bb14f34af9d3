import { Form, useNavigation } from '@remix-run/react'
import { clsx } from 'clsx'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { Card } from '#app/components/ui/card'
import { FieldError, FormError, TextField } from '#app/components/ui/field'
import { availabilityFor } from '#app/modules/catalog/catalog-rules'
import {
  availabilityDisplays,
  CatalogSettingsForm,
  lowStockThresholdRange,
  type CatalogSettingsFormInput,
} from '#app/modules/catalog/catalog-settings-rules'
import { useRootData } from '#app/root'
import { formatNumber } from '#app/utils/format'
import type { FieldErrors } from '#app/utils/forms'

/** How partners see availability, with an example of what a partner would read. */
export function CatalogSettingsEditor({
  defaultValues,
  serverErrors,
  formError,
}: {
  defaultValues: CatalogSettingsFormInput
  serverErrors?: FieldErrors
  formError?: string
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const navigation = useNavigation()
  const displayId = useId()
  const form = useValidatedForm(CatalogSettingsForm, { serverErrors, defaultValues })
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post'
  const display = form.watch('availabilityDisplay')
  const typedThreshold = Number(form.watch('lowStockThreshold'))
  const threshold = Number.isInteger(typedThreshold) && typedThreshold >= 0 ? typedThreshold : 0
  const displayError = form.errorFor('availabilityDisplay')
  const examples = [0, Math.max(1, threshold), threshold + 25]

  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-6">
      <FormError error={formError} />
      <Card title={t('products:settings.display.title')}>
        <p className="mb-4 text-sm text-slate-600">{t('products:settings.display.description')}</p>
        <fieldset aria-describedby={displayError ? `${displayId}-error` : undefined}>
          <legend className="sr-only">{t('products:settings.display.legend')}</legend>
          <div className="grid gap-3 md:grid-cols-2">
            {availabilityDisplays.map((option) => (
              <label
                key={option}
                className={clsx(
                  'flex cursor-pointer gap-3 rounded-lg p-4 ring-1 ring-inset',
                  display === option
                    ? 'bg-brand-50 ring-brand-400'
                    : 'bg-white ring-slate-200 hover:bg-slate-50',
                )}
              >
                <input
                  type="radio"
                  value={option}
                  className="mt-0.5 h-4 w-4 border-slate-300 text-brand-600 focus:ring-brand-500"
                  {...form.register('availabilityDisplay')}
                />
                <span>
                  <span className="block text-sm font-semibold text-slate-900">
                    {t(`products:settings.display.${option}`)}
                  </span>
                  <span className="mt-1 block text-sm text-slate-600">
                    {t(`products:settings.display.${option}Hint`)}
                  </span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id={`${displayId}-error`} error={displayError} />
        </fieldset>
      </Card>

      <Card title={t('products:settings.threshold.title')}>
        <div className="grid gap-6 md:grid-cols-2">
          <TextField
            label={t('products:settings.threshold.label')}
            hint={t('products:settings.threshold.hint', {
              min: formatNumber(lowStockThresholdRange.min, locale),
              max: formatNumber(lowStockThresholdRange.max, locale),
            })}
            inputMode="numeric"
            autoComplete="off"
            className="max-w-xs"
            error={form.errorFor('lowStockThreshold')}
            {...form.register('lowStockThreshold')}
          />
          <div>
            <p className="text-sm font-medium text-slate-700">
              {t('products:settings.preview.title')}
            </p>
            <ul className="mt-2 space-y-1.5 text-sm">
              {examples.map((available) => {
                const shown = availabilityFor({
                  available,
                  display: display === 'banded' ? 'banded' : 'exact',
                  lowStockThreshold: threshold,
                  restockDate: null,
                })
                return (
                  <li key={available} className="flex justify-between gap-4">
                    <span className="text-slate-600">
                      {t('products:settings.preview.available', {
                        n: formatNumber(available, locale),
                      })}
                    </span>
                    <span className="font-medium text-slate-900">
                      {shown.display === 'banded'
                        ? t(`products:settings.preview.bands.${shown.band}`)
                        : shown.band === 'in_stock'
                          ? t('products:settings.preview.exact', {
                              n: formatNumber(shown.available, locale),
                            })
                          : t('products:settings.preview.exactWithBand', {
                              n: formatNumber(shown.available, locale),
                              band: t(`products:settings.preview.bands.${shown.band}`),
                            })}
                    </span>
                  </li>
                )
              })}
            </ul>
          </div>
        </div>
      </Card>

      <div className="flex justify-end">
        <Button disabled={busy}>{t('products:settings.submit')}</Button>
      </div>
    </Form>
  )
}
