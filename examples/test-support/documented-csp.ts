import { readFileSync } from 'node:fs';

/** The policies docs/csp.md gives, each marked `<!-- csp: NAME -->` before its code block. */
export type DocumentedPolicy = 'script-tag' | 'npm' | 'demo';

/**
 * The policy docs/csp.md documents under `name`, as one header value, its placeholders
 * (`https://TESSERA-HOST`, `PROVIDER-ORIGINS`) kept. Tests serve pages with it, so the page and the
 * doc cannot drift apart.
 */
export function documentedPolicy(name: DocumentedPolicy): string {
  const doc = readFileSync(new URL('../../docs/csp.md', import.meta.url), 'utf8');
  const block = new RegExp(`<!-- csp: ${name} -->\\s*\`\`\`text\\n([\\s\\S]*?)\`\`\``).exec(doc)?.[1];
  if (!block) throw new Error(`docs/csp.md has no policy marked <!-- csp: ${name} --> followed by a text block.`);
  return block
    .trim()
    .split('\n')
    .map((line) => line.trim().replace(/;$/, ''))
    .join('; ');
}

/**
 * Collects `securitypolicyviolation` events into `window.__csp` from the first script on: give it to
 * `page.addInitScript`, so a violation while the page loads is seen too.
 */
export function collectViolations(): void {
  const seen: string[] = [];
  (window as unknown as { __csp: string[] }).__csp = seen;
  document.addEventListener('securitypolicyviolation', (event) =>
    seen.push(`${event.violatedDirective} ${event.blockedURI}`),
  );
}

/** What `collectViolations` saw, read with `page.evaluate(violationsSeen)`. */
export function violationsSeen(): string[] {
  return (window as unknown as { __csp?: string[] }).__csp ?? ['the collector never ran'];
}
