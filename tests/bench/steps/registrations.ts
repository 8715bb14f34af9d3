import { seedIndustryRows, seedProductLines } from '#db/seed-data'
import { prospectKeysOf } from '#app/modules/deals/prospect-rules'
import type { ScaleName } from '../bench-config'
import { copyRows, type CopyValue } from '../lib/copy'
import { DAY_MS, GENERATOR_SEED, type GenerateStep, type GeneratedUser } from '../lib/context'

/** Registrations per scale (DESIGN.md "Scale to plan for": 1 000 000). */
export const registrationsByScale: Record<ScaleName, number> = {
  small: 20_000,
  target: 1_000_000,
}

/** Mostly closed history; ~5 % pending and ~10 % approved with protection ending in the future. */
const statusMix = [
  { weight: 5, value: 'pending' },
  { weight: 10, value: 'approved' },
  { weight: 35, value: 'expired' },
  { weight: 18, value: 'won' },
  { weight: 17, value: 'lost' },
  { weight: 10, value: 'rejected' },
  { weight: 5, value: 'withdrawn' },
] as const
type Status = (typeof statusMix)[number]['value']
const lossReasons = ['price', 'competitor', 'no_budget', 'timing', 'other'] as const
const openStages = ['registered', 'qualified', 'proposal', 'negotiation'] as const
const usccAreas = ['440300', '310115', '110108', '320505', '330106', '510107', '420111', '370212']
const nameWords = ['Precision', 'Automation', 'Motion', 'Robotics', 'Packaging', 'Energy']
const nameSuffixes = ['Co., Ltd.', 'Manufacturing Co., Ltd.', 'Industrial Ltd.', '智能装备有限公司']

