import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Badge, Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { findPartnerAnnouncements } from '#app/modules/announcements/find-partner-announcements.server'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { useRootData } from '#app/root'
import { formatDate } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Announcements · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'read:announcements:own')
  const kind = new URL(request.url).searchParams.get('kind')
  return { announcements: await findPartnerAnnouncements(context.db, { actor, kind }) }
}

export default function PartnerAnnouncementsPage() {
  const { t } = useTranslation()
  const { announcements } = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  return (
    <>
      <PageHeader
        title={t('announcements:portal.title')}
        description={t('announcements:portal.description')}
      />
      {announcements.length === 0 ? (
        <Card>
          <EmptyState>{t('announcements:portal.empty')}</EmptyState>
        </Card>
      ) : (
        <ul className="space-y-3">
          {announcements.map((a) => (
            <li key={a.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <div className="flex flex-wrap items-center gap-2">
                <Badge
                  color={
                    a.kind === 'campaign' ? 'amber' : a.kind === 'training' ? 'violet' : 'blue'
                  }
                >
                  {t(`announcements:kinds.${a.kind}`)}
                </Badge>
                {a.readAt ? null : a.updatedSinceRead ? (
                  <Badge color="green">{t('announcements:updated')}</Badge>
                ) : (
                  <Badge color="green">{t('announcements:new')}</Badge>
                )}
                <span className="text-xs text-slate-500">{formatDate(a.publishedAt, locale)}</span>
              </div>
              <Link
                to={`/portal/announcements/${a.id}`}
                className={`mt-1 block text-base hover:underline ${a.readAt ? 'text-slate-800' : 'font-semibold text-brand-700'}`}
              >
                {a.title}
              </Link>
              <p className="mt-1 line-clamp-2 text-sm text-slate-600">{a.excerpt}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
