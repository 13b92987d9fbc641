/**
 * A small ChatGPT-style export written for the widgets' tests: two conversations that import, one
 * message with a role Tessera does not know (a warning), one conversation without a message tree
 * (skipped with its reason).
 */
/** When the export's first conversation starts, in ChatGPT's seconds since the epoch. */
export const T0 = 1_700_000_000;

/** One message as ChatGPT writes it in a `mapping` node; `model` only on assistant answers. */
export function chatgptMessage(id: string, role: string, text: string, time: number, model?: string) {
  return {
    id,
    author: { role, name: null, metadata: {} },
    create_time: time,
    content: { content_type: 'text', parts: [text] },
    status: 'finished_successfully',
    recipient: 'all',
    metadata: model ? { model_slug: model } : {},
  };
}

function node(id: string, parent: string, role: string, text: string, time: number, model?: string) {
  return { id, parent, children: [] as string[], message: chatgptMessage(id, role, text, time, model) };
}

function conversation(id: string, title: string, start: number, nodes: ReturnType<typeof node>[]) {
  const mapping: Record<string, unknown> = {
    root: { id: 'root', parent: null, children: [nodes[0]?.id], message: null },
  };
  nodes.forEach((n, i) => {
    const next = nodes[i + 1];
    if (next && next.parent === n.id) n.children.push(next.id);
    mapping[n.id] = n;
  });
  return {
    id,
    conversation_id: id,
    title,
    create_time: start,
    update_time: start + 60,
    current_node: nodes.at(-1)?.id,
    mapping,
  };
}

/** The export as the `conversations.json` file a user would drop. */
export function chatgptExportFile(): File {
  const data = [
    conversation('conv-bees', 'Keeping bees', T0, [
      node('b1', 'root', 'user', 'How do I start with bees?', T0 + 1),
      node('b2', 'b1', 'assistant', 'Start with one hive and a local mentor.', T0 + 2, 'gpt-4o'),
    ]),
    conversation('conv-tiles', 'Mosaic table', T0 + 1000, [
      node('t1', 'root', 'user', 'Which grout for glass tiles?', T0 + 1001),
      node('t2', 't1', 'assistant', 'Sanded grout for gaps over 3 mm, unsanded below.', T0 + 1002, 'gpt-4o-mini'),
      node('t3', 't2', 'critic', 'This role is not one Tessera knows.', T0 + 1003),
    ]),
    { id: 'conv-broken', conversation_id: 'conv-broken', title: 'Broken one', create_time: T0 + 2000 },
  ];
  return new File([JSON.stringify(data)], 'conversations.json', { type: 'application/json' });
}
