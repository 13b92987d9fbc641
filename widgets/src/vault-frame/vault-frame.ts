/**
 * The vault frame's script: runs in a hidden iframe served from the API's origin, holds the
 * user's provider keys (encrypted in this origin's IndexedDB) and makes the provider calls with
 * them. The partner page talks to it through comlink and gets masked keys and stream parts back.
 * It also runs key sync: this origin's storage may be partitioned or purged (Safari), so the keys
 * are restored from the user's encrypted vault sync when the user unlocks it.
 *
 * Which pages may embed it is decided by the server (`frame-ancestors` from the partner's origin
 * allowlist); this script answers only its parent's origin, and only to it, and keeps that origin's
 * keys in a database of their own: browsers that do not partition storage give every partner's
 * frame the same one.
 */
import { createTessera, createUserTokenLoan, createVaultService } from '@tessera/core';
import * as Comlink from 'comlink';
import { partnerVaultDatabaseName } from './partner-vault-database.js';

const publishableKey = new URLSearchParams(location.search).get('pk') ?? undefined;
const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
const parentOrigin = ancestors?.[0] ?? (document.referrer ? new URL(document.referrer).origin : undefined);

if (window.parent === window || !parentOrigin || parentOrigin === 'null') {
  document.body.textContent = 'This page is Tessera’s key vault; it only works embedded by a Tessera widget.';
} else {
  const release = (callback: unknown) => (callback as Comlink.Remote<unknown>)[Comlink.releaseProxy]();
  // Key sync calls the API as the signed-in user; only the page knows how to get their token, so
  // the frame asks it (through the loan the page fills) every time it needs one.
  const userToken = createUserTokenLoan(release);
  const tessera = createTessera({
    vault: 'indexeddb',
    store: 'memory',
    databaseName: partnerVaultDatabaseName(parentOrigin),
    apiUrl: location.origin,
    ...(publishableKey ? { publishableKey } : {}),
    userToken: userToken.get,
  });
  Comlink.expose(
    createVaultService(tessera, release, userToken),
    Comlink.windowEndpoint(window.parent, window, parentOrigin),
    [parentOrigin],
  );
  window.parent.postMessage({ type: 'tessera-vault-ready' }, parentOrigin);
}
