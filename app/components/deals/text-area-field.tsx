import { clsx } from 'clsx'
import { forwardRef, useId, type ReactNode, type TextareaHTMLAttributes } from 'react'
import { FieldError } from '#app/components/ui/field'

/** A labelled multi-line input, styled like the UI kit's TextField. */
export const TextAreaField = forwardRef<
  HTMLTextAreaElement,
  {
    label: ReactNode
    error?: string
    hint?: ReactNode
  } & TextareaHTMLAttributes<HTMLTextAreaElement>
>(function TextAreaField({ label, error, hint, className, id, rows = 3, ...props }, ref) {
  const generated = useId()
  const inputId = id ?? generated
  return (
    <div className={className}>
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1">
        <textarea
          ref={ref}
          id={inputId}
          rows={rows}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : hint ? `${inputId}-hint` : undefined}
          className={clsx(
            'block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset',
            error ? 'ring-red-400 focus:ring-red-600' : 'ring-slate-300 focus:ring-brand-500',
          )}
          {...props}
        />
      </div>
      {hint && !error ? (
        <p id={`${inputId}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${inputId}-error`} error={error} />
    </div>
  )
})
