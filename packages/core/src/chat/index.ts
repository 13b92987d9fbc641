export { ATTACHMENT_LIMITS, type AttachmentInput, attachmentInputSchema } from './attachments.js';
export { activeBranch, type BranchStep, type MessageTree, messageTree, newestLeaf, pathTo } from './branches.js';
export { type Chat, type ChatDependencies, type ChatTurn, createChat } from './chat.js';
export {
  conversationTitleSchema,
  type EditInput,
  editInputSchema,
  type RegenerateInput,
  regenerateInputSchema,
  type SendInput,
  sendInputSchema,
} from './inputs.js';
