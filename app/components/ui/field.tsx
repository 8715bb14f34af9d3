import { clsx } from 'clsx'
import {
  forwardRef,
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react'
import { useTranslation } from 'react-i18next'

/** Shows a validation message (an i18n key from the shared zod schema, or plain text). */
export function FieldError({ id, error }: { id: string; error?: string }) {
  const { t } = useTranslation()
  if (!error) return null
  return (
    <p id={id} role="alert" className="mt-1 text-sm text-red-700">
      {t(error, { defaultValue: error })}
    </p>
  )
}

type FieldProps = {
  label: ReactNode
  error?: string
  hint?: ReactNode
}

const controlClass = (invalid: boolean) =>
  clsx(
    'block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset',
    invalid ? 'ring-red-400 focus:ring-red-600' : 'ring-slate-300 focus:ring-brand-500',
  )

/**
 * Label, control, hint and error, wired for assistive technology: the control gets the id, its
 * invalid state and the id of whichever message describes it.
 */
function FieldFrame({
  label,
  error,
  hint,
  className,
  id,
  control,
}: FieldProps & {
  className?: string
  id?: string
  control: (aria: {
    id: string
    'aria-invalid': true | undefined
    'aria-describedby': string | undefined
    className: string
  }) => ReactNode
}) {
  const generated = useId()
  const inputId = id ?? generated
  return (
    <div className={className}>
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1">
        {control({
          id: inputId,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${inputId}-error` : hint ? `${inputId}-hint` : undefined,
          className: controlClass(Boolean(error)),
        })}
      </div>
      {hint && !error ? (
        <p id={`${inputId}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${inputId}-error`} error={error} />
    </div>
  )
}

export const TextField = forwardRef<
  HTMLInputElement,
  FieldProps & InputHTMLAttributes<HTMLInputElement>
>(function TextField({ label, error, hint, className, id, ...props }, ref) {
  return (
    <FieldFrame
      {...{ label, error, hint, className, id }}
      control={(aria) => <input ref={ref} {...aria} {...props} />}
    />
  )
})

export const SelectField = forwardRef<
  HTMLSelectElement,
  FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }
>(function SelectField({ label, error, hint, className, id, children, ...props }, ref) {
  return (
    <FieldFrame
      {...{ label, error, hint, className, id }}
      control={(aria) => (
        <select ref={ref} {...aria} className={clsx(aria.className, 'bg-white')} {...props}>
          {children}
        </select>
      )}
    />
  )
})

/** A labelled multi-line input. */
export const TextAreaField = forwardRef<
  HTMLTextAreaElement,
  FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>
>(function TextAreaField({ label, error, hint, className, id, rows = 3, ...props }, ref) {
  return (
    <FieldFrame
      {...{ label, error, hint, className, id }}
      control={(aria) => <textarea ref={ref} rows={rows} {...aria} {...props} />}
    />
  )
})

/** A form-level error (not tied to one field), e.g. "wrong e-mail or password". */
export function FormError({ error }: { error?: string | null }) {
  const { t } = useTranslation()
  if (!error) return null
  return (
    <div
      role="alert"
      className="rounded-md bg-red-50 p-3 text-sm text-red-800 ring-1 ring-inset ring-red-200"
    >
      {t(error, { defaultValue: error })}
    </div>
  )
}
