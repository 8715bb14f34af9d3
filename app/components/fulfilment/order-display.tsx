import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'
import {
  fulfilmentStatusColor,
  type FulfilmentOrderStatus,
  type FulfilmentPaymentMethod,
  type FulfilmentPaymentStatus,
} from '#app/modules/orders/fulfilment-rules'

export function OrderStatusBadge({ status }: { status: FulfilmentOrderStatus }) {
  const { t } = useTranslation()
  return <Badge color={fulfilmentStatusColor[status]}>{t(`fulfilment:status.${status}`)}</Badge>
}

const paymentColors = { unpaid: 'amber', paid: 'green', refunded: 'slate' } as const

/** "Card · Paid", "On account · Unpaid": how the order is paid and where that stands. */
export function PaymentSummary({
  method,
  status,
}: {
  method: FulfilmentPaymentMethod
  status: FulfilmentPaymentStatus
}) {
  const { t } = useTranslation()
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <span className="text-slate-700">{t(`fulfilment:paymentMethod.${method}`)}</span>
      <Badge color={paymentColors[status]}>{t(`fulfilment:paymentStatus.${status}`)}</Badge>
    </span>
  )
}

export function AttentionBadge() {
  const { t } = useTranslation()
  return <Badge color="red">{t('fulfilment:attention.badge')}</Badge>
}

const paymentRecordColors = {
  open: 'blue',
  succeeded: 'green',
  failed: 'red',
  expired: 'slate',
  refunded: 'slate',
} as const

export function PaymentRecordBadge({ status }: { status: keyof typeof paymentRecordColors }) {
  const { t } = useTranslation()
  return (
    <Badge color={paymentRecordColors[status]}>{t(`fulfilment:paymentRecord.${status}`)}</Badge>
  )
}
