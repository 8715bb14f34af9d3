import { zodResolver } from '@hookform/resolvers/zod'
import { useSubmit } from '@remix-run/react'
import { useEffect, useState, type FormEvent } from 'react'
import {
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type RegisterOptions,
} from 'react-hook-form'
import type { z } from 'zod'
import type { FieldErrors } from '#app/utils/forms'

/**
 * One zod schema validates as the user types (react-hook-form) and again on the server (the
 * action's parseForm). Without JavaScript the form still posts and the server's errors show.
 */
export function useValidatedForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  options: {
    serverErrors?: FieldErrors
    defaultValues?: DefaultValues<z.input<S>>
    action?: string
  } = {},
) {
  const submit = useSubmit()
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never) as never,
    // Validate as the user types; leaving an untouched field says nothing (no layout shift on blur).
    mode: 'onChange',
    defaultValues: options.defaultValues,
  })
  // A server error stops showing once the user edits that field (it is about the old value).
  const [editedSinceServer, setEditedSinceServer] = useState<ReadonlySet<string>>(new Set())
  useEffect(() => setEditedSinceServer(new Set()), [options.serverErrors])
  const register = (
    name: Path<z.input<S>>,
    registerOptions?: RegisterOptions<z.input<S>, Path<z.input<S>>>,
  ) => {
    const registered = form.register(name, registerOptions)
    return {
      ...registered,
      onChange: (event: { target: unknown; type?: unknown }) => {
        if (options.serverErrors?.[name]) setEditedSinceServer((prev) => new Set(prev).add(name))
        return registered.onChange(event)
      },
    }
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const formElement = event.currentTarget
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null
    void form.handleSubmit(() => {
      submit(submitter ?? formElement, { method: 'post', action: options.action })
    })(event)
  }
  /** The message for a field: the browser's check first, else what the server said. */
  const errorFor = (name: string): string | undefined => {
    const clientError = name
      .split('.')
      .reduce<unknown>(
        (acc, part) => (acc as Record<string, unknown> | undefined)?.[part],
        form.formState.errors,
      ) as { message?: string } | undefined
    return (
      clientError?.message ??
      (editedSinceServer.has(name) ? undefined : options.serverErrors?.[name])
    )
  }
  return { ...form, register, onSubmit, errorFor }
}
