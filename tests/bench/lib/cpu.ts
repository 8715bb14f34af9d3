import { readdirSync, readFileSync } from 'node:fs'

/**
 * CPU accounting from /proc (Linux), so results stay interpretable on a shared machine: how much
 * CPU the server and PostgreSQL spent per request, and how much went to everything else.
 * Elsewhere every reading is null and the report shows "–".
 */

const TICK_MS = 10 // USER_HZ is 100 on every mainstream Linux build

export type CpuSnapshot = {
  at: number
  /** Machine-wide jiffies (all cores): busy and total. */
  machineBusy: number
  machineTotal: number
  serverMs: number
  postgresMs: number
  /** This process: the load generator. */
  runnerMs: number
}

export type CpuUsage = {
  /** Share of the whole machine (all cores) that was busy, 0–1. */
  machineBusy: number
  /** Busy share that was neither the server, the bench's PostgreSQL work nor the load generator. */
  otherBusy: number
  serverMs: number
  postgresMs: number
  runnerMs: number
}

function processCpuMs(stat: string): number {
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

/** The process and its descendants (a server started with WEB_CONCURRENCY > 1 forks its workers). */
function readPidCpuMs(pid: number): number {
  const parentOf = new Map<number, number>()
  const cpuOf = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      parentOf.set(Number(entry), ppid)
      cpuOf.set(Number(entry), processCpuMs(stat))
    } catch {
      // the process ended meanwhile
    }
  }
  const inTree = (candidate: number): boolean => {
    for (let at: number | undefined = candidate; at && at > 1; at = parentOf.get(at)) {
      if (at === pid) return true
    }
    return false
  }
  let total = 0
  for (const [candidate, ms] of cpuOf) if (inTree(candidate)) total += ms
  return total
}

/**
 * PostgreSQL CPU on behalf of the bench: backends connected to `databaseName` plus the shared
 * background processes (WAL writer, checkpointer…). Backends of other databases — other people's
 * test runs on the same server — are left out.
 */
function readPostgresCpuMs(databaseName: string): number {
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (!stat.includes('(postgres)')) continue
      // Backends retitle themselves "postgres: <cluster>: <user> <database> <client> <state>".
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ')
      const backend = /^postgres: (?:[^:]+: )?(\S+) (\S+) (?:\S+\(\d+\)|\[local\])/.exec(title)
      if (backend && backend[2] !== databaseName) continue
      total += processCpuMs(stat)
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total
}

export function cpuSnapshot(serverPid: number, databaseName: string): CpuSnapshot | null {
  try {
    const [, ...jiffies] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = jiffies.map(Number)
    const busy = user + nice + system + irq + softirq + steal
    const usage = process.cpuUsage()
    return {
      at: performance.now(),
      machineBusy: busy * TICK_MS,
      machineTotal: (busy + idle + iowait) * TICK_MS,
      serverMs: readPidCpuMs(serverPid),
      postgresMs: readPostgresCpuMs(databaseName),
      runnerMs: (usage.user + usage.system) / 1000,
    }
  } catch {
    return null
  }
}

export function cpuBetween(before: CpuSnapshot | null, after: CpuSnapshot | null): CpuUsage | null {
  if (!before || !after) return null
  const total = after.machineTotal - before.machineTotal
  const busy = after.machineBusy - before.machineBusy
  const serverMs = after.serverMs - before.serverMs
  const postgresMs = after.postgresMs - before.postgresMs
  const runnerMs = after.runnerMs - before.runnerMs
  return {
    machineBusy: total > 0 ? busy / total : 0,
    otherBusy: total > 0 ? Math.max(0, busy - serverMs - postgresMs - runnerMs) / total : 0,
    serverMs,
    postgresMs,
    runnerMs,
  }
}

/** Machine-wide busy share over a short idle interval: other people's work on a shared box. */
export async function backgroundBusy(
  serverPid: number,
  databaseName: string,
  ms = 2_000,
): Promise<number | null> {
  const before = cpuSnapshot(serverPid, databaseName)
  await new Promise((resolve) => setTimeout(resolve, ms))
  return cpuBetween(before, cpuSnapshot(serverPid, databaseName))?.machineBusy ?? null
}
