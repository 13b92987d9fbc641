export {
  ERROR_CODES,
  type ErrorCode,
  isTesseraError,
  TesseraError,
  type TesseraErrorOptions,
  toTesseraError,
} from './tessera-error.js';
export { parseOrThrow } from './validation.js';
