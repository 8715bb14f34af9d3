import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { AppShell } from '#app/components/layout/app-shell'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { getPartner } from '#app/modules/partners/get-partner.server'
import { useRootData } from '#app/root'
import { orHttpError } from '#app/utils/route-errors.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePartnerUser(context.db, request)
  const partner = await orHttpError(getPartner(context.db, { partnerId: user.partnerId }))
  return {
    user: { name: user.name, email: user.email, role: user.role },
    partner: { name: partner.name, tier: partner.tier, kind: partner.kind },
  }
}

export default function PortalLayout() {
  const { user, partner } = useLoaderData<typeof loader>()
  const root = useRootData()
  return (
    <AppShell user={user} locale={root?.locale ?? 'en'} organisation={partner.name}>
      <Outlet />
    </AppShell>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
