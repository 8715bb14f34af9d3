import { Form, useNavigation } from '@remix-run/react'
import { clsx } from 'clsx'
import { useId, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { Card } from '#app/components/ui/card'
import { FieldError, FormError, TextField } from '#app/components/ui/field'
import {
  DealSettingsForm,
  settingsRanges,
  territoryPolicies,
  type DealSettingsFormValues,
} from '#app/modules/deals/settings-rules'
import type { FieldErrors } from '#app/utils/forms'

const tiers = ['Platinum', 'Gold', 'Silver', 'Registered'] as const

/** The registration rules, in sections; each field says its allowed range. */
export function DealSettingsEditor({
  defaultValues,
  serverErrors,
  formError,
}: {
  defaultValues: DealSettingsFormValues
  serverErrors?: FieldErrors
  formError?: string
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const policyId = useId()
  const form = useValidatedForm(DealSettingsForm, { serverErrors, defaultValues })
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post'
  const range = (r: { min: number; max: number }) =>
    t('review:settings.range', { min: r.min, max: r.max })
  const number = { inputMode: 'numeric' as const, autoComplete: 'off' }
  const autoApprove = form.watch('autoApproveEnabled')
  const policyError = form.errorFor('territoryPolicy')

  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-6">
      <FormError error={formError} />
      <Section
        title={t('review:settings.sections.protection')}
        description={t('review:settings.sections.protectionHint')}
      >
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {tiers.map((tier) => {
            const name = `protectionDays${tier}` as const
            return (
              <TextField
                key={tier}
                label={t('review:settings.protectionDays', {
                  tier: t(`common:tiers.${tier.toLowerCase()}`),
                })}
                hint={range(settingsRanges.protectionDays)}
                error={form.errorFor(name)}
                {...number}
                {...form.register(name)}
              />
            )
          })}
        </div>
      </Section>

      <Section
        title={t('review:settings.sections.extensions')}
        description={t('review:settings.sections.extensionsHint')}
      >
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <TextField
            label={t('review:settings.extensionMaxCount')}
            hint={range(settingsRanges.extensionMaxCount)}
            error={form.errorFor('extensionMaxCount')}
            {...number}
            {...form.register('extensionMaxCount')}
          />
          <TextField
            label={t('review:settings.extensionDays')}
            hint={range(settingsRanges.extensionDays)}
            error={form.errorFor('extensionDays')}
            {...number}
            {...form.register('extensionDays')}
          />
          <TextField
            label={t('review:settings.expiryWarningDays')}
            hint={range(settingsRanges.expiryWarningDays)}
            error={form.errorFor('expiryWarningDays')}
            {...number}
            {...form.register('expiryWarningDays')}
          />
          <TextField
            label={t('review:settings.reviewSlaHours')}
            hint={range(settingsRanges.reviewSlaHours)}
            error={form.errorFor('reviewSlaHours')}
            {...number}
            {...form.register('reviewSlaHours')}
          />
        </div>
      </Section>

      <Section
        title={t('review:settings.sections.territory')}
        description={t('review:settings.sections.territoryHint')}
      >
        <fieldset aria-describedby={policyError ? `${policyId}-error` : undefined}>
          <legend className="sr-only">{t('review:settings.territoryPolicy')}</legend>
          <div className="grid gap-3 md:grid-cols-3">
            {territoryPolicies.map((policy) => (
              <label
                key={policy}
                className={clsx(
                  'flex cursor-pointer gap-3 rounded-lg p-4 ring-1 ring-inset',
                  form.watch('territoryPolicy') === policy
                    ? 'bg-brand-50 ring-brand-400'
                    : 'bg-white ring-slate-200 hover:bg-slate-50',
                )}
              >
                <input
                  type="radio"
                  value={policy}
                  className="mt-0.5 h-4 w-4 border-slate-300 text-brand-600 focus:ring-brand-500"
                  {...form.register('territoryPolicy')}
                />
                <span>
                  <span className="block text-sm font-semibold text-slate-900">
                    {t(`review:settings.policies.${policy}`)}
                  </span>
                  <span className="mt-1 block text-sm text-slate-600">
                    {t(`review:settings.policies.${policy}Hint`)}
                  </span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id={`${policyId}-error`} error={policyError} />
        </fieldset>
        <div className="mt-5 space-y-4 border-t border-slate-100 pt-5">
          <label className="flex items-start gap-3">
            <input
              type="checkbox"
              className="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
              {...form.register('autoApproveEnabled')}
            />
            <span>
              <span className="block text-sm font-semibold text-slate-900">
                {t('review:settings.autoApproveEnabled')}
              </span>
              <span className="mt-0.5 block text-sm text-slate-600">
                {t('review:settings.autoApproveHint')}
              </span>
            </span>
          </label>
          <div
            className={clsx(
              'grid gap-4 sm:grid-cols-2 lg:grid-cols-4',
              !autoApprove && 'opacity-70',
            )}
          >
            <TextField
              label={t('review:settings.autoApproveBelow')}
              hint={t('review:settings.autoApproveBelowHint')}
              error={form.errorFor('autoApproveBelow')}
              inputMode="decimal"
              autoComplete="off"
              {...form.register('autoApproveBelow')}
            />
            <TextField
              label={t('review:settings.autoApproveCurrency')}
              hint={t('review:settings.currencyHint')}
              error={form.errorFor('autoApproveCurrency')}
              maxLength={3}
              autoComplete="off"
              className="sm:max-w-40"
              {...form.register('autoApproveCurrency')}
            />
          </div>
        </div>
      </Section>

      <Section
        title={t('review:settings.sections.other')}
        description={t('review:settings.sections.otherHint')}
      >
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <TextField
            label={t('review:settings.dealDiscountPercent')}
            hint={t('review:settings.dealDiscountHint')}
            error={form.errorFor('dealDiscountPercent')}
            inputMode="decimal"
            autoComplete="off"
            {...form.register('dealDiscountPercent')}
          />
          <TextField
            label={t('review:settings.availabilityChecksPerHour')}
            hint={t('review:settings.perUserRange', settingsRanges.availabilityChecksPerHour)}
            error={form.errorFor('availabilityChecksPerHour')}
            {...number}
            {...form.register('availabilityChecksPerHour')}
          />
        </div>
      </Section>

      <div className="flex flex-wrap items-center gap-3">
        <Button disabled={busy}>{t('review:settings.save')}</Button>
        <p className="text-sm text-slate-500">{t('review:settings.saveHint')}</p>
      </div>
    </Form>
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
    <Card title={title}>
      <p className="mb-4 text-sm text-slate-600">{description}</p>
      {children}
    </Card>
  )
}
