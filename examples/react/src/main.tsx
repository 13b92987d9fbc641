import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SupportChat } from './support-chat.js';
import './page.css';

// The provider the chat talks to; `?provider=…&model=…&base-url=…` points it at another server.
const query = new URLSearchParams(location.search);
const provider = query.get('provider') ?? 'openai-compatible';
const model = query.get('model') ?? 'llama3.2';
const baseUrl = query.get('base-url') ?? 'http://localhost:11434/v1';

createRoot(document.getElementById('chat')!).render(
  <StrictMode>
    <SupportChat provider={provider} model={model} baseUrl={baseUrl} />
  </StrictMode>,
);
