import type { Acu } from '../../acu/schema.js';
import { type AcuArchiveConversation, parentFirst } from './archive.js';

/**
 * One readable Markdown document per conversation: the title, then every message in reading order
 * (each branch followed to its end before the next sibling), with who wrote it and when. Where a
 * conversation forks, each sibling says which branch it is. Reasoning is shown as a quote.
 */

const ROLE_NAMES: Record<Acu['content']['role'], string> = {
  user: 'User',
  assistant: 'Assistant',
  system: 'System',
  tool: 'Tool',
};

export function conversationMarkdown(conversation: AcuArchiveConversation): string {
  const ordered = parentFirst(conversation.acus);
  const siblings = new Map<string | null, string[]>();
  for (const acu of ordered) {
    const list = siblings.get(acu.provenance.parentId);
    if (list) list.push(acu.id);
    else siblings.set(acu.provenance.parentId, [acu.id]);
  }
  const lines: string[] = [`# ${conversation.title.trim() || 'Untitled conversation'}`, ''];
  lines.push(
    `- Created: ${conversation.createdAt}`,
    `- Messages: ${ordered.length}`,
    `- Conversation id: ${conversation.id}`,
    '',
  );
  for (const acu of ordered) {
    const group = siblings.get(acu.provenance.parentId) ?? [];
    const who = [ROLE_NAMES[acu.content.role], acu.content.model].filter(Boolean).join(' · ');
    const notes = [
      acu.createdAt,
      group.length > 1 ? `branch ${group.indexOf(acu.id) + 1} of ${group.length}` : undefined,
      acu.content.status === 'incomplete' ? 'incomplete' : undefined,
      acu.metadata.tags.includes('hidden') ? 'hidden' : undefined,
    ].filter(Boolean);
    lines.push('---', '', `## ${who}`, '', `_${notes.join(' · ')}_`, '');
    for (const part of acu.content.parts) {
      if (part.type === 'reasoning' && part.text.length > 0) {
        lines.push(...part.text.split('\n').map((line) => `> ${line}`), '');
      }
    }
    if (acu.content.text.length > 0) lines.push(acu.content.text, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** A file name from a title: lowercase ASCII words joined by `-`, with the id's end for uniqueness. */
export function slugOf(conversation: { id: string; title: string }): string {
  const words = conversation.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const suffix = conversation.id.replace(/[^a-z0-9]/gi, '').slice(-8);
  return words ? `${words}-${suffix}` : `conversation-${suffix}`;
}
