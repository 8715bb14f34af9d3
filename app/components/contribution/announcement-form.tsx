import { Form, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '#app/components/ui/button'
import { FieldError, SelectField, TextAreaField, TextField } from '#app/components/ui/field'
import {
  announcementKinds,
  audienceTiers,
  type AnnouncementFormDefaults,
} from '#app/modules/announcements/announcement-rules'
import type { FieldErrors } from '#app/utils/forms'

type Region = { code: string; nameEn: string; nameZh: string }

const emptyDefaults: AnnouncementFormDefaults = {
  title: '',
  body: '',
  kind: 'campaign',
  attachments: '',
  audienceTiers: [],
  audienceRegions: [],
}

/**
 * Title, kind, text, attachments and audience of an announcement: the create and the edit page
 * post the same fields, validated by the same schema (announcement-rules.ts). `extra` sits above
 * the button (the create page's "publish now").
 */
export function AnnouncementFields({
  regions,
  locale,
  defaults = emptyDefaults,
  errors = {},
  extra,
  submitLabel,
}: {
  regions: Region[]
  locale: string
  defaults?: AnnouncementFormDefaults
  errors?: FieldErrors
  extra?: ReactNode
  submitLabel: string
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post'
  const tierError = Object.entries(errors).find(([key]) => key.startsWith('audienceTiers'))?.[1]
  const regionError = Object.entries(errors).find(([key]) => key.startsWith('audienceRegions'))?.[1]
  return (
    <Form method="post" className="space-y-4">
      <TextField
        label={t('announcements:fields.title')}
        name="title"
        required
        maxLength={200}
        defaultValue={defaults.title}
        error={errors.title}
      />
      <SelectField
        label={t('announcements:fields.kind')}
        name="kind"
        defaultValue={defaults.kind}
        error={errors.kind}
      >
        {announcementKinds.map((kind) => (
          <option key={kind} value={kind}>
            {t(`announcements:kinds.${kind}`)}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label={t('announcements:fields.body')}
        name="body"
        rows={8}
        defaultValue={defaults.body}
        error={errors.body}
      />
      <TextAreaField
        label={t('announcements:fields.attachments')}
        name="attachments"
        rows={3}
        hint={t('announcements:fields.attachmentsHint')}
        defaultValue={defaults.attachments}
        error={errors.attachments}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">
          {t('announcements:fields.tiers')}
        </legend>
        <p className="text-xs text-slate-500">{t('announcements:fields.emptyMeansAll')}</p>
        <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
          {audienceTiers.map((tier) => (
            <label key={tier} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="audienceTiers"
                value={tier}
                defaultChecked={defaults.audienceTiers.includes(tier)}
                className="h-4 w-4 rounded border-slate-300"
              />
              {t(`common:tiers.${tier}`)}
            </label>
          ))}
        </div>
        <FieldError id="audience-tiers-error" error={tierError} />
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">
          {t('announcements:fields.regions')}
        </legend>
        <p className="text-xs text-slate-500">{t('announcements:fields.emptyMeansAll')}</p>
        <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
          {regions.map((region) => (
            <label key={region.code} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="audienceRegions"
                value={region.code}
                defaultChecked={defaults.audienceRegions.includes(region.code)}
                className="h-4 w-4 rounded border-slate-300"
              />
              {locale === 'zh-CN' ? region.nameZh : region.nameEn}
            </label>
          ))}
        </div>
        <FieldError id="audience-regions-error" error={regionError} />
      </fieldset>
      {extra}
      <Button disabled={busy}>{submitLabel}</Button>
    </Form>
  )
}
