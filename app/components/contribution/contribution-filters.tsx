import { Form, Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Button, buttonClass } from '#app/components/ui/button'
import { SelectField, TextField } from '#app/components/ui/field'
import {
  contributionSearch,
  groupings,
  tiers,
  type ContributionQuery,
} from '#app/modules/contribution/contribution-rules'
import { nextPeriod, periodKinds, previousPeriod } from '#app/modules/contribution/period-rules'
import { periodText } from './period-text'

export type FilterOptions = {
  regions: { code: string; nameEn: string; nameZh: string }[]
  productLines: { id: string; code: string; nameEn: string; nameZh: string }[]
}

/**
 * Period (kind, a day inside it, or a custom range), grouping and filters as a GET form: every
 * choice lives in the URL, so a view can be bookmarked and shared. Previous/next step the period.
 */
export function ContributionFilters({
  query,
  options,
  locale,
  showGrouping = true,
  showFilters = true,
  extraHidden,
}: {
  query: ContributionQuery
  options?: FilterOptions
  locale: string
  showGrouping?: boolean
  showFilters?: boolean
  extraHidden?: Record<string, string>
}) {
  const { t } = useTranslation()
  const { pathname, search } = useLocation()
  const { period, filters } = query
  return (
    <Form
      method="get"
      key={search}
      className="space-y-4"
      role="search"
      aria-label={t('contribution:filters.label')}
    >
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-6">
        <SelectField
          label={t('contribution:filters.period')}
          name="period"
          defaultValue={period.kind}
        >
          {periodKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`contribution:period.kinds.${kind}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('contribution:filters.from')}
          name="from"
          type="date"
          defaultValue={period.from}
          hint={t('contribution:filters.fromHint')}
        />
        <TextField
          label={t('contribution:filters.to')}
          name="to"
          type="date"
          defaultValue={period.to}
          hint={t('contribution:filters.toHint')}
        />
        {showGrouping ? (
          <SelectField
            label={t('contribution:filters.groupBy')}
            name="groupBy"
            defaultValue={query.groupBy}
          >
            {groupings.map((g) => (
              <option key={g} value={g}>
                {t(`contribution:groupBy.${g}`)}
              </option>
            ))}
          </SelectField>
        ) : null}
        {showFilters && options ? (
          <>
            <SelectField
              label={t('contribution:filters.region')}
              name="region"
              defaultValue={filters.regionCode ?? ''}
            >
              <option value="">{t('contribution:filters.all')}</option>
              {options.regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {locale === 'zh-CN' ? r.nameZh : r.nameEn}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('contribution:filters.tier')}
              name="tier"
              defaultValue={filters.tier ?? ''}
            >
              <option value="">{t('contribution:filters.all')}</option>
              {tiers.map((tier) => (
                <option key={tier} value={tier}>
                  {t(`common:tiers.${tier}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('contribution:filters.productLine')}
              name="productLine"
              defaultValue={filters.productLineId ?? ''}
            >
              <option value="">{t('contribution:filters.all')}</option>
              {options.productLines.map((l) => (
                <option key={l.id} value={l.id}>
                  {locale === 'zh-CN' ? l.nameZh : l.nameEn}
                </option>
              ))}
            </SelectField>
          </>
        ) : null}
      </div>
      {filters.partnerId ? (
        <input type="hidden" name="partnerId" value={filters.partnerId} />
      ) : null}
      {query.sort !== 'orderRevenue' ? (
        <input type="hidden" name="sort" value={query.sort} />
      ) : null}
      {Object.entries(extraHidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="flex flex-wrap items-center gap-2">
        <Button>{t('contribution:filters.apply')}</Button>
        <Link
          to={`${pathname}${contributionSearch(query, { period: previousPeriod(period), extra: extraHidden })}`}
          className={buttonClass('secondary')}
          rel="prev"
        >
          ← {periodText(previousPeriod(period), t, locale)}
        </Link>
        <Link
          to={`${pathname}${contributionSearch(query, { period: nextPeriod(period), extra: extraHidden })}`}
          className={buttonClass('secondary')}
          rel="next"
        >
          {periodText(nextPeriod(period), t, locale)} →
        </Link>
      </div>
    </Form>
  )
}
