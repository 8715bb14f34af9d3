import { z } from 'zod'

/** Sign-in throttling: failures inside the window, per account and per client address. */
export const throttlePolicy = {
  windowMinutes: 15,
  maxFailuresPerAccount: 5,
  maxFailuresPerIp: 20,
} as const

export type ThrottleInput = {
  accountFailures: number
  ipFailures: number
  /** Oldest failure still inside the window, per counter, to tell the user when to retry. */
  oldestAccountFailureAt: Date | null
  oldestIpFailureAt: Date | null
  now: Date
}

/** Minutes the caller must wait before trying again, or 0 when it may try now. */
export function throttleWaitMinutes(input: ThrottleInput): number {
  const windowMs = throttlePolicy.windowMinutes * 60_000
  const waits: number[] = []
  if (input.accountFailures >= throttlePolicy.maxFailuresPerAccount && input.oldestAccountFailureAt)
    waits.push(input.oldestAccountFailureAt.getTime() + windowMs - input.now.getTime())
  if (input.ipFailures >= throttlePolicy.maxFailuresPerIp && input.oldestIpFailureAt)
    waits.push(input.oldestIpFailureAt.getTime() + windowMs - input.now.getTime())
  const wait = Math.max(0, ...waits)
  return wait > 0 ? Math.ceil(wait / 60_000) : 0
}

export const invitationLifetimeDays = 7
export const passwordResetLifetimeMinutes = 60

export const normaliseEmail = (email: string) => email.trim().toLowerCase()

export const EmailField = z
  .string({ error: 'validation:required' })
  .trim()
  .min(1, 'validation:required')
  .max(254, 'validation:tooLong')
  .email('validation:email')
  .transform(normaliseEmail)

/** At least 10 characters with a letter and a digit; argon2 input is capped to stay cheap. */
export const NewPasswordField = z
  .string({ error: 'validation:required' })
  .min(10, 'validation:passwordTooShort')
  .max(200, 'validation:tooLong')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), 'validation:passwordWeak')

export const LoginForm = z.object({
  email: EmailField,
  password: z
    .string({ error: 'validation:required' })
    .min(1, 'validation:required')
    .max(200, 'validation:tooLong'),
  redirectTo: z.string().optional(),
})

export const SetPasswordForm = z
  .object({ password: NewPasswordField, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, {
    message: 'validation:passwordMismatch',
    path: ['confirmPassword'],
  })

export const ChangePasswordForm = z
  .object({
    currentPassword: z.string().min(1, 'validation:required').max(200, 'validation:tooLong'),
    password: NewPasswordField,
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, {
    message: 'validation:passwordMismatch',
    path: ['confirmPassword'],
  })

export const ForgotPasswordForm = z.object({ email: EmailField })

/** Only same-site relative paths are honoured as post-login destinations. */
export function safeRedirectPath(to: string | null | undefined, fallback: string): string {
  if (!to || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}
