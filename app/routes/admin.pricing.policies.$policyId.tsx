import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { clsx } from 'clsx'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { TierBadge } from '#app/components/partners/partner-display'
import {
  AcknowledgementMeter,
  AudienceText,
  BackToPricing,
  formatBps,
  formatDay,
  PolicyPhaseBadge,
  productLineName,
  useLocale,
  ValidityText,
} from '#app/components/pricing/pricing-display'
import { Button } from '#app/components/ui/button'
import { Badge, Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { FormError } from '#app/components/ui/field'
import { Pagination } from '#app/components/ui/pagination'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { findPolicyAcknowledgements } from '#app/modules/pricing/find-policy-acknowledgements.server'
import { getPricePolicy } from '#app/modules/pricing/get-price-policy.server'
import {
  acknowledgementFilters,
  parseAcknowledgementFilter,
  type AcknowledgementFilter,
} from '#app/modules/pricing/price-policy-rules'
import { parsePageParam } from '#app/modules/pricing/price-validity-rules'
import { withdrawPricePolicy } from '#app/modules/pricing/withdraw-price-policy.server'
import { isAppError } from '#app/utils/app-error'
import { formatDateTime } from '#app/utils/format'
import { hasPermission } from '#app/utils/permissions'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.policy.title ?? 'Price policy'} · Channel Portal` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:pricing:any')
  const policyId = params.policyId ?? ''
  const search = new URL(request.url).searchParams
  const show = parseAcknowledgementFilter(search.get('show'))
  const page = parsePageParam(search.get('page'))
  const [policy, acknowledgements] = await Promise.all([
    orHttpError(getPricePolicy(context.db, { policyId })),
    orHttpError(findPolicyAcknowledgements(context.db, { policyId, show, page })),
  ])
  return {
    policy,
    acknowledgements,
    show,
    canManage: hasPermission(actor.role, 'manage:pricing:any'),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:pricing:any')
  const policyId = params.policyId ?? ''
  const formData = await readFormData(request)
  if (formData.get('intent') !== 'withdraw') {
    throw new Response('Unknown form intent', { status: 400, statusText: 'Bad Request' })
  }
  try {
    const result = await withdrawPricePolicy(context.db, { actor, policyId, ip: context.clientIp })
    return redirectWithToast(`/admin/pricing/policies/${policyId}`, {
      kind: 'success',
      message: 'pricing:toast.withdrawn',
      values: { title: result.title },
    })
  } catch (error) {
    if (isAppError(error) && error.code === 'conflict') {
      return data({ ok: false as const, formError: error.userMessage }, { status: 409 })
    }
    if (isAppError(error)) {
      throw new Response(error.userMessage, { status: error.status, statusText: error.code })
    }
    throw error
  }
}

export default function PricePolicyPage() {
  const { t } = useTranslation()
  const locale = useLocale()
  const { policy, acknowledgements, show, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post'
  const filterHref = (next: AcknowledgementFilter, page = 1) => {
    const params = new URLSearchParams()
    if (next !== 'all') params.set('show', next)
    if (page > 1) params.set('page', String(page))
    const query = params.toString()
    return query ? `?${query}` : `/admin/pricing/policies/${policy.id}`
  }
  const pending = policy.addressedCount - policy.acknowledgedCount

  return (
    <>
      <BackToPricing />
      <PageHeader
        title={policy.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <PolicyPhaseBadge phase={policy.phase} />
            <span>
              {t('pricing:policy.effectiveFrom', { date: formatDay(policy.effectiveFrom, locale) })}
            </span>
          </span>
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card title={t('pricing:policy.announcement')}>
            {policy.body ? (
              <p className="whitespace-pre-line text-sm leading-6 text-slate-700">{policy.body}</p>
            ) : (
              <p className="text-sm text-slate-500">{t('pricing:policy.noBody')}</p>
            )}
          </Card>

          <section aria-labelledby="policy-changes">
            <h2 id="policy-changes" className="mb-3 text-base font-semibold text-slate-900">
              {t('pricing:policy.changes')}
            </h2>
            {policy.phase === 'withdrawn' ? (
              <p className="mb-3 text-sm text-slate-600">{t('pricing:policy.withdrawnChanges')}</p>
            ) : null}
            {policy.changes.length === 0 ? (
              <Card>
                <EmptyState>{t('pricing:policy.noChanges')}</EmptyState>
              </Card>
            ) : (
              <Table caption={t('pricing:policy.changesCaption')}>
                <thead>
                  <tr>
                    <Th>{t('pricing:policy.columns.productLine')}</Th>
                    <Th>{t('pricing:policy.columns.tier')}</Th>
                    <Th className="text-right">{t('pricing:policy.columns.before')}</Th>
                    <Th className="text-right">{t('pricing:policy.columns.after')}</Th>
                    {policy.phase !== 'withdrawn' ? (
                      <Th>{t('pricing:policy.columns.validity')}</Th>
                    ) : null}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {policy.changes.map((change, index) => (
                    <tr key={index}>
                      <Td>
                        <span className="font-mono text-xs text-slate-500">
                          {change.productLine?.code}
                        </span>{' '}
                        {productLineName(change.productLine, locale)}
                      </Td>
                      <Td>
                        <TierBadge tier={change.tier} />
                      </Td>
                      <Td className="text-right tabular-nums text-slate-500">
                        {change.previousBps === null
                          ? t('pricing:matrix.listPrice')
                          : formatBps(change.previousBps, locale)}
                      </Td>
                      <Td className="text-right font-semibold tabular-nums text-slate-900">
                        {formatBps(change.discountBps, locale)}
                      </Td>
                      {change.validFrom ? (
                        <Td>
                          <ValidityText validFrom={change.validFrom} validTo={change.validTo} />
                        </Td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </section>
        </div>

        <div className="min-w-0 space-y-6">
          <Card title={t('pricing:policy.details')}>
            <dl className="space-y-3 text-sm">
              <Detail label={t('pricing:policy.audience')}>
                <AudienceText audienceTiers={policy.audienceTiers} partner={policy.partner} />
              </Detail>
              <Detail label={t('pricing:policy.published')}>
                {policy.publishedAt
                  ? t('pricing:policy.publishedBy', {
                      date: formatDateTime(policy.publishedAt, locale),
                      name: policy.publishedByName ?? t('audit:system'),
                    })
                  : t('common:none')}
              </Detail>
              {policy.withdrawnAt ? (
                <Detail label={t('pricing:policy.withdrawn')}>
                  {formatDateTime(policy.withdrawnAt, locale)}
                </Detail>
              ) : null}
              <Detail label={t('pricing:policy.acknowledged')}>
                <AcknowledgementMeter
                  acknowledged={policy.acknowledgedCount}
                  addressed={policy.addressedCount}
                />
              </Detail>
            </dl>
          </Card>

          {canManage && policy.phase !== 'withdrawn' ? (
            <Card title={t('pricing:policy.withdrawTitle')}>
              {policy.canWithdraw ? (
                <Form method="post" className="space-y-3">
                  <FormError error={actionData?.formError} />
                  <p className="text-sm text-slate-600">
                    {t('pricing:policy.withdrawHint', {
                      date: formatDay(policy.effectiveFrom, locale),
                    })}
                  </p>
                  <Button variant="danger" name="intent" value="withdraw" disabled={busy}>
                    {t('pricing:policy.withdraw')}
                  </Button>
                </Form>
              ) : (
                <p className="text-sm text-slate-600">{t('pricing:policy.cannotWithdraw')}</p>
              )}
            </Card>
          ) : null}
        </div>
      </div>

      <section aria-labelledby="acknowledgements" className="mt-8">
        <div className="mb-3">
          <h2 id="acknowledgements" className="text-base font-semibold text-slate-900">
            {t('pricing:acknowledgements.title')}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {t('pricing:acknowledgements.summary', {
              acknowledged: policy.acknowledgedCount,
              addressed: policy.addressedCount,
              pending,
            })}
          </p>
        </div>
        <nav
          aria-label={t('pricing:acknowledgements.filter')}
          className="mb-4 flex flex-wrap gap-2"
        >
          {acknowledgementFilters.map((filter) => (
            <Link
              key={filter}
              to={filterHref(filter)}
              aria-current={show === filter ? 'page' : undefined}
              className={clsx(
                'rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset',
                show === filter
                  ? 'bg-brand-50 text-brand-700 ring-brand-300'
                  : 'bg-white text-slate-700 ring-slate-200 hover:bg-slate-50',
              )}
            >
              {t(`pricing:acknowledgements.filters.${filter}`)}
            </Link>
          ))}
        </nav>
        {acknowledgements.rows.length === 0 ? (
          <Card>
            <EmptyState>{t(`pricing:acknowledgements.empty.${show}`)}</EmptyState>
          </Card>
        ) : (
          <Table caption={t('pricing:acknowledgements.caption')}>
            <thead>
              <tr>
                <Th>{t('pricing:acknowledgements.columns.partner')}</Th>
                <Th>{t('pricing:acknowledgements.columns.tier')}</Th>
                <Th>{t('pricing:acknowledgements.columns.status')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {acknowledgements.rows.map((row) => (
                <tr key={row.partner.id}>
                  <Td>
                    <div className="w-72 whitespace-normal">
                      <Link
                        to={`/admin/partners/${row.partner.id}`}
                        className="font-medium text-slate-900 hover:underline"
                      >
                        {row.partner.name}
                      </Link>
                      <span className="block font-mono text-xs text-slate-500">
                        {row.partner.code}
                      </span>
                    </div>
                  </Td>
                  <Td>
                    <TierBadge tier={row.partner.tier} />
                  </Td>
                  <Td>
                    {row.acknowledgements.length === 0 ? (
                      <Badge color="amber">{t('pricing:acknowledgements.notYet')}</Badge>
                    ) : (
                      <ul className="space-y-1">
                        {row.acknowledgements.map((ack) => (
                          <li key={ack.userId} className="flex flex-wrap items-center gap-2">
                            <Badge color="green">
                              {t('pricing:acknowledgements.acknowledged')}
                            </Badge>
                            <span className="text-slate-900">{ack.name}</span>
                            <span className="text-xs text-slate-500">{ack.email}</span>
                            <span className="text-xs text-slate-500">
                              {formatDateTime(ack.acknowledgedAt, locale)}
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pagination
          page={acknowledgements.page}
          pageCount={acknowledgements.pageCount}
          total={acknowledgements.total}
          hrefFor={(page) => filterHref(show, page)}
          label={t('pricing:acknowledgements.pagination')}
        />
      </section>
    </>
  )
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
