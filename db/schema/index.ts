export * from './partners'
export * from './users'
export * from './audit'
export * from './outbox'
