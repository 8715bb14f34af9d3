import { Form, useNavigation } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { FormError, TextField } from '#app/components/ui/field'
import { contractPriceForm } from '#app/modules/pricing/contract-price-rules'
import type { FieldErrors } from '#app/utils/forms'
import { useServerErrorText } from './pricing-display'

/** SKU, agreed unit price, currency, valid from, valid to (empty: open-ended), note. */
export function ContractPriceForm({
  today,
  currency,
  action,
  serverErrors,
  params,
  formError,
}: {
  today: string
  /** The partner's currency, as the default. */
  currency: string
  action: string
  serverErrors?: FieldErrors
  params?: Record<string, string | number> | null
  formError?: string
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const schema = useMemo(() => contractPriceForm(today), [today])
  const form = useValidatedForm(schema, {
    serverErrors,
    action,
    defaultValues: { sku: '', price: '', currency, validFrom: today, validTo: '', note: '' },
  })
  const serverText = useServerErrorText(params, serverErrors)
  const errorFor = (name: string) => serverText(name, form.errorFor(name))
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post'
  return (
    <Form method="post" action={action} noValidate onSubmit={form.onSubmit} className="space-y-4">
      <input type="hidden" name="intent" value="add" />
      <FormError error={formError} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-6">
        <TextField
          label={t('pricing:contracts.fields.sku')}
          className="lg:col-span-2"
          autoComplete="off"
          spellCheck={false}
          placeholder="HT-COBOT-3"
          error={errorFor('sku')}
          {...form.register('sku')}
        />
        <TextField
          label={t('pricing:contracts.fields.price')}
          inputMode="decimal"
          autoComplete="off"
          className="lg:col-span-2"
          hint={t('pricing:contracts.hints.price')}
          error={errorFor('price')}
          {...form.register('price')}
        />
        <TextField
          label={t('pricing:contracts.fields.currency')}
          autoComplete="off"
          maxLength={3}
          className="lg:col-span-2"
          error={errorFor('currency')}
          {...form.register('currency')}
        />
        <TextField
          label={t('pricing:contracts.fields.validFrom')}
          type="date"
          min={today}
          className="lg:col-span-2"
          error={errorFor('validFrom')}
          {...form.register('validFrom')}
        />
        <TextField
          label={t('pricing:contracts.fields.validTo')}
          type="date"
          className="lg:col-span-2"
          hint={t('pricing:contracts.hints.validTo')}
          error={errorFor('validTo')}
          {...form.register('validTo')}
        />
        <TextField
          label={t('pricing:contracts.fields.note')}
          autoComplete="off"
          className="lg:col-span-2"
          error={errorFor('note')}
          {...form.register('note')}
        />
      </div>
      <Button disabled={busy}>{t('pricing:contracts.add')}</Button>
    </Form>
  )
}
