import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from '@remix-run/react'
import { useMemo, type ReactNode } from 'react'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Toaster } from '#app/components/layout/toaster'
import { getCurrentUser } from '#app/modules/auth/session.server'
import { createI18n } from '#app/utils/i18n'
import { resolveLocale } from '#app/utils/locale.server'
import { getToast } from '#app/utils/toast.server'
import tailwindHref from './tailwind.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: tailwindHref },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: createI18n(data?.locale).t('common:appName') },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(context.db, request)
  const locale = await resolveLocale(request, user?.locale)
  const { toast, headers } = await getToast(request)
  return data(
    {
      locale,
      toast,
      cspNonce: context.cspNonce,
      user: user
        ? {
            id: user.id,
            name: user.name,
            email: user.email,
            role: user.role,
            partnerId: user.partnerId,
          }
        : null,
    },
    { headers },
  )
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>['data']

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRootData()
  const locale = root?.locale ?? 'en'
  const nonce = root?.cspNonce
  const i18n = useMemo(() => createI18n(locale, [initReactI18next]), [locale])
  return (
    <html lang={locale} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full">
        <I18nextProvider i18n={i18n}>
          {children}
          <Toaster toast={root?.toast ?? null} />
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return (
    <main className="min-h-full px-4">
      <GeneralErrorBoundary />
    </main>
  )
}
