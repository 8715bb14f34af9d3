import type { TFunction } from 'i18next'
import { formatDateTime, formatMoney } from '#app/utils/format'

/**
 * E-mails about an order after it was placed: to the buyer when vendor staff move it on, when a
 * card payment arrives, fails or is refunded, when it expires; to the order desk when a payment
 * needs a decision. Rendered from the `fulfilment` namespace.
 */
export type FulfilmentEmail =
  | { template: 'order-confirmed'; number: string; url: string }
  | {
      template: 'order-shipped'
      number: string
      carrier: string
      trackingNumber: string
      url: string
    }
  | { template: 'order-delivered'; number: string; url: string }
  | {
      template: 'order-cancelled-by-vendor'
      number: string
      reason: string
      /** A card payment is being refunded. */
      refund: boolean
      url: string
    }
  | { template: 'order-credit-released'; number: string; url: string }
  | { template: 'order-expired'; number: string; cause: 'payment' | 'credit_hold'; url: string }
  | { template: 'order-paid'; number: string; amountMinor: number; currency: string; url: string }
  | {
      template: 'order-payment-failed'
      number: string
      reason: string | null
      until: Date
      url: string
    }
  | {
      template: 'order-refunded'
      number: string
      amountMinor: number
      currency: string
      url: string
    }
  | {
      template: 'order-needs-attention'
      number: string
      partnerName: string
      reason: PaymentAttentionReason
      amountMinor: number
      currency: string
      url: string
    }

export type PaymentAttentionReason =
  'paid_after_close' | 'duplicate_payment' | 'amount_mismatch' | 'refund_failed'

const templates: ReadonlySet<string> = new Set<FulfilmentEmail['template']>([
  'order-confirmed',
  'order-shipped',
  'order-delivered',
  'order-cancelled-by-vendor',
  'order-credit-released',
  'order-expired',
  'order-paid',
  'order-payment-failed',
  'order-refunded',
  'order-needs-attention',
])

export function isFulfilmentEmail(email: { template: string }): email is FulfilmentEmail {
  return templates.has(email.template)
}

export function renderFulfilmentEmail(
  email: FulfilmentEmail,
  lng: string,
  t: TFunction,
): { subject: string; text: string; locale: string } {
  const done = (subject: string, text: string) => ({ subject, text, locale: lng })
  const n = { number: email.number }
  switch (email.template) {
    case 'order-confirmed':
      return done(
        t('fulfilment:email.confirmed.subject', n),
        t('fulfilment:email.confirmed.body', { ...n, url: email.url }),
      )
    case 'order-shipped':
      return done(
        t('fulfilment:email.shipped.subject', n),
        t('fulfilment:email.shipped.body', {
          ...n,
          carrier: email.carrier,
          tracking: email.trackingNumber,
          url: email.url,
        }),
      )
    case 'order-delivered':
      return done(
        t('fulfilment:email.delivered.subject', n),
        t('fulfilment:email.delivered.body', { ...n, url: email.url }),
      )
    case 'order-cancelled-by-vendor':
      return done(
        t('fulfilment:email.cancelled.subject', n),
        t('fulfilment:email.cancelled.body', {
          ...n,
          reason: email.reason,
          refund: email.refund ? t('fulfilment:email.cancelled.refund') : '',
          url: email.url,
        }),
      )
    case 'order-credit-released':
      return done(
        t('fulfilment:email.creditReleased.subject', n),
        t('fulfilment:email.creditReleased.body', { ...n, url: email.url }),
      )
    case 'order-expired':
      return done(
        t('fulfilment:email.expired.subject', n),
        t(`fulfilment:email.expired.body.${email.cause}`, { ...n, url: email.url }),
      )
    case 'order-paid':
      return done(
        t('fulfilment:email.paid.subject', n),
        t('fulfilment:email.paid.body', {
          ...n,
          amount: formatMoney(email.amountMinor, email.currency, lng),
          url: email.url,
        }),
      )
    case 'order-payment-failed':
      return done(
        t('fulfilment:email.paymentFailed.subject', n),
        t('fulfilment:email.paymentFailed.body', {
          ...n,
          reason: email.reason ?? t('fulfilment:email.paymentFailed.noReason'),
          until: formatDateTime(email.until, lng),
          url: email.url,
        }),
      )
    case 'order-refunded':
      return done(
        t('fulfilment:email.refunded.subject', n),
        t('fulfilment:email.refunded.body', {
          ...n,
          amount: formatMoney(email.amountMinor, email.currency, lng),
          url: email.url,
        }),
      )
    case 'order-needs-attention':
      return done(
        t('fulfilment:email.attention.subject', { ...n, partner: email.partnerName }),
        t(`fulfilment:email.attention.body.${email.reason}`, {
          ...n,
          partner: email.partnerName,
          amount: formatMoney(email.amountMinor, email.currency, lng),
          url: email.url,
        }),
      )
  }
}
