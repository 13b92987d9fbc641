/**
 * `@tessera/core`: the isomorphic Tessera SDK. One entry, `createTessera()`; its parts are plain
 * modules re-exported here with their schemas and types.
 */
export * from './acu/index.js';
export * from './api/index.js';
export * from './chat/index.js';
export * from './errors/index.js';
export { type TesseraEventMap, TesseraEvents, type TesseraWarning } from './events/tessera-events.js';
export { uuidv7 } from './ids/uuid-v7.js';
export * from './io/index.js';
export * from './keys/index.js';
export * from './mux/index.js';
export { type TesseraOptions, tesseraOptionsSchema } from './options.js';
export * from './store/index.js';
export { createTessera, type Tessera } from './tessera.js';
