import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { PartnerStatusBadge, TierBadge } from '#app/components/partners/partner-display'
import { ContractPriceForm } from '#app/components/pricing/contract-price-form'
import {
  BackToPricing,
  formatDay,
  useLocale,
  useServerErrorText,
  ValidityTabs,
} from '#app/components/pricing/pricing-display'
import { RowActions, type RowFailure } from '#app/components/pricing/row-actions'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { TextField } from '#app/components/ui/field'
import { Pagination } from '#app/components/ui/pagination'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import {
  contractPriceForm,
  contractPriceSearch,
  parseContractPriceQuery,
} from '#app/modules/pricing/contract-price-rules'
import { createContractPrice } from '#app/modules/pricing/create-contract-price.server'
import { deleteContractPrice } from '#app/modules/pricing/delete-contract-price.server'
import { endContractPrice } from '#app/modules/pricing/end-contract-price.server'
import { findContractPartners } from '#app/modules/pricing/find-contract-partners.server'
import { findContractPrices } from '#app/modules/pricing/find-contract-prices.server'
import { DeleteRowForm, EndRowForm } from '#app/modules/pricing/price-validity-rules'
import { isAppError } from '#app/utils/app-error'
import { formatMoney, formatNumber } from '#app/utils/format'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { hasPermission } from '#app/utils/permissions'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.prices
      ? `${data.prices.partner.name} · Contract prices · Channel Portal`
      : 'Contract prices · Channel Portal',
  },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:pricing:any')
  const query = parseContractPriceQuery(new URL(request.url).searchParams)
  const canManage = hasPermission(actor.role, 'manage:pricing:any')
  if (!query.partnerId) {
    const partners = await findContractPartners(context.db, { q: query.q })
    return { query, partners, prices: null, canManage, today: todayInShanghai(new Date()) }
  }
  const prices = await orHttpError(
    findContractPrices(context.db, {
      partnerId: query.partnerId,
      when: query.when,
      sku: query.sku,
      page: query.page,
    }),
  )
  return { query, partners: null, prices, canManage, today: prices.today }
}

type AddFailure = {
  ok: false
  intent: 'add'
  fieldErrors: FieldErrors
  params?: Record<string, string | number> | null
  formError?: string
}
type ContractActionFailure = AddFailure | ({ ok: false } & RowFailure)

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:pricing:any')
  // The partner is the one in the URL, never a form field.
  const query = parseContractPriceQuery(new URL(request.url).searchParams)
  if (!query.partnerId) throw new Response('Choose a partner', { status: 404 })
  const partnerId = query.partnerId
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const now = new Date()
  const back = `/admin/pricing/contracts${contractPriceSearch(query)}`

  if (intent === 'add') {
    const parsed = parseForm(contractPriceForm(todayInShanghai(now)), formData)
    if (!parsed.ok) return data<ContractActionFailure>({ ...parsed, intent }, { status: 400 })
    try {
      const result = await createContractPrice(context.db, {
        actor,
        partnerId,
        input: parsed.data,
        ip: context.clientIp,
        now,
      })
      // Show the new price where it now lives: in force today, or upcoming.
      const when = parsed.data.validFrom > todayInShanghai(now) ? 'future' : 'current'
      return redirectWithToast(
        `/admin/pricing/contracts${contractPriceSearch(query, { when, page: 1, sku: '' })}`,
        { kind: 'success', message: 'pricing:toast.contractAdded', values: { sku: result.sku } },
      )
    } catch (error) {
      return failureOrThrow(error, (fields) => ({ ok: false, intent, ...fields }))
    }
  }

  if (intent === 'end') {
    const rowId = String(formData.get('id') ?? '')
    const parsed = parseForm(EndRowForm, formData)
    if (!parsed.ok) {
      return data<ContractActionFailure>({ ...parsed, intent, rowId }, { status: 400 })
    }
    try {
      await endContractPrice(context.db, {
        actor,
        partnerId,
        contractPriceId: parsed.data.id,
        validTo: parsed.data.validTo,
        ip: context.clientIp,
        now,
      })
    } catch (error) {
      return failureOrThrow(error, (fields) => ({ ok: false, intent, rowId, ...fields }))
    }
    return redirectWithToast(back, { kind: 'success', message: 'pricing:toast.contractEnded' })
  }

  if (intent === 'delete') {
    const parsed = parseForm(DeleteRowForm, formData)
    if (!parsed.ok) throw new Response('Choose a contract price', { status: 400 })
    try {
      await deleteContractPrice(context.db, {
        actor,
        partnerId,
        contractPriceId: parsed.data.id,
        ip: context.clientIp,
        now,
      })
    } catch (error) {
      return failureOrThrow(error, (fields) => ({
        ok: false,
        intent,
        rowId: parsed.data.id,
        ...fields,
      }))
    }
    return redirectWithToast(back, { kind: 'success', message: 'pricing:toast.contractDeleted' })
  }

  throw new Response('Unknown form intent', { status: 400, statusText: 'Bad Request' })
}

