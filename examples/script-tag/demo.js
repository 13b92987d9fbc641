// The partner page's own script: a form that points the embedded chat at a provider.
// Query parameters preconfigure it: ?provider=openai-compatible&model=llama3.2&baseURL=http://localhost:11434/v1
const form = document.getElementById('connect');
const status = document.getElementById('status');
const chat = document.querySelector('tessera-chat');
let tessera;

function fromQuery() {
  const params = new URLSearchParams(location.search);
  for (const name of ['provider', 'model', 'baseURL']) {
    const value = params.get(name);
    if (value !== null) form.elements[name].value = value;
  }
}

async function apply() {
  const provider = form.elements.provider.value;
  const model = form.elements.model.value.trim();
  const baseURL = form.elements.baseURL.value.trim();
  const apiKey = form.elements.apiKey.value.trim();
  if (apiKey) {
    // The key is bound to this address: the vault will never send it anywhere else.
    await tessera.keys.set(provider, apiKey, baseURL ? { baseURL } : {});
    form.elements.apiKey.value = '';
  }
  chat.setAttribute('provider', provider);
  chat.setAttribute('model', model);
  if (baseURL) chat.setAttribute('base-url', baseURL);
  else chat.removeAttribute('base-url');
  status.textContent = `The chat uses ${model} at ${baseURL || 'the provider’s default URL'}. Write a message below.`;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!tessera) {
    status.textContent = 'Tessera is still loading; try again in a moment.';
    return;
  }
  apply().catch((error) => {
    status.textContent = error.message;
  });
});

// Each provider's own default address: a key for OpenAI must never go to a local server's URL.
const DEFAULT_BASE_URL = { 'openai-compatible': 'http://localhost:11434/v1', openai: '' };
form.elements.provider.addEventListener('change', () => {
  form.elements.baseURL.value = DEFAULT_BASE_URL[form.elements.provider.value] ?? '';
});

window.addEventListener('tessera-ready', (event) => {
  tessera = event.detail.tessera;
  fromQuery();
  apply().catch((error) => {
    status.textContent = error.message;
  });
});

window.addEventListener('tessera-error', () => {
  status.textContent = 'The chat could not load. Run `npm run build` and reload, or check the browser console.';
});
