/** Correspondence with the customer: templates as data, merge fields, drafts and what may be sent (pure). */
export * from './fields';
export * from './render';
export * from './dates';
export * from './values';
export * from './defaults';
export * from './recipient';
export * from './html';