/** mulberry32: faker is too slow per field for a million rows; this is deterministic too. */
export function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const usccCharset = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** A valid USCC (GB 32100 check character, as normaliseTaxId verifies) for enterprise number n. */
export function benchUscc(area: string, n: number): string {
  const body = `91${area}${String(n).padStart(9, '0')}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += usccCharset.indexOf(body[i]!) * usccWeights[i]!
  return body + usccCharset[(31 - (sum % 31)) % 31]
}

/** The prospect of generated registration n: distinct name, domain and tax ID per n. */
export function benchProspect(n: number, random: () => number) {
  const word = nameWords[n % nameWords.length]!
  const suffix = nameSuffixes[Math.floor(random() * nameSuffixes.length)]!
  const name = `Prospect ${n} ${word} ${suffix}`
  const taxId = random() < 0.7 ? benchUscc(usccAreas[n % usccAreas.length]!, n) : null
  const domain = random() < 0.6 ? `prospect-${n}.com.cn` : null
  return { name, taxId, domain }
}

export const registrationNumberFor = (n: number) => `R-${String(n).padStart(6, '0')}`

/**
 * Product lines and industries (the demo ones) and registrations over the generated partners,
 * with their registration_locks: active for pending (locked_until null) and approved
 * (locked_until = protection end) registrations, inactive for won ones (the blind check's
 * "existing customer" lookup reads them). Rejected, expired, lost and withdrawn registrations get
 * no lock rows (their locks would all be inactive and nothing reads inactive locks of those), and
 * generated registrations get no registration_events: both only to keep generation short.
 */
export const registrationsStep: GenerateStep = {
  name: 'registrations',
  async run(ctx) {
    const random = prng(GENERATOR_SEED ^ 0x5eed)
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
    const weighted = <T>(items: readonly { weight: number; value: T }[]) => {
      const total = items.reduce((s, i) => s + i.weight, 0)
      let r = random() * total
      for (const item of items) if ((r -= item.weight) < 0) return item.value
      return items[items.length - 1]!.value
    }

    await ctx.sql`
      insert into product_lines ${ctx.sql(
        seedProductLines.map((l) => ({
          id: l.id,
          code: l.code,
          name_en: l.nameEn,
          name_zh: l.nameZh,
        })),
      )} on conflict do nothing`
    await ctx.sql`
      insert into industries ${ctx.sql(
        seedIndustryRows.map((i) => ({ code: i.code, name_en: i.nameEn, name_zh: i.nameZh })),
      )} on conflict do nothing`

    const usersByPartner = new Map<string, GeneratedUser[]>()
    for (const user of ctx.state.partnerUsers) {
      const list = usersByPartner.get(user.partnerId!) ?? []
      list.push(user)
      usersByPartner.set(user.partnerId!, list)
    }
    const partners = ctx.state.partners.filter((p) => usersByPartner.has(p.id))
    const reviewers = ctx.state.staff
    const industryCodes = seedIndustryRows.map((i) => i.code)
    const now = ctx.now.getTime()
    const total = registrationsByScale[ctx.scale.name]

    const lockRows: CopyValue[][] = []
    let lockId = 0
    function* registrationRows(): Generator<CopyValue[]> {
      for (let n = 1; n <= total; n++) {
        const partner = pick(partners)
        const creator = pick(usersByPartner.get(partner.id)!)
        const productLineId = pick(seedProductLines).id
        const prospect = benchProspect(n, random)
        const keys = prospectKeysOf({
          taxId: prospect.taxId,
          domain: prospect.domain,
          companyName: prospect.name,
        }).map((k) => k.key)
        const status: Status = weighted(statusMix)
        // Open registrations are recent; closed ones spread over the last three years.
        const ageDays =
          status === 'pending'
            ? random() * 3
            : status === 'approved'
              ? 1 + random() * 80
              : 95 + random() * 1000
        const submittedAt = new Date(now - ageDays * DAY_MS)
        const decided = status !== 'pending' && status !== 'withdrawn'
        const decidedAt = decided ? new Date(submittedAt.getTime() + random() * 2 * DAY_MS) : null
        const protected_ = status !== 'pending' && status !== 'rejected' && status !== 'withdrawn'
        const protectionEndsAt =
          status === 'approved'
            ? new Date(now + (1 + random() * 89) * DAY_MS)
            : protected_
              ? new Date(decidedAt!.getTime() + 90 * DAY_MS)
              : null
        const closedAt =
          status === 'won' || status === 'lost'
            ? new Date(decidedAt!.getTime() + random() * 85 * DAY_MS)
            : status === 'expired'
              ? protectionEndsAt
              : status === 'withdrawn'
                ? new Date(submittedAt.getTime() + random() * DAY_MS)
                : status === 'rejected'
                  ? decidedAt
                  : null
        const value = Math.round(10_000 + random() * 5_000_000) * 100
        const stage =
          status === 'won'
            ? 'won'
            : status === 'lost'
              ? 'lost'
              : status === 'pending'
                ? 'registered'
                : pick(openStages)
        const closeDate = new Date(
          (status === 'pending' || status === 'approved' ? now : submittedAt.getTime()) +
            (30 + random() * 150) * DAY_MS,
        )
          .toISOString()
          .slice(0, 10)
        if (status === 'pending' || status === 'approved' || status === 'won') {
          for (const key of keys) {
            lockRows.push([
              ++lockId,
              `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
              key,
              productLineId,
              partner.id,
              submittedAt,
              status === 'pending' ? null : status === 'approved' ? protectionEndsAt : closedAt,
              status !== 'won',
            ])
          }
        }
        yield [
          `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
          registrationNumberFor(n),
          partner.id,
          creator.id,
          prospect.name,
          prospect.taxId,
          prospect.domain,
          keys[0]!,
          pick(ctx.state.regionCodes),
          random() < 0.8 ? pick(industryCodes) : null,
          productLineId,
          value,
          'CNY',
          closeDate,
          status,
          stage,
          submittedAt,
          decidedAt,
          decidedAt ? pick(reviewers).id : null,
          protected_ ? decidedAt : null,
          protectionEndsAt,
          status === 'won' ? Math.round(value * (0.6 + random() * 0.5)) : null,
          status === 'won' ? closedAt!.toISOString().slice(0, 10) : null,
          status === 'lost' ? pick(lossReasons) : null,
          closedAt,
          submittedAt,
          closedAt ?? decidedAt ?? submittedAt,
        ]
      }
    }

    const registrations = await copyRows(
      ctx.sql,
      'registrations',
      [
        'id',
        'number',
        'partner_id',
        'created_by_id',
        'prospect_name',
        'prospect_tax_id',
        'prospect_domain',
        'prospect_key',
        'region_code',
        'industry',
        'product_line_id',
        'estimated_value_minor',
        'currency',
        'expected_close_date',
        'status',
        'stage',
        'submitted_at',
        'decided_at',
        'decided_by_id',
        'protection_starts_at',
        'protection_ends_at',
        'won_amount_minor',
        'won_on',
        'lost_reason_code',
        'closed_at',
        'created_at',
        'updated_at',
      ],
      registrationRows(),
    )
    const locks = await copyRows(
      ctx.sql,
      'registration_locks',
      [
        'id',
        'registration_id',
        'prospect_key',
        'product_line_id',
        'partner_id',
        'locked_from',
        'locked_until',
        'active',
      ],
      lockRows,
    )
    await ctx.sql`select setval('registration_number_seq', ${total})`
    await ctx.sql`select setval(pg_get_serial_sequence('registration_locks', 'id'), ${lockId})`
    return { registrations, registration_locks: locks }
  },
}
