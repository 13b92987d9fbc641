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

// A hosted provider is reached at its own address (left empty here); only a local or
// OpenAI-compatible server needs one typed in.
const LOCAL_DEFAULTS = { 'openai-compatible': 'http://localhost:11434/v1', ollama: 'http://localhost:11434' };
form.elements.provider.addEventListener('change', () => {
  form.elements.baseURL.value = LOCAL_DEFAULTS[form.elements.provider.value] ?? '';
});

/** Every provider the SDK knows, the OpenAI-compatible server first. */
function listProviders() {
  const select = form.elements.provider;
  const chosen = select.value;
  const providers = tessera.mux
    .providers()
    .sort((a, b) => (b.id === 'openai-compatible') - (a.id === 'openai-compatible'));
  select.replaceChildren(
    ...providers.map((p) => {
      const option = document.createElement('option');
      option.value = p.id;
      option.textContent = p.requiresKey ? p.label : `${p.label} (no key needed)`;
      return option;
    }),
  );
  select.value = chosen;
}

window.addEventListener('tessera-ready', (event) => {
  tessera = event.detail.tessera;
  listProviders();
  fromQuery();
  apply().catch((error) => {
    status.textContent = error.message;
  });
});

window.addEventListener('tessera-error', () => {
  status.textContent = 'The chat could not load. Run `npm run build` and reload, or check the browser console.';
});
