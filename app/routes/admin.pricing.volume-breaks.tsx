import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { TierBadge } from '#app/components/partners/partner-display'
import {
  BackToPricing,
  formatBps,
  formatDay,
  productLineName,
  useLocale,
  useServerErrorText,
  ValidityTabs,
} from '#app/components/pricing/pricing-display'
import { RowActions, type RowFailure } from '#app/components/pricing/row-actions'
import { VolumeBreakForm } from '#app/components/pricing/volume-break-form'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { SelectField, TextField } from '#app/components/ui/field'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { partnerTiers } from '#app/modules/partners/partner-rules'
import { createVolumeBreak } from '#app/modules/pricing/create-volume-break.server'
import { deleteVolumeBreak } from '#app/modules/pricing/delete-volume-break.server'
import { endVolumeBreak } from '#app/modules/pricing/end-volume-break.server'
import { findVolumeBreaks } from '#app/modules/pricing/find-volume-breaks.server'
import { DeleteRowForm, EndRowForm } from '#app/modules/pricing/price-validity-rules'
import {
  parseVolumeBreakQuery,
  volumeBreakForm,
  volumeBreakSearch,
} from '#app/modules/pricing/volume-break-rules'
import { isAppError } from '#app/utils/app-error'
import { formatMoney, formatNumber } from '#app/utils/format'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { hasPermission } from '#app/utils/permissions'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Volume breaks · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:pricing:any')
  const query = parseVolumeBreakQuery(new URL(request.url).searchParams)
  const result = await findVolumeBreaks(context.db, {
    target: query.target,
    tier: query.tier,
    when: query.when,
  })
  return { query, result, canManage: hasPermission(actor.role, 'manage:pricing:any') }
}

