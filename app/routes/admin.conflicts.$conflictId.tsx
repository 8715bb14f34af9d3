import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { RegistrationStatusBadge } from '#app/components/deals/registration-display'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { TierBadge } from '#app/components/partners/partner-display'
import { ResolveConflictCard } from '#app/components/review/resolve-conflict-form'
import {
  BackLink,
  Detail,
  localName,
  ProspectKeyLink,
  RuleBadge,
} from '#app/components/review/review-parts'
import { Badge, Card, PageHeader } from '#app/components/ui/card'
import { requirePermission } from '#app/modules/auth/require.server'
import { getConflict } from '#app/modules/deals/get-conflict.server'
import { resolveConflict } from '#app/modules/deals/resolve-conflict.server'
import { ResolveConflictForm } from '#app/modules/deals/review-rules'
import { useRootData } from '#app/root'
import { isAppError } from '#app/utils/app-error'
import { appOrigin } from '#app/utils/env.server'
import { formatDate, formatDateTime, formatMoney } from '#app/utils/format'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { orHttpError } from '#app/utils/route-errors.server'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.conflict.prospectName ?? 'Conflict'} · Channel Portal` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'review:registration:any')
  return orHttpError(getConflict(context.db, { actor, conflictId: params.conflictId ?? '' }))
}

type ResolveFailure = { ok: false; fieldErrors: FieldErrors; formError?: string }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'review:registration:any')
  const conflictId = params.conflictId ?? ''
  const here = `/admin/conflicts/${conflictId}`
  const formData = await readFormData(request)
  if (formData.get('intent') !== 'resolve') {
    throw new Response('Unknown form intent', { status: 400, statusText: 'Bad Request' })
  }
  const parsed = parseForm(ResolveConflictForm, formData)
  if (!parsed.ok)
    return data<ResolveFailure>({ ok: false, fieldErrors: parsed.fieldErrors }, { status: 400 })
  try {
    const result = await resolveConflict(context.db, {
      actor,
      conflictId,
      decision: parsed.data.decision,
      reason: parsed.data.reason,
      origin: appOrigin(request),
      ip: context.clientIp,
    })
    return redirectWithToast(here, {
      kind: 'success',
      message:
        result.decision === 'keep_holder' ? 'review:toast.keptHolder' : 'review:toast.awarded',
      values: { holder: result.holderNumber, number: result.awardedNumber ?? '' },
    })
  } catch (error) {
    if (!isAppError(error)) throw error
    if (error.field) {
      return data<ResolveFailure>(
        { ok: false, fieldErrors: { [error.field]: error.userMessage } },
        { status: error.status },
      )
    }
    if (error.code === 'not_found') throw new Response(error.userMessage, { status: 404 })
    // Someone decided first, or the opportunity is held by a third partner now: say so.
    return redirectWithToast(here, {
      kind: 'error',
      message: error.userMessage,
      values: error.params,
    })
  }
}

export default function ConflictPage() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const detail = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { conflict, submission, holder } = detail
  const open = conflict.status === 'open'
  const shared = new Set(detail.sharedKeys)

  return (
    <>
      <BackLink to="/admin/conflicts">{t('review:conflict.backToList')}</BackLink>
      <PageHeader
        title={t('review:conflict.title', { prospect: conflict.prospectName })}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge color={open ? 'red' : 'slate'}>
              {t(`review:conflictStatus.${conflict.status}`)}
            </Badge>
            <RuleBadge rule={conflict.rule} />
            <span>{localName(detail.productLine, locale)}</span>
            <span aria-hidden="true">·</span>
            <span>
              {t('review:conflict.recordedAt', {
                date: formatDateTime(conflict.createdAt, locale),
              })}
            </span>
          </span>
        }
      />

      <section
        aria-labelledby="shared-keys"
        className="mb-6 rounded-lg bg-amber-50 p-4 ring-1 ring-inset ring-amber-200"
      >
        <h2 id="shared-keys" className="text-sm font-semibold text-amber-900">
          {t('review:conflict.sharedKeys')}
        </h2>
        <p className="mt-1 text-sm text-amber-900">{t('review:conflict.sharedKeysHint')}</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {(detail.sharedKeys.length > 0 ? detail.sharedKeys : [conflict.prospectKey]).map(
            (key) => (
              <ProspectKeyLink key={key} prospectKey={key} />
            ),
          )}
        </div>
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Side
          title={t('review:conflict.submission')}
          badge={
            conflict.resolution === 'awarded_to_submitter' ? (
              <Badge color="green">{t('review:conflict.awarded')}</Badge>
            ) : (
              <Badge color="red">{t('review:conflict.refused')}</Badge>
            )
          }
        >
          <Detail label={t('review:fields.partner')}>
            <PartnerLine partner={detail.submitter} />
          </Detail>
          <Detail label={t('review:fields.submittedBy')}>
            {detail.submittedBy.name}
            <span className="block break-all text-xs text-slate-500">
              {detail.submittedBy.email}
            </span>
          </Detail>
          <Detail label={t('review:fields.submitted')}>
            {formatDateTime(conflict.createdAt, locale)}
          </Detail>
          <Detail label={t('review:fields.prospectName')}>{submission.prospectName}</Detail>
          <Detail label={t('review:fields.taxId')}>
            <span className="font-mono">{submission.prospectTaxId ?? t('common:none')}</span>
          </Detail>
          <Detail label={t('review:fields.domain')}>
            {submission.prospectDomain ?? t('common:none')}
          </Detail>
          <Detail label={t('review:fields.region')}>
            {localName(submission.region, locale) || submission.regionCode}
          </Detail>
          <Detail label={t('review:fields.industry')}>
            {submission.industry ? localName(submission.industry, locale) : t('common:none')}
          </Detail>
          <Detail label={t('review:fields.value')}>
            {formatMoney(submission.estimatedValueMinor, submission.currency, locale)}
          </Detail>
          <Detail label={t('review:fields.expectedClose')}>
            {formatDate(submission.expectedCloseDate, locale, 'UTC')}
          </Detail>
          {submission.fulfilmentPartner ? (
            <Detail label={t('review:fields.fulfilment')}>
              {submission.fulfilmentPartner.name}
            </Detail>
          ) : null}
          <Detail label={t('review:fields.contact')}>
            {[submission.contactName, submission.contactEmail, submission.contactPhone]
              .filter(Boolean)
              .join(' · ') || t('common:none')}
          </Detail>
          <Detail label={t('review:fields.keys')} className="sm:col-span-2">
            <KeyList keys={submission.prospectKeys} shared={shared} />
          </Detail>
          {submission.notes ? (
            <Detail label={t('review:fields.notes')} className="sm:col-span-2">
              <span className="whitespace-pre-line">{submission.notes}</span>
            </Detail>
          ) : null}
        </Side>

        <Side
          title={t('review:conflict.holder')}
          badge={<RegistrationStatusBadge status={holder.effectiveStatus} />}
        >
          <Detail label={t('review:fields.partner')}>
            <PartnerLine partner={detail.holderPartner} />
          </Detail>
          <Detail label={t('review:fields.registration')}>
            <Link
              to={`/admin/registrations/${holder.id}`}
              className="font-mono font-medium text-brand-700 hover:underline"
            >
              {holder.number}
            </Link>
            <span className="block text-xs text-slate-500">
              {detail.holderCreator.name} · {t(`deals:stage.${holder.stage}`)}
            </span>
          </Detail>
          <Detail label={t('review:fields.submitted')}>
            {formatDateTime(holder.submittedAt, locale)}
          </Detail>
          <Detail label={t('review:fields.prospectName')}>{holder.prospectName}</Detail>
          <Detail label={t('review:fields.taxId')}>
            <span className="font-mono">{holder.prospectTaxId ?? t('common:none')}</span>
          </Detail>
          <Detail label={t('review:fields.domain')}>
            {holder.prospectDomain ?? t('common:none')}
          </Detail>
          <Detail label={t('review:fields.region')}>
            <span className="inline-flex flex-wrap items-center gap-1.5">
              {localName(holder.region, locale) || holder.regionCode}
              {holder.outsideTerritory ? (
                <Badge color="amber">{t('review:outsideTerritory')}</Badge>
              ) : null}
            </span>
          </Detail>
          <Detail label={t('review:fields.industry')}>
            {holder.industry ? localName(holder.industry, locale) : t('common:none')}
          </Detail>
          <Detail label={t('review:fields.value')}>
            {formatMoney(holder.estimatedValueMinor, holder.currency, locale)}
          </Detail>
          <Detail label={t('review:fields.expectedClose')}>
            {formatDate(holder.expectedCloseDate, locale, 'UTC')}
          </Detail>
          <Detail label={t('review:fields.protectedUntil')}>
            {holder.protectionEndsAt
              ? formatDate(holder.protectionEndsAt, locale)
              : holder.status === 'pending'
                ? t('review:conflict.pendingNoEnd')
                : t('common:none')}
          </Detail>
          <Detail label={t('review:fields.keys')} className="sm:col-span-2">
            <KeyList keys={holder.prospectKeys} shared={shared} />
          </Detail>
        </Side>
      </div>

      <div className="mt-6">
        {open ? (
          <ResolveConflictCard
            holderName={detail.holderPartner.name}
            holderNumber={holder.number}
            submitterName={detail.submitter.name}
            submitterProtectionDays={detail.submitterProtectionDays}
            awardBlocked={detail.awardBlocked}
            otherOpenConflicts={detail.otherOpenConflicts}
            serverErrors={actionData && !actionData.ok ? actionData.fieldErrors : undefined}
            formError={actionData && !actionData.ok ? actionData.formError : undefined}
          />
        ) : (
          <Card title={t('review:conflict.decision')}>
            <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-3">
              <Detail label={t('review:conflict.outcome')}>
                {conflict.resolution
                  ? t(`review:resolution.${conflict.resolution}`)
                  : t('common:none')}
              </Detail>
              <Detail label={t('review:conflict.decidedBy')}>
                {conflict.resolvedByName ?? t('common:none')}
                {conflict.resolvedAt ? (
                  <span className="block text-xs text-slate-500">
                    {formatDateTime(conflict.resolvedAt, locale)}
                  </span>
                ) : null}
              </Detail>
              {conflict.awardedRegistrationId ? (
                <Detail label={t('review:conflict.awardedRegistration')}>
                  <Link
                    to={`/admin/registrations/${conflict.awardedRegistrationId}`}
                    className="font-mono font-medium text-brand-700 hover:underline"
                  >
                    {conflict.awardedNumber}
                  </Link>
                </Detail>
              ) : null}
              <Detail label={t('review:conflict.reason')} className="sm:col-span-3">
                <span className="whitespace-pre-line">{conflict.resolutionReason}</span>
              </Detail>
            </dl>
          </Card>
        )}
      </div>
    </>
  )
}

function Side({
  title,
  badge,
  children,
}: {
  title: string
  badge: ReactNode
  children: ReactNode
}) {
  return (
    <Card title={title} actions={badge}>
      <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">{children}</dl>
    </Card>
  )
}

function PartnerLine({
  partner,
}: {
  partner: {
    id: string
    name: string
    kind: 'distributor' | 'dealer' | 'reseller'
    tier: 'platinum' | 'gold' | 'silver' | 'registered'
    channelManagerName: string | null
  }
}) {
  const { t } = useTranslation()
  return (
    <>
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
        {t('review:fields.managedBy', { name: partner.channelManagerName ?? t('common:none') })}
      </span>
    </>
  )
}

function KeyList({ keys, shared }: { keys: string[]; shared: Set<string> }) {
  const { t } = useTranslation()
  return (
    <ul className="flex flex-wrap gap-2">
      {keys.map((key) => (
        <li key={key} className="flex max-w-full items-center gap-1">
          <ProspectKeyLink prospectKey={key} />
          {shared.has(key) ? (
            <span className="text-xs font-medium text-amber-700">
              {t('review:conflict.shared')}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
