import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { parseCatalogQuery } from '#app/modules/catalog/catalog-query-rules'
import { exportCatalogCsv } from '#app/modules/catalog/export-catalog-csv.server'
import { getCatalogActor } from '#app/modules/catalog/get-catalog-actor.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { resolveLocale } from '#app/utils/locale.server'
import { orHttpError } from '#app/utils/route-errors.server'

/** The partner's catalog view (same search, filters and sort as the page) as a CSV download. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePartnerUser(context.db, request, 'read:catalog:own')
  const actor = await orHttpError(getCatalogActor(context.db, { user }))
  const query = parseCatalogQuery(new URL(request.url).searchParams)
  const file = await exportCatalogCsv(context.db, {
    actor,
    query,
    date: todayInShanghai(new Date()),
    locale: await resolveLocale(request, user.locale),
  })
  const encoder = new TextEncoder()
  const iterator = file.chunks[Symbol.asyncIterator]()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next()
      if (done) controller.close()
      else controller.enqueue(encoder.encode(value))
    },
    async cancel() {
      await iterator.return?.()
    },
  })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      // Net prices are the partner's own: never stored by a shared cache.
      'Cache-Control': 'private, no-store',
    },
  })
}
