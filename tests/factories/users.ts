import { hashPassword } from '#app/modules/auth/password.server'
import { type Database } from '#db/client.server'
import { type NewUser, type User, users } from '#db/schema/users'
import { createPartner } from './partners'
import { uniqueSuffix } from './unique'

/** The password every factory user gets unless told otherwise. */
export const defaultPassword = 'Correct-horse-1'

// argon2 is slow on purpose; one hash per distinct password per process is enough for tests.
const hashCache = new Map<string, Promise<string>>()
function cachedHash(password: string): Promise<string> {
  let hash = hashCache.get(password)
  if (!hash) {
    hash = hashPassword(password)
    hashCache.set(password, hash)
  }
  return hash
}

export type CreateUserOptions = Partial<Omit<NewUser, 'id' | 'passwordHash'>> & {
  /** Plain password to hash; null for a user who has none yet (e.g. invited). */
  password?: string | null
}

/** The row plus the plain password, so sign-in tests need not repeat it. */
export type TestUser = User & { password: string | null }

/**
 * An active partner_user who can sign in with defaultPassword. Partner roles without a
 * partnerId get a fresh partner; vendor roles get none.
 */
export async function createUser(db: Database, options: CreateUserOptions = {}): Promise<TestUser> {
  const { password = defaultPassword, ...overrides } = options
  const role = overrides.role ?? 'partner_user'
  const isPartnerRole = role === 'partner_user' || role === 'partner_admin'
  const partnerId =
    overrides.partnerId !== undefined
      ? overrides.partnerId
      : isPartnerRole
        ? (await createPartner(db)).id
        : null
  const suffix = uniqueSuffix()
  const [user] = await db
    .insert(users)
    .values({
      email: `user-${suffix}@example.test`,
      name: `Test User ${suffix}`,
      passwordHash: password === null ? null : await cachedHash(password),
      ...overrides,
      role,
      partnerId,
    })
    .returning()
  return { ...user, password }
}

export type CreateVendorStaffOptions = Omit<CreateUserOptions, 'role' | 'partnerId'> & {
  role?: 'admin' | 'channel_manager'
}

/** A vendor-side user (channel manager by default), never tied to a partner. */
export function createVendorStaff(
  db: Database,
  options: CreateVendorStaffOptions = {},
): Promise<TestUser> {
  return createUser(db, { role: 'channel_manager', ...options, partnerId: null })
}
