/**
 * Demo data: regions, vendor staff, partners with territories and users, and a few audit rows.
 *
 *   npm run db:seed          (tsx db/seed.ts; DATABASE_URL or DATA_DIR, default .data/pglite)
 *
 * Seeds only an empty database (no users). All rows go in one transaction, so a failure leaves
 * nothing behind. Ids are stable (name-based UUIDs from seed-data.ts) across re-seeds.
 */
import { eq, sql } from 'drizzle-orm'
import { pathToFileURL } from 'node:url'
import { hashPassword } from '#app/modules/auth/password.server'
import { openDatabase, type Database } from './client.server'
import { auditLog } from './schema/audit'
import { industries, productLines } from './schema/deals'
import { partnerTerritories, partners, regions } from './schema/partners'
import { users, type NewUser } from './schema/users'
import {
  buildSeedData,
  DEMO_PASSWORD,
  demoLogins,
  formatDemoLogins,
  seedIndustryRows,
  seedProductLines,
  type SeedUser,
} from './seed-data'

/** Serialises concurrent seeders (several app servers starting at once on one empty database). */
const SEED_LOCK_KEY = 727_002
const DAY_MS = 24 * 60 * 60 * 1000

/** True when the database has no users at all (a fresh install). */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).limit(1)
  return rows.length === 0
}

/** True when the demo admin exists, i.e. this database holds the demo data (not real users). */
export async function hasDemoData(db: Database): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, demoLogins[0].email))
    .limit(1)
  return rows.length > 0
}

/** Inserts the whole demo data set in one transaction. Fails (changing nothing) if any of it exists. */
export async function seedDemoData(db: Database): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await db.transaction(async (tx) => {
    await insertDemoData(tx, passwordHash, new Date())
  })
}

/**
 * Seeds when the database has no users; returns whether it did. The emptiness check and the
 * inserts share one transaction under an advisory lock, so concurrent callers seed once.
 */
export async function seedDemoDataIfEmpty(db: Database): Promise<boolean> {
  if (!(await isDatabaseEmpty(db))) return false
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`)
    const txDb: Database = tx
    if (!(await isDatabaseEmpty(txDb))) return false
    await insertDemoData(txDb, passwordHash, new Date())
    return true
  })
}

async function insertDemoData(db: Database, passwordHash: string, now: Date): Promise<void> {
  const data = buildSeedData()
  const ago = (days: number, minutes = 0) =>
    new Date(now.getTime() - days * DAY_MS - minutes * 60_000)

  const toRow = (u: SeedUser, partnerId: string | null): NewUser => {
    const createdAt = ago(u.createdDaysAgo)
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      partnerId,
      status: u.status,
      locale: u.locale,
      passwordHash,
      passwordChangedAt: createdAt,
      createdAt,
      updatedAt: createdAt,
    }
  }

  await db.insert(regions).values([...data.regions])
  await db.insert(industries).values([...seedIndustryRows])
  await db.insert(productLines).values(seedProductLines)

  // Vendor staff first: partners reference their channel manager.
  await db.insert(users).values(data.staff.map((u) => toRow(u, null)))
  const userIdByEmail = new Map(data.staff.map((u) => [u.email, u.id]))

  await db.insert(partners).values(
    data.partners.map((p) => {
      const createdAt = ago(p.createdDaysAgo)
      const lastChange = Math.min(p.suspendedDaysAgo ?? Infinity, p.tierChangedDaysAgo ?? Infinity)
      return {
        id: p.id,
        code: p.code,
        name: p.name,
        kind: p.kind,
        tier: p.tier,
        status: p.status,
        creditLimitMinor: p.creditLimitMinor,
        currency: p.currency,
        paymentTermsDays: p.paymentTermsDays,
        channelManagerId: userIdByEmail.get(p.channelManagerEmail)!,
        createdAt,
        updatedAt: Number.isFinite(lastChange) ? ago(lastChange) : createdAt,
      }
    }),
  )
  const partnerIdByCode = new Map(data.partners.map((p) => [p.code, p.id]))

  await db.insert(partnerTerritories).values(
    data.partners.flatMap((p) =>
      p.territories.map((t) => ({
        partnerId: p.id,
        regionCode: t.regionCode,
        industries: [...t.industries],
      })),
    ),
  )

  await db
    .insert(users)
    .values(data.partnerUsers.map((u) => toRow(u, partnerIdByCode.get(u.partnerCode!)!)))

  await db.insert(auditLog).values(
    data.auditEvents.map((e, i) => {
      const partnerId = partnerIdByCode.get(e.partnerCode)!
      return {
        actorUserId: userIdByEmail.get(e.actorEmail)!,
        actorEmail: e.actorEmail,
        partnerId,
        action: e.action,
        entityType: e.entityType,
        entityId: partnerId,
        before: e.before,
        after: e.after,
        // Minutes keep events on the same day in their listed order.
        createdAt: ago(e.daysAgo, -i),
      }
    }),
  )
}

/** The console block listing demo logins and the shared password. */
export function demoLoginsBlock(): string {
  return `${formatDemoLogins('  ')}\n  Password for every demo user: ${DEMO_PASSWORD}`
}

async function main() {
  const connection = await openDatabase({
    url: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || undefined,
  })
  try {
    await connection.migrate()
    const seeded = await seedDemoDataIfEmpty(connection.db)
    if (seeded) {
      const data = buildSeedData()
      console.log(
        `Seeded demo data (${connection.kind}): ${data.regions.length} regions, ${data.partners.length} partners, ` +
          `${data.staff.length + data.partnerUsers.length} users.`,
      )
      console.log(`Demo logins:\n${demoLoginsBlock()}`)
    } else if (await hasDemoData(connection.db)) {
      console.log(`Database (${connection.kind}) already seeded; nothing to do. Demo logins:`)
      console.log(demoLoginsBlock())
    } else {
      console.log(
        `Database (${connection.kind}) already has users (not the demo data); nothing seeded.`,
      )
    }
  } finally {
    await connection.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
