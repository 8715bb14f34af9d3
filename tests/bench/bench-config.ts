/**
 * What the generator and the runner agree on: the bench database, the known logins and the data
 * scales. Kept free of I/O so both scripts (and later steps) can import it.
 */

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cp_bench'

/** Every generated user has this password (one precomputed argon2id hash). Bench data only. */
export const BENCH_PASSWORD = 'Bench-load-2026'

export const BENCH_ADMIN_EMAIL = 'bench-admin@bench.example'

/** bench-partner-0001@bench.example … : partner users of distinct, active partners. */
export const benchPartnerEmail = (n: number) =>
  `bench-partner-${String(n).padStart(4, '0')}@bench.example`

export type ScaleName = 'small' | 'target'

export type Scale = {
  name: ScaleName
  partners: number
  channelManagers: number
  /** Partner users per partner (one of them the partner admin): uniform in [min, max]. */
  usersPerPartner: readonly [min: number, max: number]
  /** Audit rows per partner: uniform in [min, max]. */
  auditPerPartner: readonly [min: number, max: number]
  outboxEmails: number
  /** Share of partner users with a live session (the sessions table is read on every request). */
  sessionShare: number
  /** Past sign-in attempts per user (the throttle reads this table on every sign-in). */
  loginAttemptsPerUser: number
  /** Known partner logins bench-partner-0001 … (one per partner, the first partners). */
  benchPartnerLogins: number
}

/** target follows docs DESIGN.md "Scale to plan for"; small is for trying the harness out. */
export const scales: Record<ScaleName, Scale> = {
  small: {
    name: 'small',
    partners: 200,
    channelManagers: 4,
    usersPerPartner: [2, 4],
    auditPerPartner: [5, 35],
    outboxEmails: 20,
    sessionShare: 0.3,
    loginAttemptsPerUser: 3,
    benchPartnerLogins: 50,
  },
  target: {
    name: 'target',
    partners: 10_000,
    channelManagers: 40,
    usersPerPartner: [2, 4],
    auditPerPartner: [5, 35],
    outboxEmails: 200,
    sessionShare: 0.3,
    loginAttemptsPerUser: 3,
    benchPartnerLogins: 50,
  },
}

/** Minimal `--name value` / `--name=value` / `--flag` parser: the scripts take a handful of options. */
export function parseArgs(argv: readonly string[], known: readonly string[]): Map<string, string> {
  const options = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument: ${arg}`)
    const [rawName, inlineValue] = arg.slice(2).split(/=(.*)/s, 2)
    if (!known.includes(rawName)) {
      throw new Error(
        `Unknown option --${rawName} (known: ${known.map((k) => `--${k}`).join(', ')})`,
      )
    }
    const next = argv[i + 1]
    const value =
      inlineValue ?? (next !== undefined && !next.startsWith('--') ? (i++, next) : 'true')
    options.set(rawName, value)
  }
  return options
}

export function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`)
  return n
}
