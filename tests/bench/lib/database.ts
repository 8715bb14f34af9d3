import postgres from 'postgres'

/** Drops and recreates the database of `databaseUrl`; refuses names without "bench". */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl)
  const name = decodeURIComponent(url.pathname.slice(1))
  // This drops the database: refuse anything that does not look like a bench database.
  if (!/bench/i.test(name)) {
    throw new Error(`Refusing to drop "${name}": the bench database name must contain "bench".`)
  }
  url.pathname = '/postgres'
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`)
    await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`)
  } finally {
    await admin.end({ timeout: 5 })
  }
}
