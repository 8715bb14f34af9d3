import os from 'node:os'
import path from 'node:path'

/**
 * Where the end-to-end server runs and which database it uses. Read by playwright.config.ts, by
 * the server launcher and by the tests, so all three agree without passing values around.
 *
 * - E2E_PORT: port of the production server under test (default 3210).
 * - E2E_DATABASE_URL: run against this PostgreSQL database (dropped and re-created every run);
 *   unset: an embedded PGlite database in a temporary directory (deleted every run).
 * - E2E_SKIP_BUILD=1: start the existing build instead of building first (CI builds once).
 */
export const e2ePort = Number(process.env.E2E_PORT || 3210)
export const baseURL = `http://127.0.0.1:${e2ePort}`
export const databaseUrl = process.env.E2E_DATABASE_URL || undefined
export const databaseKind: 'postgres' | 'pglite' = databaseUrl ? 'postgres' : 'pglite'

const root = path.resolve(import.meta.dirname, '..', '..', '..')
/** Scratch space of this run: login states and the PGlite data directory. */
export const runDir = path.join(root, 'tests', '.tmp', `e2e-${databaseKind}-${e2ePort}`)
export const pgliteDataDir =
  process.env.E2E_DATA_DIR || path.join(os.tmpdir(), `channel-portal-e2e-${e2ePort}`, 'pglite')
export const authDir = path.join(runDir, 'auth')
export const repoRoot = root
