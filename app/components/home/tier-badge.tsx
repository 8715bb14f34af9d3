import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'

const tierColor = {
  platinum: 'violet',
  gold: 'amber',
  silver: 'slate',
  registered: 'blue',
} as const

export function TierBadge({ tier }: { tier: keyof typeof tierColor }) {
  const { t } = useTranslation()
  return <Badge color={tierColor[tier]}>{t(`common:tiers.${tier}`)}</Badge>
}
