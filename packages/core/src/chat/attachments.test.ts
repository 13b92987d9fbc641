/**
 * Attachments end to end through `tessera.chat`: the request body a real HTTP server receives,
 * the checks at the boundary (and that nothing is written when they fail), the ACU's commitment
 * to each file, the encrypted store round trip, and earlier images sent again on later turns.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { suiteServer } from '../../test-support/suite-server.js';
import { TesseraError } from '../errors/tessera-error.js';
import { MemoryBackend } from '../store/memory-backend.js';
import { createRecordStore } from '../store/record-store.js';
import { createTessera } from '../tessera.js';
import { ATTACHMENT_LIMITS, type AttachmentInput, formatBytes, prepareAttachments, toBase64 } from './attachments.js';

const server = suiteServer();

/** A real 1×1 PNG. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const png = (): AttachmentInput => ({
  name: 'pixel.png',
  mediaType: 'image/png',
  data: new Uint8Array(Buffer.from(PNG_BASE64, 'base64')),
});
const notes = (text = '# Notes\nTessera is a mosaic tile. ✓\n'): AttachmentInput => ({
  name: 'notes.md',
  mediaType: 'text/markdown',
  data: new TextEncoder().encode(text),
});
const sha256Of = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

const turn = (text: string, attachments?: AttachmentInput[], model = 'local-model') => ({
  text,
  provider: 'openai-compatible',
  model,
  baseURL: server.baseURL,
  ...(attachments ? { attachments } : {}),
});

type SentMessage = { role: string; content: string | { type: string; text?: string; image_url?: { url: string } }[] };
const lastBody = () => server.requests.at(-1)?.body as { messages: SentMessage[] };

async function rejection(promise: Promise<unknown>): Promise<TesseraError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TesseraError, `expected a TesseraError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to be refused');
}

test('send: an image and a text file reach an OpenAI-compatible server in its wire format', async () => {
  const tessera = createTessera();
  const t = await tessera.chat.send(turn('What is in these?', [notes(), png()]));
  assert.equal((await t.done).status, 'complete');
  const sent = lastBody().messages.at(-1);
  assert.deepEqual(sent, {
    role: 'user',
    content: [
      {
        type: 'text',
        text: 'Attached file: notes.md (text/markdown)\n```\n# Notes\nTessera is a mosaic tile. ✓\n```\n\n',
      },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
      { type: 'text', text: 'What is in these?' },
    ],
  });
});

test('a text file whose text holds a fence is wrapped in a longer fence', async () => {
  const tessera = createTessera();
  const t = await tessera.chat.send(turn('Explain.', [notes('Use ```js\ncode\n``` blocks')]));
  await t.done;
  const content = lastBody().messages.at(-1)?.content;
  assert.equal(
    content,
    'Attached file: notes.md (text/markdown)\n````\nUse ```js\ncode\n``` blocks\n````\n\nExplain.',
    'text files alone keep the plain-string content',
  );
});

test('the user message keeps its files; the ACU commits to each by sha256, media type, name and size, and verifies', async () => {
  const tessera = createTessera();
  const image = png();
  const file = notes();
  const t = await tessera.chat.send(turn('What is in these?', [image, file]));
  await t.done;
  const [question] = await tessera.chat.messages(t.conversationId);
  assert.deepEqual(
    question?.attachments?.map(({ name, mediaType, size, sha256 }) => ({ name, mediaType, size, sha256 })),
    [
      { name: 'pixel.png', mediaType: 'image/png', size: image.data.byteLength, sha256: sha256Of(image.data) },
      { name: 'notes.md', mediaType: 'text/markdown', size: file.data.byteLength, sha256: sha256Of(file.data) },
    ],
  );
  const acus = await tessera.acu.list({ conversationId: t.conversationId });
  const questionAcu = acus.find((a) => a.id === question?.id);
  assert.ok(questionAcu);
  assert.deepEqual(questionAcu.content.parts, [
    { type: 'text', text: 'What is in these?' },
    {
      type: 'attachment',
      name: 'pixel.png',
      mediaType: 'image/png',
      size: image.data.byteLength,
      sha256: sha256Of(image.data),
    },
    {
      type: 'attachment',
      name: 'notes.md',
      mediaType: 'text/markdown',
      size: file.data.byteLength,
      sha256: sha256Of(file.data),
    },
  ]);
  assert.equal(JSON.stringify(questionAcu).includes(PNG_BASE64), false, 'the ACU carries no bytes');
  assert.deepEqual(await tessera.acu.verify(questionAcu), { ok: true });
  assert.equal((await tessera.acu.verifyChain(t.conversationId)).ok, true);
  // The commitment binds: a different file (one byte changed) no longer verifies.
  const swapped = structuredClone(questionAcu);
  const part = swapped.content.parts[1];
  assert.ok(part?.type === 'attachment');
  part.sha256 = sha256Of(new Uint8Array([...image.data.slice(0, -1), 0]));
  assert.equal((await tessera.acu.verify(swapped)).ok, false);
});

test('a message without files seals the same ACU content as before attachments existed', async () => {
  const tessera = createTessera();
  const t = await tessera.chat.send(turn('plain'));
  await t.done;
  const [acu] = await tessera.acu.list({ conversationId: t.conversationId });
  assert.deepEqual(acu?.content.parts, [{ type: 'text', text: 'plain' }]);
});

test('later turns send the earlier image again (providers are stateless)', async () => {
  const tessera = createTessera();
  const first = await tessera.chat.send(turn('Look at this.', [png()]));
  await first.done;
  const second = await tessera.chat.send({ ...turn('And now?'), conversationId: first.conversationId });
  await second.done;
  const messages = lastBody().messages;
  assert.deepEqual(
    messages.map((m) => m.role),
    ['user', 'assistant', 'user'],
  );
  assert.deepEqual(messages[0]?.content, [
    { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
    { type: 'text', text: 'Look at this.' },
  ]);
  assert.equal(messages[2]?.content, 'And now?');
});

test('edit keeps the original files unless given new ones; [] removes them', async () => {
  const tessera = createTessera();
  const first = await tessera.chat.send(turn('Look at this.', [png()]));
  await first.done;
  const kept = await tessera.chat.edit({ ...turn('Look again.'), messageId: first.userMessage.id });
  await kept.done;
  assert.equal(kept.userMessage.attachments?.[0]?.name, 'pixel.png');
  assert.equal(Array.isArray(lastBody().messages.at(-1)?.content), true);
  const replaced = await tessera.chat.edit({ ...turn('Read this.', [notes()]), messageId: first.userMessage.id });
  await replaced.done;
  assert.deepEqual(
    replaced.userMessage.attachments?.map((a) => a.name),
    ['notes.md'],
  );
  const removed = await tessera.chat.edit({ ...turn('Nothing attached.', []), messageId: first.userMessage.id });
  await removed.done;
  assert.equal(removed.userMessage.attachments, undefined);
  assert.equal(lastBody().messages.at(-1)?.content, 'Nothing attached.');
});

test('the record with its files round-trips through the encrypted store, the bytes unreadable at rest', async () => {
  const backend = new MemoryBackend();
  const key = crypto.getRandomValues(new Uint8Array(32));
  const tessera = createTessera({ store: createRecordStore(backend, { type: 'key-file', key }) });
  const t = await tessera.chat.send(turn('What is in these?', [png(), notes()]));
  await t.done;
  const rows = await backend.list('messages', t.conversationId);
  assert.ok(rows.length >= 2);
  for (const row of rows) {
    assert.ok(row.body instanceof Uint8Array, 'sealed');
    const raw = Buffer.from(row.body).toString('latin1');
    assert.equal(raw.includes(PNG_BASE64.slice(0, 24)), false, 'no image bytes in the clear');
    assert.equal(raw.includes('mosaic'), false, 'no text-file bytes in the clear');
  }
  // A second store over the same rows and key reads the files back exactly.
  const reopened = createRecordStore(backend, { type: 'key-file', key });
  const question = (await reopened.listMessages(t.conversationId)).find((m) => m.role === 'user');
  assert.deepEqual(question, { ...t.userMessage, acuId: question?.acuId });
  assert.ok(question?.acuId, 'sealed');
  assert.equal(question?.attachments?.[0]?.data, PNG_BASE64);
  assert.equal(
    Buffer.from(question?.attachments?.[1]?.data ?? '', 'base64').toString('utf8'),
    new TextDecoder().decode(notes().data),
  );
});

test('validation: clear sentences, and nothing written when a check fails', async () => {
  const tessera = createTessera();
  const cases: [AttachmentInput[], string, string][] = [
    [[png(), png(), png(), png(), png()], 'local-model', 'You attached 5 files; send at most 4 with one message.'],
    [
      [{ name: 'huge.png', mediaType: 'image/png', data: bigPng(7.2 * 1024 * 1024) }],
      'local-model',
      'huge.png is 7.2 MB; images can be at most 5 MB.',
    ],
    [
      [{ name: 'big.txt', mediaType: 'text/plain', data: new Uint8Array(300 * 1024).fill(0x61) }],
      'local-model',
      'big.txt is 300 KB; text files can be at most 256 KB.',
    ],
    [
      [{ name: 'report.pdf', mediaType: 'application/pdf', data: new TextEncoder().encode('%PDF-1.7') }],
      'local-model',
      'report.pdf is a application/pdf file, which cannot be sent. Attach PNG, JPEG, WebP or GIF images, or text files (plain text, Markdown, CSV, JSON, source code).',
    ],
    [
      [{ name: 'latin1.txt', mediaType: 'text/plain', data: new Uint8Array([0x63, 0x61, 0x66, 0xe9]) }],
      'local-model',
      'latin1.txt is not UTF-8 text. Save it as UTF-8, or attach a different file.',
    ],
    [
      [{ name: 'fake.png', mediaType: 'image/png', data: new TextEncoder().encode('not a png') }],
      'local-model',
      'fake.png is not a readable PNG image. Check the file, or attach another.',
    ],
    [
      [{ name: 'empty.txt', mediaType: 'text/plain', data: new Uint8Array() }],
      'local-model',
      'empty.txt is empty. Attach a file with something in it.',
    ],
  ];
  for (const [attachments, model, message] of cases) {
    const error = await rejection(tessera.chat.send(turn('Look.', attachments, model)));
    assert.equal(error.code, 'validation');
    assert.equal(error.message, message);
  }
  const visionless = await rejection(
    tessera.chat.send({ text: 'Look.', provider: 'deepseek', model: 'deepseek-chat', attachments: [png()] }),
  );
  assert.equal(visionless.code, 'validation');
  assert.equal(
    visionless.message,
    "deepseek-chat cannot read images; choose a model marked 'vision' or remove the image.",
  );
  const named = await rejection(
    tessera.chat.send(turn('Look.', [{ name: '', mediaType: 'image/png', data: png().data }])),
  );
  assert.match(named.message, /Give the file a name\./);
  assert.deepEqual(await tessera.chat.conversations(), [], 'nothing was written');
});

test('a text model can still read text files, and an earlier image is named rather than sent to it', async () => {
  const tessera = createTessera();
  const first = await tessera.chat.send(turn('Look at this.', [png()]));
  await first.done;
  // deepseek-chat cannot read images (catalog): it is refused the image, not the conversation.
  const body = await captureOpenAiBody(async (baseURL) => {
    // The key is kept for the address it is used with, so this one is for the local stand-in.
    await tessera.keys.set('deepseek', 'sk-test-key-0123456789', { baseURL });
    const t = await tessera.chat.send({
      text: 'Summarize.',
      provider: 'deepseek',
      model: 'deepseek-chat',
      baseURL,
      conversationId: first.conversationId,
      attachments: [notes()],
    });
    await t.done;
  });
  const messages = (body as { messages: SentMessage[] }).messages;
  assert.equal(messages[0]?.content, '[Image pixel.png is not shown to this model.]\n\nLook at this.');
  assert.match(String(messages.at(-1)?.content), /^Attached file: notes\.md \(text\/markdown\)\n```\n# Notes/);
});

test("an unknown model's 400 for an image is saved as a sentence that says what to do", async () => {
  const tessera = createTessera();
  await captureOpenAiBody(
    async (baseURL) => {
      const t = await tessera.chat.send({
        text: 'Look.',
        provider: 'openai-compatible',
        model: 'text-only-model',
        baseURL,
        attachments: [png()],
      });
      const answer = await t.done;
      assert.equal(answer.status, 'error');
      assert.equal(answer.error?.code, 'bad_request');
      assert.equal(
        answer.error?.message,
        "text-only-model refused the request with images; it may not read images. Choose a model marked 'vision' or remove the image.",
      );
    },
    {
      status: 400,
      body: {
        error: {
          message: 'Invalid content type. image_url is only supported by certain models.',
          type: 'invalid_request_error',
          param: 'messages.[0].content.[0].type',
          code: null,
        },
      },
    },
  );
});

test('the bytes decide the type: a PNG labelled image/jpeg is sent as image/png; a .ts file is read as text', async () => {
  const [image, source] = await prepareAttachments([
    { ...png(), mediaType: 'image/jpeg' },
    { name: 'main.ts', mediaType: 'video/mp2t', data: new TextEncoder().encode('export const x = 1;\n') },
  ]);
  assert.equal(image?.mediaType, 'image/png');
  assert.equal(source?.mediaType, 'text/plain');
  const binary = { name: 'main.ts', mediaType: 'video/mp2t', data: new Uint8Array([0x47, 0x00, 0x11, 0x10]) };
  const error = await rejection(prepareAttachments([binary]));
  assert.equal(error.message, 'main.ts is not UTF-8 text. Save it as UTF-8, or attach a different file.');
});

test('limits and sizes read as people read them', () => {
  assert.deepEqual(ATTACHMENT_LIMITS, { maxCount: 4, maxImageBytes: 5_242_880, maxTextBytes: 262_144 });
  assert.equal(formatBytes(5 * 1024 * 1024), '5 MB');
  assert.equal(formatBytes(300 * 1024), '300 KB');
  assert.equal(formatBytes(12), '12 bytes');
});

test('toBase64 matches standard base64 for every padding case', () => {
  const bytes = crypto.getRandomValues(new Uint8Array(1000));
  for (const length of [0, 1, 2, 3, 4, 5, 6, 999, 1000]) {
    const part = bytes.subarray(0, length);
    assert.equal(toBase64(part), Buffer.from(part).toString('base64'), `length ${length}`);
  }
});

/** A PNG signature padded to `size` bytes: only its size and signature matter to the checks. */
function bigPng(size: number): Uint8Array {
  const bytes = new Uint8Array(Math.round(size));
  bytes.set(Buffer.from(PNG_BASE64, 'base64'));
  return bytes;
}

/**
 * Runs `use` against a one-off local server that records the JSON body of a chat completion and
 * answers it with `reply` (an error status and body), or else a short real OpenAI stream.
 */
async function captureOpenAiBody(
  use: (baseURL: string) => Promise<void>,
  reply?: { status: number; body: unknown },
): Promise<unknown> {
  let body: unknown;
  const local: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    req.on('end', () => {
      body = JSON.parse(raw);
      if (reply) {
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
        return;
      }
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${chunk({ role: 'assistant', content: 'Done.' }, null)}${chunk({}, 'stop')}data: [DONE]\n\n`);
    });
  });
  await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
  try {
    await use(`http://127.0.0.1:${(local.address() as AddressInfo).port}/v1`);
  } finally {
    local.closeAllConnections();
    await new Promise<void>((resolve) => local.close(() => resolve()));
  }
  return body;
}
