import { type Database } from '#db/client.server'
import {
  type NewPartner,
  type Partner,
  partners,
  partnerTerritories,
  regions,
} from '#db/schema/partners'
import { uniqueSuffix } from './unique'

export type CreatePartnerOptions = Partial<Omit<NewPartner, 'id'>> & {
  /** Region codes of the partner's territory; missing regions rows are created. */
  regions?: string[]
  /** Industries narrowing every territory row (empty = all industries). */
  industries?: string[]
}

export type TestPartner = Partner & { regionCodes: string[] }

/** Inserts regions rows named after their codes unless they already exist. */
export async function ensureRegions(db: Database, codes: string[]): Promise<void> {
  if (codes.length === 0) return
  await db
    .insert(regions)
    .values(codes.map((code) => ({ code, nameEn: code, nameZh: code })))
    .onConflictDoNothing()
}

/** An active, registered-tier dealer with no territory, unless told otherwise. */
export async function createPartner(
  db: Database,
  options: CreatePartnerOptions = {},
): Promise<TestPartner> {
  const { regions: regionCodes = [], industries = [], ...overrides } = options
  const suffix = uniqueSuffix()
  const [partner] = await db
    .insert(partners)
    .values({
      code: `P-${suffix}`,
      name: `Test Partner ${suffix}`,
      kind: 'dealer',
      ...overrides,
    })
    .returning()
  await ensureRegions(db, regionCodes)
  if (regionCodes.length > 0) {
    await db
      .insert(partnerTerritories)
      .values(regionCodes.map((regionCode) => ({ partnerId: partner.id, regionCode, industries })))
  }
  return { ...partner, regionCodes }
}
