import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { localName } from '#app/components/deals/registration-display'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { FormError, SelectField, TextField } from '#app/components/ui/field'
import {
  AddressForm as AddressFormSchema,
  type AddressInput,
} from '#app/modules/orders/address-rules'
import type { FieldErrors } from '#app/utils/forms'
import { useLocale } from './order-display'

/** The address-book form, validated as the user types with the same schema as the action. */
export function AddressForm({
  intent,
  regions,
  defaultValues,
  serverErrors,
  formError,
  submitLabel,
}: {
  intent: string
  regions: { code: string; nameEn: string; nameZh: string }[]
  defaultValues?: Partial<Record<Exclude<keyof AddressInput, 'isDefault'>, string>> & {
    isDefault?: boolean
  }
  serverErrors?: FieldErrors
  formError?: string
  submitLabel: string
}) {
  const { t } = useTranslation()
  const locale = useLocale()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
  const form = useValidatedForm(AddressFormSchema, {
    serverErrors,
    defaultValues: {
      label: '',
      recipient: '',
      phone: '',
      regionCode: '',
      city: '',
      line1: '',
      line2: '',
      postalCode: '',
      ...defaultValues,
      isDefault: defaultValues?.isDefault ? 'on' : undefined,
    },
  })
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-4">
      <input type="hidden" name="intent" value={intent} />
      <FormError error={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={t('orders:addresses.fields.label')}
          hint={t('orders:addresses.fields.labelHint')}
          error={form.errorFor('label')}
          {...form.register('label')}
        />
        <TextField
          label={t('orders:addresses.fields.recipient')}
          autoComplete="name"
          error={form.errorFor('recipient')}
          {...form.register('recipient')}
        />
        <TextField
          label={t('orders:addresses.fields.phone')}
          type="tel"
          autoComplete="tel"
          error={form.errorFor('phone')}
          {...form.register('phone')}
        />
        <SelectField
          label={t('orders:addresses.fields.region')}
          error={form.errorFor('regionCode')}
          {...form.register('regionCode')}
        >
          <option value="">{t('orders:addresses.fields.chooseRegion')}</option>
          {regions.map((region) => (
            <option key={region.code} value={region.code}>
              {localName(region, locale)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('orders:addresses.fields.city')}
          autoComplete="address-level2"
          error={form.errorFor('city')}
          {...form.register('city')}
        />
        <TextField
          label={t('orders:addresses.fields.postalCode')}
          autoComplete="postal-code"
          error={form.errorFor('postalCode')}
          {...form.register('postalCode')}
        />
        <TextField
          label={t('orders:addresses.fields.line1')}
          autoComplete="address-line1"
          className="sm:col-span-2"
          error={form.errorFor('line1')}
          {...form.register('line1')}
        />
        <TextField
          label={t('orders:addresses.fields.line2')}
          autoComplete="address-line2"
          className="sm:col-span-2"
          error={form.errorFor('line2')}
          {...form.register('line2')}
        />
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          value="on"
          className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
          {...form.register('isDefault')}
        />
        {t('orders:addresses.fields.isDefault')}
      </label>
      <Button disabled={busy}>{submitLabel}</Button>
    </Form>
  )
}