type AddFailure = {
  ok: false
  intent: 'add'
  fieldErrors: FieldErrors
  params?: Record<string, string | number> | null
  formError?: string
}
type VolumeBreakActionFailure = AddFailure | ({ ok: false } & RowFailure)

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:pricing:any')
  const query = parseVolumeBreakQuery(new URL(request.url).searchParams)
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const now = new Date()
  const back = `/admin/pricing/volume-breaks${volumeBreakSearch(query)}`

  if (intent === 'add') {
    // What the break applies to is the page's (the URL), never a form field.
    if (!query.target) throw new Response('Choose a product line or SKU', { status: 404 })
    const parsed = parseForm(volumeBreakForm(todayInShanghai(now), query.target.kind), formData)
    if (!parsed.ok) return data<VolumeBreakActionFailure>({ ...parsed, intent }, { status: 400 })
    try {
      await createVolumeBreak(context.db, {
        actor,
        target: query.target,
        input: parsed.data,
        ip: context.clientIp,
        now,
      })
    } catch (error) {
      return failureOrThrow(error, (fields) => ({ ok: false, intent, ...fields }))
    }
    const when = parsed.data.validFrom > todayInShanghai(now) ? 'future' : 'current'
    return redirectWithToast(`/admin/pricing/volume-breaks${volumeBreakSearch(query, { when })}`, {
      kind: 'success',
      message: 'pricing:toast.breakAdded',
      values: { quantity: parsed.data.minQuantity },
    })
  }

  if (intent === 'end') {
    const rowId = String(formData.get('id') ?? '')
    const parsed = parseForm(EndRowForm, formData)
    if (!parsed.ok) {
      return data<VolumeBreakActionFailure>({ ...parsed, intent, rowId }, { status: 400 })
    }
    try {
      await endVolumeBreak(context.db, {
        actor,
        volumeBreakId: parsed.data.id,
        validTo: parsed.data.validTo,
        ip: context.clientIp,
        now,
      })
    } catch (error) {
      return failureOrThrow(error, (fields) => ({ ok: false, intent, rowId, ...fields }))
    }
    return redirectWithToast(back, { kind: 'success', message: 'pricing:toast.breakEnded' })
  }

  if (intent === 'delete') {
    const parsed = parseForm(DeleteRowForm, formData)
    if (!parsed.ok) throw new Response('Choose a volume break', { status: 400 })
    try {
      await deleteVolumeBreak(context.db, {
        actor,
        volumeBreakId: parsed.data.id,
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
    return redirectWithToast(back, { kind: 'success', message: 'pricing:toast.breakDeleted' })
  }

  throw new Response('Unknown form intent', { status: 400, statusText: 'Bad Request' })
}

/** A field error goes back to its form, a refusal beside it; other AppErrors are their status. */
function failureOrThrow(
  error: unknown,
  shape: (fields: {
    fieldErrors: FieldErrors
    formError?: string
    params?: Record<string, string | number> | null
  }) => VolumeBreakActionFailure,
) {
  if (!isAppError(error)) throw error
  if (error.field) {
    return data<VolumeBreakActionFailure>(
      shape({ fieldErrors: { [error.field]: error.userMessage }, params: error.params }),
      { status: error.status },
    )
  }
  if (error.code === 'conflict' || error.code === 'invalid') {
    return data<VolumeBreakActionFailure>(
      shape({ fieldErrors: {}, formError: error.userMessage }),
      { status: error.status },
    )
  }
  throw new Response(error.userMessage, { status: error.status, statusText: error.code })
}

export default function VolumeBreaksPage() {
  const { t } = useTranslation()
  const locale = useLocale()
  const { query, result, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { search } = useLocation()
  const addFailure = actionData && actionData.intent === 'add' ? actionData : undefined
  const rowFailure =
    actionData && (actionData.intent === 'end' || actionData.intent === 'delete')
      ? (actionData as RowFailure)
      : undefined
  const rowErrorText = useServerErrorText(rowFailure?.params, rowFailure?.fieldErrors)
  const formAction = `/admin/pricing/volume-breaks${volumeBreakSearch(query)}`
  const target = result.target
  const targetTitle = !target
    ? null
    : target.kind === 'line'
      ? t('pricing:volumeBreaks.lineTitle', {
          code: target.line.code,
          name: productLineName(target.line, locale),
        })
      : t('pricing:volumeBreaks.skuTitle', { sku: target.product.sku, name: target.product.name })

  return (
    <>
      <BackToPricing />
      <PageHeader
        title={targetTitle ?? t('pricing:volumeBreaks.title')}
        description={
          target?.kind === 'sku' ? (
            <span>
              {t('pricing:volumeBreaks.skuDescription', {
                list: formatMoney(target.product.listPriceMinor, target.product.currency, locale),
              })}{' '}
              <Link
                to={`/admin/pricing/volume-breaks?line=${target.product.line.id}`}
                className="font-medium text-brand-700 hover:underline"
              >
                {t('pricing:volumeBreaks.lineBreaks', {
                  line: productLineName(target.product.line, locale),
                })}
              </Link>
            </span>
          ) : (
            t('pricing:volumeBreaks.description')
          )
        }
        actions={
          target ? (
            <Link to="/admin/pricing/volume-breaks" className={buttonClass('secondary')}>
              {t('pricing:volumeBreaks.overviewLink')}
            </Link>
          ) : null
        }
      />

      <Card title={t('pricing:volumeBreaks.picker.title')} className="mb-6">
        <div className="grid gap-4 lg:grid-cols-2">
          <Form method="get" key={`line${search}`} className="flex items-end gap-2">
            <SelectField
              label={t('pricing:volumeBreaks.picker.line')}
              name="line"
              className="min-w-0 flex-1"
              defaultValue={target?.kind === 'line' ? target.line.id : ''}
            >
              <option value="">{t('pricing:publish.choose')}</option>
              {result.lines.map((line) => (
                <option key={line.id} value={line.id}>
                  {line.code} · {productLineName(line, locale)}
                </option>
              ))}
            </SelectField>
            <Button variant="secondary">{t('pricing:volumeBreaks.picker.showLine')}</Button>
          </Form>
          <Form method="get" key={`sku${search}`} role="search" className="flex items-end gap-2">
            <TextField
              label={t('pricing:volumeBreaks.picker.sku')}
              name="sku"
              type="search"
              spellCheck={false}
              placeholder="HT-PLC-200"
              className="min-w-0 flex-1"
              defaultValue={target?.kind === 'sku' ? target.product.sku : query.skuText}
            />
            <Button variant="secondary">{t('pricing:volumeBreaks.picker.showSku')}</Button>
          </Form>
        </div>
        <p className="mt-3 text-xs text-slate-500">{t('pricing:volumeBreaks.picker.hint')}</p>
      </Card>

      {result.targetMissing ? (
        <Card>
          <EmptyState>
            {t('pricing:volumeBreaks.targetMissing', { sku: query.skuText || '—' })}
          </EmptyState>
        </Card>
      ) : !target ? (
        <Overview />
      ) : (
        <>
          {canManage ? (
            <Card title={t('pricing:volumeBreaks.addTitle')} className="mb-6">
              {target.kind === 'line' ? (
                <p className="mb-4 text-sm text-slate-600">
                  {t('pricing:volumeBreaks.lineDiscountOnly')}
                </p>
              ) : null}
              <VolumeBreakForm
                // A fresh, empty form after each saved change (the counts move); kept after an error.
                key={`${search}|${Object.values(result.counts).join('-')}`}
                today={result.today}
                targetKind={target.kind}
                currency={target.kind === 'sku' ? target.product.currency : 'CNY'}
                tier={query.tier}
                action={formAction}
                serverErrors={addFailure?.fieldErrors}
                params={addFailure?.params}
                formError={addFailure?.formError}
              />
            </Card>
          ) : null}

          <div className="flex flex-wrap items-start justify-between gap-3">
            <ValidityTabs
              active={query.when}
              counts={result.counts}
              hrefFor={(when) => volumeBreakSearch(query, { when })}
              label={t('pricing:volumeBreaks.tabs')}
            />
            <nav
              aria-label={t('pricing:volumeBreaks.picker.tierFilter')}
              className="mb-4 flex flex-wrap gap-1"
            >
              {[null, ...partnerTiers].map((tier) => (
                <Link
                  key={tier ?? 'all'}
                  to={volumeBreakSearch(query, { tier })}
                  aria-current={query.tier === tier ? 'page' : undefined}
                  className={
                    query.tier === tier
                      ? 'rounded-md bg-brand-50 px-2.5 py-1 text-sm font-medium text-brand-700 ring-1 ring-inset ring-brand-300'
                      : 'rounded-md bg-white px-2.5 py-1 text-sm text-slate-700 ring-1 ring-inset ring-slate-200 hover:bg-slate-50'
                  }
                >
                  {tier ? t(`common:tiers.${tier}`) : t('pricing:volumeBreaks.picker.allTiers')}
                </Link>
              ))}
            </nav>
          </div>
          {result.rows.length === 0 ? (
            <Card>
              <EmptyState>{t(`pricing:volumeBreaks.empty.${query.when}`)}</EmptyState>
            </Card>
          ) : (
            <Table caption={targetTitle ?? undefined}>
              <thead>
                <tr>
                  <Th>{t('pricing:volumeBreaks.columns.tier')}</Th>
                  <Th className="text-right">{t('pricing:volumeBreaks.columns.minQuantity')}</Th>
                  <Th className="text-right">{t('pricing:volumeBreaks.columns.break')}</Th>
                  {target.kind === 'sku' ? (
                    <Th className="text-right">{t('pricing:volumeBreaks.columns.unitPrice')}</Th>
                  ) : null}
                  <Th>{t('pricing:volumeBreaks.columns.validFrom')}</Th>
                  <Th>{t('pricing:volumeBreaks.columns.validTo')}</Th>
                  {canManage ? <Th>{t('pricing:volumeBreaks.columns.actions')}</Th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.rows.map((row) => (
                  <tr key={row.id} className="align-top">
                    <Td>
                      <TierBadge tier={row.tier} />
                    </Td>
                    <Td className="text-right tabular-nums">
                      {t('pricing:volumeBreaks.fromUnits', {
                        n: formatNumber(row.minQuantity, locale),
                      })}
                    </Td>
                    <Td className="text-right tabular-nums font-semibold text-slate-900">
                      {row.discountBps !== null
                        ? t('pricing:volumeBreaks.discountOff', {
                            value: formatBps(row.discountBps, locale),
                          })
                        : formatMoney(row.priceMinor ?? 0, row.currency ?? 'CNY', locale)}
                    </Td>
                    {target.kind === 'sku' ? (
                      <Td className="text-right tabular-nums">
                        {row.unitPriceMinor !== null
                          ? formatMoney(row.unitPriceMinor, target.product.currency, locale)
                          : t('common:none')}
                      </Td>
                    ) : null}
                    <Td>{formatDay(row.validFrom, locale)}</Td>
                    <Td>
                      {row.validTo ? (
                        formatDay(row.validTo, locale)
                      ) : (
                        <span className="text-slate-500">{t('pricing:validity.openEnded')}</span>
                      )}
                    </Td>
                    {canManage ? (
                      <Td>
                        <RowActions
                          rowId={row.id}
                          label={t('pricing:volumeBreaks.rowLabel', {
                            tier: t(`common:tiers.${row.tier}`),
                            n: row.minQuantity,
                          })}
                          canEnd={row.canEnd}
                          canDelete={row.canDelete}
                          today={result.today}
                          action={formAction}
                          failure={rowFailure}
                          errorText={rowErrorText}
                        />
                      </Td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </>
      )}
    </>
  )
}

function Overview() {
  const { t } = useTranslation()
  const locale = useLocale()
  const { result } = useLoaderData<typeof loader>()
  if (result.overview.length === 0) {
    return (
      <Card>
        <EmptyState>{t('pricing:volumeBreaks.overviewEmpty')}</EmptyState>
      </Card>
    )
  }
  return (
    <Table caption={t('pricing:volumeBreaks.overviewCaption')}>
      <thead>
        <tr>
          <Th>{t('pricing:volumeBreaks.columns.appliesTo')}</Th>
          <Th>{t('pricing:volumeBreaks.columns.productLine')}</Th>
          <Th>{t('pricing:volumeBreaks.columns.tiers')}</Th>
          <Th className="text-right">{t('pricing:volumeBreaks.columns.open')}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {result.overview.map((row) => (
          <tr key={row.sku ?? row.line.id}>
            <Td>
              {row.kind === 'sku' ? (
                <Link
                  to={`/admin/pricing/volume-breaks?sku=${encodeURIComponent(row.sku ?? '')}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  <span className="font-mono text-xs">{row.sku}</span>{' '}
                  <span className="text-slate-700">{row.productName}</span>
                </Link>
              ) : (
                <Link
                  to={`/admin/pricing/volume-breaks?line=${row.line.id}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {t('pricing:volumeBreaks.wholeLine')}
                </Link>
              )}
            </Td>
            <Td>
              <span className="font-mono text-xs text-slate-500">{row.line.code}</span>{' '}
              {productLineName(row.line, locale)}
            </Td>
            <Td>
              <span className="flex flex-wrap gap-1">
                {row.tiers.map((tier) => (
                  <TierBadge key={tier} tier={tier} />
                ))}
              </span>
            </Td>
            <Td className="text-right tabular-nums">{formatNumber(row.openBreaks, locale)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
