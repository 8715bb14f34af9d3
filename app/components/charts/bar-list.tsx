import { Link } from '@remix-run/react'

export type BarListItem = {
  key: string
  label: string
  value: number
  href?: string
  hint?: string
}

/** Ranked horizontal bars with their value: for top and bottom partners. */
export function BarList({
  items,
  formatValue,
  color = 'bg-brand-500/80',
  emptyText,
  label,
}: {
  items: BarListItem[]
  formatValue: (value: number) => string
  color?: string
  emptyText: string
  label: string
}) {
  if (items.length === 0)
    return <p className="py-6 text-center text-sm text-slate-500">{emptyText}</p>
  const max = Math.max(1, ...items.map((item) => item.value))
  return (
    <ol className="space-y-2.5" aria-label={label}>
      {items.map((item) => (
        <li key={item.key} className="text-sm">
          <div className="flex items-baseline justify-between gap-3">
            {item.href ? (
              <Link to={item.href} className="truncate font-medium text-brand-700 hover:underline">
                {item.label}
              </Link>
            ) : (
              <span className="truncate font-medium text-slate-800">{item.label}</span>
            )}
            <span className="shrink-0 tabular-nums text-slate-700">{formatValue(item.value)}</span>
          </div>
          <div className="mt-1 h-2 rounded bg-slate-100">
            <div
              className={`h-2 rounded ${color}`}
              style={{ width: `${Math.max(1, (item.value / max) * 100)}%` }}
            />
          </div>
          {item.hint ? <p className="mt-0.5 text-xs text-slate-500">{item.hint}</p> : null}
        </li>
      ))}
    </ol>
  )
}
