import type { ActionFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { checkAvailability } from '#app/modules/deals/check-availability.server'
import { AvailabilityQueryForm } from '#app/modules/deals/partner-registration-rules'
import { isAppError } from '#app/utils/app-error'
import { parseForm } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'

/**
 * The blind availability check behind the registration form's live panel (a fetcher POSTs here).
 * Answers free / taken / own, never who holds a prospect; refusals come back as data the panel
 * shows (rate limited, nothing to check), not as error pages.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'create:registration:own')
  const parsed = parseForm(AvailabilityQueryForm, await readFormData(request))
  if (!parsed.ok) {
    return data({ result: 'invalid' as const, message: 'deals:check.needKey' }, { status: 400 })
  }
  try {
    return await checkAvailability(context.db, { actor, query: parsed.data })
  } catch (error) {
    if (isAppError(error) && error.code === 'rate_limited') {
      return data(
        { result: 'rate_limited' as const, limit: Number(error.params?.limit ?? 0) },
        { status: 429 },
      )
    }
    if (isAppError(error) && error.code === 'invalid') {
      return data({ result: 'invalid' as const, message: error.userMessage }, { status: 400 })
    }
    throw error
  }
}
