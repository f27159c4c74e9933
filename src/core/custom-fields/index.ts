export * from './types.js';
export * from './messages.js';
export * from './money.js';
export * from './dates.js';
export * from './validate.js';
export * from './definitions.js';
export * from './values.js';
