import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Button } from '#app/components/ui/button'
import { FormError, TextField } from '#app/components/ui/field'
import { dayBefore } from '#app/modules/pricing/price-validity-rules'
import { formatDay, useLocale } from './pricing-display'

export type RowFailure = {
  intent: 'end' | 'delete'
  rowId: string
  fieldErrors: Record<string, string>
  formError?: string
  params?: Record<string, string | number> | null
}

/**
 * "End early" (a new last day) and "Delete" (only before the row starts) for one dated price row.
 * Plain forms: they work without JavaScript, and the server checks every date.
 */
export function RowActions({
  rowId,
  label,
  canEnd,
  canDelete,
  today,
  action,
  failure,
  errorText,
}: {
  rowId: string
  /** What the row is, for accessible names ("HT-COBOT-3, 1 Dec 2026 – open-ended"). */
  label: string
  canEnd: boolean
  canDelete: boolean
  today: string
  action: string
  failure?: RowFailure
  errorText: (name: string, error: string | undefined) => string | undefined
}) {
  const { t } = useTranslation()
  const locale = useLocale()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post'
  const mine = failure?.rowId === rowId ? failure : undefined
  if (!canEnd && !canDelete) return <span className="text-slate-400">{t('common:none')}</span>
  return (
    <div className="flex flex-wrap items-start gap-2">
      {canEnd ? (
        <details className="group" open={mine?.intent === 'end' ? true : undefined}>
          <summary className="cursor-pointer list-none rounded-md px-2 py-1 text-sm font-medium text-brand-700 ring-1 ring-inset ring-slate-200 hover:bg-slate-50">
            {t('pricing:rows.endEarly')}
          </summary>
          <Form method="post" action={action} className="mt-2 w-56 space-y-2">
            <input type="hidden" name="intent" value="end" />
            <input type="hidden" name="id" value={rowId} />
            <TextField
              label={t('pricing:rows.lastDay')}
              type="date"
              name="validTo"
              min={dayBefore(today)}
              defaultValue={today}
              hint={t('pricing:rows.lastDayHint', { date: formatDay(dayBefore(today), locale) })}
              error={
                mine?.intent === 'end'
                  ? errorText('validTo', mine.fieldErrors.validTo ?? mine.fieldErrors.id)
                  : undefined
              }
            />
            <FormError error={mine?.intent === 'end' ? mine.formError : undefined} />
            <Button
              variant="secondary"
              disabled={busy}
              aria-label={t('pricing:rows.endLabel', { row: label })}
            >
              {t('pricing:rows.end')}
            </Button>
          </Form>
        </details>
      ) : null}
      {canDelete ? (
        <Form method="post" action={action}>
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="id" value={rowId} />
          <Button
            variant="ghost"
            className="px-2 py-1 text-red-700 hover:bg-red-50"
            disabled={busy}
            aria-label={t('pricing:rows.deleteLabel', { row: label })}
          >
            {t('pricing:rows.delete')}
          </Button>
          <FormError error={mine?.intent === 'delete' ? mine.formError : undefined} />
        </Form>
      ) : null}
    </div>
  )
}
