import type { AcuApi } from '../acu/api.js';
import type { Acu } from '../acu/schema.js';
import { TesseraError, toTesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';
import type { TesseraEvents } from '../events/tessera-events.js';
import { uuidv7 } from '../ids/uuid-v7.js';
import { ModelCatalog } from '../mux/catalog/catalog.js';
import type { Mux } from '../mux/mux.js';
import type { MuxStream } from '../mux/mux-stream.js';
import type { ChatMessage } from '../mux/schema.js';
import type { AuditInput } from '../store/audit-entry.js';
import type { DeletionReceipt } from '../store/deletion-receipt.js';
import type { ConversationRecord, MessageAttachment, MessageRecord } from '../store/schema.js';
import type { StoreAdapter } from '../store/store-adapter.js';
import { draftOf } from './acu-draft.js';
import { cannotReadImages, isImageAttachment, prepareAttachments } from './attachments.js';
import { contentOf } from './attachments-content.js';
import { type MessageTree, messageTree, pathTo } from './branches.js';
import {
  conversationTitleSchema,
  type EditInput,
  editInputSchema,
  type RegenerateInput,
  regenerateInputSchema,
  type SendInput,
  sendInputSchema,
} from './inputs.js';

/** One exchange in progress: the user's message is saved; the answer streams and is saved when it ends. */
export interface ChatTurn {
  conversationId: string;
  /** The message answered: new for `send` and `edit`, the existing one for `regenerate`. */
  userMessage: MessageRecord;
  /** The answer as saved when it started (`streaming`, empty); `done` gives it as it ended. */
  assistantMessage: MessageRecord;
  stream: MuxStream;
  /** The saved answer: complete, or incomplete with the partial text, or an error. Rejects only if saving fails. */
  done: Promise<MessageRecord>;
}

/** `tessera.chat`: conversations kept in the store, answered through the mux, every branch kept. */
export interface Chat {
  /** Sends a message after `parentId` (by default the newest message) and streams its answer. */
  send(input: SendInput, options?: { signal?: AbortSignal }): Promise<ChatTurn>;
  /**
   * Writes an answer again: the new answer is a sibling of `messageId` (same question), and the
   * model sees only the path down to that question.
   */
  regenerate(input: RegenerateInput, options?: { signal?: AbortSignal }): Promise<ChatTurn>;
  /**
   * Edits and resends a user message: the new text is saved as a sibling of `messageId` (the
   * original is kept, as another branch) and answered with the path before it as history.
   */
  edit(input: EditInput, options?: { signal?: AbortSignal }): Promise<ChatTurn>;
  /** Most recently active first. */
  conversations(): Promise<ConversationRecord[]>;
  /** Every message of every branch, in the order they were written (`activeBranch()` picks the path to show). */
  messages(conversationId: string): Promise<MessageRecord[]>;
  /** Renames a conversation (1 to 200 characters, trimmed). Its place in the list does not change. */
  renameConversation(conversationId: string, title: string): Promise<ConversationRecord>;
  /** Deletes a conversation for good and returns the signed receipt that lists what was destroyed. */
  deleteConversation(conversationId: string): Promise<DeletionReceipt>;
}

export interface ChatDependencies {
  mux: Mux;
  store(): Promise<StoreAdapter>;
  events: TesseraEvents;
  acu: AcuApi;
  /** Records an audit entry (never content); the audit log adds who, when and from where. */
  audit(input: AuditInput): void;
  /** The store's deletion: crypto-shreds the conversation, emits `conversation-deleted`, returns the receipt. */
  deleteConversation(conversationId: string): Promise<DeletionReceipt>;
  /** Which models read images (`capabilities.vision`); the shipped catalog by default. */
  catalog?: ModelCatalog;
}

interface Target {
  provider: string;
  model: string;
  baseURL?: string | undefined;
}

/** Everything a turn needs before it starts: where its messages go in the tree and what the model sees. */
interface TurnPlan {
  conversation: ConversationRecord;
  created: boolean;
  /** The messages before the question, on its branch: the history the model sees. */
  before: MessageRecord[];
  /** The question: new (send, edit) or already saved and sealed (regenerate). */
  question: MessageRecord;
  questionIsNew: boolean;
  target: Target;
}

function historyFor(messages: readonly MessageRecord[], options: { images: boolean }): ChatMessage[] {
  return messages
    .filter((m) => m.status !== 'error' && m.text.length > 0)
    .map((m) => ({ role: m.role, content: contentOf(m, options) }));
}

/** The newest sealed message on a path: what the next ACU chains to (a failed answer has no ACU). */
function sealedTip(path: readonly MessageRecord[]): string | null {
  return path.findLast((m) => m.acuId)?.acuId ?? null;
}

/**
 * A model the catalog does not know was sent images and the provider refused the request (400):
 * most likely it cannot read images, so the saved error says so and what to do, keeping the
 * provider's own message as the cause.
 */
function imageRefusal(error: TesseraError, plan: TurnPlan, catalog: ModelCatalog): TesseraError {
  if (catalog.get(plan.target.provider, plan.target.model)) return error;
  const sentImages = [...plan.before, plan.question].some((m) => m.attachments?.some(isImageAttachment));
  if (!sentImages || error.code !== 'bad_request' || (error.status !== undefined && error.status !== 400)) {
    return error;
  }
  return new TesseraError(
    'bad_request',
    `${plan.target.model} refused the request with images; it may not read images. Choose a model marked 'vision' or remove the image.`,
    {
      cause: error,
      ...(error.provider ? { provider: error.provider } : {}),
      ...(error.status ? { status: error.status } : {}),
    },
  );
}

const gone = () => new TesseraError('validation', 'That conversation no longer exists. Start a new one.');
const messageGone = () =>
  new TesseraError('validation', 'That message no longer exists. Reload the conversation and try again.');

export function createChat(deps: ChatDependencies): Chat {
  const { events } = deps;
  const catalog = deps.catalog ?? new ModelCatalog();
  /** Whether images may be sent: a model the catalog does not know is given the benefit of the doubt. */
  const readsImages = (target: Target) => catalog.get(target.provider, target.model)?.capabilities.vision !== false;
  const audit = (input: Omit<AuditInput, 'via'>) => deps.audit({ ...input, via: 'chat' });

  async function save(store: StoreAdapter, message: MessageRecord): Promise<void> {
    await store.putMessage(message);
    events.emit('message-saved', message);
  }

  /**
   * Seals what the turn wrote as ACUs (the question if it is new or was never sealed, the answer
   * only if something arrived), stored in one batch, and marks the records. A failure to seal is
   * reported and leaves the messages as they are.
   */
  async function seal(
    store: StoreAdapter,
    plan: TurnPlan,
    answer: MessageRecord,
  ): Promise<[MessageRecord, MessageRecord]> {
    const { question } = plan;
    try {
      const acus: Acu[] = [];
      // A saved question keeps its ACU: the new answer chains to it like its siblings do.
      let questionAcu: Acu | string | null = question.acuId ?? null;
      if (!questionAcu) {
        questionAcu = await deps.acu.create(draftOf(question), { parent: sealedTip(plan.before) });
        acus.push(questionAcu);
      }
      const answerAcu =
        answer.text.length > 0 ? await deps.acu.create(draftOf(answer), { parent: questionAcu }) : undefined;
      if (answerAcu) acus.push(answerAcu);
      if (acus.length > 0) await store.putAcus(acus);
      let sealedQuestion = question;
      if (typeof questionAcu !== 'string') {
        sealedQuestion = { ...question, acuId: questionAcu.id };
        await save(store, sealedQuestion);
      }
      return [sealedQuestion, answerAcu ? { ...answer, acuId: answerAcu.id } : answer];
    } catch (caught) {
      events.emit(
        'error',
        toTesseraError(caught, { code: 'storage', message: 'The conversation could not be sealed.' }),
      );
      return [question, answer];
    }
  }

  async function finish(
    store: StoreAdapter,
    plan: TurnPlan,
    pending: MessageRecord,
    stream: MuxStream,
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
      const error = imageRefusal(
        toTesseraError(caught, { code: 'invalid_response', message: 'The answer failed. Try again.' }),
        plan,
        catalog,
      );
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
    [, final] = await seal(store, plan, final);
    try {
      await save(store, final);
    } catch (caught) {
      const error = toTesseraError(caught, { code: 'storage', message: 'The answer could not be saved.' });
      events.emit('error', error);
      throw error;
    }
    audit({
      action: 'messages.write',
      conversationId: plan.conversation.id,
      count: plan.questionIsNew ? 2 : 1,
    });
    return final;
  }

  /** Starts the model on the plan's question, then saves the question (if new) and the pending answer. */
  async function begin(store: StoreAdapter, plan: TurnPlan, options: { signal?: AbortSignal }): Promise<ChatTurn> {
    const { conversation, question, target } = plan;
    const images = readsImages(target);
    // The question's own images must reach the model; earlier ones are named instead (contentOf).
    if (!images && question.attachments?.some(isImageAttachment)) throw cannotReadImages(target.model);
    // Validated and started before anything is written, so a bad request leaves the store as it was.
    const stream = deps.mux.stream(
      {
        provider: target.provider,
        model: target.model,
        ...(target.baseURL ? { baseURL: target.baseURL } : {}),
        messages: [...historyFor(plan.before, { images }), { role: 'user', content: contentOf(question, { images }) }],
      },
      options,
    );
    const now = new Date().toISOString();
    const pending: MessageRecord = {
      id: uuidv7(),
      conversationId: conversation.id,
      parentId: question.id,
      role: 'assistant',
      text: '',
      provider: target.provider,
      model: target.model,
      status: 'streaming',
      createdAt: now,
      updatedAt: now,
    };
    await store.putConversation(conversation);
    events.emit('conversation-saved', conversation);
    if (plan.created) audit({ action: 'conversation.create', conversationId: conversation.id });
    if (plan.questionIsNew) await save(store, question);
    await save(store, pending);
    const done = finish(store, plan, pending, stream);
    done.catch(() => {});
    return { conversationId: conversation.id, userMessage: question, assistantMessage: pending, stream, done };
  }

  /** A message and its conversation's tree, from the conversation given or, without one, any (newest first). */
  async function locate(
    store: StoreAdapter,
    messageId: string,
    conversationId: string | undefined,
  ): Promise<{ conversation: ConversationRecord; tree: MessageTree; message: MessageRecord }> {
    const candidates = conversationId ? [await store.getConversation(conversationId)] : await store.listConversations();
    for (const conversation of candidates) {
      if (!conversation) continue;
      const tree = messageTree(await store.listMessages(conversation.id));
      const message = tree.byId.get(messageId);
      if (message) return { conversation, tree, message };
    }
    throw messageGone();
  }

  const targetOf = (input: Target): Target => ({
    provider: input.provider,
    model: input.model,
    ...(input.baseURL ? { baseURL: input.baseURL } : {}),
  });

  function newQuestion(
    conversationId: string,
    parentId: string | null,
    text: string,
    attachments: MessageAttachment[] = [],
  ): MessageRecord {
    const now = new Date().toISOString();
    return {
      id: uuidv7(),
      conversationId,
      parentId,
      role: 'user',
      text,
      ...(attachments.length > 0 ? { attachments } : {}),
      status: 'complete',
      createdAt: now,
      updatedAt: now,
    };
  }

  const touched = (conversation: ConversationRecord): ConversationRecord => ({
    ...conversation,
    updatedAt: new Date().toISOString(),
  });

  return {
    async send(input, options = {}) {
      const parsed = parseOrThrow(sendInputSchema, input, 'message');
      if (parsed.parentId && !parsed.conversationId) {
        throw new TesseraError('validation', 'Say which conversation the message follows (`conversationId`).');
      }
      const attachments = await prepareAttachments(parsed.attachments ?? []);
      const store = await deps.store();
      const existing = parsed.conversationId ? await store.getConversation(parsed.conversationId) : undefined;
      if (parsed.conversationId && !existing) throw gone();
      const tree = messageTree(existing ? await store.listMessages(existing.id) : []);
      if (parsed.parentId && !tree.byId.has(parsed.parentId)) throw messageGone();
      const now = new Date().toISOString();
      const conversation: ConversationRecord = existing
        ? touched(existing)
        : { id: uuidv7(), title: parsed.text.slice(0, 80), createdAt: now, updatedAt: now };
      const before = pathTo(tree, parsed.parentId ?? tree.newest?.id);
      return begin(
        store,
        {
          conversation,
          created: !existing,
          before,
          question: newQuestion(conversation.id, before.at(-1)?.id ?? null, parsed.text, attachments),
          questionIsNew: true,
          target: targetOf(parsed),
        },
        options,
      );
    },

    async regenerate(input, options = {}) {
      const parsed = parseOrThrow(regenerateInputSchema, input, 'regenerate request');
      const store = await deps.store();
      const { conversation, tree, message } = await locate(store, parsed.messageId, parsed.conversationId);
      const question = message.parentId === null ? undefined : tree.byId.get(message.parentId);
      if (message.role !== 'assistant' || question?.role !== 'user') {
        throw new TesseraError('validation', 'Only an answer to a message can be written again. Choose an answer.');
      }
      const path = pathTo(tree, question.id);
      return begin(
        store,
        {
          conversation: touched(conversation),
          created: false,
          before: path.slice(0, -1),
          question,
          questionIsNew: false,
          target: targetOf(parsed),
        },
        options,
      );
    },

    async edit(input, options = {}) {
      const parsed = parseOrThrow(editInputSchema, input, 'edited message');
      const given = parsed.attachments === undefined ? undefined : await prepareAttachments(parsed.attachments);
      const store = await deps.store();
      const { conversation, tree, message } = await locate(store, parsed.messageId, parsed.conversationId);
      if (message.role !== 'user') {
        throw new TesseraError('validation', 'Only your own messages can be edited. Choose one of them.');
      }
      return begin(
        store,
        {
          conversation: touched(conversation),
          created: false,
          before: pathTo(tree, message.parentId),
          question: newQuestion(conversation.id, message.parentId, parsed.text, given ?? message.attachments),
          questionIsNew: true,
          target: targetOf(parsed),
        },
        options,
      );
    },

    async conversations() {
      return (await deps.store()).listConversations();
    },

    async messages(conversationId) {
      const messages = await (await deps.store()).listMessages(conversationId);
      audit({ action: 'conversation.read', conversationId, count: messages.length });
      return messages;
    },

    async renameConversation(conversationId, title) {
      const parsed = parseOrThrow(conversationTitleSchema, title, 'title');
      const store = await deps.store();
      const existing = await store.getConversation(conversationId);
      if (!existing) throw gone();
      // `updatedAt` orders the list by activity: a new title is not activity.
      const renamed = { ...existing, title: parsed };
      await store.putConversation(renamed);
      events.emit('conversation-saved', renamed);
      audit({ action: 'conversation.rename', conversationId });
      return renamed;
    },

    deleteConversation(conversationId) {
      return deps.deleteConversation(conversationId);
    },
  };
}
