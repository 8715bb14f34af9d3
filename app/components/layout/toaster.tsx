import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { clsx } from 'clsx'

export type ToastData = {
  kind: 'success' | 'error' | 'info'
  message: string
  values?: Record<string, string | number>
}

/** Shows the flash message carried over a redirect; dismissable, and announced to screen readers. */
export function Toaster({ toast }: { toast: ToastData | null }) {
  const { t } = useTranslation()
  const [visible, setVisible] = useState<ToastData | null>(toast)
  useEffect(() => {
    setVisible(toast)
    if (!toast) return
    const timer = setTimeout(() => setVisible(null), 6000)
    return () => clearTimeout(timer)
  }, [toast])
  if (!visible) return null
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex justify-center px-4 sm:inset-x-auto sm:right-4 sm:justify-end">
      <div
        role="status"
        className={clsx(
          'pointer-events-auto flex max-w-md items-start gap-3 rounded-lg px-4 py-3 text-sm shadow-lg ring-1',
          visible.kind === 'success' && 'bg-green-50 text-green-900 ring-green-200',
          visible.kind === 'error' && 'bg-red-50 text-red-900 ring-red-200',
          visible.kind === 'info' && 'bg-white text-slate-900 ring-slate-200',
        )}
      >
        <span>{t(visible.message, { ...visible.values, defaultValue: visible.message })}</span>
        <button
          type="button"
          onClick={() => setVisible(null)}
          className="ml-2 text-slate-500 hover:text-slate-800"
          aria-label={t('common:actions.dismiss')}
        >
          ×
        </button>
      </div>
    </div>
  )
}
