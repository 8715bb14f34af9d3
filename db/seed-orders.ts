/**
 * Demo address books (DESIGN.md §3): where partners have their orders delivered. Eastbridge and
 * Pearl River have two addresses each (a default warehouse and a site), the other active partners
 * one. Deterministic: stable ids, no randomness.
 */
import type { Database } from './client.server'
import { partnerAddresses, type NewPartnerAddress } from './schema/orders'
import { stableUuid, type SeedData } from './seed-data'

type AddressSpec = Omit<NewPartnerAddress, 'id' | 'partnerId'> & { key: string }

/** Explicit addresses for the partners with memorable demo logins, by partner code. */
const explicit: Record<string, AddressSpec[]> = {
  'P-0001': [
    {
      key: 'jiading',
      label: 'Shanghai Jiading warehouse',
      recipient: 'Zhang Wei',
      phone: '+86 21 5990 1200',
      regionCode: 'CN-EAST',
      city: 'Shanghai',
      line1: '1288 Huyi Highway, Jiading District',
      line2: 'Building 3, dock 2',
      postalCode: '201800',
      isDefault: true,
    },
    {
      key: 'suzhou',
      label: 'Suzhou project site',
      recipient: 'Sun Li',
      phone: '+86 512 6288 7710',
      regionCode: 'CN-EAST',
      city: 'Suzhou',
      line1: '66 Xinghu Street, Suzhou Industrial Park',
      line2: null,
      postalCode: '215123',
      isDefault: false,
    },
  ],
  'P-0002': [
    {
      key: 'huangpu',
      label: '广州黄埔仓库',
      recipient: '黄志强',
      phone: '+86 20 8220 6688',
      regionCode: 'CN-SOUTH',
      city: '广州市',
      line1: '黄埔区开创大道 2566 号',
      line2: '5 号仓 2 楼',
      postalCode: '510530',
      isDefault: true,
    },
    {
      key: 'shunde',
      label: '佛山顺德客户现场',
      recipient: '林晓燕',
      phone: '+86 757 2266 3301',
      regionCode: 'CN-SOUTH',
      city: '佛山市',
      line1: '顺德区北滘镇工业大道 18 号',
      line2: null,
      postalCode: '528311',
      isDefault: false,
    },
  ],
}

/** A city per region for the generated addresses: [English, Chinese, postal code]. */
const regionCities: Record<string, [string, string, string]> = {
  'CN-EAST': ['Hangzhou', '杭州市', '310000'],
  'CN-NORTH': ['Tianjin', '天津市', '300000'],
  'CN-SOUTH': ['Shenzhen', '深圳市', '518000'],
  'CN-CENTRAL': ['Wuhan', '武汉市', '430000'],
  'CN-NE': ['Shenyang', '沈阳市', '110000'],
  'CN-NW': ["Xi'an", '西安市', '710000'],
  'CN-SW': ['Chengdu', '成都市', '610000'],
  'CN-WEST': ['Urumqi', '乌鲁木齐市', '830000'],
  HK: ['Kowloon', '九龙', ''],
  SG: ['Singapore', '新加坡', '569933'],
}

/** The default address of every other active partner: its main warehouse in its first region. */
function generated(partner: SeedData['partners'][number]): AddressSpec {
  const zh = /[\u4e00-\u9fff]/.test(partner.name)
  const regionCode = partner.territories[0]!.regionCode
  const [cityEn, cityZh, postalCode] = regionCities[regionCode] ?? ['Shanghai', '上海市', '200000']
  return {
    key: 'main',
    label: zh ? '主仓库' : 'Main warehouse',
    recipient: zh ? '仓库收货组' : 'Goods inwards',
    phone: '+86 400 820 1234',
    regionCode,
    city: zh ? cityZh : cityEn,
    line1: zh ? '经济技术开发区物流园 8 号' : '8 Logistics Park Road, Economic Development Zone',
    line2: null,
    postalCode,
    isDefault: true,
  }
}

export const seedAddressId = (partnerCode: string, key: string) =>
  stableUuid(`address:${partnerCode}:${key}`)

/** Inserts the demo address books. `data` is the partner demo set inserted before. */
export async function insertDemoOrders(db: Database, data: SeedData): Promise<void> {
  const rows: NewPartnerAddress[] = data.partners
    .filter((partner) => partner.status === 'active' && partner.territories.length > 0)
    .flatMap((partner) =>
      (explicit[partner.code] ?? [generated(partner)]).map(({ key, ...address }) => ({
        ...address,
        id: seedAddressId(partner.code, key),
        partnerId: partner.id,
      })),
    )
  await db.insert(partnerAddresses).values(rows)
}
