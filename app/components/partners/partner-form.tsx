import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { FieldError, FormError, SelectField, TextField } from '#app/components/ui/field'
import {
  PartnerForm as PartnerFormSchema,
  partnerKinds,
  partnerTiers,
  type PartnerFormInput,
} from '#app/modules/partners/partner-rules'
import { useRootData } from '#app/root'
import type { FieldErrors } from '#app/utils/forms'
import { regionName, type RegionOption } from './partner-display'

export type ManagerOption = { id: string; name: string; email: string }

/** The create and edit form of a partner: one zod schema in the browser and in the action. */
export function PartnerForm({
  mode,
  regions,
  managers,
  inactiveManager,
  defaultValues,
  serverErrors,
  formError,
  intent,
  submitLabel,
}: {
  mode: 'create' | 'edit'
  regions: RegionOption[]
  managers: ManagerOption[]
  /** The assigned manager when no longer active: shown so the user sees why saving fails. */
  inactiveManager?: { id: string; name: string } | null
  defaultValues: PartnerFormInput
  serverErrors?: FieldErrors
  formError?: string
  intent?: string
  submitLabel: string
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const navigation = useNavigation()
  const form = useValidatedForm(PartnerFormSchema, { serverErrors, defaultValues })
  const currency = (form.watch('currency') || 'CNY').toUpperCase()
  const busy =
    navigation.state === 'submitting' && navigation.formData?.get('intent') === (intent ?? null)

  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-8">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <FormError error={formError} />

      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">
          {t('partners:sections.organisation')}
        </legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t('partners:fields.name')}
            autoComplete="organization"
            error={form.errorFor('name')}
            className="sm:col-span-2"
            {...form.register('name')}
          />
          <TextField
            label={t('partners:fields.code')}
            hint={t(
              mode === 'create' ? 'partners:fields.codeHint' : 'partners:fields.codeEditHint',
            )}
            autoCapitalize="characters"
            spellCheck={false}
            error={form.errorFor('code')}
            {...form.register('code')}
          />
          <SelectField
            label={t('partners:fields.kind')}
            error={form.errorFor('kind')}
            {...form.register('kind')}
          >
            {partnerKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`common:partnerKinds.${kind}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('partners:fields.tier')}
            error={form.errorFor('tier')}
            {...form.register('tier')}
          >
            {partnerTiers.map((tier) => (
              <option key={tier} value={tier}>
                {t(`common:tiers.${tier}`)}
              </option>
            ))}
          </SelectField>
        </div>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">
          {t('partners:sections.terms')}
        </legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t('partners:fields.currency')}
            hint={t('partners:fields.currencyHint')}
            maxLength={3}
            autoCapitalize="characters"
            spellCheck={false}
            error={form.errorFor('currency')}
            {...form.register('currency')}
          />
          <TextField
            label={t('partners:fields.creditLimit')}
            hint={t('partners:fields.creditLimitHint', { currency })}
            inputMode="decimal"
            error={form.errorFor('creditLimit')}
            {...form.register('creditLimit')}
          />
          <TextField
            label={t('partners:fields.paymentTermsDays')}
            hint={t('partners:fields.paymentTermsHint')}
            inputMode="numeric"
            error={form.errorFor('paymentTermsDays')}
            {...form.register('paymentTermsDays')}
          />
          <SelectField
            label={t('partners:fields.channelManager')}
            error={form.errorFor('channelManagerId')}
            {...form.register('channelManagerId')}
          >
            <option value="">{t('partners:fields.noManager')}</option>
            {managers.map((manager) => (
              <option key={manager.id} value={manager.id}>
                {manager.name}
              </option>
            ))}
            {inactiveManager && !managers.some((m) => m.id === inactiveManager.id) ? (
              <option value={inactiveManager.id}>
                {t('partners:fields.managerInactive', { name: inactiveManager.name })}
              </option>
            ) : null}
          </SelectField>
        </div>
      </fieldset>

      <fieldset aria-describedby="territory-hint">
        <legend className="text-sm font-semibold text-slate-900">
          {t('partners:sections.territory')}
        </legend>
        <p id="territory-hint" className="mt-1 text-xs text-slate-500">
          {t('partners:fields.territoryHint')}
        </p>
        <ul className="mt-3 divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
          {regions.map((region) => {
            const name = regionName(region, locale)
            const checkboxId = `territory-${region.code}`
            const industriesId = `industries-${region.code}`
            const industriesError = form.errorFor(`industries.${region.code}`)
            return (
              <li
                key={region.code}
                className="flex flex-col gap-2 px-3 py-2.5 sm:flex-row sm:items-start"
              >
                <div className="flex items-center gap-2 sm:w-64 sm:pt-2">
                  <input
                    id={checkboxId}
                    type="checkbox"
                    value={region.code}
                    className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
                    {...form.register('territory')}
                  />
                  <label htmlFor={checkboxId} className="text-sm text-slate-800">
                    {name} <span className="text-xs text-slate-500">{region.code}</span>
                  </label>
                </div>
                <div className="flex-1">
                  <label htmlFor={industriesId} className="sr-only">
                    {t('partners:fields.industriesFor', { region: name })}
                  </label>
                  <input
                    id={industriesId}
                    type="text"
                    placeholder={t('partners:fields.industriesPlaceholder')}
                    aria-invalid={industriesError ? true : undefined}
                    aria-describedby={industriesError ? `${industriesId}-error` : undefined}
                    className="block w-full rounded-md border-0 px-3 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500 aria-[invalid]:ring-red-400"
                    {...form.register(`industries.${region.code}`)}
                  />
                  <FieldError id={`${industriesId}-error`} error={industriesError} />
                </div>
              </li>
            )
          })}
        </ul>
        <FieldError id="territory-error" error={form.errorFor('territory')} />
      </fieldset>

      <div className="flex justify-end">
        <Button disabled={busy}>{submitLabel}</Button>
      </div>
    </Form>
  )
}
