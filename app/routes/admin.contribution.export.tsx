import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '#app/modules/auth/require.server'
import {
  parseContributionQuery,
  parseDrillQuery,
  parseExportTable,
} from '#app/modules/contribution/contribution-rules'
import { exportContributionCsv } from '#app/modules/contribution/export-contribution-csv.server'
import { inReportTurn, reportKey } from '#app/modules/contribution/report-turns.server'
import { resolveLocale } from '#app/utils/locale.server'

/** CSV of a contribution table: the ranking, or the orders or registrations behind a figure. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:contribution:any')
  const params = new URL(request.url).searchParams
  const table = parseExportTable(params.get('table'))
  if (!table) throw new Response('Unknown table.', { status: 400 })
  const locale = await resolveLocale(request, actor.locale)
  const { filename, csv } = await inReportTurn(
    request,
    reportKey(`export:${locale}`, params),
    () => {
      const now = new Date()
      return exportContributionCsv(context.reportingDb, {
        table,
        query: parseContributionQuery(params, now),
        drill: parseDrillQuery(params),
        now,
        locale,
      })
    },
  )
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
