export type LatencySummary = {
  /** Milliseconds. */
  mean: number
  p50: number
  p95: number
  p99: number
  max: number
}

/** Nearest-rank percentiles over every recorded latency (no histogram bucketing). */
export function summarise(latenciesMs: readonly number[]): LatencySummary {
  if (latenciesMs.length === 0) return { mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN }
  const sorted = Float64Array.from(latenciesMs).sort()
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
  const sum = sorted.reduce((a, b) => a + b, 0)
  return {
    mean: sum / sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted[sorted.length - 1],
  }
}
