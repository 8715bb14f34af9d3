import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Button } from '#app/components/ui/button'
import { Card } from '#app/components/ui/card'
import { ProductStatusBadge } from './product-display'

/** Active or inactive, and the one button that switches it (vendor admins). */
export function ProductStatusCard({
  active,
  canManage,
  intent,
}: {
  active: boolean
  canManage: boolean
  intent: string
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
  return (
    <Card title={t('products:statusCard.title')} actions={<ProductStatusBadge active={active} />}>
      <p className="text-sm text-slate-600">
        {t(active ? 'products:statusCard.activeBody' : 'products:statusCard.inactiveBody')}
      </p>
      {canManage ? (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="active" value={active ? 'false' : 'true'} />
          <Button variant={active ? 'danger' : 'primary'} disabled={busy}>
            {t(active ? 'products:statusCard.deactivate' : 'products:statusCard.reactivate')}
          </Button>
        </Form>
      ) : null}
    </Card>
  )
}
