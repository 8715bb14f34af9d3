import i18next, { type i18n as I18n } from 'i18next'
import enAccount from '#app/locales/en/account.json'
import enAnnouncements from '#app/locales/en/announcements.json'
import enContribution from '#app/locales/en/contribution.json'
import enAudit from '#app/locales/en/audit.json'
import enAuth from '#app/locales/en/auth.json'
import enCatalog from '#app/locales/en/catalog.json'
import enImports from '#app/locales/en/imports.json'
import enPricing from '#app/locales/en/pricing.json'
import enProducts from '#app/locales/en/products.json'
import enCommon from '#app/locales/en/common.json'
import enDeals from '#app/locales/en/deals.json'
import enEmail from '#app/locales/en/email.json'
import enErrors from '#app/locales/en/errors.json'
import enFulfilment from '#app/locales/en/fulfilment.json'
import enHome from '#app/locales/en/home.json'
import enMailbox from '#app/locales/en/mailbox.json'
import enOrders from '#app/locales/en/orders.json'
import enPartners from '#app/locales/en/partners.json'
import enReview from '#app/locales/en/review.json'
import enUsers from '#app/locales/en/users.json'
import enValidation from '#app/locales/en/validation.json'
import zhAccount from '#app/locales/zh-CN/account.json'
import zhAnnouncements from '#app/locales/zh-CN/announcements.json'
import zhContribution from '#app/locales/zh-CN/contribution.json'
import zhAudit from '#app/locales/zh-CN/audit.json'
import zhAuth from '#app/locales/zh-CN/auth.json'
import zhCatalog from '#app/locales/zh-CN/catalog.json'
import zhImports from '#app/locales/zh-CN/imports.json'
import zhPricing from '#app/locales/zh-CN/pricing.json'
import zhProducts from '#app/locales/zh-CN/products.json'
import zhCommon from '#app/locales/zh-CN/common.json'
import zhDeals from '#app/locales/zh-CN/deals.json'
import zhEmail from '#app/locales/zh-CN/email.json'
import zhErrors from '#app/locales/zh-CN/errors.json'
import zhFulfilment from '#app/locales/zh-CN/fulfilment.json'
import zhHome from '#app/locales/zh-CN/home.json'
import zhMailbox from '#app/locales/zh-CN/mailbox.json'
import zhOrders from '#app/locales/zh-CN/orders.json'
import zhPartners from '#app/locales/zh-CN/partners.json'
import zhReview from '#app/locales/zh-CN/review.json'
import zhUsers from '#app/locales/zh-CN/users.json'
import zhValidation from '#app/locales/zh-CN/validation.json'

export const supportedLocales = ['en', 'zh-CN'] as const
export type SupportedLocale = (typeof supportedLocales)[number]
export const defaultLocale: SupportedLocale = 'en'

export const namespaces = [
  'common',
  'auth',
  'account',
  'partners',
  'users',
  'audit',
  'mailbox',
  'home',
  'errors',
  'validation',
  'email',
  'deals',
  'review',
  'catalog',
  'products',
  'pricing',
  'fulfilment',
  'imports',
  'orders',
  'contribution',
  'announcements',
] as const
export type Namespace = (typeof namespaces)[number]

/** Every catalog, by locale then namespace. A test checks both locales have the same keys. */
export const catalogs: Record<SupportedLocale, Record<Namespace, object>> = {
  en: {
    common: enCommon,
    auth: enAuth,
    account: enAccount,
    partners: enPartners,
    users: enUsers,
    audit: enAudit,
    mailbox: enMailbox,
    home: enHome,
    errors: enErrors,
    validation: enValidation,
    email: enEmail,
    deals: enDeals,
    review: enReview,
    catalog: enCatalog,
    products: enProducts,
    pricing: enPricing,
    fulfilment: enFulfilment,
    imports: enImports,
    orders: enOrders,
    contribution: enContribution,
    announcements: enAnnouncements,
  },
  'zh-CN': {
    common: zhCommon,
    auth: zhAuth,
    account: zhAccount,
    partners: zhPartners,
    users: zhUsers,
    audit: zhAudit,
    mailbox: zhMailbox,
    home: zhHome,
    errors: zhErrors,
    validation: zhValidation,
    email: zhEmail,
    deals: zhDeals,
    review: zhReview,
    catalog: zhCatalog,
    products: zhProducts,
    pricing: zhPricing,
    fulfilment: zhFulfilment,
    imports: zhImports,
    orders: zhOrders,
    contribution: zhContribution,
    announcements: zhAnnouncements,
  },
}

export function isSupportedLocale(value: unknown): value is SupportedLocale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value)
}

/** Maps a stored or requested locale to one we have (zh, zh-Hans, zh-CN → zh-CN). */
export function matchLocale(value: string | null | undefined): SupportedLocale | null {
  if (!value) return null
  const v = value.trim().toLowerCase()
  if (v.startsWith('zh'))
    return v.includes('hant') || v === 'zh-tw' || v === 'zh-hk' ? null : 'zh-CN'
  if (v.startsWith('en')) return 'en'
  return null
}

/** Picks the best locale from an Accept-Language header, honouring q-values. */
export function localeFromAcceptLanguage(
  header: string | null | undefined,
): SupportedLocale | null {
  if (!header) return null
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';')
      const q = params.find((p) => p.trim().startsWith('q='))
      return { tag: tag ?? '', q: q ? Number(q.trim().slice(2)) || 0 : 1 }
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q)
  for (const { tag } of ranked) {
    const match = matchLocale(tag)
    if (match) return match
  }
  return null
}

const instances = new Map<string, I18n>()

/**
 * A ready i18next instance for one locale (synchronous: all catalogs are bundled). Instances are
 * never switched to another language, so one per locale (and plugin set) is shared by every render.
 */
export function createI18n(locale: string | null | undefined, plugins: unknown[] = []): I18n {
  const lng = matchLocale(locale) ?? defaultLocale
  const key = `${lng}|${plugins.length}`
  const cached = instances.get(key)
  if (cached) return cached
  const instance = i18next.createInstance()
  for (const plugin of plugins) instance.use(plugin as never)
  void instance.init({
    resources: catalogs as unknown as Record<string, Record<string, object>>,
    lng,
    fallbackLng: defaultLocale,
    supportedLngs: [...supportedLocales],
    ns: [...namespaces],
    defaultNS: 'common',
    initImmediate: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  })
  instances.set(key, instance)
  return instance
}
