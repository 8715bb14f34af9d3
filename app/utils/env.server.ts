import { z } from 'zod'

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().positive().default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** postgres:// URL. Unset: the embedded PGlite database under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().default('.data/pglite'),
  DB_POOL_MAX: z.coerce.number().int().positive().max(90).default(20),
  /**
   * Connections per server process for the contribution reports (PostgreSQL), apart from
   * DB_POOL_MAX: reports opened together take turns on these.
   */
  DB_REPORTING_POOL_MAX: z.coerce.number().int().positive().max(30).default(3),
  /**
   * postgres:// URL of a read replica for the contribution reports. Unset: they read DATABASE_URL.
   */
  REPORTING_DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * Server processes on this machine, sharing its port (PostgreSQL only: the embedded database
   * belongs to one process). Each has its own pool of DB_POOL_MAX connections.
   */
  WEB_CONCURRENCY: z.coerce.number().int().positive().max(64).default(1),
  /** Public origin, e.g. https://portal.example.com: used for links in e-mails and the Origin check. */
  APP_ORIGIN: z.string().url().optional(),
  /** Signs the flash-message cookie. Required in production. */
  SESSION_SECRET: z.string().min(16).optional(),
  /** smtp:// or smtps:// URL. Unset: e-mails stay in the in-app mailbox. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Channel Portal <no-reply@channel-portal.local>'),
  /** Seed demo data into an empty database at start (on by default in development). */
  SEED_DEMO: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === '1' || v === 'true')),
  /** Trust X-Forwarded-* from this many proxy hops (behind a load balancer). */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  LOG_REQUESTS: z
    .enum(['0', '1'])
    .default('1')
    .transform((v) => v === '1'),
  /** Stripe secret key (sk_live_… / sk_test_… / rk_…). Unset: card payment is unavailable. */
  STRIPE_SECRET_KEY: z
    .string()
    .trim()
    .regex(/^(sk|rk)_(live|test)_\w+$/, 'expected a Stripe secret key (sk_test_…, sk_live_…)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Signing secret of the /webhooks/stripe endpoint (whsec_…). */
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(/^whsec_\w+$/, 'expected a Stripe webhook signing secret (whsec_…)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * Where the Stripe SDK sends requests instead of https://api.stripe.com: a local stand-in for
   * tests and staging rehearsals. Never together with a live key.
   */
  STRIPE_API_BASE: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
})

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; secureCookies: boolean }

let cached: Env | undefined

/** Reads and validates the environment once; throws with every problem listed. */
export function getEnv(): Env {
  if (cached) return cached
  const parsed = EnvSchema.safeParse(process.env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${problems.join('\n')}`)
  }
  const env = parsed.data
  if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
    // Without a configured secret a production server would sign cookies with a guessable key.
    throw new Error('SESSION_SECRET must be set in production (at least 16 characters).')
  }
  if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
    // Half a configuration takes money without ever learning that it arrived (or the reverse).
    throw new Error(
      'Set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET for card payment, or neither.',
    )
  }
  if (
    env.STRIPE_API_BASE &&
    env.STRIPE_SECRET_KEY &&
    !/^(sk|rk)_test_/.test(env.STRIPE_SECRET_KEY)
  ) {
    // A live key must only ever talk to Stripe itself.
    throw new Error('STRIPE_API_BASE is for test keys only; unset it with a live key.')
  }
  if (env.NODE_ENV === 'production' && !env.APP_ORIGIN) {
    // Links in e-mails must not be built from a Host header an attacker can forge.
    throw new Error('APP_ORIGIN must be set in production, e.g. https://portal.example.com')
  }
  cached = {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? 'development-only-secret-change-me',
    secureCookies: env.NODE_ENV === 'production' && (env.APP_ORIGIN ?? '').startsWith('https://'),
  }
  return cached
}

/**
 * The origin for absolute links (e-mails). The configured APP_ORIGIN always wins; the request's own
 * origin is used only in development and tests, where APP_ORIGIN may be unset.
 */
export function appOrigin(request: Request): string {
  const configured = getEnv().APP_ORIGIN
  return configured ? new URL(configured).origin : new URL(request.url).origin
}

/** Card payment needs both Stripe secrets: one to open Checkout Sessions, one to trust webhooks. */
export function cardPaymentsEnabled(): boolean {
  const env = getEnv()
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET)
}
