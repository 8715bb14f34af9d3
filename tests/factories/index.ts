export {
  createPartner,
  ensureRegions,
  type CreatePartnerOptions,
  type TestPartner,
} from './partners'
export {
  createUser,
  createVendorStaff,
  defaultPassword,
  type CreateUserOptions,
  type CreateVendorStaffOptions,
  type TestUser,
} from './users'
export { uniqueSuffix } from './unique'
export {
  createProductLine,
  createRegisteringPartner,
  createRegistration,
  ensureIndustries,
  registrationInput,
  updateDealSettings,
} from './deals'
export {
  createCategory,
  createContractPrice,
  createPricePolicy,
  createProduct,
  createTierDiscount,
  createVolumeBreak,
  createWarehouse,
  updateCatalogSettings,
  type CreateProductOptions,
} from './catalog'
export {
  checkoutInput,
  createAddress,
  createBuyer,
  createColleague,
  fillCart,
  type TestBuyer,
} from './orders'
