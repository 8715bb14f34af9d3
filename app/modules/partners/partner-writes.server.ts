import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners, partnerTerritories, regions, type Partner } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { AppError, constraintOf, sqlStateOf } from '#app/utils/app-error'
import type { TerritoryInput } from './partner-rules'

// Helpers shared by the partner write use cases (create, update, status). Not a use case itself.

/** The partner as the audit log records it: its columns that people edit, plus its territory. */
export type PartnerSnapshot = {
  code: string
  name: string
  kind: Partner['kind']
  tier: Partner['tier']
  status: Partner['status']
  currency: string
  creditLimitMinor: number
  paymentTermsDays: number
  channelManagerId: string | null
  territories: TerritoryInput[]
}

export async function snapshotPartner(db: Database, partner: Partner): Promise<PartnerSnapshot> {
  const territories = await db
    .select({
      regionCode: partnerTerritories.regionCode,
      industries: partnerTerritories.industries,
    })
    .from(partnerTerritories)
    .where(eq(partnerTerritories.partnerId, partner.id))
    .orderBy(asc(partnerTerritories.regionCode))
  return {
    code: partner.code,
    name: partner.name,
    kind: partner.kind,
    tier: partner.tier,
    status: partner.status,
    currency: partner.currency,
    creditLimitMinor: partner.creditLimitMinor,
    paymentTermsDays: partner.paymentTermsDays,
    channelManagerId: partner.channelManagerId,
    territories: territories.map((t) => ({
      regionCode: t.regionCode,
      industries: [...t.industries],
    })),
  }
}

/** Territories in a stable order, so that an unchanged territory compares equal in the audit. */
export function sortTerritories(territories: TerritoryInput[]): TerritoryInput[] {
  return [...territories]
    .sort((a, b) => (a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : 0))
    .map((t) => ({ regionCode: t.regionCode, industries: [...t.industries] }))
}

/**
 * Throws a field error unless every reference in the form points at something usable: the
 * channel manager is an active user with that role, and every region code exists. Inside a
 * transaction the manager row is share-locked so it cannot be disabled until we commit.
 */
export async function assertPartnerReferences(
  db: Database,
  input: { channelManagerId: string | null; regionCodes: string[]; lock?: boolean },
): Promise<void> {
  if (input.channelManagerId) {
    const query = db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.id, input.channelManagerId),
          eq(users.role, 'channel_manager'),
          eq(users.status, 'active'),
        ),
      )
    const [manager] = input.lock ? await query.for('share') : await query
    if (!manager) {
      throw new AppError('invalid', {
        userMessage: 'partners:validation.channelManager',
        field: 'channelManagerId',
      })
    }
  }
  const codes = [...new Set(input.regionCodes)]
  if (codes.length > 0) {
    const known = await db
      .select({ code: regions.code })
      .from(regions)
      .where(inArray(regions.code, codes))
    if (known.length !== codes.length) throw unknownRegionError()
  }
}

/** Friendly duplicate check before writing; the unique indexes remain the real guarantee. */
export async function assertNameAndCodeFree(
  db: Database,
  input: { name: string; code: string | null; exceptPartnerId?: string },
): Promise<void> {
  const others = input.exceptPartnerId ? ne(partners.id, input.exceptPartnerId) : undefined
  const [sameName] = await db
    .select({ id: partners.id })
    .from(partners)
    .where(and(sql`lower(${partners.name}) = lower(${input.name})`, others))
    .limit(1)
  if (sameName) throw duplicateError('partners_name_key')
  if (input.code) {
    const [sameCode] = await db
      .select({ id: partners.id })
      .from(partners)
      .where(and(eq(partners.code, input.code), others))
      .limit(1)
    if (sameCode) throw duplicateError('partners_code_key')
  }
}

/** Replaces the partner's territory rows with the given ones. */
export async function writeTerritories(
  db: Database,
  partnerId: string,
  territories: TerritoryInput[],
): Promise<void> {
  await db.delete(partnerTerritories).where(eq(partnerTerritories.partnerId, partnerId))
  if (territories.length === 0) return
  await db
    .insert(partnerTerritories)
    .values(
      territories.map((t) => ({ partnerId, regionCode: t.regionCode, industries: t.industries })),
    )
}

function duplicateError(constraint: 'partners_name_key' | 'partners_code_key'): AppError {
  return constraint === 'partners_name_key'
    ? new AppError('conflict', { userMessage: 'partners:validation.nameTaken', field: 'name' })
    : new AppError('conflict', { userMessage: 'partners:validation.codeTaken', field: 'code' })
}

function unknownRegionError(): AppError {
  return new AppError('invalid', {
    userMessage: 'partners:validation.unknownRegion',
    field: 'territory',
  })
}

/**
 * Turns a constraint violation that a concurrent writer can still cause (after our checks) into
 * the field error the form shows; anything else is rethrown untouched.
 */
export function toPartnerFieldError(error: unknown): unknown {
  const state = sqlStateOf(error)
  const constraint = constraintOf(error)
  if (
    state === '23505' &&
    (constraint === 'partners_name_key' || constraint === 'partners_code_key')
  )
    return duplicateError(constraint)
  if (state === '23503' && constraint?.startsWith('partner_territories_region_code'))
    return unknownRegionError()
  if (state === '23503' && constraint?.startsWith('partners_channel_manager_id'))
    return new AppError('invalid', {
      userMessage: 'partners:validation.channelManager',
      field: 'channelManagerId',
    })
  return error
}
