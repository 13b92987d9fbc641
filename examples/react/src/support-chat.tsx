import { createTessera } from '@tessera/core';
import { TesseraChat } from '@tessera/widgets/react';

// Conversations stay in this browser (IndexedDB); keys stay in this page's memory.
const tessera = createTessera();
const appearance = { preset: 'dark', variables: { '--tessera-color-accent': '#2f9e77' } } as const;

/** The chat, themed as the site. `baseUrl` is the provider's API, e.g. a local Ollama. */
export function SupportChat(props: { provider: string; model: string; baseUrl: string }) {
  return (
    <TesseraChat
      tessera={tessera}
      appearance={appearance}
      provider={props.provider}
      model={props.model}
      baseUrl={props.baseUrl}
      onErrorOccurred={(event) => console.warn(event.detail.message)}
    />
  );
}
