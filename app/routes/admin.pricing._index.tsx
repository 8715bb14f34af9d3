import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { TierBadge } from '#app/components/partners/partner-display'
import {
  AcknowledgementMeter,
  AudienceText,
  formatBps,
  formatDay,
  PolicyPhaseBadge,
  productLineName,
  useLocale,
} from '#app/components/pricing/pricing-display'
import { buttonClass } from '#app/components/ui/button'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { Pagination } from '#app/components/ui/pagination'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { findPricePolicies } from '#app/modules/pricing/find-price-policies.server'
import {
  findTierDiscountMatrix,
  type TierDiscountMatrix,
} from '#app/modules/pricing/find-tier-discount-matrix.server'
import { parsePageParam } from '#app/modules/pricing/price-validity-rules'
import { hasPermission } from '#app/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Pricing · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:pricing:any')
  const page = parsePageParam(new URL(request.url).searchParams.get('page'))
  const now = new Date()
  const [matrix, policies] = await Promise.all([
    findTierDiscountMatrix(context.db, { now }),
    findPricePolicies(context.db, { page, now }),
  ])
  return { matrix, policies, canManage: hasPermission(actor.role, 'manage:pricing:any') }
}

export default function PricingPage() {
  const { t } = useTranslation()
  const locale = useLocale()
  const { matrix, policies, canManage } = useLoaderData<typeof loader>()

  return (
    <>
      <PageHeader
        title={t('pricing:overview.title')}
        description={t('pricing:overview.description')}
        actions={
          canManage ? (
            <Link to="/admin/pricing/policies/new" className={buttonClass('primary')}>
              {t('pricing:overview.publish')}
            </Link>
          ) : null
        }
      />

      <div className="mb-6 grid gap-3 sm:grid-cols-2">
        <SectionLink
          to="/admin/pricing/contracts"
          title={t('pricing:overview.contractsLink')}
          body={t('pricing:overview.contractsHint')}
        />
        <SectionLink
          to="/admin/pricing/volume-breaks"
          title={t('pricing:overview.volumeBreaksLink')}
          body={t('pricing:overview.volumeBreaksHint')}
        />
      </div>

      <section className="mb-8" aria-labelledby="tier-discounts">
        <div className="mb-3">
          <h2 id="tier-discounts" className="text-base font-semibold text-slate-900">
            {t('pricing:matrix.title')}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {t('pricing:matrix.description', { date: formatDay(matrix.today, locale) })}
          </p>
        </div>
        {matrix.lines.length === 0 ? (
          <Card>
            <EmptyState>{t('pricing:matrix.empty')}</EmptyState>
          </Card>
        ) : (
          <>
            {/* Phones: one card per product line; wider screens: the matrix. */}
            <ul className="space-y-3 md:hidden">
              {matrix.lines.map((line) => (
                <li
                  key={line.id}
                  className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
                >
                  <p className="font-medium text-slate-900">
                    {productLineName(line, locale)}{' '}
                    <span className="font-mono text-xs text-slate-500">{line.code}</span>
                  </p>
                  <dl className="mt-3 grid grid-cols-2 gap-3">
                    {line.cells.map((cell) => (
                      <div key={cell.tier}>
                        <dt>
                          <TierBadge tier={cell.tier} />
                        </dt>
                        <dd className="mt-1">
                          <DiscountCell cell={cell} />
                        </dd>
                      </div>
                    ))}
                  </dl>
                </li>
              ))}
            </ul>
            <div className="hidden md:block">
              <Table caption={t('pricing:matrix.caption')}>
                <thead>
                  <tr>
                    <Th className="w-1/5">{t('pricing:matrix.productLine')}</Th>
                    {matrix.tiers.map((tier) => (
                      <Th key={tier} className="w-1/5">
                        <TierBadge tier={tier} />
                      </Th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {matrix.lines.map((line) => (
                    <tr key={line.id}>
                      <th scope="row" className="px-4 py-2.5 text-left align-top font-normal">
                        <span className="block text-sm font-medium text-slate-900">
                          {productLineName(line, locale)}
                        </span>
                        <span className="block font-mono text-xs text-slate-500">{line.code}</span>
                      </th>
                      {line.cells.map((cell) => (
                        <Td key={cell.tier} className="align-top whitespace-normal">
                          <DiscountCell cell={cell} testId={`${line.code}-${cell.tier}`} />
                        </Td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="price-policies">
        <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="price-policies" className="text-base font-semibold text-slate-900">
              {t('pricing:policies.title')}
            </h2>
            <p className="mt-1 text-sm text-slate-600">{t('pricing:policies.description')}</p>
          </div>
        </div>
        {policies.policies.length === 0 ? (
          <Card>
            <EmptyState>{t('pricing:policies.empty')}</EmptyState>
          </Card>
        ) : (
          <>
            <ul className="space-y-3 md:hidden">
              {policies.policies.map((policy) => (
                <li
                  key={policy.id}
                  className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
                >
                  <div className="flex items-start justify-between gap-3">
                    <Link
                      to={`/admin/pricing/policies/${policy.id}`}
                      className="min-w-0 font-medium break-words text-brand-700 hover:underline"
                    >
                      {policy.title}
                    </Link>
                    <span className="shrink-0">
                      <PolicyPhaseBadge phase={policy.phase} />
                    </span>
                  </div>
                  <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
                    <div>
                      <dt className="text-xs text-slate-500">
                        {t('pricing:policies.columns.effectiveFrom')}
                      </dt>
                      <dd>{formatDay(policy.effectiveFrom, locale)}</dd>
                    </div>
                    <div>
                      <dt className="text-xs text-slate-500">
                        {t('pricing:policies.columns.audience')}
                      </dt>
                      <dd>
                        <AudienceText
                          audienceTiers={policy.audienceTiers}
                          partner={policy.partner}
                        />
                      </dd>
                    </div>
                    <div>
                      <dt className="text-xs text-slate-500">
                        {t('pricing:policies.columns.acknowledged')}
                      </dt>
                      <dd>
                        <AcknowledgementMeter
                          acknowledged={policy.acknowledgedCount}
                          addressed={policy.addressedCount}
                        />
                      </dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
            <div className="hidden md:block">
              <Table caption={t('pricing:policies.caption')}>
                <thead>
                  <tr>
                    <Th>{t('pricing:policies.columns.title')}</Th>
                    <Th>{t('pricing:policies.columns.effectiveFrom')}</Th>
                    <Th>{t('pricing:policies.columns.audience')}</Th>
                    <Th>{t('pricing:policies.columns.status')}</Th>
                    <Th>{t('pricing:policies.columns.acknowledged')}</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {policies.policies.map((policy) => (
                    <tr key={policy.id} className="hover:bg-slate-50">
                      <Td>
                        <div className="w-72 whitespace-normal">
                          <Link
                            to={`/admin/pricing/policies/${policy.id}`}
                            className="font-medium text-brand-700 hover:underline"
                          >
                            {policy.title}
                          </Link>
                        </div>
                      </Td>
                      <Td>{formatDay(policy.effectiveFrom, locale)}</Td>
                      <Td>
                        <div className="w-40 whitespace-normal">
                          <AudienceText
                            audienceTiers={policy.audienceTiers}
                            partner={policy.partner}
                          />
                        </div>
                      </Td>
                      <Td>
                        <PolicyPhaseBadge phase={policy.phase} />
                      </Td>
                      <Td>
                        <AcknowledgementMeter
                          acknowledged={policy.acknowledgedCount}
                          addressed={policy.addressedCount}
                        />
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          </>
        )}
        <Pagination
          page={policies.page}
          pageCount={policies.pageCount}
          total={policies.total}
          hrefFor={(page) => (page > 1 ? `?page=${page}` : '/admin/pricing')}
          label={t('pricing:policies.pagination')}
        />
      </section>
    </>
  )
}

type MatrixCell = TierDiscountMatrix['lines'][number]['cells'][number]

/** Today's discount and, when there is one, the next scheduled change with its policy. */
function DiscountCell({ cell, testId }: { cell: MatrixCell; testId?: string }) {
  const { t } = useTranslation()
  const locale = useLocale()
  return (
    <>
      <span
        className="block text-base font-semibold tabular-nums text-slate-900"
        data-testid={testId ? `discount-${testId}` : undefined}
      >
        {cell.currentBps === null ? (
          <span className="text-sm font-normal text-slate-500">
            {t('pricing:matrix.listPrice')}
          </span>
        ) : (
          formatBps(cell.currentBps, locale)
        )}
      </span>
      {cell.next ? (
        <span
          className="mt-1 block max-w-56 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800 ring-1 ring-inset ring-amber-600/20"
          data-testid={testId ? `scheduled-${testId}` : undefined}
        >
          {t('pricing:matrix.scheduled', {
            value: formatBps(cell.next.discountBps, locale),
            date: formatDay(cell.next.validFrom, locale),
          })}
          {cell.next.policyId ? (
            <Link
              to={`/admin/pricing/policies/${cell.next.policyId}`}
              className="mt-0.5 block truncate font-medium text-amber-900 underline decoration-amber-400 hover:decoration-amber-700"
              title={cell.next.policyTitle ?? undefined}
            >
              {cell.next.policyTitle}
            </Link>
          ) : null}
          {cell.laterCount > 0 ? (
            <span className="mt-0.5 block text-amber-700">
              {t('pricing:matrix.laterChanges', { count: cell.laterCount })}
            </span>
          ) : null}
        </span>
      ) : cell.currentValidTo ? (
        <span className="mt-1 block text-xs text-slate-500">
          {t('pricing:matrix.endsOn', { date: formatDay(cell.currentValidTo, locale) })}
        </span>
      ) : null}
    </>
  )
}

function SectionLink({ to, title, body }: { to: string; title: string; body: string }) {
  return (
    <Link
      to={to}
      className="group block rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-brand-300"
    >
      <span className="block text-sm font-semibold text-brand-700 group-hover:underline">
        {title} →
      </span>
      <span className="mt-1 block text-sm text-slate-600">{body}</span>
    </Link>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
