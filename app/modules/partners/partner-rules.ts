import { z } from 'zod'
import enPartners from '#app/locales/en/partners.json'
import zhPartners from '#app/locales/zh-CN/partners.json'
import { parseMoneyToMinor } from '#app/utils/money'

// The same lists as the database enums in db/schema/partners.ts, repeated here so that this file
// (shared with the browser) does not pull the drizzle schema into the client bundle. A type check
// in create-partner.server.ts fails the build if the two ever drift apart.
export const partnerKinds = ['distributor', 'dealer', 'reseller'] as const
export const partnerTiers = ['platinum', 'gold', 'silver', 'registered'] as const
export const partnerStatuses = ['active', 'suspended'] as const
export type PartnerKind = (typeof partnerKinds)[number]
export type PartnerTier = (typeof partnerTiers)[number]
export type PartnerStatus = (typeof partnerStatuses)[number]

/** Industries the UI has names for; territories may also carry others (shown as typed). */
export const knownIndustries = ['manufacturing', 'energy', 'automotive', 'pharma'] as const

export const defaultCurrency = 'CNY'
export const maxPaymentTermsDays = 365
export const partnersPageSize = 25

/** Generated partner codes: "P-" and at least four digits, e.g. P-0017. */
export const generatedCodePattern = /^P-(\d+)$/
export const formatPartnerCode = (n: number) => `P-${String(n).padStart(4, '0')}`

/** The code after the highest generated one ("next free"), given the codes in use. */
export function nextPartnerCode(highestNumber: number | null): string {
  return formatPartnerCode((highestNumber ?? 0) + 1)
}

/** Industry keys: lower-case words joined by hyphens ("oil-gas"), as typed in a comma list. */
const industryPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const maxIndustriesPerRegion = 20

/** Known industries may be typed by key or by their English or Chinese name ("制造业"). */
const industryAliases = new Map<string, string>(
  knownIndustries.flatMap((key) => [
    [key, key],
    [enPartners.industries[key].toLowerCase(), key],
    [zhPartners.industries[key], key],
  ]),
)

/** "Manufacturing, energy ,能源" → ['manufacturing', 'energy']; null when an entry is malformed. */
export function parseIndustryList(text: string): string[] | null {
  const keys: string[] = []
  for (const part of text.split(/[,，、;；\n]/)) {
    const typed = part.trim().toLowerCase()
    if (!typed) continue
    const key = industryAliases.get(typed) ?? typed.replace(/\s+/g, '-')
    if (key.length > 40 || !industryPattern.test(key)) return null
    keys.push(key)
  }
  return [...new Set(keys)]
}

export type TerritoryInput = { regionCode: string; industries: string[] }

const trimmed = (max: number) =>
  z.string({ error: 'validation:required' }).trim().max(max, 'validation:tooLong')

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim())

/**
 * The territory part of the form arrives as `territory` (one value per ticked region) plus
 * `industries.<REGION>` (a comma list per region). The browser (react-hook-form) nests the
 * latter as `{ industries: { REGION: '…' } }` while FormData on the server has flat
 * `industries.REGION` keys: both are folded into one `industriesByRegion` record first.
 */
function foldTerritoryFields(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw
  const input = raw as Record<string, unknown>
  const industriesByRegion: Record<string, string> = {}
  const nested = input.industries
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [region, value] of Object.entries(nested)) {
      if (typeof value === 'string') industriesByRegion[region] = value
    }
  }
  for (const [key, value] of Object.entries(input)) {
    if (key.startsWith('industries.') && typeof value === 'string') {
      industriesByRegion[key.slice('industries.'.length)] = value
    }
  }
  const ticked = input.territory
  const territory =
    typeof ticked === 'string' ? [ticked] : Array.isArray(ticked) ? ticked : ([] as unknown[])
  return { ...input, territory, industries: industriesByRegion }
}

const PartnerFormFields = z.object({
  // Runs of spaces collapse, so "Acme  Ltd" cannot sit next to "Acme Ltd" as another partner.
  name: trimmed(200)
    .min(1, 'validation:required')
    .transform((v) => v.replace(/\s+/g, ' ')),
  code: optionalText
    .transform((v) => v.toUpperCase())
    .refine((v) => v === '' || /^[A-Z0-9][A-Z0-9-]{1,19}$/.test(v), 'partners:validation.code'),
  kind: z.enum(partnerKinds, { error: 'validation:invalidChoice' }),
  tier: z.enum(partnerTiers, { error: 'validation:invalidChoice' }),
  currency: optionalText
    .transform((v) => v.toUpperCase() || defaultCurrency)
    .refine((v) => /^[A-Z]{3}$/.test(v), 'partners:validation.currency'),
  // Checked for shape here; the currency decides how many decimals are allowed (below).
  creditLimit: optionalText.refine(
    (v) => v === '' || parseMoneyToMinor(v, 'BHD') !== null,
    'validation:invalidAmount',
  ),
  paymentTermsDays: z
    .union([z.string(), z.number()], { error: 'validation:required' })
    .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
    .refine((v) => v !== '', 'validation:required')
    .refine((v) => /^\d+$/.test(v), 'validation:invalidNumber')
    .transform(Number)
    .refine((v) => v <= maxPaymentTermsDays, 'partners:validation.paymentTerms'),
  channelManagerId: optionalText.refine(
    (v) => v === '' || z.uuid().safeParse(v).success,
    'validation:invalidChoice',
  ),
  territory: z
    .array(z.string().trim().min(1).max(40, 'validation:tooLong'), {
      error: 'validation:invalidChoice',
    })
    .max(200, 'validation:tooLong'),
  // Checked per region as typed (even before its region is ticked), so the message shows at once.
  industries: z.record(
    z.string(),
    z
      .string()
      .max(1000, 'validation:tooLong')
      .refine((v) => {
        const keys = parseIndustryList(v)
        return keys !== null && keys.length <= maxIndustriesPerRegion
      }, 'partners:validation.industries'),
  ),
})

