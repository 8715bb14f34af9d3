import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { RegistrationStatusBadge } from '#app/components/deals/registration-display'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { TierBadge } from '#app/components/partners/partner-display'
import {
  ExtensionDecisionCard,
  RegistrationDecisionCard,
  type DecisionFailure,
  type DecisionFormKey,
} from '#app/components/review/registration-decision'
import {
  BackLink,
  Detail,
  localName,
  ProspectKeyLink,
  RuleBadge,
  Waiting,
} from '#app/components/review/review-parts'
import { ReviewTimeline } from '#app/components/review/review-timeline'
import { Badge, Card, PageHeader } from '#app/components/ui/card'
import { requirePermission } from '#app/modules/auth/require.server'
import { approveRegistration } from '#app/modules/deals/approve-registration.server'
import { decideExtension } from '#app/modules/deals/decide-extension.server'
import { getRegistrationForReview } from '#app/modules/deals/get-registration-for-review.server'
import { rejectRegistration } from '#app/modules/deals/reject-registration.server'
import {
  ApproveRegistrationForm,
  DecideExtensionForm,
  RejectRegistrationForm,
  reviewIntents,
} from '#app/modules/deals/review-rules'
import { useRootData } from '#app/root'
import { isAppError } from '#app/utils/app-error'
import { appOrigin } from '#app/utils/env.server'
import { formatDate, formatDateTime, formatMoney } from '#app/utils/format'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { orHttpError } from '#app/utils/route-errors.server'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.registration.number ?? 'Registration'} · Channel Portal` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'review:registration:any')
  const detail = await orHttpError(
    getRegistrationForReview(context.db, { actor, registrationId: params.registrationId ?? '' }),
  )
  return { ...detail, now: new Date() }
}

function failure(
  form: DecisionFormKey,
  fieldErrors: FieldErrors,
  status: number,
  formError?: string,
) {
  const body: DecisionFailure & { ok: false } = { ok: false, form, fieldErrors, formError }
  return data(body, { status })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'review:registration:any')
  // The registration is the one in the URL, never a form field.
  const registrationId = params.registrationId ?? ''
  const here = `/admin/registrations/${registrationId}`
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const common = { actor, origin: appOrigin(request), ip: context.clientIp }

  /** A field error goes back to its form; a refusal (someone decided first…) is an error toast. */
  const refused = async (form: DecisionFormKey, error: unknown) => {
    if (!isAppError(error)) throw error
    if (error.field) return failure(form, { [error.field]: error.userMessage }, error.status)
    if (error.code === 'not_found') throw new Response(error.userMessage, { status: 404 })
    return redirectWithToast(here, {
      kind: 'error',
      message: error.userMessage,
      values: error.params,
    })
  }

  if (intent === reviewIntents.approve) {
    const parsed = parseForm(ApproveRegistrationForm, formData)
    if (!parsed.ok) return failure('approve', parsed.fieldErrors, 400)
    try {
      const result = await approveRegistration(context.db, {
        ...common,
        registrationId,
        note: parsed.data.note,
      })
      return redirectWithToast(here, {
        kind: 'success',
        message: 'review:toast.approved',
        values: { number: result.number },
      })
    } catch (error) {
      return refused('approve', error)
    }
  }

  if (intent === reviewIntents.reject) {
    const parsed = parseForm(RejectRegistrationForm, formData)
    if (!parsed.ok) return failure('reject', parsed.fieldErrors, 400)
    try {
      const result = await rejectRegistration(context.db, {
        ...common,
        registrationId,
        reason: parsed.data.reason,
      })
      return redirectWithToast(here, {
        kind: 'success',
        message: 'review:toast.rejected',
        values: { number: result.number },
      })
    } catch (error) {
      return refused('reject', error)
    }
  }

  if (intent === reviewIntents.decideExtension) {
    const form = formData.get('decision') === 'reject' ? 'extension-reject' : 'extension-approve'
    const parsed = parseForm(DecideExtensionForm, formData)
    if (!parsed.ok) return failure(form, parsed.fieldErrors, 400)
    try {
      const result = await decideExtension(context.db, {
        ...common,
        extensionId: parsed.data.extensionId,
        registrationId,
        decision: parsed.data.decision,
        reason: parsed.data.reason,
      })
      return redirectWithToast(here, {
        kind: 'success',
        message:
          result.decision === 'approve'
            ? 'review:toast.extensionApproved'
            : 'review:toast.extensionRejected',
        values: { number: result.number },
      })
    } catch (error) {
      return refused(form, error)
    }
  }

  throw new Response('Unknown form intent', { status: 400, statusText: 'Bad Request' })
}

export default function RegistrationReviewPage() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const failed =
    actionData && 'ok' in actionData && !actionData.ok ? (actionData as DecisionFailure) : undefined
  const { registration, partner, review } = data
  const pending = registration.status === 'pending'
  const openConflicts = data.conflicts.filter(
    (c) => c.status === 'open' && c.role === 'holder',
  ).length

  return (
    <>
      <BackLink to="/admin/registrations">{t('review:detail.backToQueue')}</BackLink>
      <PageHeader
        title={
          <span className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <span className="font-mono text-lg text-slate-500">{registration.number}</span>
            <span>{registration.prospectName}</span>
          </span>
        }
        description={
          <span className="flex flex-col gap-1.5">
            <span className="flex flex-wrap items-center gap-2">
              <RegistrationStatusBadge status={data.effectiveStatus} />
              <span>
                {t('review:detail.stage', { stage: t(`deals:stage.${registration.stage}`) })}
              </span>
              {registration.outsideTerritory ? (
                <Badge color="amber">{t('review:outsideTerritory')}</Badge>
              ) : null}
              {openConflicts > 0 ? (
                <Badge color="red">
                  {t('review:detail.openConflicts', { count: openConflicts })}
                </Badge>
              ) : null}
            </span>
            {/* The key facts up front: on a phone the decision comes before the summary. */}
            <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span className="font-medium text-slate-800">{partner.name}</span>
              <TierBadge tier={partner.tier} />
              <span aria-hidden="true">·</span>
              <span>{localName(data.productLine, locale)}</span>
              <span aria-hidden="true">·</span>
              <span className="tabular-nums">
                {formatMoney(registration.estimatedValueMinor, registration.currency, locale)}
              </span>
              {pending ? (
                <span className="inline-flex flex-wrap items-center gap-1.5">
                  <span aria-hidden="true">·</span>
                  {t('review:detail.waiting')}
                  <Waiting hours={review.hoursWaiting} overdue={review.overdue} />
                </span>
              ) : null}
            </span>
          </span>
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="order-2 space-y-6 lg:order-1 lg:col-span-2">
          <Card title={t('review:detail.summary')}>
            <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
              <Detail label={t('review:fields.partner')}>
                <span className="flex flex-wrap items-center gap-2">
                  <Link
                    to={`/admin/partners/${partner.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {partner.name}
                  </Link>
                  <TierBadge tier={partner.tier} />
                </span>
                <span className="mt-0.5 block text-xs text-slate-500">
                  {t(`common:partnerKinds.${partner.kind}`)} ·{' '}
                  {t('review:fields.managedBy', {
                    name: partner.channelManagerName ?? t('common:none'),
                  })}
                </span>
              </Detail>
              <Detail label={t('review:fields.createdBy')}>
                {data.creator.name}
                <span className="block break-all text-xs text-slate-500">{data.creator.email}</span>
              </Detail>
              {data.fulfilmentPartner ? (
                <Detail label={t('review:fields.fulfilment')}>
                  <Link
                    to={`/admin/partners/${data.fulfilmentPartner.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {data.fulfilmentPartner.name}
                  </Link>
                </Detail>
              ) : null}
              <Detail label={t('review:fields.productLine')}>
                {localName(data.productLine, locale)}{' '}
                <span className="text-xs text-slate-500">{data.productLine.code}</span>
              </Detail>
              <Detail label={t('review:fields.region')}>
                {localName(data.region, locale)}{' '}
                <span className="text-xs text-slate-500">{registration.regionCode}</span>
              </Detail>
              <Detail label={t('review:fields.industry')}>
                {data.industry ? localName(data.industry, locale) : t('common:none')}
              </Detail>
              <Detail label={t('review:fields.value')}>
                {formatMoney(registration.estimatedValueMinor, registration.currency, locale)}
              </Detail>
              <Detail label={t('review:fields.expectedClose')}>
                {formatDate(registration.expectedCloseDate, locale, 'UTC')}
              </Detail>
              <Detail label={t('review:fields.submitted')}>
                {formatDateTime(registration.submittedAt, locale)}
              </Detail>
              <Detail label={t('review:fields.decided')}>
                {registration.decidedAt
                  ? `${formatDateTime(registration.decidedAt, locale)}${data.decidedByName ? ` · ${data.decidedByName}` : ''}`
                  : t('common:none')}
              </Detail>
              <Detail label={t('review:fields.protection')}>
                {registration.protectionStartsAt && registration.protectionEndsAt
                  ? t('review:fields.protectionRange', {
                      from: formatDate(registration.protectionStartsAt, locale),
                      to: formatDate(registration.protectionEndsAt, locale),
                    })
                  : t('common:none')}
              </Detail>
              <Detail label={t('review:fields.extensions')}>
                {t('review:extension.usedOf', {
                  used: registration.extensionsUsed,
                  max: review.extensionMaxCount,
                })}
              </Detail>
            </dl>
          </Card>

          <Card title={t('review:detail.prospect')}>
            <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
              <Detail label={t('review:fields.prospectName')}>{registration.prospectName}</Detail>
              <Detail label={t('review:fields.taxId')}>
                <span className="font-mono">{registration.prospectTaxId ?? t('common:none')}</span>
              </Detail>
              <Detail label={t('review:fields.domain')}>
                {registration.prospectDomain ?? t('common:none')}
              </Detail>
              <Detail label={t('review:fields.contact')}>
                {[registration.contactName, registration.contactEmail, registration.contactPhone]
                  .filter(Boolean)
                  .join(' · ') || t('common:none')}
              </Detail>
              <Detail label={t('review:fields.keys')} className="sm:col-span-2">
                <span className="flex flex-wrap gap-2">
                  {data.prospectKeys.map((key) => (
                    <ProspectKeyLink key={key} prospectKey={key} />
                  ))}
                </span>
                <span className="mt-1 block text-xs text-slate-500">
                  {t('review:detail.keysHint')}
                </span>
              </Detail>
              {registration.notes ? (
                <Detail label={t('review:fields.notes')} className="sm:col-span-2">
                  <span className="whitespace-pre-line">{registration.notes}</span>
                </Detail>
              ) : null}
            </dl>
          </Card>

          <Card title={t('review:detail.history')}>
            <ReviewTimeline events={data.events} />
          </Card>
        </div>

        <div className="order-1 space-y-6 lg:order-2">
          {pending ? (
            <RegistrationDecisionCard
              protectionDays={review.protectionDays}
              protectionEndsIfApprovedNow={review.protectionEndsIfApprovedNow}
              tierLabel={t(`common:tiers.${partner.tier}`)}
              failure={failed?.form === 'approve' || failed?.form === 'reject' ? failed : undefined}
            />
          ) : null}
          {review.pendingExtension ? (
            <ExtensionDecisionCard
              extension={review.pendingExtension}
              protectionEndsAt={registration.protectionEndsAt}
              extensionsUsed={registration.extensionsUsed}
              extensionMaxCount={review.extensionMaxCount}
              failure={failed?.form.startsWith('extension') ? failed : undefined}
            />
          ) : null}

          <Card title={t('review:detail.conflicts')}>
            {data.conflicts.length === 0 ? (
              <p className="text-sm text-slate-500">{t('review:detail.noConflicts')}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {data.conflicts.map((conflict) => (
                  <li key={conflict.id} className="py-2.5 first:pt-0 last:pb-0">
                    <Link
                      to={`/admin/conflicts/${conflict.id}`}
                      className="text-sm font-medium text-brand-700 hover:underline"
                    >
                      {conflict.role === 'holder'
                        ? t('review:detail.conflictFrom', { partner: conflict.submitterName })
                        : t('review:detail.conflictAwarded', { number: conflict.holderNumber })}
                    </Link>
                    <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                      <Badge color={conflict.status === 'open' ? 'red' : 'slate'}>
                        {t(`review:conflictStatus.${conflict.status}`)}
                      </Badge>
                      {conflict.resolution ? (
                        <span>{t(`review:resolution.${conflict.resolution}`)}</span>
                      ) : null}
                      <RuleBadge rule={conflict.rule} />
                      <span>{formatDateTime(conflict.createdAt, locale)}</span>
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Card>

          {data.extensions.some((e) => e.status !== 'pending') ? (
            <Card title={t('review:detail.extensions')}>
              <ul className="divide-y divide-slate-100">
                {data.extensions
                  .filter((e) => e.status !== 'pending')
                  .map((extension) => (
                    <li key={extension.id} className="py-2.5 text-sm first:pt-0 last:pb-0">
                      <p className="flex flex-wrap items-center gap-2">
                        <Badge color={extension.status === 'approved' ? 'green' : 'red'}>
                          {t(`review:extension.statuses.${extension.status}`)}
                        </Badge>
                        <span className="text-slate-700">
                          {t('review:extension.days', { count: extension.days })}
                        </span>
                      </p>
                      <p className="mt-1 text-xs text-slate-500">
                        {t('review:extension.decidedBy', {
                          name: extension.decidedByName ?? t('common:none'),
                          date: extension.decidedAt
                            ? formatDateTime(extension.decidedAt, locale)
                            : t('common:none'),
                        })}
                      </p>
                      {extension.decisionReason ? (
                        <p className="mt-1 whitespace-pre-line text-slate-600">
                          {extension.decisionReason === 'registration_closed'
                            ? t('deals:extension.closedWithRegistration')
                            : extension.decisionReason}
                        </p>
                      ) : null}
                    </li>
                  ))}
              </ul>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
