import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { createCardCheckout } from '#app/modules/payments/create-card-checkout.server'
import { isAppError } from '#app/utils/app-error'
import { appOrigin } from '#app/utils/env.server'
import { redirectWithToast } from '#app/utils/toast.server'

/**
 * POST /portal/orders/:orderId/pay: sends the buyer to Stripe's payment page for a card order of
 * their partner that waits for payment (a new Checkout Session, or the one still open). The order
 * page shows the outcome: paid only once Stripe's signed webhook says so. Another partner's order,
 * or a bad id, is not found.
 */
/** Opened by address (a bookmark, Stripe's back button): the order's own page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePartnerUser(context.db, request, 'read:order:own')
  return redirect(`/portal/orders/${encodeURIComponent(params.orderId ?? '')}`)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'create:order:own')
  const orderId = params.orderId ?? ''
  try {
    const checkout = await createCardCheckout(context.db, {
      orderId,
      actor,
      origin: appOrigin(request),
      ip: context.clientIp,
    })
    return redirect(checkout.url, 303)
  } catch (error) {
    if (!isAppError(error)) throw error
    if (error.code === 'not_found')
      throw new Response(null, { status: 404, statusText: 'Not Found' })
    return redirectWithToast(`/portal/orders/${orderId}`, {
      kind: 'error',
      message: error.userMessage,
      values: error.params,
    })
  }
}
