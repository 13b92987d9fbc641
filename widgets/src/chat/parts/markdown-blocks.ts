import { ENGLISH_CODE_COPY_LABELS } from '../../shared/code-copy.js';
import type { MarkdownChromeLabels } from '../../shared/markdown.js';

/**
 * The Markdown renderer the chat calls (marked and DOMPurify), loaded the first time an answer is
 * shown: a chat opens and takes its first message without them. An object so a test can count the
 * calls; the product never replaces it. `pending` tells whether the last render left a closed code
 * block plain because its language was still loading.
 */
export const markdownRenderer: {
  render: ((markdown: string, labels: MarkdownChromeLabels) => string) | undefined;
  pending: (() => boolean) | undefined;
} = { render: undefined, pending: undefined };

let loading: Promise<void> | undefined;
const settledListeners = new Set<() => void>();

/** Loads the renderer (once; again after a failure). Resolves either way: answers then show as plain text. */
export function loadMarkdown(): Promise<void> {
  loading ??= import('../../shared/markdown.js').then(
    (module) => {
      markdownRenderer.render ??= module.renderMarkdown;
      markdownRenderer.pending ??= module.highlightPending;
      module.onLanguageSettled(() => {
        for (const listener of settledListeners) listener();
      });
    },
    () => {
      loading = undefined;
    },
  );
  return loading;
}

/**
 * Calls `listener` each time a code language finishes loading (or fails to): blocks that were not
 * final (`blockFinal`) render differently now. Returns the unsubscribe function.
 */
export function onHighlightSettled(listener: () => void): () => void {
  settledListeners.add(listener);
  return () => settledListeners.delete(listener);
}

/** Whether answers render as Markdown yet. */
export const markdownReady = (): boolean => markdownRenderer.render !== undefined;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])\s/;
// After a blank line, what carries a list on: another item (a loose list stays one list) or an
// indented line (the item's next paragraph).
const CONTINUES_LIST = /^(?:\s|[-*+]\s|\d{1,9}[.)]\s)/;

/**
 * Splits Markdown into top-level blocks: at blank lines outside fenced code, where the next line
 * starts a new block. A long answer is then rendered block by block, each block once, so the cost
 * of a streamed frame stays that of its last paragraph however long the answer grows. (The price:
 * a reference-style link whose definition sits in another block is not resolved.)
 */
export function splitBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  let blank = false;
  for (const line of markdown.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    const continues = LIST_ITEM.test(current[0] ?? '') && CONTINUES_LIST.test(line);
    if (fence === undefined && blank && line.trim() !== '' && !continues) {
      blocks.push(current.join('\n'));
      current = [];
    }
    current.push(line);
    if (fence !== undefined) {
      if (marker?.startsWith(fence)) fence = undefined;
    } else if (marker) {
      fence = marker;
    }
    blank = fence === undefined && line.trim() === '';
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}

// Sanitized HTML by block text, least recently used dropped first. Blocks repeat across renders
// and across messages (a regenerated answer often shares paragraphs), so the text is the key. The
// HTML holds the chrome's words, so each language has a cache of its own (a page rarely shows more
// than one or two; the oldest goes first).
const CACHE_LIMIT = 2000;
const LANGUAGES_KEPT = 4;
const caches = new Map<string, Map<string, string>>();

const labelsKey = (labels: MarkdownChromeLabels) => `${labels.copy}\u0000${labels.copyLabel}\u0000${labels.table}`;

function cacheFor(key: string): Map<string, string> {
  let cache = caches.get(key);
  if (!cache) {
    cache = new Map();
    caches.set(key, cache);
    if (caches.size > LANGUAGES_KEPT) caches.delete(caches.keys().next().value as string);
  }
  return cache;
}

// The block still being written, as last rendered. When the answer ends it is asked for again (to
// keep) with the same text, more often than not: it is not rendered a second time.
let unkept: { key: string; block: string; html: string; final: boolean } | undefined;

/**
 * One block as sanitized HTML (escaped plain text until the renderer has loaded), its code blocks'
 * and tables' chrome in `labels`' words; `keep: false` for a block still being written, which is
 * not worth keeping.
 */
export function blockHtml(block: string, keep = true, labels: MarkdownChromeLabels = ENGLISH_CODE_COPY_LABELS): string {
  const render = markdownRenderer.render;
  if (!render) return `<p class="plain">${escapeHtml(block)}</p>`;
  const key = labelsKey(labels);
  const cache = cacheFor(key);
  const hit = cache.get(block);
  if (hit !== undefined) {
    cache.delete(block);
    cache.set(block, hit);
    return hit;
  }
  // A render that waited for a code language is not reused: the language may have arrived since.
  const reused = unkept?.key === key && unkept.block === block && unkept.final ? unkept : undefined;
  const html = reused ? reused.html : render(block, labels);
  // A block whose code waits for its language renders again once it has loaded: not kept till then.
  const final = reused ? true : !markdownRenderer.pending?.();
  if (!keep) {
    unkept = { key, block, html, final };
  } else if (final) {
    cache.set(block, html);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  return html;
}

/**
 * Whether a block's HTML (with `labels`' words) is final: rendered as Markdown, with every closed
 * code block highlighted or known to stay plain.
 */
export const blockFinal = (block: string, labels: MarkdownChromeLabels = ENGLISH_CODE_COPY_LABELS): boolean =>
  cacheFor(labelsKey(labels)).has(block);
