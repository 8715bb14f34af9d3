import { openDatabase } from './client.server'

const connection = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATA_DIR || undefined,
})
await connection.migrate()
console.log(`Migrations applied (${connection.kind}).`)
await connection.close()
