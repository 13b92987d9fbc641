import * as z from 'zod/mini';
import type { AcuApi } from '../acu/api.js';
import type { AcuDraft } from '../acu/create.js';
import type { Acu } from '../acu/schema.js';
import { TesseraError, toTesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';
import type { TesseraEvents } from '../events/tessera-events.js';
import { uuidv7 } from '../ids/uuid-v7.js';
import type { Mux } from '../mux/mux.js';
import type { MuxStream } from '../mux/mux-stream.js';
import type { ChatMessage, Usage } from '../mux/schema.js';
import type { ConversationRecord, MessageRecord } from '../store/schema.js';
import type { StoreAdapter } from '../store/store-adapter.js';

export const sendInputSchema = z.strictObject({
  conversationId: z.optional(z.string()),
  text: z.string().check(z.trim(), z.minLength(1, 'Write a message first.')),
  provider: z.string().check(z.minLength(1, 'Choose a provider.')),
  model: z.string().check(z.minLength(1, 'Choose a model.')),
  baseURL: z.optional(z.string()),
});
export type SendInput = z.input<typeof sendInputSchema>;

/** One exchange in progress: the user's message is saved; the answer streams and is saved when it ends. */
export interface ChatTurn {
  conversationId: string;
  userMessage: MessageRecord;
  /** The answer as saved when it started (`streaming`, empty); `done` gives it as it ended. */
  assistantMessage: MessageRecord;
  stream: MuxStream;
  /** The saved answer: complete, or incomplete with the partial text, or an error. Rejects only if saving fails. */
  done: Promise<MessageRecord>;
}

/** `tessera.chat`: conversations kept in the store, answered through the mux. */
export interface Chat {
  send(input: SendInput, options?: { signal?: AbortSignal }): Promise<ChatTurn>;
  conversations(): Promise<ConversationRecord[]>;
  messages(conversationId: string): Promise<MessageRecord[]>;
  deleteConversation(conversationId: string): Promise<void>;
}

export interface ChatDependencies {
  mux: Mux;
  store(): Promise<StoreAdapter>;
  events: TesseraEvents;
  acu: AcuApi;
}

/** The ACU draft of a message as it ended: same id and time as the record, so both name one message. */
function draftOf(message: MessageRecord): AcuDraft {
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

function historyFor(messages: MessageRecord[]): ChatMessage[] {
  return messages
    .filter((m) => m.status !== 'error' && m.text.length > 0)
    .map((m) => ({ role: m.role, content: m.text }));
}

export function createChat(deps: ChatDependencies): Chat {
  const { events } = deps;

  async function save(store: StoreAdapter, message: MessageRecord): Promise<void> {
    await store.putMessage(message);
    events.emit('message-saved', message);
  }

  /**
   * Seals the exchange as ACUs (the answer only if something arrived), stored in one batch, and
   * marks the records. A failure to seal is reported and leaves the messages as they are.
   */
  async function seal(
    store: StoreAdapter,
    user: MessageRecord,
    answer: MessageRecord,
    parent: string | null,
  ): Promise<[MessageRecord, MessageRecord]> {
    try {
      const userAcu = await deps.acu.create(draftOf(user), { parent });
      const acus: Acu[] = [userAcu];
      if (answer.text.length > 0) acus.push(await deps.acu.create(draftOf(answer), { parent: userAcu }));
      await store.putAcus(acus);
      const sealedUser = { ...user, acuId: userAcu.id };
      const sealedAnswer = acus[1] ? { ...answer, acuId: acus[1].id } : answer;
      await save(store, sealedUser);
      return [sealedUser, sealedAnswer];
    } catch (caught) {
      events.emit(
        'error',
        toTesseraError(caught, { code: 'storage', message: 'The conversation could not be sealed.' }),
      );
      return [user, answer];
    }
  }

  async function finish(
    store: StoreAdapter,
    user: MessageRecord,
    pending: MessageRecord,
    stream: MuxStream,
    parentAcuId: string | null,
  ): Promise<MessageRecord> {
    let final: MessageRecord;
    try {
      const result = await stream.result;
      final = {
        ...pending,
        text: result.text,
        reasoning: result.reasoning || undefined,
        provider: result.provider,
        model: result.model,
        usage: result.usage,
        ...(result.cost === undefined ? {} : { cost: result.cost }),
        status: 'complete',
        updatedAt: new Date().toISOString(),
      };
    } catch (caught) {
      const error = toTesseraError(caught, { code: 'invalid_response', message: 'The answer failed. Try again.' });
      const partial = stream.partial;
      final = {
        ...pending,
        text: partial.text,
        reasoning: partial.reasoning || undefined,
        usage: partial.usage,
        status: partial.text.length > 0 || error.code === 'aborted' ? 'incomplete' : 'error',
        error: { code: error.code, message: error.message },
        updatedAt: new Date().toISOString(),
      };
    }
    [, final] = await seal(store, user, final, parentAcuId);
    try {
      await save(store, final);
    } catch (caught) {
      const error = toTesseraError(caught, { code: 'storage', message: 'The answer could not be saved.' });
      events.emit('error', error);
      throw error;
    }
    return final;
  }

  return {
    async send(input, options = {}) {
      const parsed = parseOrThrow(sendInputSchema, input, 'message');
      const store = await deps.store();
      const now = new Date().toISOString();
      const existing = parsed.conversationId ? await store.getConversation(parsed.conversationId) : undefined;
      if (parsed.conversationId && !existing) {
        throw new TesseraError('validation', 'That conversation no longer exists. Start a new one.');
      }
      const history = existing ? await store.listMessages(existing.id) : [];
      const conversation: ConversationRecord = existing
        ? { ...existing, updatedAt: now }
        : { id: uuidv7(), title: parsed.text.slice(0, 80), createdAt: now, updatedAt: now };

      // Validated and started before anything is written, so a bad request leaves the store as it was.
      const stream = deps.mux.stream(
        {
          provider: parsed.provider,
          model: parsed.model,
          ...(parsed.baseURL ? { baseURL: parsed.baseURL } : {}),
          messages: [...historyFor(history), { role: 'user', content: parsed.text }],
        },
        options,
      );

      const last = history.at(-1);
      const userMessage: MessageRecord = {
        id: uuidv7(),
        conversationId: conversation.id,
        parentId: last?.id ?? null,
        role: 'user',
        text: parsed.text,
        status: 'complete',
        createdAt: now,
        updatedAt: now,
      };
      const pending: MessageRecord = {
        id: uuidv7(),
        conversationId: conversation.id,
        parentId: userMessage.id,
        role: 'assistant',
        text: '',
        provider: parsed.provider,
        model: parsed.model,
        status: 'streaming',
        createdAt: now,
        updatedAt: now,
      };
      await store.putConversation(conversation);
      events.emit('conversation-saved', conversation);
      await save(store, userMessage);
      await save(store, pending);
      const parentAcuId = [...history].reverse().find((m) => m.acuId)?.acuId ?? null;
      const done = finish(store, userMessage, pending, stream, parentAcuId);
      done.catch(() => {});
      return { conversationId: conversation.id, userMessage, assistantMessage: pending, stream, done };
    },

    async conversations() {
      return (await deps.store()).listConversations();
    },

    async messages(conversationId) {
      return (await deps.store()).listMessages(conversationId);
    },

    async deleteConversation(conversationId) {
      await (await deps.store()).deleteConversation(conversationId);
      events.emit('conversation-deleted', conversationId);
    },
  };
}
