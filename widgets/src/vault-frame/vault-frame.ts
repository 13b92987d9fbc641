/**
 * The vault frame's script: runs in a hidden iframe served from the API's origin, holds the
 * user's provider keys (encrypted in this origin's IndexedDB) and makes the provider calls with
 * them. The partner page talks to it through comlink and gets masked keys and stream parts back.
 *
 * Which pages may embed it is decided by the server (`frame-ancestors` from the partner's origin
 * allowlist); this script answers only its parent's origin, and only to it.
 */
import { createTessera, createVaultService } from '@tessera/core';
import * as Comlink from 'comlink';

const publishableKey = new URLSearchParams(location.search).get('pk') ?? undefined;
const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
const parentOrigin = ancestors?.[0] ?? (document.referrer ? new URL(document.referrer).origin : undefined);

if (window.parent === window || !parentOrigin || parentOrigin === 'null') {
  document.body.textContent = 'This page is Tessera’s key vault; it only works embedded by a Tessera widget.';
} else {
  const tessera = createTessera({
    vault: 'indexeddb',
    store: 'memory',
    apiUrl: location.origin,
    ...(publishableKey ? { publishableKey } : {}),
  });
  Comlink.expose(
    createVaultService(tessera, (callback) => (callback as Comlink.Remote<unknown>)[Comlink.releaseProxy]()),
    Comlink.windowEndpoint(window.parent, window, parentOrigin),
    [parentOrigin],
  );
  window.parent.postMessage({ type: 'tessera-vault-ready' }, parentOrigin);
}
