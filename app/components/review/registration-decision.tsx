import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TextAreaField } from '#app/components/ui/field'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { Badge, Card } from '#app/components/ui/card'
import { FormError } from '#app/components/ui/field'
import {
  ApproveRegistrationForm,
  DecideExtensionForm,
  RejectRegistrationForm,
  reviewIntents,
} from '#app/modules/deals/review-rules'
import { useRootData } from '#app/root'
import { formatDate, formatDateTime, formatNumber } from '#app/utils/format'
import type { FieldErrors } from '#app/utils/forms'

/** Which of the page's forms a failed submission belongs to. */
export type DecisionFormKey = 'approve' | 'reject' | 'extension-approve' | 'extension-reject'
export type DecisionFailure = {
  form: DecisionFormKey
  fieldErrors: FieldErrors
  formError?: string
}

function useBusy(intent: string, decision?: string) {
  const navigation = useNavigation()
  return (
    navigation.state !== 'idle' &&
    navigation.formData?.get('intent') === intent &&
    (decision === undefined || navigation.formData?.get('decision') === decision)
  )
}

/** Approve (optional note) or reject (reason required) a pending registration. */
export function RegistrationDecisionCard({
  protectionDays,
  protectionEndsIfApprovedNow,
  tierLabel,
  failure,
}: {
  protectionDays: number
  protectionEndsIfApprovedNow: Date | string
  tierLabel: string
  failure?: DecisionFailure
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const approve = useValidatedForm(ApproveRegistrationForm, {
    serverErrors: failure?.form === 'approve' ? failure.fieldErrors : undefined,
    defaultValues: { note: '' },
  })
  const reject = useValidatedForm(RejectRegistrationForm, {
    serverErrors: failure?.form === 'reject' ? failure.fieldErrors : undefined,
    defaultValues: { reason: '' },
  })
  const approving = useBusy(reviewIntents.approve)
  const rejecting = useBusy(reviewIntents.reject)
  return (
    <Card title={t('review:decision.title')}>
      <div className="space-y-5">
        <FormError error={failure?.formError} />
        <Form
          method="post"
          noValidate
          onSubmit={approve.onSubmit}
          className="space-y-3"
          aria-label={t('review:decision.approve')}
        >
          <input type="hidden" name="intent" value={reviewIntents.approve} />
          <p className="text-sm text-slate-600">
            {t('review:decision.approveExplain', {
              days: formatNumber(protectionDays, locale),
              tier: tierLabel,
              date: formatDate(protectionEndsIfApprovedNow, locale),
            })}
          </p>
          <TextAreaField
            label={t('review:decision.note')}
            hint={t('review:decision.noteHint')}
            rows={2}
            error={approve.errorFor('note')}
            {...approve.register('note')}
          />
          <Button disabled={approving} className="w-full sm:w-auto">
            {t('review:decision.approve')}
          </Button>
        </Form>
        <div className="border-t border-slate-100" />
        <Form
          method="post"
          noValidate
          onSubmit={reject.onSubmit}
          className="space-y-3"
          aria-label={t('review:decision.reject')}
        >
          <input type="hidden" name="intent" value={reviewIntents.reject} />
          <p className="text-sm text-slate-600">{t('review:decision.rejectExplain')}</p>
          <TextAreaField
            label={t('review:decision.reason')}
            hint={t('review:decision.reasonHint')}
            rows={3}
            error={reject.errorFor('reason')}
            {...reject.register('reason')}
          />
          <Button variant="danger" disabled={rejecting} className="w-full sm:w-auto">
            {t('review:decision.reject')}
          </Button>
        </Form>
      </div>
    </Card>
  )
}

export type PendingExtension = {
  id: string
  days: number
  progressNote: string
  requestedByName: string
  createdAt: Date | string
  proposedEndsAt: Date | string | null
  limitReached: boolean
}

/** A pending extension request: what the partner wrote, what approving does, and the two forms. */
export function ExtensionDecisionCard({
  extension,
  protectionEndsAt,
  extensionsUsed,
  extensionMaxCount,
  failure,
}: {
  extension: PendingExtension
  protectionEndsAt: Date | string | null
  extensionsUsed: number
  extensionMaxCount: number
  failure?: DecisionFailure
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const approve = useValidatedForm(DecideExtensionForm, {
    serverErrors: failure?.form === 'extension-approve' ? failure.fieldErrors : undefined,
    defaultValues: { extensionId: extension.id, decision: 'approve', reason: '' },
  })
  const reject = useValidatedForm(DecideExtensionForm, {
    serverErrors: failure?.form === 'extension-reject' ? failure.fieldErrors : undefined,
    defaultValues: { extensionId: extension.id, decision: 'reject', reason: '' },
  })
  const approving = useBusy(reviewIntents.decideExtension, 'approve')
  const rejecting = useBusy(reviewIntents.decideExtension, 'reject')
  const extensionFailure =
    failure?.form === 'extension-approve' || failure?.form === 'extension-reject'
      ? failure
      : undefined
  return (
    <Card
      title={t('review:extension.title')}
      actions={<Badge color="amber">{t('review:extension.pending')}</Badge>}
    >
      <div className="space-y-4">
        <dl className="space-y-2 text-sm">
          <div className="flex flex-wrap justify-between gap-2">
            <dt className="text-slate-500">{t('review:extension.requested')}</dt>
            <dd className="font-medium text-slate-900">
              {t('review:extension.days', { count: extension.days })}
            </dd>
          </div>
          <div className="flex flex-wrap justify-between gap-2">
            <dt className="text-slate-500">{t('review:extension.currentEnd')}</dt>
            <dd className="text-slate-900">
              {protectionEndsAt ? formatDate(protectionEndsAt, locale) : t('common:none')}
            </dd>
          </div>
          <div className="flex flex-wrap justify-between gap-2">
            <dt className="text-slate-500">{t('review:extension.newEnd')}</dt>
            <dd className="font-medium text-slate-900">
              {extension.proposedEndsAt
                ? formatDate(extension.proposedEndsAt, locale)
                : t('common:none')}
            </dd>
          </div>
          <div className="flex flex-wrap justify-between gap-2">
            <dt className="text-slate-500">{t('review:extension.used')}</dt>
            <dd className="text-slate-900">
              {t('review:extension.usedOf', { used: extensionsUsed, max: extensionMaxCount })}
            </dd>
          </div>
        </dl>
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">
            {t('review:extension.progressNote')}
          </p>
          <blockquote className="mt-1 whitespace-pre-line border-l-2 border-slate-200 pl-3 text-sm text-slate-700">
            {extension.progressNote}
          </blockquote>
          <p className="mt-1 text-xs text-slate-500">
            {t('review:extension.requestedBy', {
              name: extension.requestedByName,
              date: formatDateTime(extension.createdAt, locale),
            })}
          </p>
        </div>
        {extension.limitReached ? (
          <p
            role="note"
            className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200"
          >
            {t('review:extension.limitReached', { max: extensionMaxCount })}
          </p>
        ) : null}
        <FormError error={extensionFailure?.formError} />
        {extension.limitReached ? null : (
          <Form
            method="post"
            noValidate
            onSubmit={approve.onSubmit}
            className="space-y-3"
            aria-label={t('review:extension.approve')}
          >
            <input type="hidden" name="intent" value={reviewIntents.decideExtension} />
            <input type="hidden" {...approve.register('extensionId')} />
            <input type="hidden" {...approve.register('decision')} />
            <TextAreaField
              label={t('review:decision.note')}
              hint={t('review:decision.noteHint')}
              rows={2}
              error={approve.errorFor('reason')}
              {...approve.register('reason')}
            />
            <Button disabled={approving} className="w-full sm:w-auto">
              {t('review:extension.approve')}
            </Button>
          </Form>
        )}
        <div className="border-t border-slate-100" />
        <Form
          method="post"
          noValidate
          onSubmit={reject.onSubmit}
          className="space-y-3"
          aria-label={t('review:extension.reject')}
        >
          <input type="hidden" name="intent" value={reviewIntents.decideExtension} />
          <input type="hidden" {...reject.register('extensionId')} />
          <input type="hidden" {...reject.register('decision')} />
          <TextAreaField
            label={t('review:decision.reason')}
            hint={t('review:decision.reasonHint')}
            rows={2}
            error={reject.errorFor('reason')}
            {...reject.register('reason')}
          />
          <Button variant="danger" disabled={rejecting} className="w-full sm:w-auto">
            {t('review:extension.reject')}
          </Button>
        </Form>
      </div>
    </Card>
  )
}