/**
 * Create and edit a partner. Output is what the modules write: money in minor units, an empty
 * code as null ("generate one"), an empty manager as null, territories with parsed industries.
 */
const partnerFormSchema = z.preprocess(
  foldTerritoryFields,
  PartnerFormFields.transform((v, ctx) => {
    const creditLimitMinor = v.creditLimit === '' ? 0 : parseMoneyToMinor(v.creditLimit, v.currency)
    if (creditLimitMinor === null) {
      ctx.addIssue({ code: 'custom', path: ['creditLimit'], message: 'validation:invalidAmount' })
      return z.NEVER
    }
    const territories: TerritoryInput[] = []
    for (const regionCode of [...new Set(v.territory)]) {
      // Valid by now: every industries entry passed its own check above.
      territories.push({
        regionCode,
        industries: parseIndustryList(v.industries[regionCode] ?? '') ?? [],
      })
    }
    return {
      name: v.name,
      code: v.code === '' ? null : v.code,
      kind: v.kind,
      tier: v.tier,
      currency: v.currency,
      creditLimitMinor,
      paymentTermsDays: v.paymentTermsDays,
      channelManagerId: v.channelManagerId === '' ? null : v.channelManagerId,
      territories,
    }
  }),
)
export type PartnerFormInput = z.input<typeof PartnerFormFields>
export type PartnerFormData = z.output<typeof partnerFormSchema>
// z.preprocess types its input as unknown; the form (react-hook-form) needs the field shape.
export const PartnerForm = partnerFormSchema as unknown as z.ZodType<
  PartnerFormData,
  PartnerFormInput
>

/** Suspend needs a reason (kept in the audit log); reactivation may carry a note. */
export const PartnerStatusForm = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('suspended'),
    reason: trimmed(500).min(1, 'partners:validation.reasonRequired'),
  }),
  z.object({
    status: z.literal('active'),
    reason: optionalText.pipe(z.string().max(500, 'validation:tooLong')),
  }),
])
export type PartnerStatusFormData = z.output<typeof PartnerStatusForm>

// ---------------------------------------------------------------------------------------------
// The partner list: every filter lives in the URL, and bad values fall back to "no filter".

export const partnerSorts = ['name', 'code', 'created'] as const
export type PartnerSort = (typeof partnerSorts)[number]
export type SortDirection = 'asc' | 'desc'

export type PartnerListQuery = {
  q: string
  kind: PartnerKind | null
  tier: PartnerTier | null
  status: PartnerStatus | null
  region: string | null
  /** 'mine' (the acting channel manager), 'none' (unassigned), a user id, or null for all. */
  manager: string | null
  sort: PartnerSort
  dir: SortDirection
  page: number
}

const pick = <T extends string>(options: readonly T[], value: string | null): T | null =>
  value !== null && (options as readonly string[]).includes(value) ? (value as T) : null

/** Reads the list's query string leniently: a hand-edited URL never breaks the page. */
export function parsePartnerListQuery(params: URLSearchParams): PartnerListQuery {
  const manager = params.get('manager')
  const region = params.get('region')?.trim() ?? ''
  const page = Number.parseInt(params.get('page') ?? '', 10)
  const sort = pick(partnerSorts, params.get('sort')) ?? 'name'
  const dir =
    pick(['asc', 'desc'] as const, params.get('dir')) ?? (sort === 'created' ? 'desc' : 'asc')
  return {
    q: (params.get('q') ?? '').trim().slice(0, 100),
    kind: pick(partnerKinds, params.get('kind')),
    tier: pick(partnerTiers, params.get('tier')),
    status: pick(partnerStatuses, params.get('status')),
    region: region && region.length <= 40 ? region : null,
    manager:
      manager === 'mine' || manager === 'none' || z.uuid().safeParse(manager).success
        ? manager
        : null,
    sort,
    dir,
    page: Number.isFinite(page) && page >= 1 && page <= 100_000 ? page : 1,
  }
}

/** The query string for a list view; defaults are left out so links stay short. */
export function partnerListSearch(
  query: PartnerListQuery,
  changes: Partial<PartnerListQuery> = {},
) {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  if (next.q) params.set('q', next.q)
  if (next.kind) params.set('kind', next.kind)
  if (next.tier) params.set('tier', next.tier)
  if (next.status) params.set('status', next.status)
  if (next.region) params.set('region', next.region)
  if (next.manager) params.set('manager', next.manager)
  if (next.sort !== 'name') params.set('sort', next.sort)
  if (next.dir !== (next.sort === 'created' ? 'desc' : 'asc')) params.set('dir', next.dir)
  if (next.page > 1) params.set('page', String(next.page))
  const search = params.toString()
  return search ? `?${search}` : ''
}
