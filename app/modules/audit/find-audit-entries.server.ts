import { and, count, desc, eq, gte, ilike, inArray, lt, or, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { auditPageSize, endOfVendorDay, startOfVendorDay, type AuditFilters } from './audit-rules'

export type FindAuditEntriesOptions = {
  filters: AuditFilters
  /** 1-based; a page past the end gives the last page. */
  page?: number
  pageSize?: number
}

export type AuditEntryRow = {
  id: number
  createdAt: Date
  action: string
  entityType: string
  entityId: string
  actorUserId: string | null
  actorEmail: string | null
  /** The actor's current name, when the user still exists. */
  actorName: string | null
  partnerId: string | null
  partnerName: string | null
  partnerCode: string | null
  before: unknown
  after: unknown
}

export type AuditEntryPage = {
  entries: AuditEntryRow[]
  total: number
  page: number
  pageSize: number
  pageCount: number
  /** The partner named by filters.partnerId, so the page can say whose trail it shows. */
  selectedPartner: { id: string; name: string; code: string } | null
}

/** LIKE pattern for "contains", with the user's % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

function conditionsFor(db: Database, filters: AuditFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = []
  if (filters.actor) conditions.push(ilike(auditLog.actorEmail, containsPattern(filters.actor)))
  if (filters.action) conditions.push(eq(auditLog.action, filters.action))
  if (filters.entityType) conditions.push(eq(auditLog.entityType, filters.entityType))
  if (filters.partnerId) conditions.push(eq(auditLog.partnerId, filters.partnerId))
  if (filters.partner) {
    const matching = db
      .select({ id: partners.id })
      .from(partners)
      .where(
        or(
          ilike(
            partners.code,
            filters.partner.replace(/[\\%_]/g, (c) => `\\${c}`),
          ),
          ilike(partners.name, containsPattern(filters.partner)),
        ),
      )
    conditions.push(inArray(auditLog.partnerId, matching))
  }
  if (filters.from) conditions.push(gte(auditLog.createdAt, startOfVendorDay(filters.from)))
  if (filters.to) conditions.push(lt(auditLog.createdAt, endOfVendorDay(filters.to)))
  return and(...conditions)
}

/** One page of the whole audit log (vendor admins only), newest first, with the total count. */
export async function findAuditEntries(
  db: Database,
  options: FindAuditEntriesOptions,
): Promise<AuditEntryPage> {
  const pageSize = options.pageSize ?? auditPageSize
  const where = conditionsFor(db, options.filters)
  const [{ total }] = await db.select({ total: count() }).from(auditLog).where(where)
  const pageCount = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pageCount)

  const entries = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      actorUserId: auditLog.actorUserId,
      actorEmail: auditLog.actorEmail,
      actorName: users.name,
      partnerId: auditLog.partnerId,
      partnerName: partners.name,
      partnerCode: partners.code,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(partners, eq(partners.id, auditLog.partnerId))
    .where(where)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)

  const selectedPartner = options.filters.partnerId
    ? ((
        await db
          .select({ id: partners.id, name: partners.name, code: partners.code })
          .from(partners)
          .where(eq(partners.id, options.filters.partnerId))
          .limit(1)
      )[0] ?? null)
    : null

  return { entries, total, page, pageSize, pageCount, selectedPartner }
}
