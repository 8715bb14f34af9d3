import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useRootData } from '#app/root'
import { LanguageSwitcher } from './language-switcher'
import { Logo } from './logo'

/** The centred card used by sign-in, invitation and password pages. */
export function AuthShell({
  title,
  subtitle,
  children,
}: {
  title: ReactNode
  subtitle?: ReactNode
  children: ReactNode
}) {
  const { t } = useTranslation()
  const root = useRootData()
  return (
    <div className="flex min-h-full flex-col bg-gradient-to-br from-brand-900 via-brand-700 to-brand-500">
      <div className="flex justify-end p-4">
        <div className="rounded-md bg-white/90 p-1">
          <LanguageSwitcher current={root?.locale ?? 'en'} />
        </div>
      </div>
      <main className="flex flex-1 items-start justify-center px-4 pb-16 pt-6 sm:pt-16">
        <div className="w-full max-w-md">
          <div className="mb-6 flex items-center justify-center gap-3 text-white">
            <Logo className="h-9 w-9" />
            <span className="text-xl font-semibold tracking-tight">{t('common:appName')}</span>
          </div>
          <div className="rounded-xl bg-white p-8 shadow-xl">
            <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
            {subtitle ? <p className="mt-1 text-sm text-slate-600">{subtitle}</p> : null}
            <div className="mt-6">{children}</div>
          </div>
        </div>
      </main>
    </div>
  )
}
