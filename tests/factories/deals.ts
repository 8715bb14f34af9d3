import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { dealSettings, industries, productLines, type DealSettings } from '#db/schema/deals'
import type { RegisterDealInput } from '#app/modules/deals/deal-rules'
import { submitRegistration } from '#app/modules/deals/submit-registration.server'
import { createPartner, type CreatePartnerOptions } from './partners'
import { uniqueSuffix } from './unique'
import { createUser } from './users'

export async function createProductLine(
  db: Database,
  overrides: Partial<typeof productLines.$inferInsert> = {},
) {
  const suffix = uniqueSuffix()
  const [line] = await db
    .insert(productLines)
    .values({
      code: `PL-${suffix}`,
      nameEn: `Line ${suffix}`,
      nameZh: `产品线 ${suffix}`,
      ...overrides,
    })
    .returning()
  return line!
}

export async function ensureIndustries(db: Database, codes: string[]) {
  if (codes.length === 0) return
  await db
    .insert(industries)
    .values(codes.map((code) => ({ code, nameEn: code, nameZh: code })))
    .onConflictDoNothing()
}

export async function updateDealSettings(db: Database, changes: Partial<DealSettings>) {
  await db.update(dealSettings).set(changes).where(eq(dealSettings.id, 1))
}

/** A partner (active, in CN-EAST unless told) with one partner user who can register deals. */
export async function createRegisteringPartner(db: Database, options: CreatePartnerOptions = {}) {
  const partner = await createPartner(db, { regions: ['CN-EAST'], ...options })
  const user = await createUser(db, { role: 'partner_user', partnerId: partner.id })
  return { partner, user, actor: { id: user.id, email: user.email, partnerId: partner.id } }
}

/** A valid registration form for a fresh prospect (override the name or tax ID to collide). */
export function registrationInput(
  overrides: Partial<RegisterDealInput> & { productLineId: string },
): RegisterDealInput {
  return {
    prospectName: `Prospect ${uniqueSuffix()} Manufacturing Ltd`,
    prospectTaxId: null,
    prospectDomain: null,
    contactName: null,
    contactEmail: null,
    contactPhone: null,
    regionCode: 'CN-EAST',
    industry: null,
    estimatedValue: '100000',
    estimatedValueMinor: 10_000_000,
    currency: 'CNY',
    expectedCloseDate: '2099-12-31',
    notes: null,
    fulfilmentPartnerId: null,
    ...overrides,
  }
}

export async function createRegistration(
  db: Database,
  options: {
    actor: { id: string; email: string; partnerId: string }
    input: RegisterDealInput
    now?: Date
  },
) {
  return submitRegistration(db, { ...options, origin: 'http://portal.test' })
}
