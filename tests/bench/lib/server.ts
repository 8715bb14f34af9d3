import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, existsSync } from 'node:fs'
import { once } from 'node:events'
import net from 'node:net'
import path from 'node:path'

export type RunningServer = {
  origin: string
  pid: number
  /** SIGTERM, then wait for the process to exit (SIGKILL after the timeout). */
  stop: () => Promise<void>
}

export type StartServerOptions = {
  databaseUrl: string
  /** Where the server's stdout/stderr go. */
  logFile: string
  poolMax?: number
  readyTimeoutMs?: number
  /** Extra node flags for the server process (e.g. `--cpu-prof`, `--cpu-prof-dir=…`). */
  nodeArgs?: readonly string[]
  /** Extra environment for the server (e.g. payment settings). */
  env?: Readonly<Record<string, string>>
}

const repoRoot = path.resolve(import.meta.dirname, '../../..')

/** A port that was free a moment ago on the loopback interface. */
export async function findFreePort(): Promise<number> {
  const probe = net.createServer()
  probe.listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const { port } = probe.address() as net.AddressInfo
  probe.close()
  await once(probe, 'close')
  return port
}

/**
 * Starts the production server (the built app, as `npm start` runs it) on 127.0.0.1 and waits
 * until GET /healthz answers 200. One node process (tsx loaded with --import, not the tsx CLI
 * wrapper), so SIGTERM reaches the server itself and it shuts down gracefully.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  if (!existsSync(path.join(repoRoot, 'build/server/index.js'))) {
    throw new Error('No production build: run `npm run build` first.')
  }
  const port = await findFreePort()
  const origin = `http://127.0.0.1:${port}`
  const log = createWriteStream(options.logFile)
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', 'server/index.ts']
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(24).toString('hex'),
      DATABASE_URL: options.databaseUrl,
      // The browser-facing origin: the Origin check and links in e-mails use it.
      APP_ORIGIN: origin,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_REQUESTS: '0',
      DB_POOL_MAX: String(options.poolMax ?? 20),
      SEED_DEMO: '0',
      SMTP_URL: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.pipe(log, { end: false })
  child.stderr!.pipe(log, { end: false })
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }))
  let hasExited = false
  void exited.then(() => {
    hasExited = true
    log.end()
  })

  const stop = async () => {
    if (hasExited) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    await exited
    clearTimeout(timer)
  }

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000)
  let lastStatus = 'no answer'
  while (Date.now() < deadline) {
    if (hasExited) {
      const { code, signal } = await exited
      throw new Error(
        `Server exited during start-up (code ${code}, signal ${signal}); see ${options.logFile}`,
      )
    }
    try {
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) })
      await response.arrayBuffer()
      if (response.status === 200) return { origin, pid: child.pid!, stop }
      lastStatus = `HTTP ${response.status}`
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await stop()
  throw new Error(
    `Server at ${origin} not ready (GET /healthz: ${lastStatus}); see ${options.logFile}`,
  )
}
