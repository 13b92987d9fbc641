// The partner's sign-in, as the embed sees it: `window.tesseraSettings.userToken`, set before the
// loader runs (this file comes before tessera.js, both deferred). A real partner's function asks its
// own backend for a token of the signed-in user; this demo has no users, so `tessera demo` mints
// tokens for an anonymous visitor (POST /demo/user-token), whose random id stays in localStorage.
const VISITOR_ID_KEY = 'tessera-demo-visitor-id';
// Tokens live 15 minutes; one is reused for 10 minutes of this page's own clock, so a clock that is
// off does not matter. The SDK calls this again when the API says a token expired.
const REUSE_MS = 10 * 60 * 1000;
let current;

function visitorId() {
  try {
    let id = localStorage.getItem(VISITOR_ID_KEY);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(VISITOR_ID_KEY, id);
    }
    return id;
  } catch {
    // Storage blocked: this visit gets an id of its own.
    current ??= { visitorId: crypto.randomUUID() };
    return current.visitorId;
  }
}

async function userToken() {
  if (current?.token && performance.now() - current.at < REUSE_MS) return current.token;
  const response = await fetch('/demo/user-token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ visitorId: visitorId() }),
  });
  if (!response.ok) throw new Error(`The demo could not sign you in (HTTP ${response.status}).`);
  const { token } = await response.json();
  current = { ...current, token, at: performance.now() };
  return token;
}

window.tesseraSettings = { ...window.tesseraSettings, userToken };
