import { type ConnectedVault, connectVault, TesseraError } from '@tessera/core';
import * as Comlink from 'comlink';

const READY_TIMEOUT_MS = 15_000;

/**
 * Loads the vault frame from the API's origin and connects to it once it says it is ready. The
 * frame's messages are accepted only from the API's origin and from that very frame.
 */
export function openVaultFrame(apiUrl: string, publishableKey: string): Promise<ConnectedVault> {
  const origin = new URL(apiUrl).origin;
  const iframe = document.createElement('iframe');
  iframe.src = new URL(`vault/frame.html?pk=${encodeURIComponent(publishableKey)}`, apiUrl).href;
  iframe.hidden = true;
  iframe.title = 'Tessera key vault';
  iframe.setAttribute('aria-hidden', 'true');
  iframe.tabIndex = -1;
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== origin || event.source !== iframe.contentWindow) return;
      if ((event.data as { type?: unknown } | null)?.type !== 'tessera-vault-ready') return;
      cleanup();
      resolve(connectVault(Comlink.windowEndpoint(iframe.contentWindow as Window, window, origin)));
    };
    const timer = setTimeout(() => {
      cleanup();
      iframe.remove();
      reject(
        new TesseraError(
          'network',
          `Tessera's key vault did not load from ${origin}. Check data-api-url and that this site is on the publishable key's allowed origins, then reload.`,
        ),
      );
    }, READY_TIMEOUT_MS);
    window.addEventListener('message', onMessage);
    (document.body ?? document.documentElement).append(iframe);
  });
}
