import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { buttonClass } from '#app/components/ui/button'
import { Badge, Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { Pagination } from '#app/components/ui/pagination'
import { Table, Td, Th } from '#app/components/ui/table'
import { findAnnouncements } from '#app/modules/announcements/find-announcements.server'
import { parsePage } from '#app/modules/audit/audit-rules'
import { requirePermission } from '#app/modules/auth/require.server'
import { useRootData } from '#app/root'
import { formatDate } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Announcements · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'manage:announcements:any')
  const page = parsePage(new URL(request.url).searchParams.get('page'))
  return findAnnouncements(context.db, { page })
}

export default function AnnouncementsAdminPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  return (
    <>
      <PageHeader
        title={t('announcements:admin.title')}
        description={t('announcements:admin.description')}
        actions={
          <Link to="/admin/announcements/new" className={buttonClass('primary')}>
            {t('announcements:admin.new')}
          </Link>
        }
      />
      {data.announcements.length === 0 ? (
        <Card>
          <EmptyState>{t('announcements:admin.empty')}</EmptyState>
        </Card>
      ) : (
        <Table caption={t('announcements:admin.title')}>
          <thead>
            <tr>
              <Th>{t('announcements:fields.title')}</Th>
              <Th>{t('announcements:fields.kind')}</Th>
              <Th>{t('announcements:fields.audience')}</Th>
              <Th>{t('announcements:admin.published')}</Th>
              <Th className="text-right">{t('announcements:admin.readBy')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.announcements.map((a) => (
              <tr key={a.id} className="hover:bg-slate-50">
                <Td>
                  <Link
                    to={`/admin/announcements/${a.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {a.title}
                  </Link>
                </Td>
                <Td>
                  <Badge
                    color={
                      a.kind === 'campaign' ? 'amber' : a.kind === 'training' ? 'violet' : 'blue'
                    }
                  >
                    {t(`announcements:kinds.${a.kind}`)}
                  </Badge>
                </Td>
                <Td className="text-xs">
                  {[
                    a.audienceTiers.length
                      ? a.audienceTiers.map((tier) => t(`common:tiers.${tier}`)).join(', ')
                      : t('announcements:allTiers'),
                    a.audienceRegions.length
                      ? a.audienceRegions.join(', ')
                      : t('announcements:allRegions'),
                  ].join(' · ')}
                </Td>
                <Td>
                  {a.publishedAt ? (
                    formatDate(a.publishedAt, locale)
                  ) : (
                    <Badge>{t('announcements:draft')}</Badge>
                  )}
                </Td>
                <Td className="text-right tabular-nums">
                  {t('announcements:admin.readCount', {
                    read: a.partnersRead,
                    audience: a.audiencePartners,
                  })}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination
        page={data.page}
        pageCount={data.pageCount}
        total={data.total}
        hrefFor={(page) => `?page=${page}`}
        label={t('announcements:admin.pagination')}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
