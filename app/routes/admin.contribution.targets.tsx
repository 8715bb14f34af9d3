import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
} from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TierBadge } from '#app/components/home/tier-badge'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { FormError, TextField } from '#app/components/ui/field'
import { Pagination } from '#app/components/ui/pagination'
import { Table, Td, Th } from '#app/components/ui/table'
import { parsePage } from '#app/modules/audit/audit-rules'
import { requirePermission } from '#app/modules/auth/require.server'
import { findTargetSheet } from '#app/modules/contribution/find-target-sheet.server'
import { importPartnerTargets } from '#app/modules/contribution/import-partner-targets.server'
import { periodContaining, todayInShanghai } from '#app/modules/contribution/period-rules'
import { setPartnerTarget } from '#app/modules/contribution/set-partner-target.server'
import {
  parseTargetPeriod,
  targetCsvColumns,
  TargetForm,
  targetPeriodText,
} from '#app/modules/contribution/target-rules'
import { useRootData } from '#app/root'
import { isAppError } from '#app/utils/app-error'
import { formatMoney, formatNumber } from '#app/utils/format'
import { formFailure, parseForm } from '#app/utils/forms'
import { minorToInputValue } from '#app/utils/money'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Targets · Channel Portal' }]

const maxUploadBytes = 2 * 1024 * 1024

function periodFrom(params: URLSearchParams) {
  const parsed = parseTargetPeriod(params.get('period') ?? '')
  if (parsed) return parsed
  return {
    kind: 'quarter' as const,
    periodStart: periodContaining('quarter', todayInShanghai(new Date())).from,
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'manage:targets:any')
  const params = new URL(request.url).searchParams
  const period = periodFrom(params)
  const q = (params.get('q') ?? '')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 100)
  const sheet = await findTargetSheet(context.db, {
    kind: period.kind,
    periodStart: period.periodStart,
    q,
    page: parsePage(params.get('page')),
  })
  return { ...sheet, period, periodText: targetPeriodText(period.kind, period.periodStart), q }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:targets:any')
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const back = new URL(request.url)
  if (intent === 'import') {
    const file = formData.get('file')
    if (!(file instanceof File) || file.size === 0) {
      return data(
        { ...formFailure({ file: 'contribution:targets.errors.file' }), importErrors: [] },
        { status: 400 },
      )
    }
    if (file.size > maxUploadBytes) {
      return data(
        { ...formFailure({ file: 'contribution:targets.errors.fileTooLarge' }), importErrors: [] },
        { status: 400 },
      )
    }
    const result = await importPartnerTargets(context.db, {
      actor,
      csv: await file.text(),
      ip: context.clientIp,
    })
    if (!result.ok) {
      return data(
        { ...formFailure({}, 'contribution:targets.importRefused'), importErrors: result.errors },
        { status: 400 },
      )
    }
    return redirectWithToast(back.pathname + back.search, {
      kind: 'success',
      message: 'contribution:targets.toast.imported',
      values: { count: result.imported },
    })
  }
  if (intent !== 'set') throw new Response('Unknown action.', { status: 400 })
  const parsed = parseForm(TargetForm, formData)
  if (!parsed.ok) {
    return data(
      { ...parsed, partnerId: String(formData.get('partnerId') ?? ''), importErrors: [] },
      { status: 400 },
    )
  }
  try {
    await setPartnerTarget(context.db, { actor, input: parsed.data, ip: context.clientIp })
  } catch (error) {
    if (isAppError(error) && error.status === 404) throw new Response(null, { status: 404 })
    throw error
  }
  return redirectWithToast(back.pathname + back.search, {
    kind: 'success',
    message: 'contribution:targets.toast.saved',
    values: { period: targetPeriodText(parsed.data.kind, parsed.data.periodStart) },
  })
}

