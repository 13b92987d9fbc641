export { loadOnDemand, onDemand } from './load-on-demand.js';
export {
  ERROR_CODES,
  type ErrorCode,
  isTesseraError,
  TesseraError,
  type TesseraErrorOptions,
  tesseraErrorFromJSON,
  toTesseraError,
} from './tessera-error.js';
export { parseOrThrow } from './validation.js';
