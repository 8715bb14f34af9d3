import { Form, useNavigation } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { Card } from '#app/components/ui/card'
import { TextAreaField, TextField } from '#app/components/ui/field'
import {
  CancelOrderAsVendorForm,
  commonCarriers,
  ConfirmOrderForm,
  DeliverOrderForm,
  ReleaseCreditHoldForm,
  ShipOrderForm,
  vendorOrderIntents,
  type VendorOrderIntent,
} from '#app/modules/orders/fulfilment-rules'
import { useRootData } from '#app/root'
import { formatDateTime } from '#app/utils/format'
import type { FieldErrors } from '#app/utils/forms'

export type OrderActionFailure = { form: VendorOrderIntent; fieldErrors: FieldErrors }

function useBusy(intent: string) {
  const navigation = useNavigation()
  return navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
}

const errorsFor = (failure: OrderActionFailure | undefined, form: VendorOrderIntent) =>
  failure?.form === form ? failure.fieldErrors : undefined

/**
 * What vendor staff can do with the order now, one form per action. The page draws only the
 * actions the status allows; the server re-checks with the order locked, so a stale page gets
 * a clear message, not a second transition.
 */
export function OrderActionsCard({
  actions,
  paid,
  paymentMethod,
  creditHoldExpiresAt,
  failure,
}: {
  actions: {
    confirm: boolean
    ship: boolean
    deliver: boolean
    releaseCreditHold: boolean
    cancel: boolean
  }
  paid: boolean
  paymentMethod: 'on_account' | 'card'
  creditHoldExpiresAt: Date | string | null
  failure?: OrderActionFailure
}) {
  const { t } = useTranslation()
  const any = Object.values(actions).some(Boolean)
  return (
    <Card title={t('fulfilment:actions.title')}>
      {any ? (
        <div className="space-y-5 divide-y divide-slate-100 [&>*:not(:first-child)]:pt-5">
          {actions.releaseCreditHold ? (
            <ReleaseCreditHold failure={failure} creditHoldExpiresAt={creditHoldExpiresAt} />
          ) : null}
          {actions.confirm ? <NoteStepAction failure={failure} step="confirm" /> : null}
          {actions.ship ? <ShipAction failure={failure} /> : null}
          {actions.deliver ? <NoteStepAction failure={failure} step="deliver" /> : null}
          {actions.cancel ? (
            <CancelAction
              failure={failure}
              refund={paid && paymentMethod === 'card'}
              creditHold={actions.releaseCreditHold}
            />
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-slate-500">{t('fulfilment:actions.none')}</p>
      )}
    </Card>
  )
}

/** A step whose only field is a note for the history: confirm, deliver. */
function NoteStepAction({
  failure,
  step,
}: {
  failure?: OrderActionFailure
  step: 'confirm' | 'deliver'
}) {
  const { t } = useTranslation()
  const intent = vendorOrderIntents[step]
  const form = useValidatedForm(step === 'confirm' ? ConfirmOrderForm : DeliverOrderForm, {
    serverErrors: errorsFor(failure, intent),
    defaultValues: { note: '' },
  })
  const busy = useBusy(intent)
  return (
    <Form
      method="post"
      noValidate
      onSubmit={form.onSubmit}
      className="space-y-3"
      aria-label={t(`fulfilment:actions.${step}.title`)}
    >
      <input type="hidden" name="intent" value={intent} />
      <p className="text-sm text-slate-600">{t(`fulfilment:actions.${step}.explain`)}</p>
      <TextAreaField
        label={t('fulfilment:actions.note')}
        hint={t('fulfilment:actions.noteHint')}
        rows={2}
        error={form.errorFor('note')}
        {...form.register('note')}
      />
      <Button disabled={busy} className="w-full sm:w-auto">
        {t(`fulfilment:actions.${step}.submit`)}
      </Button>
    </Form>
  )
}

function ShipAction({ failure }: { failure?: OrderActionFailure }) {
  const { t } = useTranslation()
  const listId = useId()
  const form = useValidatedForm(ShipOrderForm, {
    serverErrors: errorsFor(failure, vendorOrderIntents.ship),
    defaultValues: { carrier: '', trackingNumber: '' },
  })
  const busy = useBusy(vendorOrderIntents.ship)
  return (
    <Form
      method="post"
      noValidate
      onSubmit={form.onSubmit}
      className="space-y-3"
      aria-label={t('fulfilment:actions.ship.title')}
    >
      <input type="hidden" name="intent" value={vendorOrderIntents.ship} />
      <p className="text-sm text-slate-600">{t('fulfilment:actions.ship.explain')}</p>
      <TextField
        label={t('fulfilment:actions.ship.carrier')}
        list={listId}
        autoComplete="off"
        error={form.errorFor('carrier')}
        {...form.register('carrier')}
      />
      <datalist id={listId}>
        {commonCarriers.map((carrier) => (
          <option
            key={carrier}
            value={t(`fulfilment:carriers.${carrier}`, { defaultValue: carrier })}
          />
        ))}
      </datalist>
      <TextField
        label={t('fulfilment:actions.ship.tracking')}
        hint={t('fulfilment:actions.ship.trackingHint')}
        autoComplete="off"
        spellCheck={false}
        error={form.errorFor('trackingNumber')}
        {...form.register('trackingNumber')}
      />
      <Button disabled={busy} className="w-full sm:w-auto">
        {t('fulfilment:actions.ship.submit')}
      </Button>
    </Form>
  )
}

function ReleaseCreditHold({
  failure,
  creditHoldExpiresAt,
}: {
  failure?: OrderActionFailure
  creditHoldExpiresAt: Date | string | null
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const form = useValidatedForm(ReleaseCreditHoldForm, {
    serverErrors: errorsFor(failure, vendorOrderIntents.releaseCreditHold),
    defaultValues: { note: '' },
  })
  const busy = useBusy(vendorOrderIntents.releaseCreditHold)
  return (
    <Form
      method="post"
      noValidate
      onSubmit={form.onSubmit}
      className="space-y-3"
      aria-label={t('fulfilment:actions.releaseCreditHold.title')}
    >
      <input type="hidden" name="intent" value={vendorOrderIntents.releaseCreditHold} />
      <p className="text-sm text-slate-600">
        {t('fulfilment:actions.releaseCreditHold.explain', {
          date: creditHoldExpiresAt ? formatDateTime(creditHoldExpiresAt, locale) : '—',
        })}
      </p>
      <TextAreaField
        label={t('fulfilment:actions.note')}
        hint={t('fulfilment:actions.noteHint')}
        rows={2}
        error={form.errorFor('note')}
        {...form.register('note')}
      />
      <Button disabled={busy} className="w-full sm:w-auto">
        {t('fulfilment:actions.releaseCreditHold.submit')}
      </Button>
    </Form>
  )
}

function CancelAction({
  failure,
  refund,
  creditHold,
}: {
  failure?: OrderActionFailure
  refund: boolean
  creditHold: boolean
}) {
  const { t } = useTranslation()
  const form = useValidatedForm(CancelOrderAsVendorForm, {
    serverErrors: errorsFor(failure, vendorOrderIntents.cancel),
    defaultValues: { reason: '' },
  })
  const busy = useBusy(vendorOrderIntents.cancel)
  return (
    <Form
      method="post"
      noValidate
      onSubmit={form.onSubmit}
      className="space-y-3"
      aria-label={t('fulfilment:actions.cancel.title')}
    >
      <input type="hidden" name="intent" value={vendorOrderIntents.cancel} />
      <p className="text-sm text-slate-600">
        {t(
          creditHold
            ? 'fulfilment:actions.cancel.explainCreditHold'
            : 'fulfilment:actions.cancel.explain',
        )}
      </p>
      {refund ? (
        <p
          role="note"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200"
        >
          {t('fulfilment:actions.cancel.refundNote')}
        </p>
      ) : null}
      <TextAreaField
        label={t('fulfilment:actions.cancel.reason')}
        hint={t('fulfilment:actions.cancel.reasonHint')}
        rows={3}
        error={form.errorFor('reason')}
        {...form.register('reason')}
      />
      <Button variant="danger" disabled={busy} className="w-full sm:w-auto">
        {t(
          creditHold
            ? 'fulfilment:actions.cancel.submitCreditHold'
            : 'fulfilment:actions.cancel.submit',
        )}
      </Button>
    </Form>
  )
}

/** Refund one card payment (a cancelled or expired order, or a second payment). */
export function RefundPaymentButton({ paymentId }: { paymentId: string }) {
  const { t } = useTranslation()
  const busy = useBusy(vendorOrderIntents.refund)
  return (
    <Form method="post" className="mt-2" aria-label={t('fulfilment:payments.refund')}>
      <input type="hidden" name="intent" value={vendorOrderIntents.refund} />
      <input type="hidden" name="paymentId" value={paymentId} />
      <Button variant="secondary" disabled={busy}>
        {t('fulfilment:payments.refund')}
      </Button>
    </Form>
  )
}
