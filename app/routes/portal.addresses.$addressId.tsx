import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { AddressForm } from '#app/components/orders/address-form'
import { Button } from '#app/components/ui/button'
import { Card, PageHeader } from '#app/components/ui/card'
import { notFound, requirePartnerUser } from '#app/modules/auth/require.server'
import { addressIntents, AddressForm as AddressFormSchema } from '#app/modules/orders/address-rules'
import { deleteAddress } from '#app/modules/orders/delete-address.server'
import { getAddress } from '#app/modules/orders/get-address.server'
import { updateAddress } from '#app/modules/orders/update-address.server'
import { findRegions } from '#app/modules/partners/find-regions.server'
import { isAppError } from '#app/utils/app-error'
import { formFailure, parseForm, type FieldErrors } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.address.label ?? 'Address'} · Channel Portal` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'manage:address:own')
  const [address, regions] = await Promise.all([
    orHttpError(
      getAddress(context.db, { partnerId: actor.partnerId, addressId: params.addressId ?? '' }),
    ),
    findRegions(context.db),
  ])
  return { address, regions }
}

type Failure = { ok: false; fieldErrors: FieldErrors; formError?: string }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'manage:address:own')
  const addressId = params.addressId ?? ''
  const formData = await readFormData(request)
  const intent = String(formData.get('intent') ?? '')
  try {
    if (intent === addressIntents.update) {
      const parsed = parseForm(AddressFormSchema, formData)
      if (!parsed.ok) return data<Failure>(parsed, { status: 400 })
      const result = await updateAddress(context.db, {
        actor,
        addressId,
        input: parsed.data,
        ip: context.clientIp,
      })
      return redirectWithToast('/portal/addresses', {
        kind: 'success',
        message: 'orders:toast.addressUpdated',
        values: { label: result.label },
      })
    }
    if (intent === addressIntents.delete) {
      const result = await deleteAddress(context.db, { actor, addressId, ip: context.clientIp })
      return redirectWithToast('/portal/addresses', {
        kind: 'success',
        message: 'orders:toast.addressDeleted',
        values: { label: result.label },
      })
    }
  } catch (error) {
    if (!isAppError(error)) throw error
    if (error.code === 'not_found') notFound()
    return data<Failure>(
      error.field
        ? formFailure({ [error.field]: error.userMessage })
        : formFailure({}, error.userMessage),
      { status: error.status },
    )
  }
  throw new Response('Unknown action', { status: 400 })
}

export default function AddressPage() {
  const { t } = useTranslation()
  const { address, regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const failure = actionData && !actionData.ok ? actionData : null
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/portal/addresses" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('orders:addresses.backToList')}
        </Link>
      </nav>
      <PageHeader title={t('orders:addresses.editTitle', { label: address.label })} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_20rem]">
        <Card>
          <AddressForm
            intent={addressIntents.update}
            regions={regions}
            defaultValues={{
              label: address.label,
              recipient: address.recipient,
              phone: address.phone,
              regionCode: address.regionCode,
              city: address.city,
              line1: address.line1,
              line2: address.line2 ?? '',
              postalCode: address.postalCode,
              isDefault: address.isDefault,
            }}
            serverErrors={failure?.fieldErrors}
            formError={failure?.formError}
            submitLabel={t('common:actions.save')}
          />
        </Card>
        <Card title={t('orders:addresses.deleteTitle')} className="h-fit">
          <p className="mb-3 text-sm text-slate-600">{t('orders:addresses.deleteHint')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value={addressIntents.delete} />
            <Button variant="danger">{t('orders:addresses.delete')}</Button>
          </Form>
        </Card>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
