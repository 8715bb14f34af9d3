import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { FormError, SelectField, TextField } from '#app/components/ui/field'
import {
  csvEncodingChoices,
  ImportForm as ImportFormSchema,
  type ImportKind,
} from '#app/modules/imports/import-rules'
import type { FieldErrors } from '#app/utils/forms'
import { ColumnGuide } from './column-guide'

/** Choose a kind and a file; check it only, or import it (all or nothing). */
export function ImportForm({
  kinds,
  limits,
  serverErrors,
  formError,
}: {
  kinds: readonly ImportKind[]
  limits: { maxMb: number; maxRows: number }
  serverErrors?: FieldErrors
  formError?: string
}) {
  const { t, i18n } = useTranslation()
  const navigation = useNavigation()
  const form = useValidatedForm(ImportFormSchema, {
    serverErrors,
    defaultValues: { kind: kinds[0], encoding: 'auto' },
  })
  const kind = (form.watch('kind') as ImportKind | undefined) ?? kinds[0]!
  const busyIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const number = (value: number) => value.toLocaleString(i18n.language)

  return (
    <div className="space-y-6">
      <Form
        method="post"
        encType="multipart/form-data"
        noValidate
        onSubmit={form.onSubmit}
        className="space-y-4"
      >
        <FormError error={formError} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label={t('imports:form.kind')}
            error={form.errorFor('kind')}
            {...form.register('kind')}
          >
            {kinds.map((option) => (
              <option key={option} value={option}>
                {t(`imports:kinds.${option}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('imports:form.encoding')}
            hint={t('imports:form.encodingHint')}
            error={form.errorFor('encoding')}
            {...form.register('encoding')}
          >
            {csvEncodingChoices.map((choice) => (
              <option key={choice} value={choice}>
                {t(`imports:form.encodings.${choice}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <TextField
          type="file"
          accept=".csv,text/csv"
          label={t('imports:form.file')}
          hint={t('imports:form.fileHint', {
            maxMb: number(limits.maxMb),
            maxRows: number(limits.maxRows),
          })}
          error={form.errorFor('file')}
          className="[&_input]:cursor-pointer [&_input]:file:mr-3 [&_input]:file:rounded-md [&_input]:file:border-0 [&_input]:file:bg-slate-100 [&_input]:file:px-3 [&_input]:file:py-1.5 [&_input]:file:text-sm [&_input]:file:font-medium"
          {...form.register('file')}
        />
        <p className="text-sm text-slate-600">{t('imports:form.allOrNothing')}</p>
        <div className="flex flex-wrap gap-2">
          <Button name="intent" value="import" disabled={Boolean(busyIntent)}>
            {busyIntent === 'import' ? t('imports:form.importing') : t('imports:form.import')}
          </Button>
          <Button name="intent" value="validate" variant="secondary" disabled={Boolean(busyIntent)}>
            {busyIntent === 'validate' ? t('imports:form.validating') : t('imports:form.validate')}
          </Button>
        </div>
      </Form>
      <ColumnGuide kind={kind} />
    </div>
  )
}
