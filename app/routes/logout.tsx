import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { signOut } from '#app/modules/auth/sign-out.server'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await signOut(context.db, request)
  return redirect('/login', { headers: { 'Set-Cookie': cookie } })
}
