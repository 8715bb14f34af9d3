import { describe, expect, test } from 'vitest'
import {
  canCancelAsVendor,
  canConfirm,
  canDeliver,
  canReleaseCreditHold,
  canShip,
  checkoutSessionWindow,
  fulfilmentOrderStatuses,
  needsPaymentAttention,
  orderQueueSearch,
  parseOrderQueueQuery,
  refundablePaymentIds,
  ShipOrderForm,
  type FulfilmentOrderStatus,
} from '#app/modules/orders/fulfilment-rules'
import { createI18n } from '#app/utils/i18n'

const MIN = 60_000

describe('which vendor action each status allows', () => {
  // status → [confirm, ship, deliver, release credit hold, cancel]
  const table: Record<FulfilmentOrderStatus, [boolean, boolean, boolean, boolean, boolean]> = {
    pending_payment: [false, false, false, false, true],
    credit_hold: [false, false, false, true, true],
    submitted: [true, false, false, false, true],
    confirmed: [false, true, false, false, true],
    shipped: [false, false, true, false, false],
    delivered: [false, false, false, false, false],
    cancelled: [false, false, false, false, false],
    expired: [false, false, false, false, false],
  }
  test.each(fulfilmentOrderStatuses)('%s', (status) => {
    expect([
      canConfirm(status),
      canShip(status),
      canDeliver(status),
      canReleaseCreditHold(status),
      canCancelAsVendor(status),
    ]).toEqual(table[status])
  })
})

describe('the Checkout Session window', () => {
  const now = new Date('2026-05-04T02:00:00Z')
  test('follows the order when at least Stripe’s half hour (and a margin) is left', () => {
    const expiry = new Date(now.getTime() + 45 * MIN)
    expect(checkoutSessionWindow(expiry, now)).toEqual({ expiresAt: expiry, extended: false })
  })
  test.each([
    ['10 minutes left', 10],
    ['exactly 30 minutes left', 30],
    ['30 minutes and 20 seconds left', 30 + 1 / 3],
  ])('%s: extended to 31 minutes from now', (_label, minutes) => {
    const window = checkoutSessionWindow(new Date(now.getTime() + minutes * MIN), now)
    expect(window.extended).toBe(true)
    expect(window.expiresAt.getTime() - now.getTime()).toBe(31 * MIN)
  })
  test('never beyond Stripe’s 24 hours, and whole seconds', () => {
    const window = checkoutSessionWindow(new Date(now.getTime() + 30 * 60 * MIN + 123), now)
    expect(window.expiresAt.getTime() - now.getTime()).toBeLessThan(24 * 60 * MIN)
    expect(window.expiresAt.getTime() % 1000).toBe(0)
  })
})

describe('refunds and attention', () => {
  const paid = (id: string, at: string) => ({ id, status: 'succeeded', succeededAt: at })
  test('a closed order refunds every succeeded payment; a live one only the duplicates', () => {
    const payments = [
      paid('second', '2026-05-04T03:00:00Z'),
      { id: 'failed', status: 'failed', succeededAt: null },
      paid('first', '2026-05-04T02:00:00Z'),
    ]
    expect(refundablePaymentIds({ status: 'cancelled' }, payments).sort()).toEqual([
      'first',
      'second',
    ])
    expect(refundablePaymentIds({ status: 'submitted' }, payments)).toEqual(['second'])
    expect(refundablePaymentIds({ status: 'submitted' }, [payments[2]!])).toEqual([])
  })
  test.each([
    ['expired', 'paid', true],
    ['cancelled', 'paid', true],
    ['cancelled', 'refunded', false],
    ['submitted', 'paid', false],
    ['expired', 'unpaid', false],
  ] as const)('%s and %s → needs attention: %s', (status, paymentStatus, expected) => {
    expect(needsPaymentAttention({ status, paymentStatus })).toBe(expected)
  })
})

describe('the ship form', () => {
  test.each([
    [{ carrier: 'SF Express', trackingNumber: 'SF1234567890' }, null],
    [{ carrier: '  顺丰速运 ', trackingNumber: ' JD-0001/2 ' }, null],
    [{ carrier: '', trackingNumber: 'SF1' }, 'carrier'],
    [{ carrier: 'SF', trackingNumber: '' }, 'trackingNumber'],
    [{ carrier: 'SF', trackingNumber: 'ab' }, 'trackingNumber'],
    [{ carrier: 'SF', trackingNumber: 'SF<script>' }, 'trackingNumber'],
    [{ carrier: 'SF', trackingNumber: 'x'.repeat(41) }, 'trackingNumber'],
  ])('%j → error on %s', (input, field) => {
    const result = ShipOrderForm.safeParse(input)
    if (field === null) expect(result.success).toBe(true)
    else expect(result.error?.issues[0]?.path).toEqual([field])
  })
})

describe('the queue URL', () => {
  const parse = (search: string) => parseOrderQueueQuery(new URLSearchParams(search))

  test('junk values are dropped, never an error page', () => {
    const { query } = parse('status=bogus&page=-3&partner=not-a-uuid&payment=cash&q=%00SO%27')
    expect(query).toEqual({
      tab: 'all',
      q: "SO'",
      partnerId: null,
      paymentMethod: null,
      from: null,
      to: null,
      page: 1,
    })
  })
  test('impossible dates are ignored with a message; an end before the start too', () => {
    expect(parse('from=2026-02-30').fieldErrors).toEqual({
      from: 'fulfilment:queue.filters.invalidDate',
    })
    const reversed = parse('from=2026-05-04&to=2026-05-01')
    expect(reversed.query.to).toBeNull()
    expect(reversed.fieldErrors.to).toBe('fulfilment:queue.filters.toBeforeFrom')
  })
  test('what is parsed comes back as the same URL', () => {
    const search =
      '?status=submitted&q=PO-77&partner=4ce345b8-55f4-4921-8b1b-e327a96c0501&payment=card&from=2026-05-01&to=2026-05-31&page=2'
    expect(orderQueueSearch(parse(search).query)).toBe(search)
    expect(orderQueueSearch(parse('').query)).toBe('')
  })
})

describe('messages', () => {
  test('a stale action names the status the order is in now, in both languages', () => {
    const values = { number: 'SO-260001', status: 'shipped' }
    expect(createI18n('en').t('fulfilment:errors.stale', values)).toContain('(it is now Shipped)')
    expect(createI18n('zh-CN').t('fulfilment:errors.stale', values)).toContain('当前为已发货')
  })
})
