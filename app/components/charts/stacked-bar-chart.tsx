import { useId } from 'react'
import { niceTicks } from './chart-scale'
import { Legend, type LegendItem } from './legend'

export type StackedBarChartProps = {
  title: string
  /** One bar per category, left to right. */
  categories: { key: string; label: string }[]
  series: LegendItem[]
  /** value(category, series) in the chart's unit (e.g. minor units). */
  value: (category: string, series: string) => number
  formatAxis: (value: number) => string
  formatValue: (value: number) => string
  /** Text of the (screen-reader) data table's first column header. */
  categoryHeader: string
  totalLabel: string
  emptyText: string
}

const WIDTH = 640
const HEIGHT = 260
const MARGIN = { top: 12, right: 8, bottom: 28, left: 64 }

/**
 * Vertical stacked bars as inline SVG: y gridlines with compact labels, one bar per category,
 * a <title> tooltip on every segment, the legend below and the same numbers as a table for
 * screen readers.
 */
export function StackedBarChart(props: StackedBarChartProps) {
  const titleId = useId()
  const totals = props.categories.map((c) =>
    props.series.reduce((sum, s) => sum + props.value(c.key, s.key), 0),
  )
  const max = Math.max(0, ...totals)
  const ticks = niceTicks(max)
  const top = ticks[ticks.length - 1] || 1
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const band = plotWidth / Math.max(1, props.categories.length)
  const barWidth = Math.min(44, band * 0.64)
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight

  return (
    <figure aria-labelledby={titleId}>
      <figcaption id={titleId} className="sr-only">
        {props.title}
      </figcaption>
      {max === 0 ? (
        <p className="py-12 text-center text-sm text-slate-500">{props.emptyText}</p>
      ) : (
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
                {props.formatAxis(tick)}
              </text>
            </g>
          ))}
          {props.categories.map((category, i) => {
            const x = MARGIN.left + band * i + (band - barWidth) / 2
            let stacked = 0
            return (
              <g key={category.key}>
                {props.series.map((s) => {
                  const v = props.value(category.key, s.key)
                  if (v <= 0) return null
                  const y0 = y(stacked)
                  stacked += v
                  const y1 = y(stacked)
                  return (
                    <rect
                      key={s.key}
                      x={x}
                      y={y1}
                      width={barWidth}
                      height={Math.max(0.5, y0 - y1)}
                      fill={s.color}
                    >
                      <title>{`${category.label} · ${s.label}: ${props.formatValue(v)}`}</title>
                    </rect>
                  )
                })}
                <text
                  x={x + barWidth / 2}
                  y={HEIGHT - MARGIN.bottom + 16}
                  textAnchor="middle"
                  fontSize="11"
                  fill="#475569"
                >
                  {category.label}
                </text>
              </g>
            )
          })}
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} stroke="#94a3b8" />
        </svg>
      )}
      <Legend items={props.series} />
      <table className="sr-only">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.categoryHeader}</th>
            {props.series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
            <th scope="col">{props.totalLabel}</th>
          </tr>
        </thead>
        <tbody>
          {props.categories.map((category, i) => (
            <tr key={category.key}>
              <th scope="row">{category.label}</th>
              {props.series.map((s) => (
                <td key={s.key}>{props.formatValue(props.value(category.key, s.key))}</td>
              ))}
              <td>{props.formatValue(totals[i] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
