import { seedIndustries } from '#db/seed-data'
import { copyRows, type CopyValue } from '../lib/copy'
import { DAY_MS, between, type GeneratedPartner, type GenerateStep } from '../lib/context'

const kinds = [
  { weight: 10, value: 'distributor' },
  { weight: 40, value: 'dealer' },
  { weight: 50, value: 'reseller' },
] as const
const tiers = [
  { weight: 3, value: 'platinum' },
  { weight: 12, value: 'gold' },
  { weight: 30, value: 'silver' },
  { weight: 55, value: 'registered' },
] as const
/** Credit limits in CNY minor units, by tier (on-account ordering uses them later). */
const creditLimitByTier = {
  platinum: [5_000_000_00, 20_000_000_00],
  gold: [1_000_000_00, 5_000_000_00],
  silver: [200_000_00, 1_000_000_00],
  registered: [0, 200_000_00],
} as const

export const partnerCodeFor = (n: number) => `P-${String(n).padStart(5, '0')}`

/** Partners (names unique case-insensitively, as the schema requires) and their territories. */
export const partnersStep: GenerateStep = {
  name: 'partners',
  async run(ctx) {
    const faker = ctx.fakerFor('partners')
    const zh = ctx.zhFakerFor('partners')
    const managers = ctx.state.staff.filter((u) => u.role === 'channel_manager')
    const usedNames = new Set<string>()
    const partners: GeneratedPartner[] = []
    const partnerRows: CopyValue[][] = []
    const territoryRows: CopyValue[][] = []

    for (let n = 1; n <= ctx.scale.partners; n++) {
      const code = partnerCodeFor(n)
      // Most partners are in mainland China; the rest carry English names (HK, SG, foreign-owned).
      const language = faker.datatype.boolean(0.7) ? 'zh' : 'en'
      const nameFaker = language === 'zh' ? zh : faker
      let name = nameFaker.company.name()
      for (let attempt = 2; usedNames.has(name.toLowerCase()); attempt++) {
        name = attempt <= 5 ? nameFaker.company.name() : `${nameFaker.company.name()} ${attempt}`
      }
      usedNames.add(name.toLowerCase())
      const tier = faker.helpers.weightedArrayElement(tiers)
      const [minCredit, maxCredit] = creditLimitByTier[tier]
      const createdAt = between(
        faker,
        new Date(ctx.now.getTime() - 1000 * DAY_MS),
        new Date(ctx.now.getTime() - 7 * DAY_MS),
      )
      // The partners behind the bench logins stay active so those users can sign in.
      const suspended = n > ctx.scale.benchPartnerLogins && faker.datatype.boolean(0.02)
      const partner: GeneratedPartner = {
        id: faker.string.uuid(),
        code,
        status: suspended ? 'suspended' : 'active',
        channelManagerId: faker.helpers.arrayElement(managers).id,
        language,
        createdAt,
      }
      partners.push(partner)
      const updatedAt = between(faker, createdAt, ctx.now)
      partnerRows.push([
        partner.id,
        code,
        name,
        faker.helpers.weightedArrayElement(kinds),
        tier,
        partner.status,
        Math.round(faker.number.int({ min: minCredit, max: maxCredit }) / 100_000_00) * 100_000_00,
        'CNY',
        faker.helpers.arrayElement([0, 15, 30, 30, 30, 45, 60, 90]),
        partner.channelManagerId,
        createdAt,
        updatedAt,
      ])
      const regionCount = faker.helpers.weightedArrayElement([
        { weight: 60, value: 1 },
        { weight: 30, value: 2 },
        { weight: 10, value: 3 },
      ])
      for (const regionCode of faker.helpers.arrayElements(ctx.state.regionCodes, regionCount)) {
        const industries = faker.datatype.boolean(0.3)
          ? faker.helpers.arrayElements(seedIndustries, { min: 1, max: 2 })
          : []
        territoryRows.push([partner.id, regionCode, industries])
      }
    }
    ctx.state.partners = partners

    const partnersWritten = await copyRows(
      ctx.sql,
      'partners',
      [
        'id',
        'code',
        'name',
        'kind',
        'tier',
        'status',
        'credit_limit_minor',
        'currency',
        'payment_terms_days',
        'channel_manager_id',
        'created_at',
        'updated_at',
      ],
      partnerRows,
    )
    const territoriesWritten = await copyRows(
      ctx.sql,
      'partner_territories',
      ['partner_id', 'region_code', 'industries'],
      territoryRows,
    )
    return { partners: partnersWritten, partner_territories: territoriesWritten }
  },
}
