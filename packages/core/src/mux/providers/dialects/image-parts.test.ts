/**
 * Image and text-file parts in each dialect's request body, in the provider's own wire format:
 * OpenAI Chat `image_url` with a data URL, Responses `input_image`, Anthropic base64 `image`
 * blocks, Gemini `inlineData`, Ollama's `images` array. Text stays text; a message without images
 * keeps the plain-string form every existing request uses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { muxRequestSchema, type ParsedMuxRequest } from '../../schema.js';
import { anthropic } from '../profiles/anthropic.js';
import { google } from '../profiles/google.js';
import { ollama } from '../profiles/ollama.js';
import { openai } from '../profiles/openai.js';
import type { AdapterCallContext, DialectAdapter, ProviderProfile } from '../provider.js';
import { anthropicMessages } from './anthropic.js';
import { gemini } from './gemini.js';
import { ollamaDialect } from './ollama.js';
import { openaiChat } from './openai-chat.js';
import { openaiResponses } from './openai-responses.js';

/** A real 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const FILE_TEXT = 'Attached file: notes.md (text/markdown)\n```\n# Notes\n```\n\n';

const request: ParsedMuxRequest = muxRequestSchema.parse({
  provider: 'any',
  model: 'any-model',
  system: 'Be brief.',
  messages: [
    { role: 'user', content: 'Hello' },
    { role: 'assistant', content: 'Hi!' },
    {
      role: 'user',
      content: [
        { type: 'text', text: FILE_TEXT },
        { type: 'image', mediaType: 'image/png', data: PNG },
        { type: 'text', text: 'What is in these?' },
      ],
    },
  ],
});

function sentBody(adapter: DialectAdapter, profile: ProviderProfile, baseURL: string) {
  const context: AdapterCallContext = { profile, baseURL, apiKey: 'sk-test-key-0123456789' };
  return JSON.parse(String(adapter.buildRequest(request, context).init.body));
}

test('OpenAI Chat: an image becomes an image_url part with a base64 data URL, text parts in order', () => {
  const body = sentBody(openaiChat, openai, 'https://api.openai.com/v1');
  assert.deepEqual(body.messages, [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hello' },
    { role: 'assistant', content: 'Hi!' },
    {
      role: 'user',
      content: [
        { type: 'text', text: FILE_TEXT },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        { type: 'text', text: 'What is in these?' },
      ],
    },
  ]);
});

test('OpenAI Responses: input_text and input_image parts, image_url being the data URL string', () => {
  const body = sentBody(openaiResponses, openai, 'https://api.openai.com/v1');
  assert.equal(body.instructions, 'Be brief.');
  assert.deepEqual(body.input, [
    { role: 'user', content: 'Hello' },
    { role: 'assistant', content: 'Hi!' },
    {
      role: 'user',
      content: [
        { type: 'input_text', text: FILE_TEXT },
        { type: 'input_image', image_url: `data:image/png;base64,${PNG}` },
        { type: 'input_text', text: 'What is in these?' },
      ],
    },
  ]);
});

test('Anthropic: an image becomes an image block with a base64 source and its media type', () => {
  const body = sentBody(anthropicMessages, anthropic, 'https://api.anthropic.com/v1');
  assert.equal(body.system, 'Be brief.');
  assert.deepEqual(body.messages, [
    { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
    { role: 'assistant', content: [{ type: 'text', text: 'Hi!' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: FILE_TEXT },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
        { type: 'text', text: 'What is in these?' },
      ],
    },
  ]);
});

test('Gemini: an image becomes an inlineData part (mimeType, bare base64) among the text parts', () => {
  const body = sentBody(gemini, google, 'https://generativelanguage.googleapis.com/v1beta');
  assert.deepEqual(body.systemInstruction, { parts: [{ text: 'Be brief.' }] });
  assert.deepEqual(body.contents, [
    { role: 'user', parts: [{ text: 'Hello' }] },
    { role: 'model', parts: [{ text: 'Hi!' }] },
    {
      role: 'user',
      parts: [{ text: FILE_TEXT }, { inlineData: { mimeType: 'image/png', data: PNG } }, { text: 'What is in these?' }],
    },
  ]);
});

test('Ollama: the text is joined into content and the image goes in the images array as bare base64', () => {
  const body = sentBody(ollamaDialect, ollama, 'http://localhost:11434');
  assert.deepEqual(body.messages, [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hello' },
    { role: 'assistant', content: 'Hi!' },
    { role: 'user', content: `${FILE_TEXT}What is in these?`, images: [PNG] },
  ]);
});

test('a text-only part list keeps the plain-string content in the string-based dialects', () => {
  const textOnly = muxRequestSchema.parse({
    provider: 'openai',
    model: 'gpt-4o',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: FILE_TEXT },
          { type: 'text', text: 'Summarize.' },
        ],
      },
    ],
  });
  const context: AdapterCallContext = { profile: openai, baseURL: 'https://api.openai.com/v1', apiKey: 'sk-test' };
  const chat = JSON.parse(String(openaiChat.buildRequest(textOnly, context).init.body));
  assert.deepEqual(chat.messages, [{ role: 'user', content: `${FILE_TEXT}Summarize.` }]);
  const ollamaBody = JSON.parse(
    String(ollamaDialect.buildRequest(textOnly, { ...context, profile: ollama, baseURL: 'http://x' }).init.body),
  );
  assert.equal('images' in (ollamaBody.messages[0] as object), false);
});

test('an image part must be one of the four image types and carry bytes', () => {
  const bad = (part: unknown) =>
    muxRequestSchema.safeParse({ provider: 'p', model: 'm', messages: [{ role: 'user', content: [part] }] }).success;
  assert.equal(bad({ type: 'image', mediaType: 'image/png', data: PNG }), true);
  assert.equal(bad({ type: 'image', mediaType: 'image/tiff', data: PNG }), false);
  assert.equal(bad({ type: 'image', mediaType: 'image/png', data: '' }), false);
});
