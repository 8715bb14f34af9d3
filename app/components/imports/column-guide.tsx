import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'
import { Table, Td, Th } from '#app/components/ui/table'
import { importColumns, type ImportKind } from '#app/modules/imports/import-rules'

/** The columns a file of this kind has: which are required, what they hold, other headers. */
export function ColumnGuide({ kind }: { kind: ImportKind }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="column-guide-title">
      <h3 id="column-guide-title" className="mb-2 text-sm font-semibold text-slate-900">
        {t('imports:columns.title', { kind: t(`imports:kinds.${kind}`) })}
      </h3>
      <Table caption={t('imports:columns.title', { kind: t(`imports:kinds.${kind}`) })}>
        <thead>
          <tr>
            <Th>{t('imports:columns.column')}</Th>
            <Th>{t('imports:columns.meaning')}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {importColumns[kind].map((column) => (
            <tr key={column.name}>
              <Td className="align-top">
                <code className="font-mono text-xs font-semibold text-slate-900">
                  {column.name}
                </code>
                <div className="mt-1">
                  {column.exportOnly ? (
                    <Badge>{t('imports:columns.exportOnly')}</Badge>
                  ) : column.required ? (
                    <Badge color="blue">{t('imports:columns.required')}</Badge>
                  ) : (
                    <Badge color="slate">{t('imports:columns.optional')}</Badge>
                  )}
                </div>
              </Td>
              <Td className="whitespace-normal! align-top text-slate-600">
                <p>{t(`imports:columns.${kind}.${column.name}`)}</p>
                <p className="mt-1 text-xs text-slate-500">
                  {t('imports:columns.aliases', { aliases: column.aliases.join(' · ') })}
                </p>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  )
}
