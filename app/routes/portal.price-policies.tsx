import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { formatPercent, localName } from '#app/components/catalog/catalog-display'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Button } from '#app/components/ui/button'
import { Badge, Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { Table, Td, Th } from '#app/components/ui/table'
import { notFound, requirePartnerUser } from '#app/modules/auth/require.server'
import { acknowledgePricePolicy } from '#app/modules/catalog/acknowledge-price-policy.server'
import {
  findPartnerPricePolicies,
  type PartnerPricePolicy,
  type PolicyPriceChange,
} from '#app/modules/catalog/find-partner-price-policies.server'
import { getCatalogActor } from '#app/modules/catalog/get-catalog-actor.server'
import {
  AcknowledgePolicyForm,
  daysUntil,
  pricePolicyIntents,
  recentPolicyDays,
} from '#app/modules/catalog/price-policy-rules'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { useRootData } from '#app/root'
import { isAppError } from '#app/utils/app-error'
import { formatDate, formatDateTime, formatMoney, formatNumber } from '#app/utils/format'
import { parseForm } from '#app/utils/forms'
import { hasPermission } from '#app/utils/permissions'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Price policies · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePartnerUser(context.db, request, 'read:catalog:own')
  const actor = await orHttpError(getCatalogActor(context.db, { user }))
  const today = todayInShanghai(new Date())
  const policies = await findPartnerPricePolicies(context.db, { actor, date: today })
  return {
    ...policies,
    today,
    tier: actor.tier,
    canAcknowledge: hasPermission(user.role, 'acknowledge:price_policy:own'),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePartnerUser(context.db, request, 'acknowledge:price_policy:own')
  const actor = await orHttpError(getCatalogActor(context.db, { user }))
  const parsed = parseForm(AcknowledgePolicyForm, await readFormData(request))
  // The only field is a hidden id: a form without it was not made by this page.
  if (!parsed.ok) throw new Response('Unknown action', { status: 400 })
  try {
    const result = await acknowledgePricePolicy(context.db, {
      actor,
      policyId: parsed.data.policyId,
      ip: context.clientIp,
    })
    return redirectWithToast('/portal/price-policies', {
      kind: 'success',
      message: result.alreadyAcknowledged
        ? 'catalog:policies.toast.alreadyAcknowledged'
        : 'catalog:policies.toast.acknowledged',
      values: { title: result.title },
    })
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound()
    throw error
  }
}

export default function PricePoliciesPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const empty = data.upcoming.length === 0 && data.effective.length === 0
  return (
    <>
      <PageHeader
        title={t('catalog:policies.title')}
        description={t('catalog:policies.description', { days: recentPolicyDays })}
      />
      {empty ? (
        <Card>
          <EmptyState>{t('catalog:policies.empty')}</EmptyState>
        </Card>
      ) : (
        <div className="space-y-8">
          <PolicySection
            id="upcoming"
            title={t('catalog:policies.upcoming')}
            emptyText={t('catalog:policies.noUpcoming')}
            policies={data.upcoming}
          />
          <PolicySection
            id="effective"
            title={t('catalog:policies.effective', { days: recentPolicyDays })}
            emptyText={t('catalog:policies.noEffective')}
            policies={data.effective}
          />
        </div>
      )}
    </>
  )
}

