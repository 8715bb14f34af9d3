import { Form, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { supportedLocales } from '#app/utils/i18n'

const labels: Record<string, string> = { en: 'English', 'zh-CN': '简体中文' }

/** Switches the UI language; saved on the user's profile when signed in, else in a cookie. */
export function LanguageSwitcher({ current, className }: { current: string; className?: string }) {
  const { t } = useTranslation()
  const location = useLocation()
  return (
    <Form method="post" action="/locale" className={className}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <div role="group" aria-label={t('common:language')} className="flex items-center gap-1">
        {supportedLocales.map((locale) => (
          <button
            key={locale}
            type="submit"
            name="locale"
            value={locale}
            aria-pressed={locale === current}
            lang={locale}
            className={
              locale === current
                ? 'rounded px-2 py-1 text-xs font-semibold text-brand-700 bg-brand-50'
                : 'rounded px-2 py-1 text-xs text-slate-600 hover:bg-slate-100'
            }
          >
            {labels[locale]}
          </button>
        ))}
      </div>
    </Form>
  )
}
