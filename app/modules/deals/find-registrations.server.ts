import { and, asc, count, desc, eq, gt, ilike, lte, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { productLines, registrations } from '#db/schema/deals'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import type { Stage } from './deal-rules'
import {
  defaultDirection,
  registrationsPageSize,
  type RegistrationSort,
  type SortDirection,
  type Status,
} from './partner-registration-rules'
import { visibleToActor, type RegistrationActor } from './registration-access.server'

export type FindRegistrationsOptions = {
  actor: RegistrationActor
  /** The effective status: 'approved' excludes, and 'expired' includes, approvals past their end. */
  status?: Status | null
  stage?: Stage | null
  /** Approved registrations whose protection ends within this many days from now. */
  expiringWithinDays?: number | null
  /** Matches the number, prospect name, tax ID or domain. */
  q?: string | null
  sort?: RegistrationSort
  dir?: SortDirection
  page?: number
  now?: Date
}

export type RegistrationListRow = {
  id: string
  number: string
  prospectName: string
  productLineCode: string
  productLineNameEn: string
  productLineNameZh: string
  estimatedValueMinor: number
  currency: string
  /** A calendar date, YYYY-MM-DD. */
  expectedCloseDate: string
  /** As the user should see it (an approval past its end reads expired even before the sweep). */
  status: Status
  stage: Stage
  protectionEndsAt: Date | null
  submittedAt: Date
  createdByName: string
  /** Registered by a reseller and fulfilled by the actor's partner: read-only for the actor. */
  fulfilledByUs: boolean
  /** The reseller's name, shown only on rows fulfilled by the actor's partner. */
  registeringPartnerName: string | null
}

export type FindRegistrationsResult = {
  registrations: RegistrationListRow[]
  total: number
  page: number
  pageSize: number
  pageCount: number
}

/** LIKE treats % and _ as wildcards; a search for "50%" means the characters. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * One page (25) of the registrations the actor may see (see registration-access.server.ts), with
 * the effective status computed and filtered in SQL, and the total count of every match.
 */
export async function findRegistrations(
  db: Database,
  options: FindRegistrationsOptions,
): Promise<FindRegistrationsResult> {
  const { actor } = options
  const now = options.now ?? new Date()
  const page = options.page && options.page >= 1 ? Math.floor(options.page) : 1
  const nowParam = sql`${now.toISOString()}::timestamptz`
  const pastEnd = sql`${registrations.protectionEndsAt} <= ${nowParam}`

  const conditions: (SQL | undefined)[] = [visibleToActor(actor)]
  if (options.status === 'approved') {
    conditions.push(eq(registrations.status, 'approved'), gt(registrations.protectionEndsAt, now))
  } else if (options.status === 'expired') {
    conditions.push(
      or(eq(registrations.status, 'expired'), and(eq(registrations.status, 'approved'), pastEnd)),
    )
  } else if (options.status) {
    conditions.push(eq(registrations.status, options.status))
  }
  if (options.stage) conditions.push(eq(registrations.stage, options.stage))
  if (options.expiringWithinDays != null && options.expiringWithinDays > 0) {
    const until = new Date(now.getTime() + options.expiringWithinDays * 86_400_000)
    conditions.push(
      eq(registrations.status, 'approved'),
      gt(registrations.protectionEndsAt, now),
      lte(registrations.protectionEndsAt, until),
    )
  }
  const q = options.q?.trim()
  if (q) {
    const pattern = `%${escapeLike(q)}%`
    conditions.push(
      or(
        ilike(registrations.number, pattern),
        ilike(registrations.prospectName, pattern),
        ilike(registrations.prospectTaxId, pattern),
        ilike(registrations.prospectDomain, pattern),
      ),
    )
  }
  const where = and(...conditions)

  const sort = options.sort ?? 'submitted'
  const direction = (options.dir ?? defaultDirection(sort)) === 'asc' ? asc : desc
  const sortColumn = {
    submitted: registrations.submittedAt,
    expectedClose: registrations.expectedCloseDate,
    value: registrations.estimatedValueMinor,
    // Registrations without protection (pending, refused) sort after those with a date.
    protectionEnd: sql`coalesce(${registrations.protectionEndsAt}, 'infinity'::timestamptz)`,
  }[sort]

  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: registrations.id,
        number: registrations.number,
        prospectName: registrations.prospectName,
        productLineCode: productLines.code,
        productLineNameEn: productLines.nameEn,
        productLineNameZh: productLines.nameZh,
        estimatedValueMinor: registrations.estimatedValueMinor,
        currency: registrations.currency,
        expectedCloseDate: registrations.expectedCloseDate,
        status: sql<Status>`case when ${registrations.status} = 'approved' and ${pastEnd}
          then 'expired' else ${registrations.status}::text end`,
        stage: registrations.stage,
        protectionEndsAt: registrations.protectionEndsAt,
        submittedAt: registrations.submittedAt,
        createdByName: users.name,
        partnerId: registrations.partnerId,
        partnerName: partners.name,
      })
      .from(registrations)
      .innerJoin(productLines, eq(productLines.id, registrations.productLineId))
      .innerJoin(users, eq(users.id, registrations.createdById))
      .innerJoin(partners, eq(partners.id, registrations.partnerId))
      .where(where)
      .orderBy(direction(sortColumn), direction(registrations.id))
      .limit(registrationsPageSize)
      .offset((page - 1) * registrationsPageSize),
    db.select({ total: count() }).from(registrations).where(where),
  ])
  const total = Number(counted?.total ?? 0)
  return {
    registrations: rows.map(({ partnerId, partnerName, ...row }) => {
      const fulfilledByUs = partnerId !== actor.partnerId
      return {
        ...row,
        fulfilledByUs,
        registeringPartnerName: fulfilledByUs ? partnerName : null,
      }
    }),
    total,
    page,
    pageSize: registrationsPageSize,
    pageCount: Math.max(1, Math.ceil(total / registrationsPageSize)),
  }
}
