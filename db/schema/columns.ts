import { sql } from 'drizzle-orm'
import { timestamp, uuid } from 'drizzle-orm/pg-core'

/** Primary keys are server-generated UUIDs so ids never reveal counts or order. */
export const id = () =>
  uuid()
    .primaryKey()
    .default(sql`gen_random_uuid()`)

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow()

export const timestamps = () => ({
  createdAt: createdAt(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
})
