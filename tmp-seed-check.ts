import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { openDatabase } from '#db/client.server'
import { isDatabaseEmpty, seedDemoDataIfEmpty, seedDemoData } from '#db/seed'
import { buildSeedData, demoLogins } from '#db/seed-data'
import { seedIfEmpty } from './server/seed-on-start'
import { verifyPassword } from '#app/modules/auth/password.server'

const a = JSON.stringify(buildSeedData()), b = JSON.stringify(buildSeedData())
if (a !== b) throw new Error('not deterministic')

async function counts(db: any) {
  const q = async (t: string) => Number(((await db.execute(sql.raw(`select count(*)::int as n from ${t}`))) as any).rows?.[0]?.n ?? ((await db.execute(sql.raw(`select count(*)::int as n from ${t}`))) as any)[0].n)
  return { regions: await q('regions'), partners: await q('partners'), terr: await q('partner_territories'), users: await q('users'), audit: await q('audit_log') }
}

async function run(opts: { url?: string; dataDir?: string }) {
  const c = await openDatabase(opts)
  await c.migrate()
  console.log('empty?', await isDatabaseEmpty(c.db))
  const t0 = Date.now()
  // concurrent seeders
  const results = await Promise.all([seedDemoDataIfEmpty(c.db), seedDemoDataIfEmpty(c.db)])
  console.log('seeded', results, Date.now() - t0, 'ms')
  console.log(await counts(c.db))
  await seedIfEmpty(c.db)
  try { await seedDemoData(c.db); console.log('UNEXPECTED: seeded twice') } catch (e: any) { console.log('seedDemoData on seeded db fails as expected:', String(e.message).slice(0, 80)) }
  console.log(await counts(c.db))
  const r: any = await c.db.execute(sql`select u.email, u.role, u.locale, u.status, p.code, p.name, p.status as pstatus, p.tier from users u left join partners p on p.id = u.partner_id order by p.code nulls first, u.role desc, u.email`)
  const rows = r.rows ?? r
  for (const row of rows) console.log(JSON.stringify(row))
  const h: any = await c.db.execute(sql`select password_hash from users where email='admin@eastbridge.example'`)
  console.log('password ok', await verifyPassword((h.rows ?? h)[0].password_hash, 'Portal-demo-2026'))
  for (const l of demoLogins) if (!rows.some((x: any) => x.email === l.email && x.role === l.role && (x.name ?? null) === l.partnerName)) throw new Error('missing ' + l.email)
  const au: any = await c.db.execute(sql`select action, entity_id, actor_email, after, created_at from audit_log order by created_at desc limit 5`)
  console.log(au.rows ?? au)
  const pm: any = await c.db.execute(sql`select p.code, p.kind, p.tier, p.credit_limit_minor, p.payment_terms_days, m.email, string_agg(t.region_code || coalesce('['||array_to_string(t.industries, ',')||']',''), ' ') terr, p.created_at::date, p.id from partners p join users m on m.id=p.channel_manager_id join partner_territories t on t.partner_id=p.id group by p.id, m.email order by p.code`)
  for (const row of (pm.rows ?? pm)) console.log(JSON.stringify(row))
  await c.close()
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'seed-pglite-'))
console.log('=== PGlite', dir)
await run({ dataDir: path.join(dir, 'db') })
rmSync(dir, { recursive: true, force: true })
console.log('=== PostgreSQL')
await run({ url: 'postgres://postgres@127.0.0.1:5432/test' })
