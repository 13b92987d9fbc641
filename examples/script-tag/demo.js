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
  const saved = apiKey.length > 0;
  if (saved) {
    // The key is bound to this address: the vault will never send it anywhere else.
    await tessera.keys.set(provider, apiKey, baseURL ? { baseURL } : {});
    form.elements.apiKey.value = '';
  }
  chat.setAttribute('provider', provider);
  chat.setAttribute('model', model);
  if (baseURL) chat.setAttribute('base-url', baseURL);
  else chat.removeAttribute('base-url');
  status.textContent = `${saved ? 'Your key is saved in the key vault. ' : ''}The chat uses ${model} at ${baseURL || 'the provider’s default URL'}. Write a message below.`;
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

// Tabs (WAI-ARIA tabs pattern, automatic activation): arrow keys, Home and End move between tabs.
// A panel's widget waits in a <template> until its tab is first shown: the embed loads the
// library's and the key manager's code when their tags appear, so a chat-only visit never does.
const tabs = [...document.querySelectorAll('[role="tab"]')];
const WIDGET_TEMPLATES = { data: 'data-widget', keys: 'keys-widget' };

function showTab(tab, { focus = false } = {}) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
  }
  const panel = document.getElementById(tab.getAttribute('aria-controls'));
  const template = document.getElementById(WIDGET_TEMPLATES[panel.id]);
  if (template) template.replaceWith(template.content);
  if (focus) tab.focus();
  // The address names the tab, so a reload or a shared link opens it (the query is kept).
  history.replaceState(null, '', panel.id === 'chat' ? location.pathname + location.search : `#${panel.id}`);
}

for (const tab of tabs) {
  tab.addEventListener('click', () => showTab(tab));
  tab.addEventListener('keydown', (event) => {
    const at = tabs.indexOf(tab);
    const next = {
      ArrowRight: tabs[(at + 1) % tabs.length],
      ArrowLeft: tabs[(at - 1 + tabs.length) % tabs.length],
      Home: tabs[0],
      End: tabs.at(-1),
    }[event.key];
    if (!next) return;
    event.preventDefault();
    showTab(next, { focus: true });
  });
}

const linked = tabs.find((tab) => `#${tab.getAttribute('aria-controls')}` === location.hash);
if (linked) showTab(linked);
