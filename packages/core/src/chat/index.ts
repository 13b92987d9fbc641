export { type Chat, type ChatTurn, createChat, type SendInput, sendInputSchema } from './chat.js';
