import { and, asc, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { users } from '#db/schema/users'

export type FindChannelManagersOptions = Record<string, never>

export type ChannelManagerOption = { id: string; name: string; email: string }

/** Active channel managers, the people a partner can be assigned to, by name. */
export async function findChannelManagers(
  db: Database,
  _options: FindChannelManagersOptions = {},
): Promise<ChannelManagerOption[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.role, 'channel_manager'), eq(users.status, 'active')))
    .orderBy(asc(users.name), asc(users.email))
}
