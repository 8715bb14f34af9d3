import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { FormError, SelectField, TextAreaField, TextField } from '#app/components/ui/field'
import {
  ProductForm as ProductFormSchema,
  productLimits,
  type ProductFormInput,
} from '#app/modules/catalog/product-rules'
import { useRootData } from '#app/root'
import { minorUnitDigits } from '#app/utils/format'
import type { FieldErrors } from '#app/utils/forms'
import { localName } from './product-display'

export type ProductLineChoice = {
  id: string
  code: string
  nameEn: string
  nameZh: string
  active: boolean
}
export type CategoryChoice = { id: string; code: string; nameEn: string; nameZh: string }

/** The create and edit form of a product: one zod schema in the browser and in the action. */
export function ProductForm({
  mode,
  productLines,
  categories,
  defaultValues,
  serverErrors,
  formError,
  intent,
  submitLabel,
}: {
  mode: 'create' | 'edit'
  productLines: ProductLineChoice[]
  categories: CategoryChoice[]
  defaultValues: ProductFormInput
  serverErrors?: FieldErrors
  formError?: string
  intent?: string
  submitLabel: string
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const navigation = useNavigation()
  const form = useValidatedForm(ProductFormSchema, { serverErrors, defaultValues })
  const typedCurrency = (form.watch('currency') || 'CNY').trim().toUpperCase()
  const currency = /^[A-Z]{3}$/.test(typedCurrency) ? typedCurrency : 'CNY'
  const priceExample = minorUnitDigits(currency) === 0 ? '2680' : '2680.00'
  const busy =
    navigation.state === 'submitting' && navigation.formData?.get('intent') === (intent ?? null)

  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-8">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <FormError error={formError} />

      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">
          {t('products:form.sections.product')}
        </legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t('products:fields.sku')}
            hint={t('products:fields.skuHint')}
            autoCapitalize="characters"
            spellCheck={false}
            autoComplete="off"
            maxLength={80}
            error={form.errorFor('sku')}
            {...form.register('sku')}
          />
          <TextField
            label={t('products:fields.unit')}
            hint={t('products:fields.unitHint')}
            maxLength={productLimits.unit}
            error={form.errorFor('unit')}
            {...form.register('unit')}
          />
          <TextField
            label={t('products:fields.name')}
            maxLength={productLimits.name + 20}
            error={form.errorFor('name')}
            className="sm:col-span-2"
            {...form.register('name')}
          />
          <SelectField
            label={t('products:fields.productLine')}
            error={form.errorFor('productLineId')}
            {...form.register('productLineId')}
          >
            <option value="">{t('products:form.choose')}</option>
            {productLines.map((line) => (
              <option key={line.id} value={line.id}>
                {localName(line, locale)}
                {line.active ? '' : ` (${t('products:form.lineInactive')})`}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('products:fields.category')}
            error={form.errorFor('categoryId')}
            {...form.register('categoryId')}
          >
            <option value="">{t('products:form.choose')}</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {localName(category, locale)}
              </option>
            ))}
          </SelectField>
          <TextAreaField
            label={t('products:fields.description')}
            rows={4}
            error={form.errorFor('description')}
            className="sm:col-span-2"
            {...form.register('description')}
          />
        </div>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">
          {t('products:form.sections.price')}
        </legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t('products:fields.listPrice')}
            hint={t('products:fields.listPriceHint', { currency, example: priceExample })}
            inputMode="decimal"
            autoComplete="off"
            error={form.errorFor('listPrice')}
            {...form.register('listPrice')}
          />
          <TextField
            label={t('products:fields.currency')}
            hint={t('products:fields.currencyHint')}
            maxLength={3}
            autoCapitalize="characters"
            spellCheck={false}
            autoComplete="off"
            error={form.errorFor('currency')}
            {...form.register('currency')}
          />
        </div>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">
          {t('products:form.sections.presentation')}
        </legend>
        <TextField
          label={t('products:fields.imageUrl')}
          hint={t('products:fields.imageUrlHint')}
          inputMode="url"
          spellCheck={false}
          autoComplete="off"
          error={form.errorFor('imageUrl')}
          {...form.register('imageUrl')}
        />
        {mode === 'create' ? (
          <label className="flex items-start gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              className="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
              {...form.register('active')}
            />
            <span>
              <span className="font-medium text-slate-900">{t('products:fields.active')}</span>
              <span className="block text-xs text-slate-500">
                {t('products:fields.activeHint')}
              </span>
            </span>
          </label>
        ) : null}
      </fieldset>

      <div className="flex justify-end">
        <Button disabled={busy}>{submitLabel}</Button>
      </div>
    </Form>
  )
}
