import { Form, Link, useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { SelectField, TextAreaField, TextField } from '#app/components/ui/field'
import { RegisterDealForm } from '#app/modules/deals/deal-rules'
import { useRootData } from '#app/root'
import type { FieldErrors } from '#app/utils/forms'
import { AvailabilityPanel } from './availability-panel'
import { localName } from './registration-display'

export type RegistrationFormOptions = {
  partner: { kind: string; currency: string }
  productLines: Array<{ id: string; code: string; nameEn: string; nameZh: string }>
  regions: Array<{ code: string; nameEn: string; nameZh: string; inTerritory: boolean }>
  industries: Array<{ code: string; nameEn: string; nameZh: string }>
  distributors: Array<{ id: string; name: string; code: string }>
  territoryPolicy: 'review' | 'refuse' | 'allow'
}

export type RegistrationFormError = {
  message: string
  params?: Record<string, string | number>
}

const currencies = ['CNY', 'USD', 'EUR', 'HKD', 'SGD']

/**
 * The registration form: validated as the user types with the same zod schema as the action,
 * with the live blind check between the prospect and the deal details.
 */
export function RegistrationForm({
  options,
  today,
  serverErrors,
  formError,
}: {
  options: RegistrationFormOptions
  /** Today in China (YYYY-MM-DD): the earliest expected close date. */
  today: string
  serverErrors?: FieldErrors
  formError?: RegistrationFormError | null
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' && navigation.formMethod === 'POST'
  const inTerritory = options.regions.filter((r) => r.inTerritory)
  const form = useValidatedForm(RegisterDealForm, {
    serverErrors,
    defaultValues: {
      prospectName: '',
      prospectTaxId: '',
      prospectDomain: '',
      contactName: '',
      contactEmail: '',
      contactPhone: '',
      // A partner with a single region almost always registers there.
      regionCode: inTerritory.length === 1 ? inTerritory[0]!.code : '',
      industry: '',
      productLineId: '',
      estimatedValue: '',
      currency: options.partner.currency,
      expectedCloseDate: '',
      notes: '',
      fulfilmentPartnerId: '',
    },
  })
  const [taxId, domain, name, productLineId, currency] = form.watch([
    'prospectTaxId',
    'prospectDomain',
    'prospectName',
    'productLineId',
    'currency',
  ])
  const line = options.productLines.find((l) => l.id === productLineId)
  const outside = options.regions.filter((r) => !r.inTerritory)
  const currencyChoices = currencies.includes(options.partner.currency)
    ? currencies
    : [options.partner.currency, ...currencies]

  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-8">
      {formError ? <RegistrationFormErrorBox error={formError} /> : null}

      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">
          {t('deals:new.sections.prospect')}
        </legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t('deals:new.fields.prospectName')}
            hint={t('deals:new.fields.prospectNameHint')}
            autoComplete="off"
            error={form.errorFor('prospectName')}
            className="sm:col-span-2"
            {...form.register('prospectName')}
          />
          <TextField
            label={t('deals:new.fields.prospectTaxId')}
            hint={t('deals:new.fields.prospectTaxIdHint')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            error={form.errorFor('prospectTaxId')}
            {...form.register('prospectTaxId')}
          />
          <TextField
            label={t('deals:new.fields.prospectDomain')}
            hint={t('deals:new.fields.prospectDomainHint')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            error={form.errorFor('prospectDomain')}
            {...form.register('prospectDomain')}
          />
          <SelectField
            label={t('deals:new.fields.productLine')}
            error={form.errorFor('productLineId')}
            className="sm:col-span-2"
            {...form.register('productLineId')}
          >
            <option value="">{t('deals:new.fields.productLinePlaceholder')}</option>
            {options.productLines.map((productLine) => (
              <option key={productLine.id} value={productLine.id}>
                {localName(productLine, locale)} ({productLine.code})
              </option>
            ))}
          </SelectField>
        </div>
        <AvailabilityPanel
          taxId={taxId ?? ''}
          domain={domain ?? ''}
          name={name ?? ''}
          productLineId={productLineId ?? ''}
          productLineName={line ? localName(line, locale) : null}
        />
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">
          {t('deals:new.sections.opportunity')}
        </legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label={t('deals:new.fields.regionCode')}
            error={form.errorFor('regionCode')}
            {...form.register('regionCode')}
          >
            <option value="">{t('deals:new.fields.regionPlaceholder')}</option>
            {inTerritory.length > 0 ? (
              <optgroup label={t('deals:new.regionGroups.inside')}>
                {inTerritory.map((region) => (
                  <option key={region.code} value={region.code}>
                    {localName(region, locale)}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {outside.length > 0 ? (
              <optgroup label={t(`deals:new.regionGroups.outside_${options.territoryPolicy}`)}>
                {outside.map((region) => (
                  <option key={region.code} value={region.code}>
                    {localName(region, locale)}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </SelectField>
          <SelectField
            label={t('deals:new.fields.industry')}
            error={form.errorFor('industry')}
            {...form.register('industry')}
          >
            <option value="">{t('deals:new.fields.industryNone')}</option>
            {options.industries.map((industry) => (
              <option key={industry.code} value={industry.code}>
                {localName(industry, locale)}
              </option>
            ))}
          </SelectField>
          <div className="grid grid-cols-[7rem_1fr] gap-3 sm:col-span-2 sm:grid-cols-[8rem_1fr_1fr] sm:gap-4">
            <SelectField
              label={t('deals:new.fields.currency')}
              error={form.errorFor('currency')}
              {...form.register('currency')}
            >
              {currencyChoices.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('deals:new.fields.estimatedValue')}
              hint={t('deals:new.fields.estimatedValueHint', { currency: currency || 'CNY' })}
              inputMode="decimal"
              autoComplete="off"
              error={form.errorFor('estimatedValue')}
              {...form.register('estimatedValue')}
            />
            <TextField
              label={t('deals:new.fields.expectedCloseDate')}
              type="date"
              min={today}
              error={form.errorFor('expectedCloseDate')}
              className="col-span-2 sm:col-span-1"
              {...form.register('expectedCloseDate')}
            />
          </div>
          <TextAreaField
            label={t('deals:new.fields.notes')}
            hint={t('deals:new.fields.notesHint')}
            rows={4}
            error={form.errorFor('notes')}
            className="sm:col-span-2"
            {...form.register('notes')}
          />
        </div>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">
          {t('deals:new.sections.contact')}
        </legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            label={t('deals:new.fields.contactName')}
            autoComplete="off"
            error={form.errorFor('contactName')}
            {...form.register('contactName')}
          />
          <TextField
            label={t('deals:new.fields.contactEmail')}
            type="email"
            autoComplete="off"
            error={form.errorFor('contactEmail')}
            {...form.register('contactEmail')}
          />
          <TextField
            label={t('deals:new.fields.contactPhone')}
            type="tel"
            autoComplete="off"
            error={form.errorFor('contactPhone')}
            {...form.register('contactPhone')}
          />
        </div>
      </fieldset>

      {options.partner.kind === 'reseller' ? (
        <fieldset className="space-y-4">
          <legend className="text-sm font-semibold text-slate-900">
            {t('deals:new.sections.fulfilment')}
          </legend>
          <SelectField
            label={t('deals:new.fields.fulfilmentPartnerId')}
            hint={t('deals:new.fields.fulfilmentHint')}
            error={form.errorFor('fulfilmentPartnerId')}
            className="max-w-xl"
            {...form.register('fulfilmentPartnerId')}
          >
            <option value="">{t('deals:new.fields.fulfilmentNone')}</option>
            {options.distributors.map((distributor) => (
              <option key={distributor.id} value={distributor.id}>
                {distributor.name} ({distributor.code})
              </option>
            ))}
          </SelectField>
        </fieldset>
      ) : null}

      <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-6">
        <Button disabled={busy}>{t(busy ? 'deals:new.submitting' : 'deals:new.submit')}</Button>
        <Link
          to="/portal/registrations"
          className="text-sm font-medium text-slate-600 hover:text-slate-900"
        >
          {t('common:actions.cancel')}
        </Link>
      </div>
    </Form>
  )
}

/** A refusal of the whole submission (held by someone else, already yours, existing customer). */
function RegistrationFormErrorBox({ error }: { error: RegistrationFormError }) {
  const { t } = useTranslation()
  const box = useRef<HTMLDivElement>(null)
  // The submit button is at the bottom of a long form: bring the refusal into view.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'center' })
    box.current?.focus()
  }, [error])
  const ownId = error.message === 'deals:submit.alreadyYours' ? error.params?.id : undefined
  return (
    <div
      ref={box}
      tabIndex={-1}
      role="alert"
      className="rounded-md bg-red-50 p-4 text-sm text-red-800 ring-1 ring-inset ring-red-200 focus:outline-none"
    >
      <p className="font-medium">
        {t(error.message, { ...error.params, defaultValue: error.message })}
      </p>
      {ownId ? (
        <Link
          to={`/portal/registrations/${ownId}`}
          className="mt-1 inline-block font-medium text-red-900 underline"
        >
          {t('deals:check.openOwn', { number: error.params?.number ?? '' })}
        </Link>
      ) : null}
    </div>
  )
}
