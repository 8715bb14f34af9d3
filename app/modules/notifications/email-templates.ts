import { createI18n, matchLocale, defaultLocale } from '#app/utils/i18n'
import { formatDateTime } from '#app/utils/format'

export type EmailTemplate =
  | {
      template: 'invitation'
      inviteUrl: string
      inviterName: string
      organisation: string
      expiresAt: Date
    }
  | { template: 'password-reset'; resetUrl: string; expiresInMinutes: number }
  | { template: 'password-changed'; name: string }

export type RenderedEmail = { subject: string; text: string; locale: string }

/** Renders an e-mail in the recipient's language. */
export function renderEmail(email: EmailTemplate, locale: string | null | undefined): RenderedEmail {
  const lng = matchLocale(locale) ?? defaultLocale
  const { t } = createI18n(lng)
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
  }
}
