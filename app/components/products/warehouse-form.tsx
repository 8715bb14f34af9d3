import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button, buttonClass } from '#app/components/ui/button'
import { FormError, TextField } from '#app/components/ui/field'
import {
  WarehouseForm as WarehouseFormSchema,
  type WarehouseFormInput,
} from '#app/modules/catalog/warehouse-rules'
import type { FieldErrors } from '#app/utils/forms'

/** Create or edit a warehouse: one zod schema in the browser and in the action. */
export function WarehouseForm({
  warehouseId,
  intent,
  defaultValues,
  serverErrors,
  formError,
  submitLabel,
}: {
  warehouseId?: string
  intent: string
  defaultValues: WarehouseFormInput
  serverErrors?: FieldErrors
  formError?: string
  submitLabel: string
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const form = useValidatedForm(WarehouseFormSchema, { serverErrors, defaultValues })
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-4">
      <input type="hidden" name="intent" value={intent} />
      {warehouseId ? <input type="hidden" name="warehouseId" value={warehouseId} /> : null}
      <FormError error={formError ?? serverErrors?.warehouseId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={t('products:warehouses.fields.code')}
          hint={t('products:warehouses.fields.codeHint')}
          autoCapitalize="characters"
          spellCheck={false}
          autoComplete="off"
          maxLength={16}
          error={form.errorFor('code')}
          {...form.register('code')}
        />
        <TextField
          label={t('products:warehouses.fields.sortOrder')}
          hint={t('products:warehouses.fields.sortOrderHint')}
          inputMode="numeric"
          autoComplete="off"
          error={form.errorFor('sortOrder')}
          {...form.register('sortOrder')}
        />
        <TextField
          label={t('products:warehouses.fields.name')}
          autoComplete="off"
          error={form.errorFor('name')}
          {...form.register('name')}
        />
        <TextField
          label={t('products:warehouses.fields.nameZh')}
          autoComplete="off"
          error={form.errorFor('nameZh')}
          {...form.register('nameZh')}
        />
      </div>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          className="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
          {...form.register('active')}
        />
        <span>
          <span className="font-medium text-slate-900">
            {t('products:warehouses.fields.active')}
          </span>
          <span className="block text-xs text-slate-500">
            {t('products:warehouses.fields.activeHint')}
          </span>
        </span>
      </label>
      <div className="flex flex-wrap gap-2">
        <Button disabled={busy}>{submitLabel}</Button>
        {warehouseId ? (
          <Link to="." replace className={buttonClass('secondary')}>
            {t('common:actions.cancel')}
          </Link>
        ) : null}
      </div>
    </Form>
  )
}
