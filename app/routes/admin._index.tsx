import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/ui/card'

export default function AdminHome() {
  const { t } = useTranslation()
  return <PageHeader title={t('common:nav.home')} />
}
