import type { AcuDraft } from '../acu/create.js';
import type { Usage } from '../mux/schema.js';
import type { MessageRecord } from '../store/schema.js';
import { attachmentParts } from './attachments-content.js';

/**
 * The ACU draft of a message as it ended: same id and time as the record, so both name one message.
 * A message with files gets its text part and one `attachment` part per file (hash, not bytes);
 * one without keeps the default parts, so its hash is what it always was.
 */
export function draftOf(message: MessageRecord): AcuDraft {
  const usage: Usage | undefined = message.usage;
  const attachments = attachmentParts(message);
  return {
    id: message.id,
    createdAt: message.createdAt,
    content: {
      role: message.role,
      text: message.text,
      ...(message.reasoning
        ? {
            parts: [
              { type: 'reasoning', text: message.reasoning },
              { type: 'text', text: message.text },
            ],
          }
        : {}),
      ...(attachments.length > 0 ? { parts: [{ type: 'text', text: message.text }, ...attachments] } : {}),
      ...(message.role === 'assistant' && message.model ? { model: message.model } : {}),
      ...(message.role === 'assistant' && message.provider ? { provider: message.provider } : {}),
      ...(usage
        ? {
            tokens: {
              input: usage.inputTokens,
              output: usage.outputTokens,
              cachedInput: usage.cachedInputTokens,
              reasoning: usage.reasoningTokens,
            },
          }
        : {}),
      status: message.status === 'complete' ? 'complete' : 'incomplete',
    },
    metadata: { conversationId: message.conversationId },
  };
}
