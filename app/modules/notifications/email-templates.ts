import { createI18n, matchLocale, defaultLocale } from '#app/utils/i18n'
import { formatDateTime, formatMoney } from '#app/utils/format'

import {
  isFulfilmentEmail,
  renderFulfilmentEmail,
  type FulfilmentEmail,
} from './fulfilment-email-templates'

export type EmailTemplate =
  | FulfilmentEmail
  | {
      template: 'invitation'
      inviteUrl: string
      inviterName: string
      organisation: string
      expiresAt: Date
    }
  | { template: 'password-reset'; resetUrl: string; expiresInMinutes: number }
  | { template: 'password-changed'; name: string }
  | {
      template: 'registration-submitted'
      number: string
      partnerName: string
      prospectName: string
      outsideTerritory: boolean
      url: string
    }
  | {
      template: 'registration-decided'
      number: string
      prospectName: string
      decision: 'approved' | 'rejected' | 'awarded'
      reason: string | null
      protectionEndsAt: Date | null
      url: string
    }
  | {
      template: 'registration-expiring'
      number: string
      prospectName: string
      protectionEndsAt: Date
      url: string
    }
  | { template: 'registration-expired'; number: string; prospectName: string; url: string }
  | {
      template: 'registration-escalated'
      number: string
      partnerName: string
      hoursPending: number
      url: string
    }
  | {
      template: 'extension-decided'
      number: string
      prospectName: string
      approved: boolean
      protectionEndsAt: Date | null
      reason: string | null
      url: string
    }
  | { template: 'conflict-recorded'; prospectName: string; partnerName: string; url: string }
  | {
      template: 'order-placed'
      number: string
      status: 'submitted' | 'credit_hold' | 'pending_payment'
      lineCount: number
      totalMinor: number
      currency: string
      poNumber: string | null
      shipTo: string
      /** Credit hold or card payment: until when the stock stays reserved. */
      until: Date | null
      url: string
    }
  | {
      template: 'order-credit-hold'
      number: string
      partnerName: string
      totalMinor: number
      exposureMinor: number
      creditLimitMinor: number
      currency: string
      until: Date
      url: string
    }

export type RenderedEmail = { subject: string; text: string; locale: string }

/** Renders an e-mail in the recipient's language. */
export function renderEmail(
  email: EmailTemplate,
  locale: string | null | undefined,
): RenderedEmail {
  const lng = matchLocale(locale) ?? defaultLocale
  const { t } = createI18n(lng)
  if (isFulfilmentEmail(email)) return renderFulfilmentEmail(email, lng, t)
  switch (email.template) {
    case 'invitation':
      return {
        locale: lng,
        subject: t('email:invitation.subject', { organisation: email.organisation }),
        text: t('email:invitation.body', {
          inviter: email.inviterName,
          organisation: email.organisation,
          url: email.inviteUrl,
          expires: formatDateTime(email.expiresAt, lng),
        }),
      }
    case 'password-reset':
      return {
        locale: lng,
        subject: t('email:passwordReset.subject'),
        text: t('email:passwordReset.body', {
          url: email.resetUrl,
          minutes: email.expiresInMinutes,
        }),
      }
    case 'password-changed':
      return {
        locale: lng,
        subject: t('email:passwordChanged.subject'),
        text: t('email:passwordChanged.body', { name: email.name }),
      }
    case 'registration-submitted':
      return {
        locale: lng,
        subject: t('email:registrationSubmitted.subject', {
          number: email.number,
          partner: email.partnerName,
        }),
        text: t('email:registrationSubmitted.body', {
          number: email.number,
          partner: email.partnerName,
          prospect: email.prospectName,
          territory: email.outsideTerritory
            ? t('email:registrationSubmitted.outsideTerritory')
            : '',
          url: email.url,
        }),
      }
    case 'registration-decided':
      return {
        locale: lng,
        subject: t(`email:registrationDecided.subject.${email.decision}`, { number: email.number }),
        text: t(`email:registrationDecided.body.${email.decision}`, {
          number: email.number,
          prospect: email.prospectName,
          reason: email.reason ?? '—',
          until: email.protectionEndsAt ? formatDateTime(email.protectionEndsAt, lng) : '—',
          url: email.url,
        }),
      }
    case 'registration-expiring':
      return {
        locale: lng,
        subject: t('email:registrationExpiring.subject', { number: email.number }),
        text: t('email:registrationExpiring.body', {
          number: email.number,
          prospect: email.prospectName,
          until: formatDateTime(email.protectionEndsAt, lng),
          url: email.url,
        }),
      }
    case 'registration-expired':
      return {
        locale: lng,
        subject: t('email:registrationExpired.subject', { number: email.number }),
        text: t('email:registrationExpired.body', {
          number: email.number,
          prospect: email.prospectName,
          url: email.url,
        }),
      }
    case 'registration-escalated':
      return {
        locale: lng,
        subject: t('email:registrationEscalated.subject', { number: email.number }),
        text: t('email:registrationEscalated.body', {
          number: email.number,
          partner: email.partnerName,
          hours: email.hoursPending,
          url: email.url,
        }),
      }
    case 'extension-decided':
      return {
        locale: lng,
        subject: t(`email:extensionDecided.subject.${email.approved ? 'approved' : 'rejected'}`, {
          number: email.number,
        }),
        text: t(`email:extensionDecided.body.${email.approved ? 'approved' : 'rejected'}`, {
          number: email.number,
          prospect: email.prospectName,
          until: email.protectionEndsAt ? formatDateTime(email.protectionEndsAt, lng) : '—',
          reason: email.reason ?? '—',
          url: email.url,
        }),
      }
    case 'conflict-recorded':
      return {
        locale: lng,
        subject: t('email:conflictRecorded.subject', { prospect: email.prospectName }),
        text: t('email:conflictRecorded.body', {
          prospect: email.prospectName,
          partner: email.partnerName,
          url: email.url,
        }),
      }
    case 'order-placed':
      return {
        locale: lng,
        subject: t('orders:email.placed.subject', { number: email.number }),
        text: t(`orders:email.placed.body.${email.status}`, {
          number: email.number,
          count: email.lineCount,
          total: formatMoney(email.totalMinor, email.currency, lng),
          po: email.poNumber ?? '—',
          shipTo: email.shipTo,
          until: email.until ? formatDateTime(email.until, lng) : '—',
          url: email.url,
        }),
      }
    case 'order-credit-hold':
      return {
        locale: lng,
        subject: t('orders:email.creditHold.subject', {
          number: email.number,
          partner: email.partnerName,
        }),
        text: t('orders:email.creditHold.body', {
          number: email.number,
          partner: email.partnerName,
          total: formatMoney(email.totalMinor, email.currency, lng),
          exposure: formatMoney(email.exposureMinor, email.currency, lng),
          limit: formatMoney(email.creditLimitMinor, email.currency, lng),
          until: formatDateTime(email.until, lng),
          url: email.url,
        }),
      }
  }
}
