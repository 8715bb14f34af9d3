import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getCurrentUser } from '#app/modules/auth/session.server'
import { homePathFor } from '#app/utils/permissions'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(context.db, request)
  return redirect(user ? homePathFor(user.role) : '/login')
}
