import autocannon, { type AutocannonResult } from 'autocannon'
import { cpuBetween, cpuSnapshot, type CpuUsage } from './cpu'
import { summarise, type LatencySummary } from './stats'

export type LoadOptions = {
  origin: string
  path: string
  connections: number
  warmupSeconds: number
  durationSeconds: number
  /** Session cookies to rotate among, one per request in turn; none for anonymous requests. */
  cookies?: readonly string[]
  /** Paths to rotate among, one per request in turn (instead of `path` alone). */
  paths?: readonly string[]
  /** Seconds before a request counts as timed out (default 10). */
  timeoutSeconds?: number
  /** The server's process id and database, for CPU accounting during the measured run. */
  serverPid: number
  databaseName: string
}

export type LoadResult = {
  requests: number
  seconds: number
  requestsPerSecond: number
  latencyMs: LatencySummary
  non2xx: number
  errors: number
  timeouts: number
  statusCodes: Record<string, number>
  /** CPU spent during the measured run (null where /proc is unavailable). */
  cpu: CpuUsage | null
  /** Server and PostgreSQL CPU milliseconds per request: robust to other load on the machine. */
  serverCpuMsPerRequest: number | null
  postgresCpuMsPerRequest: number | null
}

/** Browsers always ask for compressed responses; the server compresses bodies over 1 kB. */
const browserHeaders = { 'accept-encoding': 'gzip, deflate, br', accept: 'text/html' }

function once(options: LoadOptions, seconds: number, onLatency?: (ms: number) => void) {
  const cookies = options.cookies ?? []
  const paths = options.paths ?? []
  let turn = 0
  let pathTurn = 0
  return new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.origin,
        connections: options.connections,
        duration: seconds,
        timeout: options.timeoutSeconds ?? 10,
        headers: browserHeaders,
        requests: [
          {
            method: 'GET',
            path: options.path,
            ...((cookies.length > 0 || paths.length > 1) && {
              setupRequest: (request) => ({
                ...request,
                ...(paths.length > 1 && { path: paths[pathTurn++ % paths.length] }),
                headers: {
                  ...request.headers,
                  ...(cookies.length > 0 && { cookie: cookies[turn++ % cookies.length] }),
                },
              }),
            }),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
    if (onLatency) {
      instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) =>
        onLatency(ms),
      )
    }
  })
}

/**
 * A warm-up run (discarded: JIT, connection pools, PostgreSQL caches) then the measured run with
 * every response's latency kept, so p95 is exact rather than autocannon's p97.5.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await once(options, options.warmupSeconds)
  const latencies: number[] = []
  const before = cpuSnapshot(options.serverPid, options.databaseName)
  const result = await once(options, options.durationSeconds, (ms) => latencies.push(ms))
  const cpu = cpuBetween(before, cpuSnapshot(options.serverPid, options.databaseName))
  const perRequest = (total: number | undefined) =>
    total === undefined || latencies.length === 0 ? null : total / latencies.length
  return {
    requests: latencies.length,
    seconds: result.duration,
    requestsPerSecond: latencies.length / result.duration,
    latencyMs: summarise(latencies),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]),
    ),
    cpu,
    serverCpuMsPerRequest: perRequest(cpu?.serverMs),
    postgresCpuMsPerRequest: perRequest(cpu?.postgresMs),
  }
}
