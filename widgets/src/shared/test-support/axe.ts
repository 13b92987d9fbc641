/**
 * axe-core for browser tests: checks an element, its shadow DOM included, against WCAG 2.1 A and
 * AA, and fails with every violation listed (rule, impact, element, what to fix).
 */
import 'axe-core/axe.js';
import type { AxeResults, ImpactValue, Result, RunOptions } from 'axe-core';

interface AxeGlobal {
  run(context: Element, options: RunOptions): Promise<AxeResults>;
}

/** The WCAG 2.0 and 2.1 success criteria at levels A and AA, as axe tags them. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

function axe(): AxeGlobal {
  const found = (globalThis as { axe?: AxeGlobal }).axe;
  if (!found) throw new Error('axe-core did not load: check that the axe-core dev dependency is installed.');
  return found;
}

/** `tessera-library >>> [part="search"]`: where a node is, through its shadow roots. */
function where(target: Result['nodes'][number]['target']): string {
  return target.map((step) => (Array.isArray(step) ? step.join(' >>> ') : String(step))).join(' | ');
}

/** Every violation as readable lines, one per element. */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map(
        (node) =>
          `- ${v.id} (${(node.impact ?? v.impact ?? 'unknown') as ImpactValue}) at ${where(node.target)}: ${v.help}` +
          `${node.failureSummary ? `\n    ${node.failureSummary.replace(/\n/g, '\n    ')}` : ''}`,
      ),
    )
    .join('\n');
}

/** The WCAG 2.1 A/AA violations in `element` and its shadow trees (axe walks open shadow roots itself). */
export async function axeViolations(element: Element): Promise<Result[]> {
  const results = await axe().run(element, {
    runOnly: { type: 'tag', values: [...WCAG_21_AA] },
    resultTypes: ['violations'],
  });
  return results.violations;
}

/**
 * Throws, listing each violation (rule id, impact, element, help), when `element` breaks a WCAG
 * 2.1 A or AA rule axe can check. `label` names the state in the message.
 */
export async function expectAccessible(element: Element, label = element.localName): Promise<void> {
  const violations = await axeViolations(element);
  if (violations.length > 0) {
    throw new Error(`${label}: ${violations.length} axe violation(s)\n${describeViolations(violations)}`);
  }
}
