import { and, asc, eq, ne } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { industries, productLines } from '#db/schema/deals'
import { partners, partnerTerritories, regions } from '#db/schema/partners'
import { AppError } from '#app/utils/app-error'
import { getDealSettings } from './get-deal-settings.server'

export type GetRegistrationFormOptionsOptions = { actor: { partnerId: string } }

export type NamedOption = { code: string; nameEn: string; nameZh: string }

/**
 * What the registration form offers the actor's partner: active product lines, every region
 * (marked inside or outside its territory, with the vendor's policy for outside), industries,
 * and for a reseller the active distributors that may fulfil its deal.
 */
export async function getRegistrationFormOptions(
  db: Database,
  options: GetRegistrationFormOptionsOptions,
) {
  const [partner] = await db
    .select({
      id: partners.id,
      kind: partners.kind,
      currency: partners.currency,
      status: partners.status,
    })
    .from(partners)
    .where(eq(partners.id, options.actor.partnerId))
  if (!partner) throw new AppError('not_found', { userMessage: 'errors:notFound.title' })

  const [lines, regionRows, territory, industryRows, distributors, settings] = await Promise.all([
    db
      .select({
        id: productLines.id,
        code: productLines.code,
        nameEn: productLines.nameEn,
        nameZh: productLines.nameZh,
      })
      .from(productLines)
      .where(eq(productLines.active, true))
      .orderBy(asc(productLines.code)),
    db
      .select({ code: regions.code, nameEn: regions.nameEn, nameZh: regions.nameZh })
      .from(regions)
      .orderBy(asc(regions.code)),
    db
      .select({ regionCode: partnerTerritories.regionCode })
      .from(partnerTerritories)
      .where(eq(partnerTerritories.partnerId, partner.id)),
    db
      .select({ code: industries.code, nameEn: industries.nameEn, nameZh: industries.nameZh })
      .from(industries)
      .orderBy(asc(industries.code)),
    partner.kind === 'reseller'
      ? db
          .select({ id: partners.id, name: partners.name, code: partners.code })
          .from(partners)
          .where(
            and(
              eq(partners.kind, 'distributor'),
              eq(partners.status, 'active'),
              ne(partners.id, partner.id),
            ),
          )
          .orderBy(asc(partners.name))
      : Promise.resolve([]),
    getDealSettings(db),
  ])
  const inTerritory = new Set(territory.map((t) => t.regionCode))

  return {
    partner: {
      kind: partner.kind,
      currency: partner.currency,
      active: partner.status === 'active',
    },
    productLines: lines,
    regions: regionRows.map((r) => ({ ...r, inTerritory: inTerritory.has(r.code) })),
    industries: industryRows as NamedOption[],
    distributors,
    territoryPolicy: settings.territoryPolicy,
  }
}

export type RegistrationFormOptions = Awaited<ReturnType<typeof getRegistrationFormOptions>>
