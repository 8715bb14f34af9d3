import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AppShell } from '#app/components/layout/app-shell'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { requirePermission } from '#app/modules/auth/require.server'
import { useRootData } from '#app/root'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(context.db, request, 'read:admin:any')
  return { user: { name: user.name, email: user.email, role: user.role } }
}

export default function AdminLayout() {
  const { user } = useLoaderData<typeof loader>()
  const root = useRootData()
  const { t } = useTranslation()
  return (
    <AppShell user={user} locale={root?.locale ?? 'en'} organisation={t('common:vendorStaff')}>
      <Outlet />
    </AppShell>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
