export type FunnelStep = { key: string; label: string; count: number }

/**
 * A horizontal funnel: one bar per step, its count, and the conversion from the step before.
 * Plain HTML bars (widths in percent) read well at any width and print cleanly.
 */
export function FunnelChart({
  steps,
  formatCount,
  conversionLabel,
  title,
}: {
  steps: FunnelStep[]
  formatCount: (value: number) => string
  /** "62 % of previous" given the percentage text. */
  conversionLabel: (percent: string) => string
  title: string
}) {
  const first = steps[0]?.count ?? 0
  return (
    <ol className="space-y-2" aria-label={title}>
      {steps.map((step, i) => {
        const previous = i === 0 ? null : (steps[i - 1]?.count ?? 0)
        const width = first > 0 ? Math.max(1, (step.count / first) * 100) : 0
        const conversion =
          previous === null || previous === 0 ? null : Math.round((step.count / previous) * 100)
        return (
          <li key={step.key} className="grid grid-cols-[7rem_1fr] items-center gap-3 text-sm">
            <span className="truncate text-slate-600">{step.label}</span>
            <span className="flex items-center gap-2">
              <span
                className="h-6 rounded bg-brand-500/80"
                style={{ width: `${width}%` }}
                title={`${step.label}: ${formatCount(step.count)}`}
              />
              <span className="shrink-0 font-medium tabular-nums text-slate-900">
                {formatCount(step.count)}
              </span>
              {conversion !== null ? (
                <span className="shrink-0 text-xs text-slate-500">
                  {conversionLabel(`${conversion}`)}
                </span>
              ) : null}
            </span>
          </li>
        )
      })}
    </ol>
  )
}
