import { hasPermission, type Permission, type Role } from '#app/utils/permissions'

export type NavItem = { to: string; labelKey: string; end?: boolean; permission: Permission }

const portalNav: NavItem[] = [
  { to: '/portal', labelKey: 'common:nav.home', end: true, permission: 'read:portal:own' },
  {
    to: '/portal/registrations',
    labelKey: 'common:nav.registrations',
    permission: 'read:registration:own',
  },
  { to: '/portal/catalog', labelKey: 'common:nav.catalog', permission: 'read:catalog:own' },
  {
    to: '/portal/price-policies',
    labelKey: 'common:nav.pricePolicies',
    permission: 'read:catalog:own',
  },
  { to: '/portal/cart', labelKey: 'orders:nav.cart', permission: 'create:order:own' },
  { to: '/portal/orders', labelKey: 'orders:nav.orders', permission: 'read:order:own' },
  {
    to: '/portal/scorecard',
    labelKey: 'contribution:nav.scorecard',
    permission: 'read:contribution:own',
  },
  {
    to: '/portal/announcements',
    labelKey: 'announcements:nav.announcements',
    permission: 'read:announcements:own',
  },
  { to: '/portal/team', labelKey: 'common:nav.team', permission: 'manage:user:own' },
]

const adminNav: NavItem[] = [
  { to: '/admin', labelKey: 'common:nav.home', end: true, permission: 'read:admin:any' },
  {
    to: '/admin/registrations',
    labelKey: 'common:nav.review',
    permission: 'review:registration:any',
  },
  {
    to: '/admin/conflicts',
    labelKey: 'common:nav.conflicts',
    permission: 'review:registration:any',
  },
  { to: '/admin/orders', labelKey: 'fulfilment:nav.orders', permission: 'read:order:any' },
  { to: '/admin/partners', labelKey: 'common:nav.partners', permission: 'read:partner:any' },
  { to: '/admin/products', labelKey: 'common:nav.products', permission: 'read:catalog:any' },
  { to: '/admin/pricing', labelKey: 'common:nav.pricing', permission: 'read:pricing:any' },
  { to: '/admin/imports', labelKey: 'common:nav.imports', permission: 'read:catalog:any' },
  {
    to: '/admin/contribution',
    labelKey: 'contribution:nav.contribution',
    permission: 'read:contribution:any',
  },
  {
    to: '/admin/announcements',
    labelKey: 'announcements:nav.announcements',
    permission: 'manage:announcements:any',
  },
  { to: '/admin/staff', labelKey: 'common:nav.staff', permission: 'manage:staff:any' },
  { to: '/admin/audit', labelKey: 'common:nav.audit', permission: 'read:audit:any' },
  { to: '/admin/mailbox', labelKey: 'common:nav.mailbox', permission: 'read:mailbox:any' },
  { to: '/admin/settings', labelKey: 'common:nav.settings', permission: 'manage:settings:any' },
]

/** The sections this role may open; the server still checks every request. */
export function navigationFor(role: Role): NavItem[] {
  const items = role === 'channel_manager' || role === 'admin' ? adminNav : portalNav
  return items.filter((item) => hasPermission(role, item.permission))
}
