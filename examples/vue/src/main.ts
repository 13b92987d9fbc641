import { createApp } from 'vue';
import SupportChat from './SupportChat.vue';
import './page.css';

// The provider the chat talks to; `?provider=…&model=…&base-url=…` points it at another server.
const query = new URLSearchParams(location.search);

createApp(SupportChat, {
  provider: query.get('provider') ?? 'openai-compatible',
  model: query.get('model') ?? 'llama3.2',
  baseUrl: query.get('base-url') ?? 'http://localhost:11434/v1',
}).mount('#chat');
