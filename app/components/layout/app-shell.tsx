import { Form, Link, NavLink } from '@remix-run/react'
import { clsx } from 'clsx'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Role } from '#app/utils/permissions'
import { LanguageSwitcher } from './language-switcher'
import { Logo } from './logo'
import { navigationFor } from './navigation'

export type ShellUser = { name: string; email: string; role: Role }

/** The signed-in layout: navigation for the user's role, who is signed in, language, sign out. */
export function AppShell({
  user,
  locale,
  organisation,
  children,
}: {
  user: ShellUser
  locale: string
  organisation: string
  children: ReactNode
}) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const nav = navigationFor(user.role)
  const area = user.role === 'admin' || user.role === 'channel_manager' ? 'admin' : 'portal'
  return (
    <div className="min-h-full">
      <header className="bg-brand-900 text-white">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-4 sm:px-6">
          <Link to={`/${area}`} className="flex items-center gap-2 font-semibold tracking-tight">
            <Logo className="h-7 w-7" />
            <span>{t('common:appName')}</span>
            <span className="hidden rounded bg-white/15 px-1.5 py-0.5 text-xs font-medium sm:inline">
              {t(area === 'admin' ? 'common:area.admin' : 'common:area.portal')}
            </span>
          </Link>
          <div className="ml-auto hidden items-center gap-3 md:flex">
            <Link to="/account" className="text-right text-xs leading-tight hover:underline">
              <span className="block font-medium">{user.name}</span>
              <span className="block text-brand-100">{organisation}</span>
            </Link>
            <Form method="post" action="/logout">
              <button
                type="submit"
                className="rounded-md px-2.5 py-1.5 text-sm text-brand-100 ring-1 ring-white/25 hover:bg-white/10 hover:text-white"
              >
                {t('common:actions.signOut')}
              </button>
            </Form>
          </div>
          <button
            type="button"
            className="ml-auto rounded-md p-2 text-brand-100 hover:bg-white/10 md:hidden"
            aria-expanded={open}
            aria-controls="mobile-nav"
            onClick={() => setOpen((v) => !v)}
          >
            <span className="sr-only">{t('common:nav.menu')}</span>☰
          </button>
        </div>
        <div className="hidden border-t border-white/10 md:block">
          <nav
            aria-label={t('common:nav.label')}
            className="mx-auto flex max-w-7xl items-center gap-0.5 overflow-x-auto px-4 py-1.5 sm:px-6"
          >
            {nav.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.end}
                className={({ isActive }) =>
                  clsx(
                    'whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm font-medium',
                    isActive
                      ? 'bg-white/15 text-white'
                      : 'text-brand-100 hover:bg-white/10 hover:text-white',
                  )
                }
              >
                {t(item.labelKey)}
              </NavLink>
            ))}
          </nav>
        </div>
        {open ? (
          <nav
            id="mobile-nav"
            aria-label={t('common:nav.label')}
            className="space-y-1 border-t border-white/10 px-4 py-3 md:hidden"
          >
            {nav.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.end}
                onClick={() => setOpen(false)}
                className="block rounded-md px-3 py-2 text-sm text-brand-100 hover:bg-white/10"
              >
                {t(item.labelKey)}
              </NavLink>
            ))}
            <NavLink
              to="/account"
              className="block rounded-md px-3 py-2 text-sm text-brand-100 hover:bg-white/10"
            >
              {t('common:nav.account')}
            </NavLink>
            <Form method="post" action="/logout">
              <button
                type="submit"
                className="block w-full rounded-md px-3 py-2 text-left text-sm text-brand-100 hover:bg-white/10"
              >
                {t('common:actions.signOut')}
              </button>
            </Form>
          </nav>
        ) : null}
      </header>
      <div className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl justify-end px-4 py-1.5 sm:px-6">
          <LanguageSwitcher current={locale} />
        </div>
      </div>
      <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  )
}
