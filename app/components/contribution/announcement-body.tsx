import { useTranslation } from 'react-i18next'

/** An announcement's text (paragraphs as written, never HTML) and its attachment links. */
export function AnnouncementBody({
  body,
  attachments,
}: {
  body: string
  attachments: { label: string; url: string }[]
}) {
  const { t } = useTranslation()
  return (
    <div className="space-y-4">
      <div className="space-y-3 text-sm leading-6 whitespace-pre-line text-slate-800">{body}</div>
      {attachments.length > 0 ? (
        <div>
          <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
            {t('announcements:fields.attachments')}
          </h3>
          <ul className="mt-1 space-y-1 text-sm">
            {attachments.map((a) => (
              <li key={a.url}>
                <a
                  href={a.url}
                  rel="noopener noreferrer"
                  target="_blank"
                  className="text-brand-700 hover:underline"
                >
                  {a.label}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}
