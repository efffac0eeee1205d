// Options of any depth or length are rejected with an InvalidInputError whose message
// stays short, never with a RangeError from echoing them.
import { of } from 'rxjs';
import { conversations$, InvalidInputError, mergeFolders, messages$, messagesField, pollDiff, type ConversationsOptions, type PollSnapshot } from '../../src/index';
import { settle } from '../support/walk';

const DEPTH = 100_000;
const deepObject = (): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < DEPTH; i++) value = { a: value };
  return value;
};
const deepArray = (): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < DEPTH; i++) value = [value];
  return value;
};
const base = { accessToken: 'EAAB-huge-input', graphUrl: 'http://127.0.0.1:1' };

const conversationsCases: Array<[string, string, () => [string, Partial<ConversationsOptions>]]> = [
  ['a field name 100,000 characters long', 'fields', () => ['1001', { fields: ['a'.repeat(DEPTH)] as never }]],
  ['a field nested 100,000 deep in braces', 'fields', () => ['1001', { fields: [`${'a{'.repeat(DEPTH)}a${'}'.repeat(DEPTH)}`] as never }]],
  ['a field that is a 100,000-deep object', 'fields', () => ['1001', { fields: [deepObject()] as never }]],
  ['a field that is a 100,000-deep array', 'fields', () => ['1001', { fields: [deepArray()] as never }]],
  ['a messagesField whose field is a 100,000-deep object', 'fields', () => ['1001', { fields: [messagesField({ fields: [deepObject()] as never })] }]],
  ['a messagesField whose limit is a 100,000-deep array', 'fields', () => ['1001', { fields: [messagesField({ limit: deepArray() as never, fields: ['message'] })] }]],
  ['a 100,000-deep folder', 'folder', () => ['1001', { folder: deepObject() as never }]],
  ['a 100,000-deep platform', 'platform', () => ['1001', { platform: deepArray() as never }]],
  ['a 100,000-deep limit', 'limit', () => ['1001', { limit: deepArray() as never }]],
  ['a 100,000-deep userId', 'userId', () => ['1001', { userId: deepObject() as never }]],
  ['a 100,000-deep page id', 'pageId', () => [deepObject() as never, {}]],
  ['a page id 100,000 characters long', 'pageId', () => ['1'.repeat(DEPTH), {}]],
];

describe('huge and deep options', () => {
  it.each(conversationsCases)('conversations$ rejects %s with a short InvalidInputError', async (_name, option, make) => {
    let outcome: { error?: unknown };
    try {
      const [pageId, opts] = make();
      outcome = await settle(conversations$(pageId, { ...base, ...opts }));
    } catch (thrown) {
      outcome = { error: thrown };
    }
    expect(outcome.error).toBeInstanceOf(InvalidInputError);
    expect(outcome.error).toMatchObject({ kind: 'invalid-input', option });
    expect((outcome.error as Error).message.length).toBeLessThan(400);
  });

  it('messages$ rejects deep or huge fields and ids the same way', async () => {
    for (const [id, fields, historyLimit] of [
      ['t_1', [deepObject()]],
      ['t_1', ['m'.repeat(DEPTH)]],
      [deepArray(), ['message']],
      ['t_1', Array.from({ length: DEPTH }, (_, i) => `f${i}`)],
      ['t_1', ['message'], deepArray()],
    ] as const) {
      let error: unknown;
      try {
        ({ error } = await settle(messages$(id as never, { ...base, fields: fields as never, historyLimit: historyLimit as never })));
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message.length).toBeLessThan(400);
    }
  });

  it.each([
    ['mergeFolders: a 100,000-deep folder', 'folders', () => mergeFolders([deepObject()] as never, () => of())],
    ['mergeFolders: a folder 100,000 characters long', 'folders', () => mergeFolders(['a'.repeat(DEPTH)] as never, () => of())],
    ['pollDiff: a 100,000-deep intervalMs', 'intervalMs', () => of().pipe(pollDiff({ intervalMs: deepArray() as never }))],
    ['pollDiff: a 100,000-deep fullScanEvery', 'fullScanEvery', () => of().pipe(pollDiff({ intervalMs: 1, fullScanEvery: deepObject() as never }))],
    ['pollDiff: a 100,000-deep snapshot', 'snapshot', () => of().pipe(pollDiff({ intervalMs: 1, snapshot: deepObject() as PollSnapshot }))],
  ] as const)('%s is a short InvalidInputError, not a RangeError', async (_name, option, make) => {
    const { error } = await settle(make());
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ kind: 'invalid-input', option });
    expect((error as Error).message.length).toBeLessThan(400);
  });
});
