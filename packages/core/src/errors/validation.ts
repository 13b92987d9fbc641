import type * as z from 'zod/mini';
import { TesseraError } from './tessera-error.js';

type Issue = z.core.$ZodIssue;

function where(issue: Issue): string {
  return issue.path.length === 0 ? 'The value' : `\`${issue.path.map(String).join('.')}\``;
}

// zod/mini ships without a locale to stay small, so its default messages are only "Invalid input":
// describe the common issues ourselves and keep any message a schema wrote on purpose.
function describe(issue: Issue): string {
  if (issue.message && issue.message !== 'Invalid input') return `${where(issue)}: ${issue.message}`;
  switch (issue.code) {
    case 'invalid_type':
      return `${where(issue)} must be ${issue.expected === 'undefined' ? 'absent' : `a ${issue.expected}`}.`;
    case 'invalid_format':
      return `${where(issue)} must be a valid ${issue.format === 'url' ? 'URL' : issue.format}.`;
    case 'invalid_value':
      return `${where(issue)} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'unrecognized_keys':
      return `Unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}${issue.path.length ? ` in ${where(issue)}` : ''}: check the spelling.`;
    case 'too_small':
      return `${where(issue)} is too small (minimum ${String(issue.minimum)}).`;
    case 'too_big':
      return `${where(issue)} is too large (maximum ${String(issue.maximum)}).`;
    default:
      return `${where(issue)} is not valid.`;
  }
}

/** Parses `input` with `schema`, throwing a `validation` TesseraError whose message lists every problem. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues;
  throw new TesseraError('validation', `Invalid ${what}: ${issues.map(describe).join(' ')}`, {
    details: issues.map((i) => ({ path: i.path.map(String), code: i.code })),
  });
}
