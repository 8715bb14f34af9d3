import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { migrationsFolder, openDatabase, pgliteClientOf } from '#db/client.server'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of an uncompressed PGlite data-dir dump with every migration applied. */
    pgliteSnapshotPath: string | null
    /** PostgreSQL mode: the migrated database each test file clones with CREATE DATABASE … TEMPLATE. */
    pgTemplateDatabase: string | null
    /** PostgreSQL mode: prefix for the per-file databases of this run, so teardown can find them. */
    pgRunPrefix: string | null
  }
}

const tmpDir = path.resolve('tests/.tmp')

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL
  if (url) return setupPostgres(project, url)
  await setupPglite(project)
}

/**
 * PGlite: migrate once per migration set and keep the data dir as a tarball; each test file
 * loads it (~0.7 s) instead of running initdb + migrations (~3 s + migrations).
 */
async function setupPglite(project: TestProject) {
  const pgliteVersion = await readPackageVersion('@electric-sql/pglite')
  const hash = await hashFolder(migrationsFolder, pgliteVersion)
  const snapshotPath = path.join(tmpDir, `pglite-migrated-${hash}.tar`)

  if (!(await exists(snapshotPath))) {
    await mkdir(tmpDir, { recursive: true })
    const connection = await openDatabase({ dataDir: 'memory://' })
    try {
      await connection.migrate()
      const client = pgliteClientOf(connection.db)
      if (!client) throw new Error('Expected a PGlite connection')
      const dump = await client.dumpDataDir('none')
      // Write then rename so a concurrent run never loads a half-written file.
      const partial = `${snapshotPath}.${process.pid}.${randomBytes(4).toString('hex')}.partial`
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()))
      await rename(partial, snapshotPath)
    } finally {
      await connection.close()
    }
  }
  await removeStaleSnapshots(snapshotPath)

  project.provide('pgliteSnapshotPath', snapshotPath)
  project.provide('pgTemplateDatabase', null)
  project.provide('pgRunPrefix', null)
}

/**
 * PostgreSQL: one migrated template per run; each test file clones it. Names carry a run id so
 * parallel runs (several engineers, one server) never touch each other's databases.
 */
async function setupPostgres(project: TestProject, url: string) {
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`
  const template = `cp_test_template_${runId}`
  const runPrefix = `cp_test_${runId}_`
  // max 1: every statement, and so the run's advisory lock, lives on this one session.
  const admin = postgres(url, { max: 1, onnotice: () => {} })

  const teardown = async () => {
    try {
      const leftovers = await admin<{ datname: string }[]>`
        select datname from pg_database
        where datname = ${template} or starts_with(datname, ${runPrefix})`
      for (const { datname } of leftovers) {
        await admin.unsafe(`drop database if exists ${quoteIdent(datname)} with (force)`)
      }
    } finally {
      await admin.end({ timeout: 5 })
    }
  }

  try {
    await dropDatabasesOfDeadRuns(admin)
    await admin`select pg_advisory_lock(${RUN_LOCK_CLASS}, hashtext(${runId}))`
    await admin.unsafe(`create database ${quoteIdent(template)}`)
    const connection = await openDatabase({ url: withDatabase(url, template), poolMax: 1 })
    try {
      await connection.migrate()
    } finally {
      await connection.close()
    }
  } catch (error) {
    await teardown()
    throw error
  }

  project.provide('pgliteSnapshotPath', null)
  project.provide('pgTemplateDatabase', template)
  project.provide('pgRunPrefix', runPrefix)
  return teardown
}

// A run holds an advisory lock on (RUN_LOCK_CLASS, hashtext(runId)) through its admin session.
// When a run dies without teardown (Ctrl-C, crash) the session ends and the lock is released,
// which is how the next run tells its leftovers from the databases of a run still in progress.
const RUN_LOCK_CLASS = 727_002
const testDatabaseName = /^cp_test_(?:template_)?(\d+_[0-9a-f]{6})(?:_[0-9a-f]+)?$/

async function dropDatabasesOfDeadRuns(admin: postgres.Sql) {
  const names = await admin<{ datname: string }[]>`
    select datname from pg_database where starts_with(datname, 'cp_test_')`
  const runs = new Map<string, string[]>()
  for (const { datname } of names) {
    const runId = testDatabaseName.exec(datname)?.[1]
    if (runId) runs.set(runId, [...(runs.get(runId) ?? []), datname])
  }
  for (const [runId, databases] of runs) {
    const [{ free }] = await admin<{ free: boolean }[]>`
      select pg_try_advisory_lock(${RUN_LOCK_CLASS}, hashtext(${runId})) as free`
    if (!free) continue
    try {
      for (const datname of databases) {
        await admin.unsafe(`drop database if exists ${quoteIdent(datname)} with (force)`)
      }
    } finally {
      await admin`select pg_advisory_unlock(${RUN_LOCK_CLASS}, hashtext(${runId}))`
    }
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.toString()
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

async function hashFolder(folder: string, salt: string): Promise<string> {
  const hash = createHash('sha256').update(salt)
  const entries = (await readdir(folder, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
  for (const file of entries) {
    hash
      .update(path.relative(folder, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

async function readPackageVersion(name: string): Promise<string> {
  const manifest = JSON.parse(
    await readFile(path.resolve('node_modules', name, 'package.json'), 'utf8'),
  )
  return String(manifest.version)
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  )
}

/** Snapshots of older migration sets; kept for an hour in case another run still reads one. */
async function removeStaleSnapshots(current: string) {
  const hourAgo = Date.now() - 60 * 60 * 1000
  for (const name of await readdir(tmpDir)) {
    const file = path.join(tmpDir, name)
    if (file === current || !name.startsWith('pglite-migrated-')) continue
    const info = await stat(file).catch(() => undefined)
    if (info && info.mtimeMs < hourAgo) await rm(file, { force: true })
  }
}
