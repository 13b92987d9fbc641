import type { AcuDraft } from '../acu/create.js';
import type { Usage } from '../mux/schema.js';
import type { MessageRecord } from '../store/schema.js';

/** The ACU draft of a message as it ended: same id and time as the record, so both name one message. */
export function draftOf(message: MessageRecord): AcuDraft {
  const usage: Usage | undefined = message.usage;
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
