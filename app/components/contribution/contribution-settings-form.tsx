import { Form, useNavigation } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { Card } from '#app/components/ui/card'
import { FormError, TextField } from '#app/components/ui/field'
import { openStages, weightedValue } from '#app/modules/contribution/contribution-rules'
import {
  contributionSettingsForm,
  probabilityField,
  thresholdField,
  thresholdTiers,
  type ContributionSettingsFormValues,
} from '#app/modules/contribution/contribution-settings-rules'
import { percentToBps } from '#app/modules/deals/settings-rules'
import { useRootData } from '#app/root'
import { formatDateTime, formatMoney, minorUnitDigits } from '#app/utils/format'
import type { FieldErrors } from '#app/utils/forms'
import { parseMoneyToMinor } from '#app/utils/money'

/** An open registration of this value shows what each stage's probability counts. */
const exampleMajor = 100_000

/** Stage probabilities and tier thresholds, each field with its range and a worked example. */
export function ContributionSettingsEditor({
  defaultValues,
  currency,
  lastChange,
  serverErrors,
  formError,
}: {
  defaultValues: ContributionSettingsFormValues
  currency: string
  lastChange: { at: Date | string; by: string | null }
  serverErrors?: FieldErrors
  formError?: string
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const navigation = useNavigation()
  const schema = useMemo(() => contributionSettingsForm(currency), [currency])
  const form = useValidatedForm(schema, { serverErrors, defaultValues })
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post'
  const exampleMinor = exampleMajor * 10 ** minorUnitDigits(currency)
  const money = (minor: number) => formatMoney(minor, currency, locale)

  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-6">
      <FormError error={formError} />
      <Card title={t('contribution:settings.probabilities.title')}>
        <p className="mb-4 text-sm text-slate-600">
          {t('contribution:settings.probabilities.description')}
        </p>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {openStages.map((stage) => {
            const name = probabilityField[stage]
            const bps = percentToBps(form.watch(name) ?? '')
            const error = form.errorFor(name)
            return (
              <TextField
                key={stage}
                label={t('contribution:settings.probabilities.label', {
                  stage: t(`deals:stage.${stage}`),
                })}
                hint={
                  bps !== null && bps <= 10_000
                    ? t('contribution:settings.probabilities.example', {
                        value: money(exampleMinor),
                        counted: money(weightedValue(exampleMinor, bps)),
                      })
                    : t('contribution:settings.probabilities.range')
                }
                inputMode="decimal"
                autoComplete="off"
                error={error}
                {...form.register(name)}
              />
            )
          })}
        </div>
      </Card>

      <Card title={t('contribution:settings.thresholds.title')}>
        <p className="mb-4 text-sm text-slate-600">
          {t('contribution:settings.thresholds.description', { currency })}
        </p>
        <div className="grid gap-4 sm:grid-cols-3">
          {thresholdTiers.map((tier) => {
            const name = thresholdField[tier]
            const minor = parseMoneyToMinor(form.watch(name) ?? '', currency)
            return (
              <TextField
                key={tier}
                label={t('contribution:settings.thresholds.label', {
                  tier: t(`common:tiers.${tier}`),
                  currency,
                })}
                hint={
                  minor === null
                    ? t('contribution:settings.thresholds.hint')
                    : t('contribution:settings.thresholds.hintWithAmount', { amount: money(minor) })
                }
                inputMode="decimal"
                autoComplete="off"
                error={form.errorFor(name)}
                {...form.register(name)}
              />
            )
          })}
        </div>
      </Card>

      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-slate-500" data-testid="settings-last-change">
          {lastChange.by
            ? t('contribution:settings.lastChange', {
                who: lastChange.by,
                when: formatDateTime(lastChange.at, locale),
              })
            : t('contribution:settings.neverChanged')}
        </p>
        <Button disabled={busy}>{t('contribution:settings.submit')}</Button>
      </div>
    </Form>
  )
}
