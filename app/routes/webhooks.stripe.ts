import type { ActionFunctionArgs } from '@remix-run/node'
import { handleStripeWebhook } from '#app/modules/payments/handle-stripe-webhook.server'
import { isAppError } from '#app/utils/app-error'
import { appOrigin } from '#app/utils/env.server'

/** Stripe events are small; anything larger is not from Stripe. */
const MAX_BODY_BYTES = 512 * 1024

/**
 * POST /webhooks/stripe: Stripe's signed event notifications. Anyone may post (the Origin check
 * exempts /webhooks/); the Stripe-Signature over the raw body is the credential, verified before
 * anything is read from it. Answers 200 for a processed, duplicate or ignored event (Stripe stops
 * retrying), 400 for a missing or bad signature or a stale timestamp (nothing changed).
 */
/** Stripe only ever POSTs here. */
export function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return new Response('Method Not Allowed', { status: 405 })
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > MAX_BODY_BYTES) return new Response('Payload too large', { status: 413 })
  // The raw bytes, exactly as sent: re-serialised JSON would not match the signature.
  const payload = Buffer.from(await request.arrayBuffer())
  if (payload.byteLength > MAX_BODY_BYTES) return new Response('Payload too large', { status: 413 })
  try {
    const result = await handleStripeWebhook(context.db, {
      payload,
      signature: request.headers.get('stripe-signature'),
      origin: appOrigin(request),
    })
    return Response.json({ received: true, outcome: result.outcome })
  } catch (error) {
    if (isAppError(error) && error.code === 'bad_request') {
      return Response.json({ error: 'invalid signature' }, { status: 400 })
    }
    if (isAppError(error)) {
      // Signed, but this server cannot take card payments: Stripe retries later.
      return Response.json({ error: 'card payment not configured' }, { status: 503 })
    }
    throw error
  }
}
