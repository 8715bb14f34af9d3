import { eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { verifyPassword } from '#app/modules/auth/password.server'
import { openDatabase } from '#db/client.server'
import { partners, partnerTerritories, regions } from '#db/schema/partners'
import { users } from '#db/schema/users'
import {
  createPartner,
  createUser,
  createVendorStaff,
  defaultPassword,
} from '#tests/factories/index'
import { createTestDatabase, useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

/** The SQLSTATE of a failed query, whether drizzle wrapped the driver error or not. */
async function sqlStateOf(query: PromiseLike<unknown>): Promise<string | undefined> {
  try {
    await query
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause
    return cause?.code ?? (error as { code?: string }).code
  }
  throw new Error('Expected the query to fail')
}

describe('a fresh test database', () => {
  test('is migrated and empty', async () => {
    const fresh = await createTestDatabase()
    try {
      expect(await fresh.db.$count(users)).toBe(0)
      expect(await fresh.db.$count(partners)).toBe(0)
      const applied = await fresh.db.execute(
        sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
      )
      expect(rowsOf<{ count: number }>(applied)[0].count).toBeGreaterThan(0)
    } finally {
      await fresh.close()
    }
  })

  test('is isolated from every other test database', async () => {
    const other = await createTestDatabase()
    try {
      const partner = await createPartner(database.db)
      expect(await other.db.$count(partners, eq(partners.id, partner.id))).toBe(0)
      await createPartner(other.db)
      expect(await other.db.$count(partners)).toBe(1)
    } finally {
      await other.close()
    }
  })

  test.runIf(process.env.TEST_DATABASE_URL)(
    'on PostgreSQL exposes a URL for extra, truly parallel connections',
    async () => {
      expect(database.kind).toBe('postgres')
      const second = await openDatabase({ url: database.url, poolMax: 2 })
      try {
        const partner = await createPartner(database.db)
        expect(await second.db.$count(partners, eq(partners.id, partner.id))).toBe(1)
        const pidOf = async (db: typeof database.db) =>
          rowsOf<{ pid: number }>(await db.execute(sql`select pg_backend_pid() as pid`))[0].pid
        expect(await pidOf(second.db)).not.toBe(await pidOf(database.db))
      } finally {
        await second.close()
      }
    },
  )
})

describe('schema constraints hold', () => {
  test('a partner user without a partner is refused (CHECK, 23514)', async () => {
    const state = await sqlStateOf(
      database.db
        .insert(users)
        .values({ email: 'orphan@example.test', name: 'Orphan', role: 'partner_user' }),
    )
    expect(state).toBe('23514')
  })

  test('vendor staff tied to a partner is refused (CHECK, 23514)', async () => {
    const partner = await createPartner(database.db)
    const state = await sqlStateOf(
      database.db.insert(users).values({
        email: 'cm-with-partner@example.test',
        name: 'Channel Manager',
        role: 'channel_manager',
        partnerId: partner.id,
      }),
    )
    expect(state).toBe('23514')
  })

  test('an upper-case e-mail is refused (CHECK, 23514)', async () => {
    const state = await sqlStateOf(createUser(database.db, { email: 'Someone@Example.test' }))
    expect(state).toBe('23514')
  })

  test('e-mails are unique (23505)', async () => {
    const first = await createUser(database.db)
    const state = await sqlStateOf(createUser(database.db, { email: first.email }))
    expect(state).toBe('23505')
  })
})

describe('factories', () => {
  test('createPartner applies its state and creates the regions it needs', async () => {
    const partner = await createPartner(database.db, {
      status: 'suspended',
      tier: 'gold',
      kind: 'distributor',
      regions: ['CN-EAST', 'CN-SOUTH'],
    })
    expect(partner).toMatchObject({ status: 'suspended', tier: 'gold', kind: 'distributor' })
    expect(partner.code).toMatch(/^P-/)
    // A second partner in an existing region must not trip over the regions row.
    await createPartner(database.db, { regions: ['CN-EAST'] })
    const territory = await database.db
      .select({ regionCode: partnerTerritories.regionCode })
      .from(partnerTerritories)
      .where(eq(partnerTerritories.partnerId, partner.id))
      .orderBy(partnerTerritories.regionCode)
    expect(territory.map((row) => row.regionCode)).toEqual(['CN-EAST', 'CN-SOUTH'])
    expect(await database.db.$count(regions, eq(regions.code, 'CN-EAST'))).toBe(1)
  })

  test('createUser hashes the password and gives partner roles a partner', async () => {
    const admin = await createUser(database.db, { role: 'partner_admin' })
    expect(admin.partnerId).not.toBeNull()
    expect(admin.password).toBe(defaultPassword)
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(admin.passwordHash!, defaultPassword)).toBe(true)

    const partner = await createPartner(database.db)
    const colleague = await createUser(database.db, {
      partnerId: partner.id,
      status: 'disabled',
      password: null,
    })
    expect(colleague).toMatchObject({
      partnerId: partner.id,
      status: 'disabled',
      passwordHash: null,
    })
  })

  test('createVendorStaff makes vendor users without a partner', async () => {
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const manager = await createVendorStaff(database.db)
    expect(admin).toMatchObject({ role: 'admin', partnerId: null })
    expect(manager).toMatchObject({ role: 'channel_manager', partnerId: null })
    expect(admin.email).not.toBe(manager.email)
  })
})

describe('console.error', () => {
  // The setup file's afterEach throws, so the test is marked failed: test.fails turns that
  // expected failure into a pass and would itself fail if the guard stopped working.
  test.fails('fails the test that calls it', () => {
    console.error('expected: this message proves the console.error guard works')
  })
})

/** drizzle's execute() returns rows directly on postgres.js and { rows } on PGlite. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows
}
