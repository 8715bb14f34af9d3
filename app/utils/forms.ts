import type { z } from 'zod'

export type FieldErrors = Record<string, string>

export type FormFailure = { ok: false; fieldErrors: FieldErrors; formError?: string }
export type FormSuccess<T> = { ok: true; data: T }

/** Turns zod issues into one message per field (the first), keyed by dotted path. */
export function toFieldErrors(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form'
    fieldErrors[key] ??= issue.message
  }
  return fieldErrors
}

/** Parses submitted form data with the same zod schema the browser validated with. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  arrayFields: string[] = [],
): FormSuccess<z.output<S>> | FormFailure {
  const raw: Record<string, unknown> = {}
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).filter((v): v is string => typeof v === 'string')
    raw[key] = arrayFields.includes(key) ? values : values[0]
  }
  for (const key of arrayFields) raw[key] ??= []
  const result = schema.safeParse(raw)
  if (result.success) return { ok: true, data: result.data }
  return { ok: false, fieldErrors: toFieldErrors(result.error) }
}

export function formFailure(fieldErrors: FieldErrors, formError?: string): FormFailure {
  return { ok: false, fieldErrors, formError }
}