/**
 * A field error goes back to its form, a refusal (409) is shown beside the form, other AppErrors
 * become their HTTP status (404 for another partner's or a missing row).
 */
function failureOrThrow(
  error: unknown,
  shape: (fields: {
    fieldErrors: FieldErrors
    formError?: string
    params?: Record<string, string | number> | null
  }) => ContractActionFailure,
) {
  if (!isAppError(error)) throw error
  if (error.field) {
    return data<ContractActionFailure>(
      shape({ fieldErrors: { [error.field]: error.userMessage }, params: error.params }),
      { status: error.status },
    )
  }
  if (error.code === 'conflict' || error.code === 'invalid') {
    return data<ContractActionFailure>(shape({ fieldErrors: {}, formError: error.userMessage }), {
      status: error.status,
    })
  }
  throw new Response(error.userMessage, { status: error.status, statusText: error.code })
}

export default function ContractPricesPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  return (
    <>
      <BackToPricing />
      {data.prices ? (
        <PartnerContracts />
      ) : (
        <>
          <PageHeader
            title={t('pricing:contracts.title')}
            description={t('pricing:contracts.description')}
          />
          <PartnerPicker />
        </>
      )}
    </>
  )
}

function PartnerPicker() {
  const { t } = useTranslation()
  const locale = useLocale()
  const { query, partners } = useLoaderData<typeof loader>()
  const { search } = useLocation()
  return (
    <Card title={t('pricing:contracts.picker.title')}>
      <Form method="get" key={search} role="search" className="flex flex-wrap items-end gap-3">
        <TextField
          label={t('pricing:contracts.picker.search')}
          name="q"
          type="search"
          defaultValue={query.q}
          placeholder={t('pricing:contracts.picker.placeholder')}
          className="min-w-64 flex-1"
        />
        <Button>{t('pricing:contracts.picker.submit')}</Button>
      </Form>
      <h3 className="mt-5 text-sm font-semibold text-slate-900">
        {query.q
          ? t('pricing:contracts.picker.matches', { q: query.q })
          : t('pricing:contracts.picker.withContracts')}
      </h3>
      {!partners || partners.length === 0 ? (
        <EmptyState>
          {t(query.q ? 'pricing:contracts.picker.noMatch' : 'pricing:contracts.picker.none')}
        </EmptyState>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {partners.map((partner) => (
            <li
              key={partner.id}
              className="flex flex-wrap items-center justify-between gap-3 py-2.5"
            >
              <span className="min-w-0">
                <Link
                  to={`/admin/pricing/contracts?partner=${partner.id}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {partner.name}
                </Link>
                <span className="ml-2 font-mono text-xs text-slate-500">{partner.code}</span>
              </span>
              <span className="flex items-center gap-2 text-sm text-slate-600">
                <TierBadge tier={partner.tier} />
                {partner.status !== 'active' ? (
                  <PartnerStatusBadge status={partner.status} />
                ) : null}
                {t('pricing:contracts.picker.open', {
                  count: partner.openContracts,
                  n: formatNumber(partner.openContracts, locale),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

function PartnerContracts() {
  const { t } = useTranslation()
  const locale = useLocale()
  const { query, prices, canManage, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { search } = useLocation()
  const addFailure = actionData && actionData.intent === 'add' ? actionData : undefined
  const rowFailure =
    actionData && (actionData.intent === 'end' || actionData.intent === 'delete')
      ? (actionData as RowFailure)
      : undefined
  const rowErrorText = useServerErrorText(rowFailure?.params, rowFailure?.fieldErrors)
  if (!prices) return null
  const { partner } = prices
  const formAction = `/admin/pricing/contracts${contractPriceSearch(query)}`

  return (
    <>
      <PageHeader
        title={t('pricing:contracts.partnerTitle', { name: partner.name })}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{partner.code}</span>
            <TierBadge tier={partner.tier} />
            {partner.status !== 'active' ? <PartnerStatusBadge status={partner.status} /> : null}
            <span>{t('pricing:contracts.appliesAtOnce')}</span>
          </span>
        }
        actions={
          <>
            <Link to={`/admin/partners/${partner.id}`} className={buttonClass('secondary')}>
              {t('pricing:contracts.partnerPage')}
            </Link>
            <Link to="/admin/pricing/contracts" className={buttonClass('secondary')}>
              {t('pricing:contracts.changePartner')}
            </Link>
          </>
        }
      />

      {canManage ? (
        <Card title={t('pricing:contracts.addTitle')} className="mb-6">
          <ContractPriceForm
            // A fresh, empty form after each saved change (the counts move); kept after an error.
            key={`${search}|${Object.values(prices.counts).join('-')}`}
            today={today}
            currency={partner.currency}
            action={formAction}
            serverErrors={addFailure?.fieldErrors}
            params={addFailure?.params}
            formError={addFailure?.formError}
          />
        </Card>
      ) : null}

      <div className="mb-2 flex flex-wrap items-end justify-between gap-3">
        <ValidityTabs
          active={query.when}
          counts={prices.counts}
          hrefFor={(when) => contractPriceSearch(query, { when, page: 1 })}
          label={t('pricing:contracts.tabs')}
        />
        <Form method="get" key={search} role="search" className="mb-4 flex items-end gap-2">
          <input type="hidden" name="partner" value={partner.id} />
          {query.when !== 'current' ? <input type="hidden" name="when" value={query.when} /> : null}
          <TextField
            label={t('pricing:contracts.skuSearch')}
            name="sku"
            type="search"
            defaultValue={query.sku}
            className="w-56"
          />
          <Button variant="secondary">{t('pricing:contracts.skuSearchSubmit')}</Button>
        </Form>
      </div>

      {prices.rows.length === 0 ? (
        <Card>
          <EmptyState>
            {t(
              query.sku ? 'pricing:contracts.emptySearch' : `pricing:contracts.empty.${query.when}`,
            )}
          </EmptyState>
        </Card>
      ) : (
        <Table caption={t('pricing:contracts.caption', { name: partner.name })}>
          <thead>
            <tr>
              <Th>{t('pricing:contracts.columns.sku')}</Th>
              <Th>{t('pricing:contracts.columns.product')}</Th>
              <Th className="text-right">{t('pricing:contracts.columns.list')}</Th>
              <Th className="text-right">{t('pricing:contracts.columns.contract')}</Th>
              <Th>{t('pricing:contracts.columns.validFrom')}</Th>
              <Th>{t('pricing:contracts.columns.validTo')}</Th>
              <Th>{t('pricing:contracts.columns.note')}</Th>
              {canManage ? <Th>{t('pricing:contracts.columns.actions')}</Th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {prices.rows.map((row) => {
              const belowList =
                row.listPriceMinor > 0 && row.currency === row.productCurrency
                  ? Math.round((1 - row.priceMinor / row.listPriceMinor) * 1000) / 10
                  : null
              const label = `${row.sku}, ${formatDay(row.validFrom, locale)}`
              return (
                <tr key={row.id} className="align-top">
                  <Td className="font-mono text-xs">{row.sku}</Td>
                  <Td>
                    <div className="w-56 whitespace-normal">{row.name}</div>
                  </Td>
                  <Td className="text-right tabular-nums text-slate-500">
                    {formatMoney(row.listPriceMinor, row.productCurrency, locale)}
                  </Td>
                  <Td className="text-right">
                    <span className="block font-semibold tabular-nums text-slate-900">
                      {formatMoney(row.priceMinor, row.currency, locale)}
                    </span>
                    {belowList !== null && belowList !== 0 ? (
                      <span className="block text-xs text-slate-500">
                        {t(
                          belowList > 0
                            ? 'pricing:contracts.belowList'
                            : 'pricing:contracts.aboveList',
                          {
                            value: formatNumber(Math.abs(belowList), locale),
                          },
                        )}
                      </span>
                    ) : null}
                  </Td>
                  <Td>{formatDay(row.validFrom, locale)}</Td>
                  <Td>
                    {row.validTo ? (
                      formatDay(row.validTo, locale)
                    ) : (
                      <span className="text-slate-500">{t('pricing:validity.openEnded')}</span>
                    )}
                  </Td>
                  <Td>
                    <div className="w-48 whitespace-normal text-xs text-slate-600">
                      {row.note ?? <span className="text-slate-400">{t('common:none')}</span>}
                    </div>
                  </Td>
                  {canManage ? (
                    <Td>
                      <RowActions
                        rowId={row.id}
                        label={label}
                        canEnd={row.canEnd}
                        canDelete={row.canDelete}
                        today={today}
                        action={formAction}
                        failure={rowFailure}
                        errorText={rowErrorText}
                      />
                    </Td>
                  ) : null}
                </tr>
              )
            })}
          </tbody>
        </Table>
      )}
      <Pagination
        page={prices.page}
        pageCount={prices.pageCount}
        total={prices.total}
        hrefFor={(page) => contractPriceSearch(query, { page })}
        label={t('pricing:contracts.pagination')}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