function PolicySection({
  id,
  title,
  emptyText,
  policies,
}: {
  id: string
  title: string
  emptyText: string
  policies: PartnerPricePolicy[]
}) {
  return (
    <section aria-labelledby={`policies-${id}`}>
      <h2 id={`policies-${id}`} className="mb-3 text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {policies.length === 0 ? (
        <p className="text-sm text-slate-500">{emptyText}</p>
      ) : (
        <ul className="space-y-4">
          {policies.map((policy) => (
            <li key={policy.id}>
              <PolicyCard policy={policy} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function PolicyCard({ policy }: { policy: PartnerPricePolicy }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const data = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const submitting =
    navigation.state !== 'idle' && navigation.formData?.get('policyId') === policy.id
  const days = daysUntil(policy.effectiveFrom, data.today)
  const colleagues = policy.acknowledgements.filter((a) => !a.byActingUser)
  const describe = useChangeDescription()
  return (
    <article
      aria-labelledby={`policy-${policy.id}`}
      className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
    >
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-3">
        <div className="min-w-0">
          <h3 id={`policy-${policy.id}`} className="text-base font-semibold text-slate-900">
            {policy.title}
          </h3>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span>
              {t('catalog:policies.effectiveFrom', {
                date: formatDate(policy.effectiveFrom, locale, 'UTC'),
              })}
            </span>
            {policy.timing === 'upcoming' ? (
              <Badge color="amber">{t('catalog:policies.inDays', { count: days })}</Badge>
            ) : (
              <Badge color="green">{t('catalog:policies.inEffect')}</Badge>
            )}
            <span className="text-xs text-slate-500">
              {policy.forPartnerOnly
                ? t('catalog:policies.audienceOwn')
                : policy.audienceTiers.length > 0
                  ? t('catalog:policies.audienceTiers', {
                      tiers: policy.audienceTiers
                        .map((tier) => t(`common:tiers.${tier}`))
                        .join(', '),
                    })
                  : t('catalog:policies.audienceAll')}
            </span>
          </p>
        </div>
        <div className="sm:shrink-0 sm:text-right">
          {policy.acknowledgedAt ? (
            <p className="text-sm text-green-800" data-testid="acknowledged">
              ✓{' '}
              {t('catalog:policies.acknowledgedOn', {
                date: formatDateTime(policy.acknowledgedAt, locale),
              })}
            </p>
          ) : data.canAcknowledge ? (
            <Form method="post">
              <input type="hidden" name="intent" value={pricePolicyIntents.acknowledge} />
              <input type="hidden" name="policyId" value={policy.id} />
              <Button
                disabled={submitting}
                aria-label={t('catalog:policies.acknowledgeLabel', { title: policy.title })}
              >
                {t('catalog:policies.acknowledge')}
              </Button>
            </Form>
          ) : null}
        </div>
      </header>
      <div className="space-y-4 px-5 py-4">
        {policy.body ? (
          <p className="whitespace-pre-line text-sm text-slate-700">{policy.body}</p>
        ) : null}
        {policy.changes.length > 0 ? (
          <>
            {/* Phones: one entry per change; wider screens: the table. */}
            <ul
              className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200 sm:hidden"
              aria-label={t('catalog:policies.changesCaption', { title: policy.title })}
            >
              {policy.changes.map((change, index) => {
                const parts = describe(change)
                return (
                  <li key={index} className="px-3 py-2 text-sm">
                    <div className="font-medium text-slate-900">{parts.target}</div>
                    <div className="text-slate-700">{parts.what}</div>
                    <div className="text-xs text-slate-500">{parts.valid}</div>
                  </li>
                )
              })}
            </ul>
            <div className="hidden sm:block">
              <Table caption={t('catalog:policies.changesCaption', { title: policy.title })}>
                <thead>
                  <tr>
                    <Th>{t('catalog:policies.columns.appliesTo')}</Th>
                    <Th>{t('catalog:policies.columns.change')}</Th>
                    <Th>{t('catalog:policies.columns.valid')}</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {policy.changes.map((change, index) => {
                    const parts = describe(change)
                    return (
                      <tr key={index}>
                        <Td>
                          <div className="w-56 whitespace-normal">{parts.target}</div>
                        </Td>
                        <Td>
                          <div className="whitespace-normal">{parts.what}</div>
                        </Td>
                        <Td className="text-xs text-slate-600">{parts.valid}</Td>
                      </tr>
                    )
                  })}
                </tbody>
              </Table>
            </div>
          </>
        ) : (
          <p className="text-sm text-slate-500">{t('catalog:policies.noChangesForYou')}</p>
        )}
        {colleagues.length > 0 ? (
          <p className="text-xs text-slate-500">
            {t('catalog:policies.acknowledgedBy', {
              names: colleagues
                .map((a) => `${a.name} (${formatDate(a.acknowledgedAt, locale)})`)
                .join(', '),
            })}
          </p>
        ) : null}
      </div>
    </article>
  )
}

/** A price change in words: what it applies to, the new price, and when. */
function useChangeDescription() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const data = useLoaderData<typeof loader>()
  const tier = t(`common:tiers.${data.tier}`)
  const date = (value: string) => formatDate(value, locale, 'UTC')
  return (change: PolicyPriceChange): { target: ReactNode; what: string; valid: string } => {
    const valid = change.validTo
      ? t('catalog:policies.validRange', { from: date(change.validFrom), to: date(change.validTo) })
      : t('catalog:policies.validFrom', { from: date(change.validFrom) })
    let target: ReactNode
    let what: string
    if (change.kind === 'tier_discount') {
      target = localName(change.productLine, locale)
      what =
        change.previousDiscountBps === null
          ? t('catalog:policies.change.tierDiscount', {
              tier,
              percent: formatPercent(change.discountBps, locale),
            })
          : t('catalog:policies.change.tierDiscountFrom', {
              tier,
              previous: formatPercent(change.previousDiscountBps, locale),
              percent: formatPercent(change.discountBps, locale),
            })
    } else if (change.kind === 'volume_break') {
      target = change.sku ? (
        <Link
          to={`/portal/catalog/${encodeURIComponent(change.sku)}`}
          className="font-mono text-xs text-brand-700 hover:underline"
        >
          {change.sku}
        </Link>
      ) : change.productLine ? (
        localName(change.productLine, locale)
      ) : null
      const quantity = formatNumber(change.minQuantity, locale)
      what =
        change.priceMinor !== null && change.currency
          ? t('catalog:policies.change.volumePrice', {
              quantity,
              price: formatMoney(change.priceMinor, change.currency, locale),
            })
          : t('catalog:policies.change.volumeDiscount', {
              quantity,
              percent: formatPercent(change.discountBps ?? 0, locale),
            })
    } else {
      target = (
        <Link
          to={`/portal/catalog/${encodeURIComponent(change.sku)}`}
          className="text-brand-700 hover:underline"
        >
          <span className="font-mono text-xs">{change.sku}</span>{' '}
          <span className="text-slate-700">{change.productName}</span>
        </Link>
      )
      what = t('catalog:policies.change.contract', {
        price: formatMoney(change.priceMinor, change.currency, locale),
        list: formatMoney(change.listPriceMinor, change.currency, locale),
      })
    }
    return { target, what, valid }
  }
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
