import { asc, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partnerTerritories, regions, type Partner } from '#db/schema/partners'
import { users, type Role } from '#db/schema/users'
import { getPartner } from './get-partner.server'

export type GetPartnerDetailOptions = { partnerId: string }

export type PartnerDetail = Partner & {
  territories: Array<{ regionCode: string; nameEn: string; nameZh: string; industries: string[] }>
  /** The assigned channel manager, even when no longer active (the page says so). */
  channelManager: {
    id: string
    name: string
    email: string
    role: Role
    status: 'active' | 'disabled'
  } | null
}

/** One partner with its territory (region names) and its channel manager, or not-found. */
export async function getPartnerDetail(
  db: Database,
  options: GetPartnerDetailOptions,
): Promise<PartnerDetail> {
  const partner = await getPartner(db, options)
  const [territories, manager] = await Promise.all([
    db
      .select({
        regionCode: partnerTerritories.regionCode,
        nameEn: regions.nameEn,
        nameZh: regions.nameZh,
        industries: partnerTerritories.industries,
      })
      .from(partnerTerritories)
      .innerJoin(regions, eq(regions.code, partnerTerritories.regionCode))
      .where(eq(partnerTerritories.partnerId, partner.id))
      .orderBy(asc(partnerTerritories.regionCode)),
    partner.channelManagerId
      ? db
          .select({
            id: users.id,
            name: users.name,
            email: users.email,
            role: users.role,
            status: users.status,
          })
          .from(users)
          .where(eq(users.id, partner.channelManagerId))
          .limit(1)
      : Promise.resolve([]),
  ])
  return { ...partner, territories, channelManager: manager[0] ?? null }
}
