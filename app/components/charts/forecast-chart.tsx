import { useId } from 'react'
import { niceTicks } from './chart-scale'
import { Legend } from './legend'

export type ForecastBar = {
  key: string
  label: string
  bookedMinor: number
  weightedMinor: number
  targetMinor: number
}

const WIDTH = 640
const HEIGHT = 240
const MARGIN = { top: 12, right: 8, bottom: 28, left: 64 }
const BOOKED = '#1f57cc'
const WEIGHTED = '#93c5fd'
const TARGET = '#dc2626'

/** Booked revenue with the weighted forecast stacked on top, against a dashed target mark. */
export function ForecastChart({
  bars,
  labels,
  formatAxis,
  formatValue,
}: {
  bars: ForecastBar[]
  labels: { title: string; booked: string; weighted: string; target: string; quarter: string }
  formatAxis: (value: number) => string
  formatValue: (value: number) => string
}) {
  const titleId = useId()
  const max = Math.max(
    0,
    ...bars.map((b) => Math.max(b.bookedMinor + b.weightedMinor, b.targetMinor)),
  )
  const ticks = niceTicks(max)
  const top = ticks[ticks.length - 1] || 1
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const band = plotWidth / Math.max(1, bars.length)
  const barWidth = Math.min(64, band * 0.5)
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight
  return (
    <figure aria-labelledby={titleId}>
      <figcaption id={titleId} className="sr-only">
        {labels.title}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby={titleId}
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={y(tick)}
              y2={y(tick)}
              stroke="#e2e8f0"
            />
            <text
              x={MARGIN.left - 8}
              y={y(tick)}
              dy="0.32em"
              textAnchor="end"
              fontSize="11"
              fill="#64748b"
            >
              {formatAxis(tick)}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const x = MARGIN.left + band * i + (band - barWidth) / 2
          const bookedTop = y(bar.bookedMinor)
          const forecastTop = y(bar.bookedMinor + bar.weightedMinor)
          return (
            <g key={bar.key}>
              {bar.bookedMinor > 0 ? (
                <rect x={x} y={bookedTop} width={barWidth} height={y(0) - bookedTop} fill={BOOKED}>
                  <title>{`${bar.label} · ${labels.booked}: ${formatValue(bar.bookedMinor)}`}</title>
                </rect>
              ) : null}
              {bar.weightedMinor > 0 ? (
                <rect
                  x={x}
                  y={forecastTop}
                  width={barWidth}
                  height={bookedTop - forecastTop}
                  fill={WEIGHTED}
                >
                  <title>{`${bar.label} · ${labels.weighted}: ${formatValue(bar.weightedMinor)}`}</title>
                </rect>
              ) : null}
              {bar.targetMinor > 0 ? (
                <line
                  x1={x - 10}
                  x2={x + barWidth + 10}
                  y1={y(bar.targetMinor)}
                  y2={y(bar.targetMinor)}
                  stroke={TARGET}
                  strokeWidth="2"
                  strokeDasharray="5 3"
                >
                  <title>{`${bar.label} · ${labels.target}: ${formatValue(bar.targetMinor)}`}</title>
                </line>
              ) : null}
              <text
                x={x + barWidth / 2}
                y={HEIGHT - MARGIN.bottom + 16}
                textAnchor="middle"
                fontSize="11"
                fill="#475569"
              >
                {bar.label}
              </text>
            </g>
          )
        })}
        <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} stroke="#94a3b8" />
      </svg>
      <Legend
        items={[
          { key: 'booked', label: labels.booked, color: BOOKED },
          { key: 'weighted', label: labels.weighted, color: WEIGHTED },
          { key: 'target', label: labels.target, color: TARGET, pattern: 'dashed' },
        ]}
      />
      <table className="sr-only">
        <caption>{labels.title}</caption>
        <thead>
          <tr>
            <th scope="col">{labels.quarter}</th>
            <th scope="col">{labels.booked}</th>
            <th scope="col">{labels.weighted}</th>
            <th scope="col">{labels.target}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key}>
              <th scope="row">{bar.label}</th>
              <td>{formatValue(bar.bookedMinor)}</td>
              <td>{formatValue(bar.weightedMinor)}</td>
              <td>{formatValue(bar.targetMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
