import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import {
  ExtensionForm,
  StageForm,
  WithdrawForm,
  type ActionFailure,
} from '#app/components/deals/registration-actions'
import {
  localName,
  productLineName,
  RegistrationStatusBadge,
  StageLabel,
} from '#app/components/deals/registration-display'
import { RegistrationHistory } from '#app/components/deals/registration-history'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Badge, Card } from '#app/components/ui/card'
import { notFound, requirePartnerUser } from '#app/modules/auth/require.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { getRegistration } from '#app/modules/deals/get-registration.server'
import {
  protectionCountdown,
  registrationIntents,
  RequestExtensionForm,
  UpdateStageForm,
  WithdrawForm as WithdrawFormSchema,
} from '#app/modules/deals/partner-registration-rules'
import { requestExtension } from '#app/modules/deals/request-extension.server'
import { updateRegistrationStage } from '#app/modules/deals/update-registration-stage.server'
import { withdrawRegistration } from '#app/modules/deals/withdraw-registration.server'
import { useRootData } from '#app/root'
import { isAppError } from '#app/utils/app-error'
import { formatDate, formatDateTime, formatMoney } from '#app/utils/format'
import { parseForm } from '#app/utils/forms'
import { createI18n } from '#app/utils/i18n'
import { resolveLocale } from '#app/utils/locale.server'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.registration.number ?? 'Registration'} · Channel Portal` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'read:registration:own')
  const detail = await orHttpError(
    getRegistration(context.db, { actor, registrationId: params.registrationId ?? '' }),
  )
  return { ...detail, today: todayInShanghai(detail.now) }
}

type Failure = ActionFailure & { ok: false; intent: string }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'create:registration:own')
  const registrationId = params.registrationId ?? ''
  const formData = await readFormData(request)
  const intent = String(formData.get('intent') ?? '')
  const url = `/portal/registrations/${registrationId}`
  const fail = (failure: ActionFailure, status: number) =>
    data<Failure>({ ok: false, intent, ...failure }, { status })

  try {
    if (intent === registrationIntents.stage) {
      const parsed = parseForm(UpdateStageForm, formData)
      if (!parsed.ok) return fail({ fieldErrors: parsed.fieldErrors }, 400)
      const result = await updateRegistrationStage(context.db, {
        actor,
        registrationId,
        input: parsed.data,
        ip: context.clientIp,
      })
      const i18n = createI18n(await resolveLocale(request, actor.locale))
      return redirectWithToast(url, {
        kind: 'success',
        message:
          result.status === 'won'
            ? 'deals:toast.won'
            : result.status === 'lost'
              ? 'deals:toast.lost'
              : 'deals:toast.stageChanged',
        values: { number: result.number, stage: i18n.t(`deals:stage.${result.stage}`) },
      })
    }
    if (intent === registrationIntents.extension) {
      const parsed = parseForm(RequestExtensionForm, formData)
      if (!parsed.ok) return fail({ fieldErrors: parsed.fieldErrors }, 400)
      const result = await requestExtension(context.db, {
        actor,
        registrationId,
        progressNote: parsed.data.progressNote,
        ip: context.clientIp,
      })
      return redirectWithToast(url, {
        kind: 'success',
        message: 'deals:toast.extensionRequested',
        values: { number: result.number, days: result.days },
      })
    }
    if (intent === registrationIntents.withdraw) {
      const parsed = parseForm(WithdrawFormSchema, formData)
      if (!parsed.ok) return fail({ fieldErrors: parsed.fieldErrors }, 400)
      const result = await withdrawRegistration(context.db, {
        actor,
        registrationId,
        reason: parsed.data.reason,
        ip: context.clientIp,
      })
      return redirectWithToast(url, {
        kind: 'success',
        message: 'deals:toast.withdrawn',
        values: { number: result.number },
      })
    }
  } catch (error) {
    if (!isAppError(error)) throw error
    if (error.code === 'not_found') notFound()
    return fail(
      error.field
        ? { fieldErrors: { [error.field]: error.userMessage } }
        : { fieldErrors: {}, formError: { message: error.userMessage, params: error.params } },
      error.status,
    )
  }
  throw new Response('Unknown action', { status: 400 })
}

export default function RegistrationPage() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const detail = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const failureFor = (intent: string) =>
    actionData && !actionData.ok && actionData.intent === intent ? actionData : undefined
  const { registration: r, allowed } = detail

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link
          to="/portal/registrations"
          className="font-medium text-brand-600 hover:text-brand-700"
        >
          ← {t('deals:detail.backToList')}
        </Link>
      </nav>
      <header className="mb-6">
        <p className="font-mono text-sm text-slate-500">{r.number}</p>
        <h1 className="mt-1 break-words text-2xl font-semibold tracking-tight text-slate-900">
          {r.prospectName}
        </h1>
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <RegistrationStatusBadge status={r.status} />
          <Badge>
            <StageLabel stage={r.stage} />
          </Badge>
          <span>{productLineName(r, locale)}</span>
          <span aria-hidden="true" className="hidden sm:inline">
            ·
          </span>
          <span>
            {t('deals:detail.submittedBy', {
              name: r.createdByName,
              date: formatDate(r.submittedAt, locale),
            })}
          </span>
        </div>
      </header>

      {detail.fulfilledByUs ? (
        <p className="mb-6 rounded-md bg-violet-50 p-3 text-sm text-violet-900 ring-1 ring-inset ring-violet-200">
          {t('deals:detail.fulfilledBanner', { partner: r.partnerName })}
        </p>
      ) : null}

      <ProtectionCard detail={detail} />

      <div className="mt-6 grid gap-6 lg:grid-cols-3 lg:grid-rows-[auto_1fr] lg:items-start">
        <Card title={t('deals:detail.summary')} className="lg:col-span-2">
          <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
            <Fact label={t('deals:detail.fields.prospect')}>{r.prospectName}</Fact>
            <Fact label={t('deals:detail.fields.productLine')}>
              {productLineName(r, locale)} ({r.productLineCode})
            </Fact>
            <Fact label={t('deals:detail.fields.taxId')}>
              {r.prospectTaxId ? <span className="font-mono">{r.prospectTaxId}</span> : null}
            </Fact>
            <Fact label={t('deals:detail.fields.domain')}>{r.prospectDomain}</Fact>
            <Fact label={t('deals:detail.fields.region')}>
              {localName({ nameEn: r.regionNameEn, nameZh: r.regionNameZh }, locale)}
              {r.outsideTerritory ? (
                <span className="mt-1 block text-xs text-amber-800">
                  {t('deals:detail.outsideTerritory')}
                </span>
              ) : null}
            </Fact>
            <Fact label={t('deals:detail.fields.industry')}>
              {r.industryNameEn && r.industryNameZh
                ? localName({ nameEn: r.industryNameEn, nameZh: r.industryNameZh }, locale)
                : null}
            </Fact>
            <Fact label={t('deals:detail.fields.value')}>
              <span className="tabular-nums">
                {formatMoney(r.estimatedValueMinor, r.currency, locale)}
              </span>
            </Fact>
            <Fact label={t('deals:detail.fields.expectedClose')}>
              {formatDate(r.expectedCloseDate, locale, 'UTC')}
            </Fact>
            {r.wonAmountMinor !== null ? (
              <Fact label={t('deals:detail.fields.wonAmount')}>
                <span className="tabular-nums">
                  {formatMoney(r.wonAmountMinor, r.currency, locale)}
                </span>
              </Fact>
            ) : null}
            {r.wonOn ? (
              <Fact label={t('deals:detail.fields.wonOn')}>
                {formatDate(r.wonOn, locale, 'UTC')}
              </Fact>
            ) : null}
            {r.lostReasonCode ? (
              <Fact label={t('deals:detail.fields.lossReason')}>
                {t(`deals:lossReason.${r.lostReasonCode}`, { defaultValue: r.lostReasonCode })}
              </Fact>
            ) : null}
            {r.closedAt ? (
              <Fact label={t('deals:detail.fields.closedAt')}>
                {formatDateTime(r.closedAt, locale)}
              </Fact>
            ) : null}
            <Fact label={t('deals:detail.fields.contact')}>
              {r.contactName || r.contactEmail || r.contactPhone ? (
                <span className="flex flex-col">
                  {r.contactName ? <span>{r.contactName}</span> : null}
                  {r.contactEmail ? <span className="break-all">{r.contactEmail}</span> : null}
                  {r.contactPhone ? <span>{r.contactPhone}</span> : null}
                </span>
              ) : null}
            </Fact>
            {detail.fulfilledByUs ? (
              <Fact label={t('deals:detail.fields.registeredBy')}>{r.partnerName}</Fact>
            ) : r.fulfilmentPartnerName ? (
              <Fact label={t('deals:detail.fields.fulfilment')}>{r.fulfilmentPartnerName}</Fact>
            ) : null}
            <div className="sm:col-span-2">
              <Fact label={t('deals:detail.fields.notes')}>
                {r.notes ? <span className="whitespace-pre-line">{r.notes}</span> : null}
              </Fact>
            </div>
          </dl>
        </Card>

        <div className="space-y-6 lg:col-start-3 lg:row-span-2 lg:row-start-1">
          {allowed.act ? (
            <Card title={t('deals:actions.title')}>
              <div className="divide-y divide-slate-100 [&>*]:py-5 [&>*:first-child]:pt-0 [&>*:last-child]:pb-0">
                {allowed.moveStage ? (
                  <section aria-labelledby="stage-title">
                    <h3 id="stage-title" className="mb-3 text-sm font-semibold text-slate-900">
                      {t('deals:stageForm.title')}
                    </h3>
                    <StageForm
                      current={r.stage}
                      currency={r.currency}
                      today={detail.today}
                      lossReasons={detail.lossReasons}
                      failure={failureFor(registrationIntents.stage)}
                    />
                  </section>
                ) : null}
                {r.status === 'approved' ? (
                  <section aria-labelledby="extension-title">
                    <h3 id="extension-title" className="mb-3 text-sm font-semibold text-slate-900">
                      {t('deals:extension.title')}
                    </h3>
                    {allowed.requestExtension ? (
                      <ExtensionForm
                        remaining={detail.extensionPolicy.remaining}
                        max={detail.extensionPolicy.maxCount}
                        days={detail.extensionPolicy.days}
                        failure={failureFor(registrationIntents.extension)}
                      />
                    ) : !detail.extensionPolicy.check.ok ? (
                      <p className="text-sm text-slate-600">
                        {t(`deals:extension.refused.${detail.extensionPolicy.check.reason}`, {
                          max: detail.extensionPolicy.maxCount,
                        })}
                      </p>
                    ) : null}
                  </section>
                ) : null}
                {allowed.withdraw ? (
                  <section>
                    <WithdrawForm failure={failureFor(registrationIntents.withdraw)} />
                  </section>
                ) : null}
                {!allowed.moveStage && !allowed.withdraw && r.status !== 'approved' ? (
                  <p className="text-sm text-slate-600">{t('deals:actions.nothing')}</p>
                ) : null}
              </div>
            </Card>
          ) : (
            <Card title={t('deals:actions.title')}>
              <p className="text-sm text-slate-600">{t('deals:actions.readOnly')}</p>
            </Card>
          )}

          {detail.extensions.length > 0 ? (
            <Card title={t('deals:extension.requests')}>
              <ul className="space-y-4">
                {detail.extensions.map((extension) => (
                  <li key={extension.id} className="text-sm">
                    <div className="flex flex-wrap items-center gap-2">
                      <Badge
                        color={
                          extension.status === 'approved'
                            ? 'green'
                            : extension.status === 'rejected'
                              ? 'red'
                              : 'amber'
                        }
                      >
                        {t(`deals:extension.requestStatus.${extension.status}`)}
                      </Badge>
                      <span className="text-slate-600">
                        {t('deals:extension.days', { days: extension.days })}
                      </span>
                    </div>
                    <p className="mt-1 text-xs text-slate-500">
                      {t('deals:extension.requestedBy', {
                        name: extension.requestedByName,
                        date: formatDate(extension.createdAt, locale),
                      })}
                    </p>
                    <p className="mt-1 whitespace-pre-line text-slate-700">
                      {extension.progressNote}
                    </p>
                    {extension.decisionReason ? (
                      <p className="mt-1 text-slate-600">
                        {t('deals:extension.decision', {
                          reason:
                            extension.decisionReason === 'registration_closed'
                              ? t('deals:extension.closedWithRegistration')
                              : extension.decisionReason,
                        })}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>

        <Card title={t('deals:history.title')} className="lg:col-span-2">
          <RegistrationHistory entries={detail.history} />
        </Card>
      </div>
    </>
  )
}

/** Protected until when, with the time left; or why nothing is protected. */
function ProtectionCard({ detail }: { detail: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const r = detail.registration
  let tone = 'bg-slate-50 ring-slate-200 text-slate-800'
  let body: ReactNode
  if (r.status === 'approved' && r.protectionEndsAt) {
    const left = protectionCountdown(r.protectionEndsAt, detail.now)
    tone = 'bg-green-50 ring-green-200 text-green-900'
    body = (
      <div className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1">
        <p className="text-base font-semibold">
          {t('deals:detail.protection.until', { date: formatDateTime(r.protectionEndsAt, locale) })}
        </p>
        {!left.expired ? (
          <p className="text-2xl font-semibold tabular-nums">
            {t('deals:detail.protection.left', { days: left.days, hours: left.hours })}
          </p>
        ) : null}
      </div>
    )
  } else if (r.status === 'expired') {
    tone = 'bg-amber-50 ring-amber-200 text-amber-900'
    body = (
      <>
        {r.protectionEndsAt ? (
          <p className="font-semibold">
            {t('deals:detail.protection.expiredOn', {
              date: formatDateTime(r.protectionEndsAt, locale),
            })}
          </p>
        ) : null}
        <p className="text-sm">{t('deals:detail.protection.expired')}</p>
      </>
    )
  } else if (r.status === 'pending') {
    tone = 'bg-amber-50 ring-amber-200 text-amber-900'
    body = <p className="text-sm font-medium">{t('deals:detail.protection.pending')}</p>
  } else if (r.status === 'rejected') {
    body = <p className="text-sm">{t('deals:detail.protection.refused')}</p>
  } else {
    body = <p className="text-sm">{t('deals:detail.protection.closed')}</p>
  }
  return (
    <section
      aria-labelledby="protection-title"
      className={`rounded-lg p-4 ring-1 ring-inset ${tone}`}
    >
      <h2
        id="protection-title"
        className="text-xs font-semibold uppercase tracking-wide opacity-75"
      >
        {t('deals:detail.protection.title')}
      </h2>
      <div className="mt-1">{body}</div>
      {r.status === 'approved' || r.extensionsUsed > 0 ? (
        <p className="mt-2 text-xs opacity-80">
          {t('deals:detail.protection.extensionsUsed', {
            used: r.extensionsUsed,
            max: detail.extensionPolicy.maxCount,
          })}
        </p>
      ) : null}
    </section>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 break-words text-sm text-slate-900">
        {children ?? <span className="text-slate-400">{t('common:none')}</span>}
      </dd>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
