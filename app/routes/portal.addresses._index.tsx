import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { AddressForm } from '#app/components/orders/address-form'
import { AddressBlock } from '#app/components/orders/order-display'
import { Button, buttonClass } from '#app/components/ui/button'
import { Badge, Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { FormError } from '#app/components/ui/field'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { addressIntents, AddressForm as AddressFormSchema } from '#app/modules/orders/address-rules'
import { createAddress } from '#app/modules/orders/create-address.server'
import { deleteAddress } from '#app/modules/orders/delete-address.server'
import { findAddresses } from '#app/modules/orders/find-addresses.server'
import { setDefaultAddress } from '#app/modules/orders/set-default-address.server'
import { findRegions } from '#app/modules/partners/find-regions.server'
import { isAppError } from '#app/utils/app-error'
import { formFailure, parseForm, type FieldErrors } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Addresses · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'manage:address:own')
  const [addresses, regions] = await Promise.all([
    findAddresses(context.db, { partnerId: actor.partnerId }),
    findRegions(context.db),
  ])
  return { addresses, regions }
}

type Failure = { ok: false; intent: string; fieldErrors: FieldErrors; formError?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'manage:address:own')
  const formData = await readFormData(request)
  const intent = String(formData.get('intent') ?? '')
  const addressId = String(formData.get('addressId') ?? '')
  const fail = (failure: Omit<Failure, 'ok' | 'intent'>, status: number) =>
    data<Failure>({ ok: false, intent, ...failure }, { status })
  try {
    if (intent === addressIntents.create) {
      const parsed = parseForm(AddressFormSchema, formData)
      if (!parsed.ok) return fail(parsed, 400)
      const result = await createAddress(context.db, {
        actor,
        input: parsed.data,
        ip: context.clientIp,
      })
      return redirectWithToast('/portal/addresses', {
        kind: 'success',
        message: 'orders:toast.addressCreated',
        values: { label: result.label },
      })
    }
    if (intent === addressIntents.makeDefault) {
      const result = await setDefaultAddress(context.db, { actor, addressId, ip: context.clientIp })
      return redirectWithToast('/portal/addresses', {
        kind: 'success',
        message: 'orders:toast.addressDefault',
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
    if (error.code === 'not_found') throw new Response(null, { status: 404 })
    return fail(
      error.field
        ? formFailure({ [error.field]: error.userMessage })
        : formFailure({}, error.userMessage),
      error.status,
    )
  }
  throw new Response('Unknown action', { status: 400 })
}

export default function AddressesPage() {
  const { t } = useTranslation()
  const { addresses, regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const failure = actionData && !actionData.ok ? actionData : null
  return (
    <>
      <PageHeader
        title={t('orders:addresses.title')}
        description={t('orders:addresses.description')}
      />
      {failure && failure.intent !== addressIntents.create && failure.formError ? (
        <div className="mb-4">
          <FormError error={failure.formError} />
        </div>
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_28rem]">
        <section aria-labelledby="address-book">
          <h2 id="address-book" className="sr-only">
            {t('orders:addresses.title')}
          </h2>
          {addresses.length === 0 ? (
            <Card>
              <EmptyState>{t('orders:addresses.empty')}</EmptyState>
            </Card>
          ) : (
            <ul className="grid gap-4 sm:grid-cols-2">
              {addresses.map((address) => (
                <li
                  key={address.id}
                  className="flex flex-col justify-between gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
                  aria-label={address.label}
                >
                  <div>
                    <div className="mb-1 flex flex-wrap items-center gap-2">
                      <span className="font-medium text-slate-900">{address.label}</span>
                      {address.isDefault ? (
                        <Badge color="blue">{t('orders:addresses.default')}</Badge>
                      ) : null}
                    </div>
                    <AddressBlock address={address} showLabel={false} />
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <Link
                      to={`/portal/addresses/${address.id}`}
                      className={buttonClass('secondary', 'px-2.5 py-1.5')}
                      aria-label={t('orders:addresses.editLabel', { label: address.label })}
                    >
                      {t('common:actions.edit')}
                    </Link>
                    {!address.isDefault ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value={addressIntents.makeDefault} />
                        <input type="hidden" name="addressId" value={address.id} />
                        <Button variant="ghost" className="px-2.5 py-1.5">
                          {t('orders:addresses.makeDefault')}
                        </Button>
                      </Form>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <Card title={t('orders:addresses.new')} className="h-fit">
          <AddressForm
            intent={addressIntents.create}
            regions={regions}
            serverErrors={
              failure?.intent === addressIntents.create ? failure.fieldErrors : undefined
            }
            formError={failure?.intent === addressIntents.create ? failure.formError : undefined}
            submitLabel={t('orders:addresses.add')}
          />
        </Card>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
