import { useTranslation } from 'react-i18next'
import { Card } from '#app/components/ui/card'
import { Table, Td, Th } from '#app/components/ui/table'
import type { ImportReport } from '#app/modules/imports/import-rules'

/** What an import or a check found: file problems, the table of row errors, or the counts. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const { t, i18n } = useTranslation()
  const number = (value: number) => value.toLocaleString(i18n.language)
  const kind = t(`imports:kinds.${report.kind}`)
  const file = <span className="font-medium text-slate-900">{report.fileName}</span>

  if (report.status === 'file_error') {
    return (
      <Card className="mb-6 border-l-4 border-red-500" title={t('imports:report.fileErrorTitle')}>
        <div role="alert" className="space-y-3 text-sm">
          <p className="text-slate-700">
            {file} · {kind}
          </p>
          <ul className="list-disc space-y-1 pl-5 text-red-800">
            {report.fileErrors.map((error, index) => (
              <li key={index}>{t(error.reason, error.params)}</li>
            ))}
          </ul>
          <p className="font-medium text-slate-700">{t('imports:report.nothingChanged')}</p>
        </div>
      </Card>
    )
  }

  if (report.status === 'row_errors') {
    return (
      <Card
        className="mb-6 border-l-4 border-red-500"
        title={t('imports:report.rowErrorsTitle', {
          count: report.badRowCount,
          rows: number(report.badRowCount),
        })}
      >
        <div className="space-y-3 text-sm">
          <p role="alert" className="text-slate-700">
            {t('imports:report.rowErrorsBody', {
              file: report.fileName,
              kind,
              rows: number(report.rows),
              count: report.errorCount,
              errors: number(report.errorCount),
            })}{' '}
            <strong className="font-semibold text-slate-900">
              {t('imports:report.nothingChanged')}
            </strong>
          </p>
          <Table caption={t('imports:report.errorsCaption')}>
            <thead>
              <tr>
                <Th className="w-16">{t('imports:report.line')}</Th>
                <Th className="w-32">{t('imports:report.column')}</Th>
                <Th>{t('imports:report.problem')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {report.errors.map((error, index) => (
                <tr key={index}>
                  <Td className="align-top tabular-nums">{error.line}</Td>
                  <Td className="align-top">
                    {error.column ? (
                      <code className="font-mono text-xs">{error.column}</code>
                    ) : (
                      <span className="text-slate-500">{t('imports:report.wholeRow')}</span>
                    )}
                  </Td>
                  <Td className="whitespace-normal! text-red-800">
                    {t(error.reason, error.params)}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {report.errorCount > report.errors.length ? (
            <p className="text-slate-600">
              {t('imports:report.errorsShown', {
                shown: number(report.errors.length),
                total: number(report.errorCount),
              })}
            </p>
          ) : null}
        </div>
      </Card>
    )
  }

  const imported = report.status === 'imported'
  const counts = [
    ['created', report.created],
    ['updated', report.updated],
    ['unchanged', report.unchanged],
  ] as const
  return (
    <Card
      className="mb-6 border-l-4 border-green-500"
      title={imported ? t('imports:report.importedTitle') : t('imports:report.validTitle')}
    >
      <div role="status" className="space-y-4 text-sm">
        <p className="text-slate-700">
          {t(imported ? 'imports:report.importedBody' : 'imports:report.validBody', {
            file: report.fileName,
            kind,
            rows: number(report.rows),
          })}
        </p>
        <dl className="grid grid-cols-3 gap-3 sm:max-w-lg">
          {counts.map(([name, value]) => (
            <div key={name} className="rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
              <dt className="text-xs font-medium text-slate-500">
                {t(
                  imported ? `imports:report.counts.${name}` : `imports:report.wouldCounts.${name}`,
                )}
              </dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">
                {number(value)}
              </dd>
            </div>
          ))}
        </dl>
        {report.encoding === 'gb18030' ? (
          <p className="text-slate-600">{t('imports:report.readAsGb18030')}</p>
        ) : null}
        {report.ignoredColumns.length > 0 ? (
          <p className="text-slate-600">
            {t('imports:report.ignoredColumns', { columns: report.ignoredColumns.join(', ') })}
          </p>
        ) : null}
        {!imported ? (
          <p className="font-medium text-slate-700">{t('imports:report.validNext')}</p>
        ) : null}
      </div>
    </Card>
  )
}