export default function TargetsPage() {
  const { t } = useTranslation()
  const sheet = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const locale = useRootData()?.locale ?? 'en'
  const { search } = useLocation()
  const navigation = useNavigation()
  const failedRow =
    actionData && !actionData.ok && 'partnerId' in actionData ? actionData.partnerId : null
  const importErrors = actionData && 'importErrors' in actionData ? actionData.importErrors : []
  const params = new URLSearchParams(search)
  const hrefFor = (page: number) => {
    params.set('page', String(page))
    return `?${params.toString()}`
  }
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/admin/contribution" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('contribution:drill.back')}
        </Link>
      </nav>
      <PageHeader
        title={t('contribution:targets.title')}
        description={t('contribution:targets.description')}
      />

      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Card title={t('contribution:targets.choose')}>
          <Form method="get" key={search} className="flex flex-wrap items-end gap-3" role="search">
            <TextField
              label={t('contribution:targets.period')}
              name="period"
              defaultValue={sheet.periodText}
              hint={t('contribution:targets.periodHint')}
              className="w-40"
            />
            <TextField
              label={t('contribution:targets.search')}
              name="q"
              type="search"
              defaultValue={sheet.q}
              className="w-56"
            />
            <Button variant="secondary">{t('contribution:filters.apply')}</Button>
          </Form>
        </Card>
        <Card title={t('contribution:targets.import')}>
          <Form method="post" encType="multipart/form-data" className="space-y-3">
            <input type="hidden" name="intent" value="import" />
            <p className="text-sm text-slate-600">
              {t('contribution:targets.importHint', { columns: targetCsvColumns.join(', ') })}
            </p>
            <TextField
              label={t('contribution:targets.file')}
              name="file"
              type="file"
              accept=".csv,text/csv"
              error={actionData && !actionData.ok ? actionData.fieldErrors.file : undefined}
            />
            <Button disabled={navigation.state === 'submitting'}>
              {t('contribution:targets.importButton')}
            </Button>
          </Form>
        </Card>
      </div>

      {actionData && !actionData.ok && actionData.formError ? (
        <div className="mb-4 space-y-2" aria-live="polite">
          <FormError error={actionData.formError} />
          {importErrors.length > 0 ? (
            <Table caption={t('contribution:targets.importErrors')}>
              <thead>
                <tr>
                  <Th>{t('contribution:targets.line')}</Th>
                  <Th>{t('contribution:targets.column')}</Th>
                  <Th>{t('contribution:targets.value')}</Th>
                  <Th>{t('contribution:targets.problem')}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {importErrors.map((e, i) => (
                  <tr key={`${e.line}-${e.column}-${i}`}>
                    <Td>{e.line}</Td>
                    <Td className="font-mono text-xs">{e.column}</Td>
                    <Td className="font-mono text-xs">{e.value}</Td>
                    <Td className="whitespace-normal">
                      {t(e.message, { defaultValue: e.message, value: e.value })}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : null}
        </div>
      ) : null}

      <h2 className="mb-2 text-lg font-semibold text-slate-900">
        {t('contribution:targets.sheetTitle', { period: sheet.periodText })}
      </h2>
      {sheet.rows.length === 0 ? (
        <Card>
          <EmptyState>{t('contribution:targets.empty')}</EmptyState>
        </Card>
      ) : (
        <Table caption={t('contribution:targets.sheetTitle', { period: sheet.periodText })}>
          <thead>
            <tr>
              <Th>{t('contribution:columns.code')}</Th>
              <Th>{t('contribution:groupBy.partner')}</Th>
              <Th>{t('contribution:targets.current')}</Th>
              <Th>{t('contribution:targets.set')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {sheet.rows.map((row) => {
              const errors =
                failedRow === row.partnerId && actionData && !actionData.ok
                  ? actionData.fieldErrors
                  : {}
              return (
                <tr key={row.partnerId}>
                  <Td className="font-mono text-xs">{row.code}</Td>
                  <Td>
                    <div className="flex items-center gap-2">
                      <span className="font-medium text-slate-900">{row.name}</span>
                      <TierBadge tier={row.tier as 'gold'} />
                    </div>
                  </Td>
                  <Td className="tabular-nums">
                    {row.revenueTargetMinor === null
                      ? t('contribution:targets.none')
                      : `${formatMoney(row.revenueTargetMinor, row.currency ?? 'CNY', locale)} · ${formatNumber(row.registrationsTarget ?? 0, locale)}`}
                  </Td>
                  <Td>
                    <Form
                      method="post"
                      className="flex flex-wrap items-start gap-2"
                      aria-label={t('contribution:targets.formLabel', { name: row.name })}
                    >
                      <input type="hidden" name="intent" value="set" />
                      <input type="hidden" name="partnerId" value={row.partnerId} />
                      <input type="hidden" name="period" value={sheet.periodText} />
                      <TextField
                        label={t('contribution:targets.revenue')}
                        name="revenueTarget"
                        inputMode="decimal"
                        defaultValue={
                          row.revenueTargetMinor === null
                            ? ''
                            : minorToInputValue(row.revenueTargetMinor, 'CNY')
                        }
                        error={errors.revenueTarget}
                        className="w-40"
                      />
                      <TextField
                        label={t('contribution:targets.registrations')}
                        name="registrationsTarget"
                        inputMode="numeric"
                        defaultValue={
                          row.registrationsTarget === null ? '' : String(row.registrationsTarget)
                        }
                        error={errors.registrationsTarget}
                        className="w-28"
                      />
                      <div className="pt-6">
                        <button type="submit" className={buttonClass('secondary')}>
                          {t('contribution:targets.save')}
                        </button>
                      </div>
                    </Form>
                  </Td>
                </tr>
              )
            })}
          </tbody>
        </Table>
      )}
      <Pagination
        page={sheet.page}
        pageCount={sheet.pageCount}
        total={sheet.total}
        hrefFor={hrefFor}
        label={t('contribution:targets.pagination')}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
