import Stripe from 'stripe'
import { getEnv } from '#app/utils/env.server'

/**
 * The Stripe account this deployment takes card payments with: the SDK client and the signing
 * secret of its webhook endpoint. Module functions take one as an option (tests point it at a
 * local fake Stripe); by default it comes from the environment, and is null when card payment is
 * not configured: the portal then shows card payment as unavailable instead of failing.
 */
export type StripeGateway = {
  client: Stripe
  webhookSecret: string
  /** Seconds a signed webhook stays acceptable (Stripe's default: 300). */
  toleranceSeconds: number
}

export type StripeGatewayConfig = {
  secretKey: string
  webhookSecret: string
  /** e.g. http://127.0.0.1:4010 in tests; unset: https://api.stripe.com. */
  apiBase?: string
  toleranceSeconds?: number
  /** Retries of a failed request (safe: every write carries an idempotency key). */
  maxNetworkRetries?: number
}

export function createStripeGateway(config: StripeGatewayConfig): StripeGateway {
  const base = config.apiBase ? new URL(config.apiBase) : null
  const client = new Stripe(config.secretKey, {
    // The API version is the one this SDK release pins: the shapes its types describe.
    maxNetworkRetries: config.maxNetworkRetries ?? 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'Channel Portal' },
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'http:' ? 80 : 443),
          protocol: base.protocol === 'http:' ? 'http' : 'https',
        }
      : {}),
  })
  return {
    client,
    webhookSecret: config.webhookSecret,
    toleranceSeconds: config.toleranceSeconds ?? 300,
  }
}

let cached: { key: string; gateway: StripeGateway } | undefined

/** The configured gateway, or null when STRIPE_SECRET_KEY / STRIPE_WEBHOOK_SECRET are unset. */
export function getStripeGateway(): StripeGateway | null {
  const env = getEnv()
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) return null
  const key = `${env.STRIPE_SECRET_KEY}|${env.STRIPE_WEBHOOK_SECRET}|${env.STRIPE_API_BASE ?? ''}`
  if (cached?.key !== key) {
    cached = {
      key,
      gateway: createStripeGateway({
        secretKey: env.STRIPE_SECRET_KEY,
        webhookSecret: env.STRIPE_WEBHOOK_SECRET,
        apiBase: env.STRIPE_API_BASE,
      }),
    }
  }
  return cached.gateway
}

/** Whether card payment can be offered (the checkout page shows it as unavailable otherwise). */
export function isCardPaymentAvailable(): boolean {
  return getStripeGateway() !== null
}
