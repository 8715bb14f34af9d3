import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import {
  PartnerStatusBadge,
  regionName,
  TierBadge,
  useIndustryLabel,
} from '#app/components/partners/partner-display'
import { PartnerForm } from '#app/components/partners/partner-form'
import { PartnerStatusCard } from '#app/components/partners/partner-status-card'
import { Badge, Card, PageHeader } from '#app/components/ui/card'
import { InviteUserCard } from '#app/components/users/invite-user-form'
import { TeamTable } from '#app/components/users/team-table'
import { forbidden, requirePermission } from '#app/modules/auth/require.server'
import { findChannelManagers } from '#app/modules/partners/find-channel-managers.server'
import { findRegions } from '#app/modules/partners/find-regions.server'
import { getPartnerDetail } from '#app/modules/partners/get-partner-detail.server'
import {
  PartnerForm as PartnerFormSchema,
  PartnerStatusForm,
} from '#app/modules/partners/partner-rules'
import { setPartnerStatus } from '#app/modules/partners/set-partner-status.server'
import { updatePartner } from '#app/modules/partners/update-partner.server'
import { findPartnerUsers } from '#app/modules/users/find-partner-users.server'
import { handleTeamIntent } from '#app/modules/users/handle-team-intent.server'
import { invitableRoles, userIntents } from '#app/modules/users/user-rules'
import { useRootData } from '#app/root'
import { isAppError } from '#app/utils/app-error'
import { formatDate, formatMoney, formatNumber } from '#app/utils/format'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { minorToInputValue } from '#app/utils/money'
import { hasPermission } from '#app/utils/permissions'
import { orHttpError } from '#app/utils/route-errors.server'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.partner.name ?? 'Partner'} · Channel Portal` },
]

/** The forms of this page besides the team forms (whose intents come from userIntents). */
const partnerIntents = { update: 'update-partner', setStatus: 'set-partner-status' } as const
const teamIntents: readonly string[] = Object.values(userIntents)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:partner:any')
  const partnerId = params.partnerId ?? ''
  const partner = await orHttpError(getPartnerDetail(context.db, { partnerId }))
  const [regions, managers, team] = await Promise.all([
    findRegions(context.db),
    findChannelManagers(context.db),
    hasPermission(actor.role, 'read:user:any')
      ? orHttpError(findPartnerUsers(context.db, { actor, partnerId: partner.id }))
      : null,
  ])
  return {
    partner,
    regions,
    managers,
    team,
    actor: { id: actor.id, role: actor.role, partnerId: actor.partnerId },
    canManage: hasPermission(actor.role, 'manage:partner:any'),
    canManageUsers: hasPermission(actor.role, 'manage:user:any'),
    canReadAudit: hasPermission(actor.role, 'read:audit:any'),
  }
}

type PartnerActionFailure = {
  ok: false
  intent: (typeof partnerIntents)[keyof typeof partnerIntents]
  fieldErrors: FieldErrors
  formError?: string
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:partner:any')
  // The partner is the one in the URL, never a form field.
  const partnerId = params.partnerId ?? ''
  const formData = await readFormData(request)
  const intent = formData.get('intent')

  if (typeof intent === 'string' && teamIntents.includes(intent)) {
    if (!hasPermission(actor.role, 'manage:user:any')) forbidden()
    return handleTeamIntent(context.db, {
      request,
      formData,
      actor,
      partnerId,
      ip: context.clientIp,
    })
  }

  if (intent === partnerIntents.update) {
    const parsed = parseForm(PartnerFormSchema, formData, ['territory'])
    if (!parsed.ok) return failure(intent, parsed.fieldErrors, 400)
    try {
      const result = await updatePartner(context.db, {
        actor,
        partnerId,
        input: parsed.data,
        ip: context.clientIp,
      })
      return redirectWithToast(`/admin/partners/${partnerId}`, {
        kind: result.changed ? 'success' : 'info',
        message: result.changed ? 'partners:toast.updated' : 'partners:toast.unchanged',
        values: { name: parsed.data.name },
      })
    } catch (error) {
      return fieldFailureOrThrow(intent, error)
    }
  }

  if (intent === partnerIntents.setStatus) {
    const parsed = parseForm(PartnerStatusForm, formData)
    if (!parsed.ok) return failure(intent, parsed.fieldErrors, 400)
    try {
      const result = await setPartnerStatus(context.db, {
        actor,
        partnerId,
        status: parsed.data.status,
        reason: parsed.data.reason,
        ip: context.clientIp,
      })
      const message = !result.changed
        ? 'partners:toast.statusUnchanged'
        : parsed.data.status === 'suspended'
          ? 'partners:toast.suspended'
          : 'partners:toast.reactivated'
      return redirectWithToast(`/admin/partners/${partnerId}`, {
        kind: result.changed ? 'success' : 'info',
        message,
        values: { name: result.name, count: result.endedSessions },
      })
    } catch (error) {
      return fieldFailureOrThrow(intent, error)
    }
  }

  throw new Response('Unknown form intent', { status: 400, statusText: 'Bad Request' })
}

function failure(
  intent: PartnerActionFailure['intent'],
  fieldErrors: FieldErrors,
  status: number,
  formError?: string,
) {
  const body: PartnerActionFailure = { ok: false, intent, fieldErrors, formError }
  return data(body, { status })
}

/** A field error goes back to its form; other AppErrors become their HTTP status (404…). */
function fieldFailureOrThrow(intent: PartnerActionFailure['intent'], error: unknown) {
  if (!isAppError(error)) throw error
  if (error.field) return failure(intent, { [error.field]: error.userMessage }, error.status)
  throw new Response(error.userMessage, { status: error.status, statusText: error.code })
}

export default function PartnerDetailPage() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const industryLabel = useIndustryLabel()
  const { partner, regions, managers, team, actor, canManage, canManageUsers, canReadAudit } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const failureFor = (intent: string) =>
    actionData && !actionData.ok && actionData.intent === intent ? actionData : undefined
  const updateFailure = failureFor(partnerIntents.update)
  const statusFailure = failureFor(partnerIntents.setStatus)
  const inviteFailure = failureFor(userIntents.invite)
  const manager = partner.channelManager

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/admin/partners" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('partners:backToList')}
        </Link>
      </nav>
      <PageHeader
        title={partner.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{partner.code}</span>
            <span aria-hidden="true">·</span>
            <span>{t(`common:partnerKinds.${partner.kind}`)}</span>
            <TierBadge tier={partner.tier} />
            <PartnerStatusBadge status={partner.status} />
          </span>
        }
        actions={
          canReadAudit ? (
            <Link
              to={`/admin/audit?partnerId=${partner.id}`}
              className="text-sm font-medium text-brand-600 hover:text-brand-700"
            >
              {t('partners:detail.auditTrail')}
            </Link>
          ) : null
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card
            title={t('partners:detail.summary')}
            actions={
              canManage ? (
                <a href="#edit" className="text-sm font-medium text-brand-600 hover:text-brand-700">
                  {t('partners:detail.edit')}
                </a>
              ) : null
            }
          >
            <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
              <Detail label={t('partners:fields.creditLimit')}>
                {formatMoney(partner.creditLimitMinor, partner.currency, locale)}
              </Detail>
              <Detail label={t('partners:fields.paymentTermsDays')}>
                {t('partners:detail.paymentTerms', {
                  days: formatNumber(partner.paymentTermsDays, locale),
                })}
              </Detail>
              <Detail label={t('partners:fields.channelManager')}>
                {manager ? (
                  <span className="flex flex-wrap items-center gap-2">
                    <span>{manager.name}</span>
                    {manager.status !== 'active' ? (
                      <Badge color="red">{t('partners:detail.managerInactive')}</Badge>
                    ) : null}
                  </span>
                ) : (
                  <span className="text-slate-500">{t('partners:detail.noManager')}</span>
                )}
              </Detail>
              <Detail label={t('partners:fields.currency')}>{partner.currency}</Detail>
              <Detail label={t('partners:fields.users')}>
                {team ? formatNumber(team.users.length, locale) : t('common:none')}
              </Detail>
              <Detail label={t('partners:fields.createdAt')}>
                {formatDate(partner.createdAt, locale)}
              </Detail>
            </dl>
          </Card>

          <Card title={t('partners:detail.territory')}>
            {partner.territories.length === 0 ? (
              <p className="text-sm text-slate-500">{t('partners:detail.noTerritory')}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {partner.territories.map((territory) => (
                  <li
                    key={territory.regionCode}
                    className="flex flex-col gap-1.5 py-2.5 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between"
                  >
                    <span className="text-sm font-medium text-slate-900">
                      {regionName(territory, locale)}{' '}
                      <span className="text-xs font-normal text-slate-500">
                        {territory.regionCode}
                      </span>
                    </span>
                    <span className="flex flex-wrap gap-1.5">
                      {territory.industries.length === 0 ? (
                        <Badge color="slate">{t('partners:detail.allIndustries')}</Badge>
                      ) : (
                        territory.industries.map((industry) => (
                          <Badge key={industry} color="blue">
                            {industryLabel(industry)}
                          </Badge>
                        ))
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>

        <div>
          <PartnerStatusCard
            name={partner.name}
            status={partner.status}
            canManage={canManage}
            intent={partnerIntents.setStatus}
            serverErrors={statusFailure?.fieldErrors}
            formError={statusFailure?.formError}
          />
        </div>
      </div>

      <section aria-labelledby="partner-users" className="mt-10">
        <h2 id="partner-users" className="mb-4 text-lg font-semibold text-slate-900">
          {t('partners:detail.users')}
        </h2>
        {team ? (
          <div className="grid gap-6 xl:grid-cols-3">
            <div className="xl:col-span-2">
              <TeamTable
                users={team.users}
                invitations={team.invitations}
                actor={actor}
                partnerId={partner.id}
              />
            </div>
            <div>
              {canManageUsers && partner.status === 'active' ? (
                <InviteUserCard
                  roles={invitableRoles(actor, partner.id)}
                  serverErrors={inviteFailure?.fieldErrors}
                  formError={inviteFailure?.formError}
                />
              ) : canManageUsers ? (
                <Card>
                  <p className="text-sm text-slate-600">{t('partners:detail.inviteSuspended')}</p>
                </Card>
              ) : null}
            </div>
          </div>
        ) : (
          <Card>
            <p className="text-sm text-slate-500">{t('partners:detail.usersPending')}</p>
          </Card>
        )}
      </section>

      {canManage ? (
        <section id="edit" aria-labelledby="edit-partner" className="mt-10 scroll-mt-6">
          <h2 id="edit-partner" className="mb-4 text-lg font-semibold text-slate-900">
            {t('partners:detail.edit')}
          </h2>
          <Card className="max-w-4xl">
            <PartnerForm
              // A fresh form after each save, so its defaults are what is now stored.
              key={String(partner.updatedAt)}
              mode="edit"
              intent={partnerIntents.update}
              regions={regions}
              managers={managers}
              inactiveManager={manager && manager.status !== 'active' ? manager : null}
              serverErrors={updateFailure?.fieldErrors}
              formError={updateFailure?.formError}
              submitLabel={t('partners:detail.save')}
              defaultValues={{
                name: partner.name,
                code: partner.code,
                kind: partner.kind,
                tier: partner.tier,
                currency: partner.currency,
                creditLimit: minorToInputValue(partner.creditLimitMinor, partner.currency),
                paymentTermsDays: String(partner.paymentTermsDays),
                channelManagerId: partner.channelManagerId ?? '',
                territory: partner.territories.map((territory) => territory.regionCode),
                industries: Object.fromEntries(
                  partner.territories.map((territory) => [
                    territory.regionCode,
                    // Known industries in the reader's language; the form reads them back as keys.
                    territory.industries.map(industryLabel).join(', '),
                  ]),
                ),
              }}
            />
          </Card>
        </section>
      ) : null}
    </>
  )
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900">{children}</dd>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
