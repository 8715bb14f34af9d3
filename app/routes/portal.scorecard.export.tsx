import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import {
  parseContributionQuery,
  parseDrillQuery,
  parseExportTable,
} from '#app/modules/contribution/contribution-rules'
import { exportContributionCsv } from '#app/modules/contribution/export-contribution-csv.server'
import { resolveLocale } from '#app/utils/locale.server'

/** The partner's own figures as CSV: scoped to its partner whatever partnerId the URL names. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'read:contribution:own')
  const params = new URL(request.url).searchParams
  const table = parseExportTable(params.get('table'))
  if (!table) throw new Response('Unknown table.', { status: 400 })
  const now = new Date()
  const { filename, csv } = await exportContributionCsv(context.reportingDb, {
    table,
    query: parseContributionQuery(params, now),
    drill: parseDrillQuery(params),
    now,
    locale: await resolveLocale(request, actor.locale),
    ownPartnerId: actor.partnerId,
  })
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
