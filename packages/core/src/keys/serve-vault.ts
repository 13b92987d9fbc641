import { TesseraError, toTesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Tessera } from '../tessera.js';
import { streamIdSchema, toWirePart, type VaultService, type WireError, type WireStreamPart } from './vault-service.js';

/**
 * The signed-in user's token as the vault gets it: borrowed from the page, which alone knows how to
 * get a fresh one. The vault's instance is created with `userToken: loan.get`.
 */
export interface UserTokenLoan {
  /** The token, asked of the page each time; an `auth` TesseraError when the page lent no way to get it. */
  get(): Promise<string>;
  lend(getUserToken: (() => Promise<string>) | undefined): void;
}

export function createUserTokenLoan(release: (callback: unknown) => void = () => {}): UserTokenLoan {
  let lent: (() => Promise<string>) | undefined;
  return {
    async get() {
      if (!lent) {
        throw new TesseraError(
          'auth',
          "Key sync needs the signed-in user: this page has not given Tessera the user's token (the userToken option).",
        );
      }
      const token: unknown = await lent();
      if (typeof token !== 'string' || token.length === 0) {
        throw new TesseraError(
          'auth',
          "Key sync needs the signed-in user: the page's userToken gave no token. Sign in again.",
        );
      }
      return token;
    },
    lend(getUserToken) {
      if (lent) release(lent);
      lent = getUserToken;
    },
  };
}

/** Runs a vault call, throwing its failure as a {@link WireError} so its code survives the crossing. */
function crossing<A extends unknown[], R>(call: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await call(...args);
    } catch (caught) {
      const error = toTesseraError(caught, {
        code: 'storage',
        message: 'The key vault could not do that. Reload the page and try again.',
      });
      throw { tesseraError: error.toJSON() } satisfies WireError;
    }
  };
}

/**
 * The vault side of the boundary: wraps an instance that holds the keys (in the vault frame) as
 * a VaultService for the page. Keys never leave: the page gets masked keys and stream parts.
 * `userToken` is the loan the instance's `userToken` option reads, filled by `lendUserToken`.
 */
export function createVaultService(
  tessera: Tessera,
  release: (callback: unknown) => void = () => {},
  userToken?: UserTokenLoan,
): VaultService {
  const running = new Map<string, AbortController>();
  const { keys } = tessera;
  return {
    keys: {
      set: crossing((provider, apiKey, options) => keys.set(provider, apiKey, options)),
      has: crossing((provider) => keys.has(provider)),
      remove: crossing((provider) => keys.remove(provider)),
      list: crossing(() => keys.list()),
      validate: crossing((provider, options) => keys.validate(provider, options)),
      rotate: crossing((provider, apiKey, options) => keys.rotate(provider, apiKey, options)),
      sync: {
        status: crossing(() => keys.sync.status()),
        enable: crossing((passphrase) => keys.sync.enable(passphrase)),
        restore: crossing((passphrase) => keys.sync.restore(passphrase)),
        disable: crossing((options) => keys.sync.disable(options)),
        flush: crossing(() => keys.sync.flush()),
      },
    },
    async stream(request, onPart: (part: WireStreamPart) => void, streamId) {
      const controller = new AbortController();
      try {
        running.set(parseOrThrow(streamIdSchema, streamId, 'stream id'), controller);
        const stream = tessera.mux.stream(request, { signal: controller.signal });
        for await (const part of stream) onPart(toWirePart(part));
      } catch (caught) {
        onPart({
          type: 'error',
          error: toTesseraError(caught, { code: 'validation', message: 'Invalid request.' }).toJSON(),
        });
      } finally {
        running.delete(streamId);
        onPart({ type: 'end' });
        release(onPart);
      }
    },
    checkKey: (input) => tessera.mux.checkKey(input),
    abort(streamId) {
      running.get(streamId)?.abort();
    },
    lendUserToken(getUserToken) {
      if (typeof getUserToken !== 'function' && getUserToken !== undefined) return;
      if (userToken) userToken.lend(getUserToken);
      else if (getUserToken) release(getUserToken);
    },
  };
}
