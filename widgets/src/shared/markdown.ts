import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';
import { type CodeCopyLabels, ENGLISH_CODE_COPY_LABELS } from './code-copy.js';
import { highlightCode, requestLanguage } from './highlight.js';

/** The words of the chrome `renderMarkdown` adds: a code block's Copy button, a table's scroll container. */
export type MarkdownChromeLabels = Pick<CodeCopyLabels, 'copy' | 'copyLabel' | 'table'>;

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// A fence's language as a class name and a label: a short word, or none at all. Anything else
// (quotes, angle brackets, `javascript:`) is model output trying to be more than a language name.
const LANGUAGE = /^[\w+#.-]{1,32}$/;
const OPENING_FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Whether a fenced block's closing fence has arrived (an answer still streaming may not have it yet). */
function fenceClosed({ raw, codeBlockStyle }: Tokens.Code): boolean {
  if (codeBlockStyle === 'indented') return true;
  const opening = OPENING_FENCE.exec(raw)?.[1];
  if (!opening) return true;
  const lines = raw.replace(/\n+$/, '').split('\n');
  if (lines.length < 2) return false;
  const closing = new RegExp(`^ {0,3}${opening[0] === '`' ? '`' : '~'}{${opening.length},}[ \\t]*$`);
  return closing.test(lines.at(-1) as string);
}

// Set by a render whose closed fence waits for its language chunk: that render is not final.
let waitingForLanguage = false;

function renderCode(token: Tokens.Code): string {
  const word = token.lang?.match(/^\S*/)?.[0] ?? '';
  const lang = LANGUAGE.test(word) ? word : '';
  // As marked's own renderer: an indented block's last newline is not code.
  const code = token.text.replace(/\n$/, '');
  let body: string | undefined;
  // Only a closed fence is highlighted: one still being streamed changes every frame.
  if (lang && fenceClosed(token)) {
    body = highlightCode(code, lang);
    if (body === undefined && requestLanguage(lang) === 'loading') waitingForLanguage = true;
  }
  const cls = lang ? ` class="language-${escapeHtml(lang)}"` : '';
  return `<pre><code${cls}>${body ?? escapeHtml(code)}</code></pre>\n`;
}

// Raw HTML in model output is shown as text, never parsed: the sanitizer below is the second wall.
const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: { html: ({ text }) => escapeHtml(text), code: renderCode },
});

// Model output is untrusted: only this allowlist reaches the DOM, with no event handlers, no
// styles, no forms or frames, and links limited to http(s) and mailto.
const ALLOWED_TAGS = [
  'a',
  'blockquote',
  'br',
  'code',
  'del',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];
const SAFE_URL = /^(?:https?:|mailto:)/i;
// Classes survive only where the code-block styles read them: highlight.js scopes on spans
// (`hljs-title function_`), the language on code. Nothing else can borrow the chat's own classes.
const CLASS_ALLOWED: Record<string, RegExp> = {
  SPAN: /^(?:hljs-[a-z-]+|[a-z]+_+)$/,
  CODE: /^language-[\w+#.-]{1,32}$/,
};

// A private instance: its hooks apply to Tessera's Markdown only, never to a page's own DOMPurify.
const purify = DOMPurify(window);
purify.addHook('uponSanitizeAttribute', (node, data) => {
  if (data.attrName !== 'class') return;
  const allowed = CLASS_ALLOWED[node.nodeName];
  const kept = allowed ? data.attrValue.split(/\s+/).filter((c) => allowed.test(c)) : [];
  if (kept.length === 0) data.keepAttr = false;
  else data.attrValue = kept.join(' ');
});
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (!SAFE_URL.test(href)) node.removeAttribute('href');
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

const element = (tag: string, attributes: Record<string, string>, text?: string): HTMLElement => {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (text !== undefined) el.textContent = text;
  return el;
};

/**
 * Adds the chat's own chrome around sanitized content, in `labels`' words: a header (language,
 * Copy button) on each code block and a scroll container around each table. Built with the DOM,
 * after the sanitizer, so none of it is model output; the language label is set as text.
 */
function decorate(root: DocumentFragment, labels: MarkdownChromeLabels): void {
  for (const pre of root.querySelectorAll('pre')) {
    const lang = /^language-(\S+)$/.exec(pre.querySelector('code')?.className ?? '')?.[1];
    const block = element('div', { class: 'code-block', part: 'code-block' });
    const header = element('div', { class: 'code-header', part: 'code-header' });
    if (lang) header.append(element('span', { class: 'code-language', part: 'code-language' }, lang));
    header.append(
      element(
        'button',
        {
          type: 'button',
          class: 'code-copy',
          part: 'code-copy-button',
          'aria-label': labels.copyLabel,
          'data-copy-code': '',
        },
        labels.copy,
      ),
    );
    pre.replaceWith(block);
    block.append(header, pre);
  }
  for (const table of root.querySelectorAll('table')) {
    // Focusable so a keyboard user can scroll a wide table (WCAG 2.1.1).
    const scroll = element('div', {
      class: 'table-scroll',
      part: 'table-scroll',
      tabindex: '0',
      role: 'group',
      'aria-label': labels.table,
    });
    table.replaceWith(scroll);
    scroll.append(table);
  }
}

/**
 * Renders model Markdown to sanitized HTML. Raw HTML in the Markdown is escaped, never rendered.
 * The Copy buttons of code blocks and the scroll containers of tables say `labels` (English by
 * default): a widget passes the words of its own language.
 */
export function renderMarkdown(markdown: string, labels: MarkdownChromeLabels = ENGLISH_CODE_COPY_LABELS): string {
  waitingForLanguage = false;
  const html = marked.parse(markdown) as string;
  const fragment = purify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'title', 'target', 'rel', 'class'],
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  decorate(fragment, labels);
  const out = document.createElement('div');
  out.append(fragment);
  return out.innerHTML;
}

/**
 * Whether the last `renderMarkdown` left a closed code block plain because its language is still
 * loading: that HTML is not final, and is worth rendering again when the language has settled.
 */
export const highlightPending = (): boolean => waitingForLanguage;

export { languagesSettled, onLanguageSettled } from './highlight.js';
