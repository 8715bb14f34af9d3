import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'
import {
  knownIndustries,
  type PartnerStatus,
  type PartnerTier,
} from '#app/modules/partners/partner-rules'

export type RegionOption = { code: string; nameEn: string; nameZh: string }

export const regionName = (region: Pick<RegionOption, 'nameEn' | 'nameZh'>, locale: string) =>
  locale.startsWith('zh') ? region.nameZh : region.nameEn

const tierColors = {
  platinum: 'violet',
  gold: 'amber',
  silver: 'slate',
  registered: 'blue',
} as const

export function TierBadge({ tier }: { tier: PartnerTier }) {
  const { t } = useTranslation()
  return <Badge color={tierColors[tier]}>{t(`common:tiers.${tier}`)}</Badge>
}

export function PartnerStatusBadge({ status }: { status: PartnerStatus }) {
  const { t } = useTranslation()
  return (
    <Badge color={status === 'active' ? 'green' : 'red'}>{t(`common:statuses.${status}`)}</Badge>
  )
}

/** An industry key in the user's language when the UI knows it, else as stored. */
export function useIndustryLabel() {
  const { t } = useTranslation()
  return (key: string) =>
    (knownIndustries as readonly string[]).includes(key) ? t(`partners:industries.${key}`) : key
}
